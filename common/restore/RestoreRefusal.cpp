#include "common/restore/RestoreRefusal.h"

#include "common/restore/RestoreWording.h"

#include <QJsonArray>
#include <QStringList>

namespace aegis {

bool RestoreRefusal::canOverride() const
{
    if (reasons.isEmpty())
        return false;
    for (const PreflightCheck &reason : reasons) {
        if (!reason.overridable)
            return false;
    }
    return true;
}

QString RestoreRefusal::toText() const
{
    QStringList lines;
    lines << QStringLiteral("The restore was refused; nothing was changed.");
    for (const PreflightCheck &reason : reasons) {
        lines << QStringLiteral("  - %1: %2").arg(reason.title, RestoreWording::checkDetail(reason));
        if (!reason.remedy.isEmpty())
            lines << QStringLiteral("    what to do: %1").arg(reason.remedy);
        if (reason.overridable)
            lines << QStringLiteral("    (you may go on knowingly; see the remedy)");
    }
    return lines.join(QLatin1Char('\n'));
}

QJsonObject RestoreRefusal::toJson() const
{
    QJsonArray list;
    for (const PreflightCheck &reason : reasons)
        list.append(reason.toJson());
    return {{QStringLiteral("can_override"), canOverride()}, {QStringLiteral("reasons"), list}};
}

RestoreRefusal RestoreRefusal::fromChecks(const QList<PreflightCheck> &checks)
{
    RestoreRefusal refusal;
    for (const PreflightCheck &check : checks) {
        if (check.blocks())
            refusal.reasons.append(check);
    }
    return refusal;
}

} // namespace aegis
