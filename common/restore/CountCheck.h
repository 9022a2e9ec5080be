#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// One count the restored gateway serves (step 6) against the backup's:
// agents, decisions or receipts. Served may exceed the backup's (the
// gateway took new decisions since it started), never fall short.
struct CountCheck
{
    enum class What
    {
        Agents,
        Decisions,
        Receipts
    };
    enum class Verdict
    {
        Match,
        Extends, // more served than the backup holds
        Short    // fewer: the restore did not bring the backup's point in time
    };

    What what = What::Receipts;
    qint64 served = 0;
    qint64 expected = 0;

    Verdict verdict() const { return verdictOf(served, expected); }
    bool ok() const { return verdict() != Verdict::Short; }
    static Verdict verdictOf(qint64 served, qint64 expected);

    // "agents", "decisions", "receipts": the report's keys.
    static QString whatId(What what);
    static std::optional<What> whatFromId(const QString &id);
    static QString verdictId(Verdict verdict);
    // "match", "extends by N", "short by N".
    QString describe() const;

    // {served, expected, verdict (words), outcome (verdictId)}
    QJsonObject toJson() const;
    // nullopt when the record carries no numbers.
    static std::optional<CountCheck> fromJson(What what, const QJsonObject &object);
};

} // namespace aegis
