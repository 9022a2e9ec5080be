#include "common/restore/PreflightResult.h"

#include "common/restore/RestoreWording.h"

#include <QJsonArray>
#include <QStringList>

namespace aegis {

bool PreflightResult::passed() const
{
    for (const PreflightCheck &check : checks) {
        if (check.blocks())
            return false;
    }
    return true;
}

void PreflightResult::applyOverrides()
{
    for (PreflightCheck &check : checks) {
        if (check.blocks() && check.overridable)
            check.status = PreflightCheck::Status::Overridden;
    }
}

const PreflightCheck *PreflightResult::check(const QString &id) const
{
    for (const PreflightCheck &candidate : checks) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

QJsonObject PreflightResult::toJson() const
{
    QJsonArray list;
    for (const PreflightCheck &check : checks)
        list.append(check.toJson());
    return {{QStringLiteral("passed"), passed()}, {QStringLiteral("checks"), list}, {QStringLiteral("plan"), plan.toJson()}};
}

QString PreflightResult::toText() const
{
    QStringList lines;
    for (const PreflightCheck &check : checks) {
        const QString mark = check.status == PreflightCheck::Status::Passed  ? QStringLiteral("ok  ")
                             : check.status == PreflightCheck::Status::Warning ? QStringLiteral("warn")
                             : check.status == PreflightCheck::Status::Overridden ? QStringLiteral("OVRD")
                                                                                 : QStringLiteral("FAIL");
        lines << QStringLiteral("  [%1] %2: %3").arg(mark, check.title, RestoreWording::checkDetail(check));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace aegis
