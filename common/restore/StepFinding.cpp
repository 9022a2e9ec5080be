#include "common/restore/StepFinding.h"

#include "common/util/EnumIds.h"
#include "common/util/Timestamp.h"

#include <QJsonArray>

namespace aegis {

namespace {

constexpr EnumIdTable<StepFinding::Kind, 57> KindIds = {{
    {StepFinding::Kind::None, "none"},
    {StepFinding::Kind::ChecksPassed, "checks_passed"},
    {StepFinding::Kind::ChecksRefused, "checks_refused"},
    {StepFinding::Kind::ChecksPassedEarlier, "checks_passed_earlier"},
    {StepFinding::Kind::AlreadyStopped, "already_stopped"},
    {StepFinding::Kind::Stopped, "stopped"},
    {StepFinding::Kind::StopRequestFailed, "stop_request_failed"},
    {StepFinding::Kind::NotStopped, "not_stopped"},
    {StepFinding::Kind::StopWaitCancelled, "stop_wait_cancelled"},
    {StepFinding::Kind::NothingToSetAside, "nothing_to_set_aside"},
    {StepFinding::Kind::SetAside, "set_aside"},
    {StepFinding::Kind::Copied, "copied"},
    {StepFinding::Kind::CopyChanged, "copy_changed"},
    {StepFinding::Kind::AlreadyRunning, "already_running"},
    {StepFinding::Kind::Started, "started"},
    {StepFinding::Kind::StartFailed, "start_failed"},
    {StepFinding::Kind::Ready, "ready"},
    {StepFinding::Kind::NotHealthy, "not_healthy"},
    {StepFinding::Kind::NotReady, "not_ready"},
    {StepFinding::Kind::ReadyWaitCancelled, "ready_wait_cancelled"},
    {StepFinding::Kind::CountsExact, "counts_exact"},
    {StepFinding::Kind::CountsGrown, "counts_grown"},
    {StepFinding::Kind::SpotCheckFailed, "spot_check_failed"},
    {StepFinding::Kind::EndpointFailed, "endpoint_failed"},
    {StepFinding::Kind::NoDecisionsListed, "no_decisions_listed"},
    {StepFinding::Kind::NewestDecisionOlder, "newest_decision_older"},
    {StepFinding::Kind::CountsUnreadable, "counts_unreadable"},
    {StepFinding::Kind::CountShort, "count_short"},
    {StepFinding::Kind::ChainsVerified, "chains_verified"},
    {StepFinding::Kind::NoChains, "no_chains"},
    {StepFinding::Kind::ChainCheckFailed, "chain_check_failed"},
    {StepFinding::Kind::VerifyRangeFailed, "verify_range_failed"},
    {StepFinding::Kind::GatewayVerifyFailed, "gateway_verify_failed"},
    {StepFinding::Kind::ChainMissing, "chain_missing"},
    {StepFinding::Kind::ChainBroken, "chain_broken"},
    {StepFinding::Kind::ChainTruncated, "chain_truncated"},
    {StepFinding::Kind::ChainHeadDiffers, "chain_head_differs"},
    {StepFinding::Kind::ChainLacksHead, "chain_lacks_head"},
    {StepFinding::Kind::FilesFailed, "files_failed"},
    {StepFinding::Kind::JournalNotWritten, "journal_not_written"},
    {StepFinding::Kind::Cancelled, "cancelled"},
    {StepFinding::Kind::Interrupted, "interrupted"},
    {StepFinding::Kind::Refused, "refused"},
    {StepFinding::Kind::RolledBack, "rolled_back"},
    {StepFinding::Kind::NothingMoved, "nothing_moved"},
    {StepFinding::Kind::RestoredNotStopped, "restored_not_stopped"},
    {StepFinding::Kind::PutBackFailed, "put_back_failed"},
    {StepFinding::Kind::PutBackMismatch, "put_back_mismatch"},
    {StepFinding::Kind::GatewayNotReady, "gateway_not_ready"},
    {StepFinding::Kind::OriginalNotServed, "original_not_served"},
    {StepFinding::Kind::FilesKept, "files_kept"},
    {StepFinding::Kind::FilesArchived, "files_archived"},
    {StepFinding::Kind::FilesDeleted, "files_deleted"},
    {StepFinding::Kind::DisposalIncomplete, "disposal_incomplete"},
    {StepFinding::Kind::JournalPresent, "journal_present"},
    {StepFinding::Kind::HashStopped, "hash_stopped"},
    {StepFinding::Kind::Unreadable, "unreadable"},
}};

} // namespace

QString StepFinding::kindId(Kind kind)
{
    return enumId(KindIds, kind);
}

std::optional<StepFinding::Kind> StepFinding::kindFromId(const QString &id)
{
    return enumFromId(KindIds, id);
}

// Only what is set, so that a finding reads as what it says.
QJsonObject StepFinding::toJson() const
{
    QJsonObject out{{QStringLiteral("kind"), kindId(kind)}};
    auto text = [&out](const char *key, const QString &value) {
        if (!value.isEmpty())
            out.insert(QLatin1String(key), value);
    };
    auto number = [&out](const char *key, qint64 value) {
        if (value != 0)
            out.insert(QLatin1String(key), value);
    };
    text("path", path);
    text("sha256", sha256);
    text("expected_sha256", expectedSha256);
    text("tenant", tenant);
    text("name", name);
    number("count", count);
    number("expected", expected);
    number("agents", agents);
    number("decisions", decisions);
    number("receipts", receipts);
    number("schema", schema);
    number("ms", ms);
    if (at.isValid())
        out.insert(QStringLiteral("at"), Timestamp::millis(at));
    if (expectedAt.isValid())
        out.insert(QStringLiteral("expected_at"), Timestamp::millis(expectedAt));
    text("cause", cause);
    if (!parts.empty()) {
        QJsonArray list;
        for (const StepFinding &part : parts)
            list.append(part.toJson());
        out.insert(QStringLiteral("parts"), list);
    }
    return out;
}

StepFinding StepFinding::fromJson(const QJsonObject &object)
{
    StepFinding out;
    out.kind = kindFromId(object.value(QStringLiteral("kind")).toString()).value_or(Kind::None);
    out.path = object.value(QStringLiteral("path")).toString();
    out.sha256 = object.value(QStringLiteral("sha256")).toString();
    out.expectedSha256 = object.value(QStringLiteral("expected_sha256")).toString();
    out.tenant = object.value(QStringLiteral("tenant")).toString();
    out.name = object.value(QStringLiteral("name")).toString();
    out.count = object.value(QStringLiteral("count")).toInteger();
    out.expected = object.value(QStringLiteral("expected")).toInteger();
    out.agents = object.value(QStringLiteral("agents")).toInteger();
    out.decisions = object.value(QStringLiteral("decisions")).toInteger();
    out.receipts = object.value(QStringLiteral("receipts")).toInteger();
    out.schema = object.value(QStringLiteral("schema")).toInt();
    out.ms = object.value(QStringLiteral("ms")).toInteger();
    out.at = Timestamp::parse(object.value(QStringLiteral("at")).toString());
    out.expectedAt = Timestamp::parse(object.value(QStringLiteral("expected_at")).toString());
    out.cause = object.value(QStringLiteral("cause")).toString();
    for (const QJsonValue &part : object.value(QStringLiteral("parts")).toArray())
        out.parts.push_back(fromJson(part.toObject()));
    return out;
}

} // namespace aegis
