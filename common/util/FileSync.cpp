#include "common/util/FileSync.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aegis::FileSync {

namespace {

thread_local int t_lastErrno = 0;

bool fail(QString *error, const QString &what)
{
    t_lastErrno = errno;
    if (error)
        *error = QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(t_lastErrno)));
    return false;
}

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

} // namespace

int lastErrno()
{
    return t_lastErrno;
}

bool fsyncFile(const QString &path, QString *error)
{
    const int fd = ::open(native(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(error, QStringLiteral("cannot open %1 to flush it").arg(path));
    const bool ok = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return ok || fail(error, QStringLiteral("cannot flush %1 to disk").arg(path));
}

bool fsyncDirectory(const QString &directory, QString *error)
{
    const int fd = ::open(native(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(error, QStringLiteral("cannot open directory %1 to flush it").arg(directory));
    const bool ok = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return ok || fail(error, QStringLiteral("cannot flush directory %1 to disk").arg(directory));
}

bool renameNoReplace(const QString &from, const QString &to, QString *error)
{
    if (::renameat2(AT_FDCWD, native(from).constData(), AT_FDCWD, native(to).constData(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS)
        return fail(error, QStringLiteral("cannot rename %1 to %2").arg(from, to));
    // File systems without RENAME_NOREPLACE: link() refuses an existing
    // target just as well.
    if (::link(native(from).constData(), native(to).constData()) != 0)
        return fail(error, QStringLiteral("cannot rename %1 to %2").arg(from, to));
    ::unlink(native(from).constData());
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes, int mode, bool replace, QString *error)
{
    const QFileInfo info(path);
    const QString temporary = info.absolutePath() + QStringLiteral("/.") + info.fileName()
        + QStringLiteral(".%1.tmp").arg(::getpid());
    const QByteArray nativeTemp = native(temporary);
    const int fd = ::open(nativeTemp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(error, QStringLiteral("cannot create %1").arg(temporary));
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const bool result = fail(error, QStringLiteral("cannot write %1").arg(temporary));
            ::close(fd);
            ::unlink(nativeTemp.constData());
            return result;
        }
        written += n;
    }
    if (::fchmod(fd, mode_t(mode)) != 0 || ::fsync(fd) != 0) {
        const bool result = fail(error, QStringLiteral("cannot flush %1 to disk").arg(temporary));
        ::close(fd);
        ::unlink(nativeTemp.constData());
        return result;
    }
    ::close(fd);
    const bool renamed = replace ? (::rename(nativeTemp.constData(), native(path).constData()) == 0
                                    || fail(error, QStringLiteral("cannot rename %1 to %2").arg(temporary, path)))
                                 : renameNoReplace(temporary, path, error);
    if (!renamed) {
        const int saved = t_lastErrno;
        ::unlink(nativeTemp.constData());
        t_lastErrno = saved;
        return false;
    }
    return fsyncDirectory(info.absolutePath(), error);
}

} // namespace aegis::FileSync
