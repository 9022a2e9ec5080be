#pragma once

#include <QString>

#include <memory>

namespace aegis {

// An exclusive lock on `<database>.lock`, held for the gateway's life.
// Two gateways on one database would each believe they are its only
// writer: the second one's start-up would remove the first one's backup in
// progress as "left by a crash" and then serve the same chains from another
// port. The lock is taken before anything is touched. It is a flock(), so
// the kernel releases it when the process ends however it ends; the file
// keeps the holder's PID so the refusal can name it.
class DatabaseLock
{
public:
    struct Refusal
    {
        QString message;
        qint64 holderPid = 0; // 0: unknown
    };

    ~DatabaseLock();
    DatabaseLock(const DatabaseLock &) = delete;
    DatabaseLock &operator=(const DatabaseLock &) = delete;

    static QString lockPathFor(const QString &databasePath);
    // The lock, or nullptr with the reason in `refusal`.
    static std::unique_ptr<DatabaseLock> acquire(const QString &databasePath, Refusal *refusal);

private:
    explicit DatabaseLock(int fd) : m_fd(fd) {}
    int m_fd;
};

} // namespace aegis
