#include "gateway/auth/AdminTokenStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace aegis {

AdminTokenStore::Result AdminTokenStore::loadOrCreate(const QString &path)
{
    Result result;
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            result.error = QStringLiteral("cannot read the admin token file %1: %2").arg(path, existing.errorString());
            return result;
        }
        if (existing.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                                      | QFileDevice::WriteOther)) {
            result.error = QStringLiteral("the admin token file %1 is accessible to other users; "
                                          "run: chmod 600 %1")
                               .arg(path);
            return result;
        }
        result.token = existing.readAll().trimmed();
        if (result.token.size() < 16)
            result.error = QStringLiteral("the admin token file %1 holds no token of at least 16 characters").arg(path);
        return result;
    }

    QDir().mkpath(QFileInfo(path).absolutePath());
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) {
        result.error = QStringLiteral("no secure random source for the admin token");
        return result;
    }
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex();
    // O_EXCL with the final mode: the token is never readable by others,
    // not even for a moment, and two starts cannot both write one.
    const QByteArray nativePath = QFile::encodeName(path);
    const int fd = ::open(nativePath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        result.error = QStringLiteral("cannot create the admin token file %1: %2")
                           .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    const QByteArray line = token + '\n';
    const bool written = ::write(fd, line.constData(), size_t(line.size())) == line.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        ::unlink(nativePath.constData());
        result.error = QStringLiteral("cannot write the admin token file %1").arg(path);
        return result;
    }
    result.token = token;
    result.generated = true;
    return result;
}

} // namespace aegis
