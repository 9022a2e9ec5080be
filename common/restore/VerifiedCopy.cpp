#include "common/restore/VerifiedCopy.h"

namespace aegis {

VerifiedCopy::VerifiedCopy(FileOperations &files, FileOperations::Progress progress, FileOperations::Cancelled cancelled)
    : m_files(files)
    , m_progress(std::move(progress))
    , m_cancelled(std::move(cancelled))
{
}

VerifiedCopy::Result VerifiedCopy::fail(const QString &temporary, const QString &error)
{
    Result result;
    result.error = error;
    if (m_files.exists(temporary))
        m_files.remove(temporary, nullptr);
    return result;
}

VerifiedCopy::Result VerifiedCopy::run(const QString &backup, const QString &temporary, const QString &expectedSha256,
                                       const std::optional<FileStatus> &ownerAndMode)
{
    QString error;
    // A leftover of an interrupted copy is ours and incomplete.
    if (m_files.exists(temporary) && !m_files.remove(temporary, &error))
        return fail(temporary, error);
    QString written;
    if (!m_files.copyDurably(backup, temporary, m_progress, m_cancelled, &written, &error))
        return fail(temporary, error);
    if (written.compare(expectedSha256, Qt::CaseInsensitive) != 0)
        return fail(temporary, QStringLiteral("the backup read during the copy has sha256 %1, not the verified %2: it "
                                              "changed since the preflight")
                                   .arg(written, expectedSha256));
    const Sha256::FileResult onDisk = m_files.hashFile(temporary, {}, m_cancelled);
    if (!onDisk.ok)
        return fail(temporary, onDisk.cancelled ? QStringLiteral("cancelled") : onDisk.error);
    if (onDisk.hex.compare(expectedSha256, Qt::CaseInsensitive) != 0)
        return fail(temporary, QStringLiteral("the copy on disk has sha256 %1, not %2: the disk did not keep what was "
                                              "written")
                                   .arg(onDisk.hex, expectedSha256));
    if (ownerAndMode && !m_files.setOwnerAndMode(temporary, *ownerAndMode, &error))
        return fail(temporary, error);
    Result result;
    result.ok = true;
    result.sha256 = onDisk.hex;
    result.details = {{QStringLiteral("temporary"), temporary},
                      {QStringLiteral("bytes"), onDisk.bytes},
                      {QStringLiteral("sha256_written"), written},
                      {QStringLiteral("sha256_on_disk"), onDisk.hex}};
    if (ownerAndMode) {
        result.details.insert(QStringLiteral("owner"), QStringLiteral("%1:%2").arg(ownerAndMode->ownerId).arg(ownerAndMode->groupId));
        result.details.insert(QStringLiteral("mode"), QString::number(ownerAndMode->mode, 8));
    }
    return result;
}

} // namespace aegis
