#include "gateway/storage/DatabaseLock.h"

#include <QByteArray>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace aegis {

namespace {

qint64 readPid(int fd)
{
    char buffer[32] = {};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    if (n <= 0)
        return 0;
    return QByteArray(buffer, int(n)).trimmed().toLongLong();
}

} // namespace

DatabaseLock::~DatabaseLock()
{
    ::close(m_fd); // releases the flock; the file stays (removing it would race a starting gateway)
}

QString DatabaseLock::lockPathFor(const QString &databasePath)
{
    return databasePath + QStringLiteral(".lock");
}

std::unique_ptr<DatabaseLock> DatabaseLock::acquire(const QString &databasePath, Refusal *refusal)
{
    const QString path = lockPathFor(databasePath);
    const QByteArray native = path.toLocal8Bit();
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        refusal->message = QStringLiteral("cannot open the lock file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return nullptr;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        refusal->holderPid = error == EWOULDBLOCK ? readPid(fd) : 0;
        refusal->message = error == EWOULDBLOCK
            ? QStringLiteral("another aegis-gateway (PID %1) is already serving this database; it holds %2")
                  .arg(refusal->holderPid ? QString::number(refusal->holderPid) : QStringLiteral("unknown"), path)
            : QStringLiteral("cannot lock %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error)));
        ::close(fd);
        return nullptr;
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.constData(), size_t(pid.size()), 0) != pid.size()) {
        // The lock holds without the PID; only the refusal text loses it.
    }
    return std::unique_ptr<DatabaseLock>(new DatabaseLock(fd));
}

} // namespace aegis
