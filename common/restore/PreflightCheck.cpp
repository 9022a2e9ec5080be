#include "common/restore/PreflightCheck.h"

namespace aegis {

QString PreflightCheck::statusName(Status status)
{
    switch (status) {
    case Status::Passed:
        return QStringLiteral("passed");
    case Status::Warning:
        return QStringLiteral("warning");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Overridden:
        return QStringLiteral("overridden");
    }
    return {};
}

QJsonObject PreflightCheck::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("title"), title},
                    {QStringLiteral("status"), statusName(status)},
                    {QStringLiteral("detail"), detail},
                    {QStringLiteral("overridable"), overridable}};
    if (!remedy.isEmpty())
        out.insert(QStringLiteral("remedy"), remedy);
    return out;
}

PreflightCheck PreflightCheck::fromJson(const QJsonObject &object)
{
    PreflightCheck out;
    out.id = object.value(QStringLiteral("id")).toString();
    out.title = object.value(QStringLiteral("title")).toString();
    const QString status = object.value(QStringLiteral("status")).toString();
    for (Status candidate : {Status::Passed, Status::Warning, Status::Failed, Status::Overridden}) {
        if (statusName(candidate) == status)
            out.status = candidate;
    }
    out.detail = object.value(QStringLiteral("detail")).toString();
    out.remedy = object.value(QStringLiteral("remedy")).toString();
    out.overridable = object.value(QStringLiteral("overridable")).toBool();
    return out;
}

} // namespace aegis
