#pragma once

#include <QDateTime>
#include <QString>

namespace aegis::Timestamp {

// RFC 3339 UTC with a "Z" suffix, in the three precisions the product uses:
// receipts hash their time with microseconds (RECEIPTS.md), API answers use
// milliseconds, file names use seconds.
QString micros(const QDateTime &time);
QString millis(const QDateTime &time);
QString seconds(const QDateTime &time);
// "20261126T093000Z": sortable and safe in a file name.
QString compact(const QDateTime &time);
// The reverse of compact(); an invalid QDateTime for anything else.
QDateTime parseCompact(const QString &text);
// The current time with real microseconds (QDateTime stops at milliseconds).
QString nowMicros();

// Accepts any RFC 3339 time with an offset or "Z" and up to nanosecond
// fractions; returns an invalid QDateTime for anything else.
QDateTime parse(const QString &text);

} // namespace aegis::Timestamp
