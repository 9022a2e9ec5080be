#include "console/restore/CancellableFileOperations.h"

namespace aegis::console {

CancellableFileOperations::CancellableFileOperations(FileOperations &real)
    : m_real(real)
{
}

QString CancellableFileOperations::reason()
{
    // In the engine's language: it lands in the report beside its own words.
    return QStringLiteral("cancelled by the operator");
}

void CancellableFileOperations::reset()
{
    m_requested = false;
    m_cancellable = false;
    m_taken = false;
}

bool CancellableFileOperations::takeCancel()
{
    if (!m_cancellable)
        return false;
    bool expected = true;
    if (!m_requested.compare_exchange_strong(expected, false))
        return false;
    m_taken = true;
    return true;
}

bool CancellableFileOperations::refuse(QString *error)
{
    if (error)
        *error = reason();
    return false;
}

FileOperations::Cancelled CancellableFileOperations::watching(const Cancelled &cancelled)
{
    return [this, cancelled] { return (cancelled && cancelled()) || takeCancel(); };
}

bool CancellableFileOperations::exists(const QString &path)
{
    return m_real.exists(path);
}

std::optional<FileStatus> CancellableFileOperations::status(const QString &path, QString *error)
{
    return m_real.status(path, error);
}

bool CancellableFileOperations::renameNoReplace(const QString &from, const QString &to, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.renameNoReplace(from, to, error);
}

bool CancellableFileOperations::copyDurably(const QString &from, const QString &to, const Progress &progress,
    const Cancelled &cancelled, QString *writtenSha256, QString *error)
{
    if (takeCancel())
        return refuse(error);
    return m_real.copyDurably(from, to, progress, watching(cancelled), writtenSha256, error);
}

bool CancellableFileOperations::remove(const QString &path, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.remove(path, error);
}

std::optional<qint64> CancellableFileOperations::freeBytes(const QString &directory, QString *error)
{
    return m_real.freeBytes(directory, error);
}

LockProbe CancellableFileOperations::probeExclusiveLock(const QString &path)
{
    return m_real.probeExclusiveLock(path);
}

bool CancellableFileOperations::setOwnerAndMode(const QString &path, const FileStatus &like, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.setOwnerAndMode(path, like, error);
}

bool CancellableFileOperations::syncDirectory(const QString &directory, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.syncDirectory(directory, error);
}

bool CancellableFileOperations::writeDurably(const QString &path, const QByteArray &bytes, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.writeDurably(path, bytes, error);
}

std::optional<QByteArray> CancellableFileOperations::readAll(const QString &path, QString *error)
{
    return m_real.readAll(path, error);
}

Sha256::FileResult CancellableFileOperations::hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled)
{
    return hashWith(&FileOperations::hashFile, path, progress, cancelled);
}

Sha256::FileResult CancellableFileOperations::hashCachedFile(const QString &path, const Progress &progress,
                                                             const Cancelled &cancelled)
{
    return hashWith(&FileOperations::hashCachedFile, path, progress, cancelled);
}

Sha256::FileResult CancellableFileOperations::hashWith(Hash hash, const QString &path, const Progress &progress,
                                                       const Cancelled &cancelled)
{
    if (takeCancel()) {
        Sha256::FileResult result;
        result.cancelled = true;
        result.error = reason();
        return result;
    }
    Sha256::FileResult result = (m_real.*hash)(path, progress, watching(cancelled));
    if (result.cancelled && result.error.isEmpty())
        result.error = reason();
    return result;
}

bool CancellableFileOperations::makePath(const QString &directory, QString *error)
{
    return takeCancel() ? refuse(error) : m_real.makePath(directory, error);
}

uint CancellableFileOperations::effectiveUserId()
{
    return m_real.effectiveUserId();
}

} // namespace aegis::console
