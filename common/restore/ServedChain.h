#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// One tenant's receipt chain as the restored gateway serves it, against the
// backup manifest's head: the result of step 7 for that tenant, typed so
// that the console and the reports decide from the verdict, never from its
// words (describe() makes those, at the edge).
struct ServedChain
{
    enum class Verdict
    {
        Empty,        // empty, as in the backup
        ExtendsEmpty, // the backup's chain was empty; the gateway appended since
        MatchesHead,  // the served head is the manifest's head
        ExtendsHead,  // longer, and the manifest's head sits in it at its seq
        Missing,      // the gateway serves no chain for the tenant
        Broken,       // the served chain does not verify
        Truncated,    // fewer receipts than the backup holds
        Diverged,     // not a continuation of the backup's chain
        Unknown       // a record from before the verdict was stored, undecidable
    };

    QString tenant;
    Verdict verdict = Verdict::Unknown;
    qint64 count = 0;         // receipts served
    qint64 expectedCount = 0; // receipts in the manifest
    QString head;             // the served head's hash
    QString expectedHead;     // the manifest's head hash
    bool verified = false;    // the gateway's own verify-range said so

    // The served chain is the backup's, or continues it.
    bool ok() const { return isOk(verdict); }
    static bool isOk(Verdict verdict);
    // Receipts the gateway appended beyond the backup's head.
    qint64 extension() const { return count - expectedCount; }

    // Stable machine name: "matches_head", "diverged", ...
    static QString verdictId(Verdict verdict);
    static std::optional<Verdict> verdictFromId(const QString &id);
    // "head equals the manifest head", "extends the manifest head by 3", ...
    QString describe() const;

    // {count, head, expected_count, expected_head, verified, verdict (words), outcome (verdictId)}
    QJsonObject toJson() const;
    static ServedChain fromJson(const QString &tenant, const QJsonObject &object);
};

} // namespace aegis
