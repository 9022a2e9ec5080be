#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace aegis {

// What a restore step found or did, typed: a kind and the numbers, paths,
// hashes and times that go with it. The engine and its waiters and checks
// fill it; the words are made from it at the edge (RestoreWording), so that
// no reader has to parse a sentence. `cause` is only ever text that came
// from outside: an OS error, a service manager's answer, an HTTP reply, a
// lower layer's error.
struct StepFinding {
    enum class Kind {
        None, // nothing recorded (or an old journal that has only words)
        // preflight
        ChecksPassed,
        ChecksRefused,
        ChecksPassedEarlier, // shown for a resumed restore
        // stop
        AlreadyStopped,
        Stopped,
        StopRequestFailed, // cause: the service control's answer
        NotStopped,        // ms: the wait; cause: what was last seen
        StopWaitCancelled,
        // move aside
        NothingToSetAside,
        SetAside, // count files, path: the database's aside name, sha256
        // copy
        Copied,      // sha256, path: the live name
        CopyChanged, // path, sha256 found, expectedSha256
        // start
        AlreadyRunning,
        Started,     // cause: the service control's answer
        StartFailed, // cause
        // wait ready
        Ready,      // schema, name: the migrations
        NotHealthy, // ms, cause: /health's reply
        NotReady,   // ms, cause: /readyz's reply
        ReadyWaitCancelled,
        // spot check
        CountsExact,         // agents, decisions, receipts
        CountsGrown,         // agents, decisions, receipts
        SpotCheckFailed,     // parts: the problems below
        EndpointFailed,      // name: the request, cause: its reply
        NoDecisionsListed,   // expected
        NewestDecisionOlder, // at: served newest, expectedAt: the backup's newest
        CountsUnreadable,    // cause
        CountShort,          // name: agents/decisions/receipts, count served, expected
        // verify chain
        ChainsVerified, // count
        NoChains,
        ChainCheckFailed,    // parts: the problems below
        VerifyRangeFailed,   // cause: the reply
        GatewayVerifyFailed, // cause: the gateway's error
        ChainMissing,        // tenant, expected
        ChainBroken,         // tenant
        ChainTruncated,      // tenant, count, expected
        ChainHeadDiffers,    // tenant, sha256: served head, expectedSha256: manifest
                             // head
        ChainLacksHead,      // tenant, name: the manifest head's receipt id, cause: the
                             // reply
        // anywhere
        FilesFailed,       // cause: the file operation's error
        JournalNotWritten, // cause
        Cancelled,
        Interrupted, // name: the journal phase the restore was interrupted in
        Refused,     // the preflight refusal (its reasons are the report's checks)
        // rollback
        RolledBack,
        NothingMoved,
        RestoredNotStopped, // parts: why (the stop's finding)
        PutBackFailed,      // cause
        PutBackMismatch,    // path, expectedSha256
        GatewayNotReady,    // parts: why; a gateway holds the database but is not
                            // ready
        OriginalNotServed,  // count: 1 when the original is back in place, 0 when
                            // nothing moved; parts: why
        // finish, and the Restore page's set-aside files
        FilesKept,
        FilesArchived, // path: the archive directory
        FilesDeleted,
        DisposalIncomplete, // name: keep/archive/delete, cause: the errors
        JournalPresent,     // path: the unfinished restore's journal
        HashStopped,
        Unreadable // path, cause
    };

    Kind kind = Kind::None;
    QString path;
    QString sha256;
    QString expectedSha256;
    QString tenant;
    QString name;
    qint64 count = 0;
    qint64 expected = 0;
    qint64 agents = 0;
    qint64 decisions = 0;
    qint64 receipts = 0;
    int schema = 0;
    qint64 ms = 0;
    QDateTime at;         // UTC
    QDateTime expectedAt; // UTC
    QString cause;
    std::vector<StepFinding> parts;

    StepFinding() = default;
    explicit StepFinding(Kind k, QString c = {})
        : kind(k)
        , cause(std::move(c))
    {
    }

    // A finding whose reason is another finding (its only part).
    static StepFinding because(Kind kind, const StepFinding &reason)
    {
        StepFinding out(kind);
        out.parts.push_back(reason);
        return out;
    }

    bool isEmpty() const { return kind == Kind::None; }
    // "copied", "chain_check_failed": stable ids for JSON and journals.
    static QString kindId(Kind kind);
    static std::optional<Kind> kindFromId(const QString &id);
    QJsonObject toJson() const;
    static StepFinding fromJson(const QJsonObject &object);
};

} // namespace aegis
