#include "common/restore/PosixFileOperations.h"

#include "common/util/FileSync.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace aegis {

namespace {

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

bool fail(QString *error, const QString &what, int code)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(code)));
    return false;
}

// Closes on every path out, keeping errno of the failure that matters.
class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0) {
            const int saved = errno;
            ::close(m_fd);
            errno = saved;
        }
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }
    bool closeChecked()
    {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }

private:
    int m_fd;
};

constexpr qint64 ChunkBytes = 1024 * 1024;

} // namespace

bool PosixFileOperations::exists(const QString &path)
{
    struct stat info {};
    return ::lstat(native(path).constData(), &info) == 0;
}

std::optional<FileStatus> PosixFileOperations::status(const QString &path, QString *error)
{
    struct stat info {};
    if (::stat(native(path).constData(), &info) != 0) {
        fail(error, QStringLiteral("cannot read the status of %1").arg(path), errno);
        return std::nullopt;
    }
    FileStatus out;
    out.size = qint64(info.st_size);
    out.ownerId = info.st_uid;
    out.groupId = info.st_gid;
    out.mode = info.st_mode & 07777;
    out.device = quint64(info.st_dev);
    return out;
}

bool PosixFileOperations::renameNoReplace(const QString &from, const QString &to, QString *error)
{
    return FileSync::renameNoReplace(from, to, error);
}

bool PosixFileOperations::copyDurably(const QString &from, const QString &to, const Progress &progress,
                                      const Cancelled &cancelled, QString *writtenSha256, QString *error)
{
    Descriptor source(::open(native(from).constData(), O_RDONLY | O_CLOEXEC));
    if (source.get() < 0)
        return fail(error, QStringLiteral("cannot open %1").arg(from), errno);
    struct stat info {};
    if (::fstat(source.get(), &info) != 0)
        return fail(error, QStringLiteral("cannot read the status of %1").arg(from), errno);
    const qint64 total = qint64(info.st_size);
    const QByteArray target = native(to);
    Descriptor sink(::open(target.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (sink.get() < 0)
        return fail(error, QStringLiteral("cannot create %1").arg(to), errno);

    // From here on a failure leaves no partial file behind: it is ours.
    auto abandon = [&](const QString &what, int code) {
        ::unlink(target.constData());
        return fail(error, what, code);
    };
    Sha256 hasher;
    QByteArray buffer(ChunkBytes, Qt::Uninitialized);
    qint64 done = 0;
    while (true) {
        if (cancelled && cancelled()) {
            ::unlink(target.constData());
            if (error)
                *error = QStringLiteral("the copy to %1 was cancelled").arg(to);
            return false;
        }
        const ssize_t n = ::read(source.get(), buffer.data(), size_t(ChunkBytes));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return abandon(QStringLiteral("cannot read %1").arg(from), errno);
        }
        if (n == 0)
            break;
        qint64 written = 0;
        while (written < n) {
            const ssize_t w = ::write(sink.get(), buffer.constData() + written, size_t(n - written));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                return abandon(QStringLiteral("cannot write %1").arg(to), errno);
            }
            written += w;
        }
        hasher.addData(QByteArrayView(buffer.constData(), n));
        done += n;
        if (progress)
            progress(done, total);
    }
    if (::fsync(sink.get()) != 0)
        return abandon(QStringLiteral("cannot flush %1 to disk").arg(to), errno);
    if (!sink.closeChecked())
        return abandon(QStringLiteral("cannot close %1").arg(to), errno);
    if (writtenSha256)
        *writtenSha256 = hasher.resultHex();
    return true;
}

bool PosixFileOperations::remove(const QString &path, QString *error)
{
    if (::unlink(native(path).constData()) != 0)
        return fail(error, QStringLiteral("cannot remove %1").arg(path), errno);
    return true;
}

std::optional<qint64> PosixFileOperations::freeBytes(const QString &directory, QString *error)
{
    struct statvfs info {};
    if (::statvfs(native(directory).constData(), &info) != 0) {
        fail(error, QStringLiteral("cannot read the free space of %1").arg(directory), errno);
        return std::nullopt;
    }
    return qint64(info.f_bavail) * qint64(info.f_frsize);
}

