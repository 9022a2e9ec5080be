#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace aegis::console {

// How the console writes sizes, times, ages and hashes, so that every page
// says "3 h ago" and "1.2 MiB" the same way. Times are shown in the
// operator's local time with its zone; the same moment in UTC, as reports
// and logs write it, goes in tooltips (utcTime) so the two can be matched.
class Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    // "98.3 KiB", "1.2 GiB"; "—" for a negative size.
    static QString bytes(qint64 bytes);
    // "2026-11-26 10:30:00 CET" in the operator's local time, from an RFC
    // 3339 text; the text as it is when it does not parse; "—" when empty.
    static QString localTime(const QString &rfc3339);
    static QString localTime(const QDateTime &time);
    // "2026-11-26T09:30:00Z": the same moment in UTC, for tooltips.
    static QString utcTime(const QString &rfc3339);
    static QString utcTime(const QDateTime &time);
    // The zone written after a local time: its abbreviation ("CET", "UTC")
    // when it has a readable one, else its offset ("UTC+05:45").
    static QString zone(const QDateTime &time);
    // A span of time: "< 1 min", "12 min", "3 h", "4 d".
    static QString age(qint64 seconds);
    // How long ago: "just now", "12 min ago", "3 h ago"; "in 5 min" for a
    // time ahead of this machine's clock by more than a minute.
    static QString ago(qint64 seconds);
    static QString ageSince(const QString &rfc3339, const QDateTime &now);
    // "2026-11-26 10:30:00 CET (3 h ago)"; the time alone when it does not
    // parse or (for the seconds form) the age is negative, i.e. unknown.
    static QString timeAndAge(const QString &rfc3339, const QDateTime &now);
    static QString timeAndAge(const QString &rfc3339, qint64 ageSeconds);
    // The first 12 hex digits, as aegis-verify-receipts --table prints them;
    // "(genesis)" for the empty previous hash of a chain's first receipt.
    static QString shortHash(const QString &hash);
    // A JSON value shown in a table cell: strings as they are, numbers as
    // numbers, null and absent as "—".
    static QString value(const QJsonValue &value);
    // The placeholder for something not known.
    static QString unknown();
};

} // namespace aegis::console
