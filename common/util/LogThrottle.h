#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>

class QLoggingCategory;

namespace aegis {

class Clock;

// Lets a repeated message through once per interval and counts the
// repeats it held back. A full disk fails every authorization the same
// way; logging each one wrote 70,000 lines in 13 seconds, which buries the
// one line that matters and fills the journal on the same disk.
class LogThrottle
{
public:
    explicit LogThrottle(std::chrono::milliseconds interval, const Clock *clock = nullptr);

    // Whether `message` should be logged now. When it should, `suppressed`
    // is how many identical messages were held back since it last was.
    bool admit(const QString &message, quint64 *suppressed);
    // Logs `message` as a warning on `category` if admitted, saying how many
    // identical ones were held back.
    void warn(const QLoggingCategory &category, const QString &message);

private:
    struct Entry
    {
        qint64 lastLoggedMs = 0;
        quint64 suppressed = 0;
    };

    const qint64 m_intervalMs;
    const Clock &m_clock;
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace aegis
