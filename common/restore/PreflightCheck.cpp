#include "common/restore/PreflightCheck.h"

#include "common/restore/RestoreWording.h"
#include "common/util/Timestamp.h"

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

QString PreflightCheck::kindId(Kind kind)
{
    switch (kind) {
    case Kind::NoUnfinishedRestore:
        return QStringLiteral("no_unfinished_restore");
    case Kind::Paths:
        return QStringLiteral("paths");
    case Kind::BackupIntegrity:
        return QStringLiteral("backup_integrity");
    case Kind::Manifest:
        return QStringLiteral("manifest");
    case Kind::Sha256:
        return QStringLiteral("sha256");
    case Kind::Schema:
        return QStringLiteral("schema");
    case Kind::Chains:
        return QStringLiteral("chains");
    case Kind::Space:
        return QStringLiteral("space");
    case Kind::Ownership:
        return QStringLiteral("ownership");
    case Kind::AdminToken:
        return QStringLiteral("admin_token");
    case Kind::DataLoss:
        return QStringLiteral("data_loss");
    case Kind::Other:
        break;
    }
    return QStringLiteral("other");
}

PreflightCheck::Kind PreflightCheck::kindFromId(const QString &id)
{
    for (int i = 0; i < int(Kind::Other); ++i) {
        if (kindId(Kind(i)) == id)
            return Kind(i);
    }
    return Kind::Other;
}

QJsonObject PreflightCheck::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("title"), title},
                    {QStringLiteral("status"), statusName(status)},
                    {QStringLiteral("detail"), RestoreWording::checkDetail(*this)},
                    {QStringLiteral("overridable"), overridable}};
    if (createdAt.isValid()) {
        // "detail" keeps its words (with the time in UTC); the parts are added.
        out.insert(QStringLiteral("found"), detail);
        out.insert(QStringLiteral("created_at"), RestoreWording::utc(createdAt));
    }
    if (!remedy.isEmpty())
        out.insert(QStringLiteral("remedy"), remedy);
    if (!option.isEmpty())
        out.insert(QStringLiteral("option"), option);
    return out;
}

PreflightCheck PreflightCheck::fromJson(const QJsonObject &object)
{
    PreflightCheck out;
    out.id = object.value(QStringLiteral("id")).toString();
    out.kind = kindFromId(out.id);
    out.option = object.value(QStringLiteral("option")).toString();
    out.title = object.value(QStringLiteral("title")).toString();
    const QString status = object.value(QStringLiteral("status")).toString();
    for (Status candidate : {Status::Passed, Status::Warning, Status::Failed, Status::Overridden}) {
        if (statusName(candidate) == status)
            out.status = candidate;
    }
    out.createdAt = Timestamp::parse(object.value(QStringLiteral("created_at")).toString());
    out.detail = object.value(out.createdAt.isValid() ? QStringLiteral("found") : QStringLiteral("detail")).toString();
    out.remedy = object.value(QStringLiteral("remedy")).toString();
    out.overridable = object.value(QStringLiteral("overridable")).toBool();
    return out;
}

} // namespace aegis