LockProbe PosixFileOperations::probeExclusiveLock(const QString &path)
{
    LockProbe out;
    // O_RDWR: a write lock needs a descriptor open for writing. Nothing is
    // written.
    Descriptor fd(::open(native(path).constData(), O_RDWR | O_CLOEXEC));
    if (fd.get() < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        // A file we may only read: ask the kernel who holds it without
        // taking the lock ourselves.
        Descriptor readOnly(::open(native(path).constData(), O_RDONLY | O_CLOEXEC));
        struct flock query {};
        query.l_type = F_WRLCK;
        query.l_whence = SEEK_SET;
        if (readOnly.get() >= 0 && ::fcntl(readOnly.get(), F_OFD_GETLK, &query) == 0) {
            out.state = query.l_type == F_UNLCK ? LockProbe::State::Free : LockProbe::State::Held;
            out.holderPid = query.l_type != F_UNLCK && query.l_pid > 0 ? query.l_pid : 0;
            out.detail = out.state == LockProbe::State::Free
                ? QStringLiteral("no process holds a lock on %1 (probed read-only)").arg(path)
                : QStringLiteral("process %1 holds a lock on %2").arg(out.holderPid).arg(path);
            return out;
        }
    }
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            out.state = LockProbe::State::Missing;
            out.detail = QStringLiteral("%1 does not exist").arg(path);
            return out;
        }
        out.detail = QStringLiteral("cannot open %1 to probe its lock: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return out;
    }
    // The whole file and beyond: SQLite's lock bytes sit at 1 GiB.
    struct flock query {};
    query.l_type = F_WRLCK;
    query.l_whence = SEEK_SET;
    if (::fcntl(fd.get(), F_OFD_GETLK, &query) != 0) {
        out.detail = QStringLiteral("cannot probe the lock of %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return out;
    }
    if (query.l_type != F_UNLCK) {
        out.state = LockProbe::State::Held;
        out.holderPid = query.l_pid > 0 ? query.l_pid : 0;
        out.detail = out.holderPid > 0 ? QStringLiteral("process %1 holds a lock on %2").arg(out.holderPid).arg(path)
                                       : QStringLiteral("another process holds a lock on %1").arg(path);
        return out;
    }
    struct flock take {};
    take.l_type = F_WRLCK;
    take.l_whence = SEEK_SET;
    if (::fcntl(fd.get(), F_OFD_SETLK, &take) != 0) {
        if (errno == EAGAIN || errno == EACCES) {
            out.state = LockProbe::State::Held;
            out.detail = QStringLiteral("another process took a lock on %1").arg(path);
            return out;
        }
        out.detail = QStringLiteral("cannot lock %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return out;
    }
    struct flock release {};
    release.l_type = F_UNLCK;
    release.l_whence = SEEK_SET;
    ::fcntl(fd.get(), F_OFD_SETLK, &release);
    out.state = LockProbe::State::Free;
    out.detail = QStringLiteral("an exclusive lock on %1 was taken and released").arg(path);
    return out;
}

bool PosixFileOperations::setOwnerAndMode(const QString &path, const FileStatus &like, QString *error)
{
    const QByteArray name = native(path);
    struct stat info {};
    if (::stat(name.constData(), &info) != 0)
        return fail(error, QStringLiteral("cannot read the status of %1").arg(path), errno);
    if ((info.st_uid != like.ownerId || info.st_gid != like.groupId)
        && ::chown(name.constData(), like.ownerId, like.groupId) != 0)
        return fail(error, QStringLiteral("cannot give %1 the owner %2:%3").arg(path).arg(like.ownerId).arg(like.groupId),
                    errno);
    if (::chmod(name.constData(), mode_t(like.mode)) != 0)
        return fail(error, QStringLiteral("cannot give %1 the mode %2").arg(path, QString::number(like.mode, 8)), errno);
    return true;
}

bool PosixFileOperations::syncDirectory(const QString &directory, QString *error)
{
    return FileSync::fsyncDirectory(directory, error);
}

bool PosixFileOperations::writeDurably(const QString &path, const QByteArray &bytes, QString *error)
{
    return FileSync::writeFile(path, bytes, 0600, true, error);
}

std::optional<QByteArray> PosixFileOperations::readAll(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

Sha256::FileResult PosixFileOperations::hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled)
{
    // Clean pages of a file just fsynced can be dropped: the hash then reads
    // what is on the disk, not what is still in memory.
    const int fd = ::open(native(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
    return Sha256::hashFile(path, progress, cancelled);
}

Sha256::FileResult PosixFileOperations::hashCachedFile(const QString &path, const Progress &progress,
                                                       const Cancelled &cancelled)
{
    return Sha256::hashFile(path, progress, cancelled);
}

bool PosixFileOperations::makePath(const QString &directory, QString *error)
{
    if (QDir().mkpath(directory))
        return true;
    if (error)
        *error = QStringLiteral("cannot create the directory %1").arg(directory);
    return false;
}

uint PosixFileOperations::effectiveUserId()
{
    return ::geteuid();
}

} // namespace aegis
