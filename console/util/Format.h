#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace aegis::console {

// How the console writes sizes, times, ages and hashes, so that every page
// says "3 h ago" and "1.2 MiB" the same way.
class Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    // "98.3 KiB", "1.2 GiB"; "—" for a negative size.
    static QString bytes(qint64 bytes);
    // "2026-11-26 09:30:00" in the operator's local time, from an RFC 3339
    // text; the text as it is when it does not parse; "—" when empty.
    static QString localTime(const QString &rfc3339);
    static QString localTime(const QDateTime &time);
    // "just now", "12 min", "3 h", "4 d" between then and now.
    static QString age(qint64 seconds);
    static QString ageSince(const QString &rfc3339, const QDateTime &now);
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
