#include "common/restore/RestoreNextAction.h"

#include "common/restore/RestoreWording.h"
#include "common/util/EnumIds.h"

#include <QJsonArray>

namespace aegis {

namespace {

constexpr EnumIdTable<RestoreNextAction::Kind, 10> KindIds = {{
    {RestoreNextAction::Kind::Legacy, "legacy"},
    {RestoreNextAction::Kind::FinishNow, "finish_now"},
    {RestoreNextAction::Kind::StopGatewayThenRollBack, "stop_gateway_then_roll_back"},
    {RestoreNextAction::Kind::FixCauseThenRollBack, "fix_cause_then_roll_back"},
    {RestoreNextAction::Kind::RestoreOriginalByHand, "restore_original_by_hand"},
    {RestoreNextAction::Kind::RestartGatewayThenRollBack, "restart_gateway_then_roll_back"},
    {RestoreNextAction::Kind::StartGatewayThenRollBack, "start_gateway_then_roll_back"},
    {RestoreNextAction::Kind::RemoveJournal, "remove_journal"},
    {RestoreNextAction::Kind::KeepOutput, "keep_output"},
    {RestoreNextAction::Kind::FinishNeedsVerified, "finish_needs_verified"},
}};

} // namespace

QString RestoreNextAction::kindId(Kind kind)
{
    return enumId(KindIds, kind);
}

std::optional<RestoreNextAction::Kind> RestoreNextAction::kindFromId(const QString &id)
{
    return enumFromId(KindIds, id);
}

QJsonObject RestoreNextAction::toJson() const
{
    QJsonObject out{{QStringLiteral("kind"), kindId(kind)}};
    if (!database.isEmpty())
        out.insert(QStringLiteral("database"), database);
    if (!path.isEmpty())
        out.insert(QStringLiteral("path"), path);
    if (!cause.isEmpty())
        out.insert(QStringLiteral("cause"), cause);
    return out;
}

RestoreNextAction RestoreNextAction::fromJson(const QJsonObject &object)
{
    RestoreNextAction out;
    out.kind = kindFromId(object.value(QStringLiteral("kind")).toString()).value_or(Kind::Legacy);
    out.database = object.value(QStringLiteral("database")).toString();
    out.path = object.value(QStringLiteral("path")).toString();
    out.cause = object.value(QStringLiteral("cause")).toString();
    return out;
}

void RestoreNextAction::writeInto(QJsonObject &object, const QList<RestoreNextAction> &actions)
{
    if (actions.isEmpty())
        return;
    QJsonArray list;
    for (const RestoreNextAction &action : actions)
        list.append(action.toJson());
    object.insert(QStringLiteral("next_action"), RestoreWording::nextActions(actions));
    object.insert(QStringLiteral("next_actions"), list);
}

} // namespace aegis
