#include "tests/unit/restore/support/FaultyFileOperations.h"

#include <QFile>

namespace aegis::test {

QStringList FaultyFileOperations::operationNames()
{
    return {QStringLiteral("exists"), QStringLiteral("status"), QStringLiteral("rename"), QStringLiteral("copy"),
            QStringLiteral("remove"), QStringLiteral("free"),   QStringLiteral("lock"),   QStringLiteral("chown"),
            QStringLiteral("sync"),   QStringLiteral("write"),  QStringLiteral("read"),   QStringLiteral("hash"),
            QStringLiteral("mkpath")};
}

FaultyFileOperations::FaultyFileOperations(FileOperations &real)
    : m_real(real)
{
}

void FaultyFileOperations::failAt(const QString &operation, int nth, const QString &error)
{
    m_faults.insert(operation, {nth, false, error});
}

void FaultyFileOperations::failFrom(const QString &operation, int nth, const QString &error)
{
    m_faults.insert(operation, {nth, true, error});
}

void FaultyFileOperations::crashAt(int nth, std::function<void()> crash)
{
    m_crashAt = nth;
    m_crash = std::move(crash);
}

void FaultyFileOperations::lieAboutHashAt(int nth, const QString &hex)
{
    m_lieAt = nth;
    m_lie = hex;
}

void FaultyFileOperations::clearFaults()
{
    m_faults.clear();
    m_crashAt = 0;
    m_crash = nullptr;
    m_lieAt = 0;
}

bool FaultyFileOperations::injected(const QString &operation, const QString &what, QString *error)
{
    const int n = ++m_calls[operation];
    const auto fault = m_faults.constFind(operation);
    if (fault == m_faults.constEnd())
        return false;
    if (n == fault->nth || (fault->onwards && n >= fault->nth)) {
        m_log << QStringLiteral("FAILED %1").arg(what);
        if (error)
            *error = QStringLiteral("%1: %2").arg(what, fault->error);
        return true;
    }
    return false;
}

void FaultyFileOperations::effectful(const QString &what, const std::function<void()> &before)
{
    ++m_effectful;
    m_log << QStringLiteral("#%1 %2").arg(m_effectful).arg(what);
    if (m_crashAt > 0 && m_effectful == m_crashAt && m_crash) {
        if (before)
            before();
        m_crash();
    }
}

bool FaultyFileOperations::exists(const QString &path)
{
    ++m_calls[QStringLiteral("exists")];
    return m_real.exists(path);
}

std::optional<FileStatus> FaultyFileOperations::status(const QString &path, QString *error)
{
    if (injected(QStringLiteral("status"), QStringLiteral("status %1").arg(path), error))
        return std::nullopt;
    return m_real.status(path, error);
}

bool FaultyFileOperations::renameNoReplace(const QString &from, const QString &to, QString *error)
{
    if (injected(QStringLiteral("rename"), QStringLiteral("rename %1 -> %2").arg(from, to), error))
        return false;
    effectful(QStringLiteral("rename %1 -> %2").arg(from, to));
    return m_real.renameNoReplace(from, to, error);
}

bool FaultyFileOperations::copyDurably(const QString &from, const QString &to, const Progress &progress,
                                       const Cancelled &cancelled, QString *writtenSha256, QString *error)
{
    if (injected(QStringLiteral("copy"), QStringLiteral("copy %1 -> %2").arg(from, to), error))
        return false;
    effectful(QStringLiteral("copy %1 -> %2").arg(from, to), [&] {
        QFile source(from);
        QFile target(to);
        if (source.open(QIODevice::ReadOnly) && target.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            target.write(source.read(source.size() / 2));
    });
    return m_real.copyDurably(from, to, progress, cancelled, writtenSha256, error);
}

bool FaultyFileOperations::remove(const QString &path, QString *error)
{
    if (injected(QStringLiteral("remove"), QStringLiteral("remove %1").arg(path), error))
        return false;
    effectful(QStringLiteral("remove %1").arg(path));
    return m_real.remove(path, error);
}

std::optional<qint64> FaultyFileOperations::freeBytes(const QString &directory, QString *error)
{
    if (injected(QStringLiteral("free"), QStringLiteral("statvfs %1").arg(directory), error))
        return std::nullopt;
    if (freeBytesOverride)
        return freeBytesOverride;
    return m_real.freeBytes(directory, error);
}

LockProbe FaultyFileOperations::probeExclusiveLock(const QString &path)
{
    QString error;
    if (injected(QStringLiteral("lock"), QStringLiteral("lock probe %1").arg(path), &error)) {
        LockProbe failed;
        failed.detail = error;
        return failed;
    }
    if (lockOverride) {
        if (const auto answer = lockOverride(path))
            return *answer;
    }
    return m_real.probeExclusiveLock(path);
}

bool FaultyFileOperations::setOwnerAndMode(const QString &path, const FileStatus &like, QString *error)
{
    if (injected(QStringLiteral("chown"), QStringLiteral("chown/chmod %1").arg(path), error))
        return false;
    effectful(QStringLiteral("chown/chmod %1").arg(path));
    return m_real.setOwnerAndMode(path, like, error);
}

bool FaultyFileOperations::syncDirectory(const QString &directory, QString *error)
{
    if (injected(QStringLiteral("sync"), QStringLiteral("fsync %1").arg(directory), error))
        return false;
    effectful(QStringLiteral("fsync %1").arg(directory));
    return m_real.syncDirectory(directory, error);
}

bool FaultyFileOperations::writeDurably(const QString &path, const QByteArray &bytes, QString *error)
{
    if (injected(QStringLiteral("write"), QStringLiteral("write %1").arg(path), error))
        return false;
    effectful(QStringLiteral("write %1").arg(path));
    return m_real.writeDurably(path, bytes, error);
}

std::optional<QByteArray> FaultyFileOperations::readAll(const QString &path, QString *error)
{
    if (injected(QStringLiteral("read"), QStringLiteral("read %1").arg(path), error))
        return std::nullopt;
    return m_real.readAll(path, error);
}

Sha256::FileResult FaultyFileOperations::hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled)
{
    QString error;
    if (injected(QStringLiteral("hash"), QStringLiteral("hash %1").arg(path), &error)) {
        Sha256::FileResult failed;
        failed.error = error;
        return failed;
    }
    effectful(QStringLiteral("hash %1").arg(path));
    Sha256::FileResult result = m_real.hashFile(path, progress, cancelled);
    if (m_lieAt > 0 && m_calls.value(QStringLiteral("hash")) == m_lieAt && result.ok)
        result.hex = m_lie;
    return result;
}

bool FaultyFileOperations::makePath(const QString &directory, QString *error)
{
    if (injected(QStringLiteral("mkpath"), QStringLiteral("mkpath %1").arg(directory), error))
        return false;
    return m_real.makePath(directory, error);
}

uint FaultyFileOperations::effectiveUserId()
{
    return m_real.effectiveUserId();
}

} // namespace aegis::test
