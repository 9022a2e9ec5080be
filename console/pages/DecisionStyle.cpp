#include "console/pages/DecisionStyle.h"

namespace aegis::console {

StatusColors::Status DecisionStyle::status(const QString &decision)
{
    if (decision == QLatin1String("allow"))
        return StatusColors::Status::Good;
    if (decision == QLatin1String("deny"))
        return StatusColors::Status::Bad;
    if (decision == QLatin1String("require_approval"))
        return StatusColors::Status::Warning;
    return StatusColors::Status::Neutral;
}

QString DecisionStyle::label(const QString &decision)
{
    if (decision == QLatin1String("allow"))
        return tr("allow");
    if (decision == QLatin1String("deny"))
        return tr("deny");
    if (decision == QLatin1String("require_approval"))
        return tr("require approval");
    return decision;
}

} // namespace aegis::console
