#include "common/restore/BadFilesDisposal.h"

#include "common/backup/BackupManifest.h"
#include "common/backup/BackupName.h"
#include "common/db/DatabaseInspector.h"
#include "common/restore/RestoreFileNames.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QStringList>

namespace aegis {

BadFilesDisposal::BadFilesDisposal(FileOperations &files, QString databasePath,
                                   QList<RestoreJournal::Original> originals)
    : m_files(files)
    , m_databasePath(std::move(databasePath))
    , m_originals(std::move(originals))
{
}

// The normal manifest fields, read from the set-aside file itself. A
// database too damaged to read (often why it was replaced) still gets one:
// its hash and size, and the reader's error as its quick check.
bool BadFilesDisposal::writeManifest(const RestoreJournal::Original &original, const QString &target,
                                     const QDateTime &setAsideAt, QString *error)
{
    BackupManifest manifest;
    manifest.name = QFileInfo(target).fileName();
    manifest.kind = BackupKind::PreRestore;
    manifest.sha256 = original.sha256;
    manifest.sizeBytes = original.size;
    manifest.createdAt = Timestamp::millis(setAsideAt);
    manifest.gatewayVersion = QStringLiteral(AEGIS_VERSION);
    QString unreadable;
    if (const auto summary = DatabaseInspector::inspectFile(original.aside, DatabaseInspector::Check::Quick, &unreadable))
        manifest.describe(*summary);
    else
        manifest.quickCheck = unreadable;
    return m_files.writeDurably(BackupName::manifestName(target), manifest.toBytes(), error);
}

bool BadFilesDisposal::archiveOne(const RestoreJournal::Original &original, const QString &target, QString *error)
{
    const auto source = m_files.status(original.aside, error);
    const auto directory = m_files.status(QFileInfo(target).absolutePath(), error);
    if (!source || !directory)
        return false;
    if (source->device == directory->device)
        return m_files.renameNoReplace(original.aside, target, error);
    QString written;
    if (!m_files.copyDurably(original.aside, target, {}, {}, &written, error))
        return false;
    const Sha256::FileResult onDisk = m_files.hashFile(target, {}, {});
    if (!onDisk.ok || onDisk.hex != original.sha256) {
        if (error)
            *error = QStringLiteral("the archived copy %1 does not hash to the original's sha256; the original stays at %2")
                         .arg(target, original.aside);
        m_files.remove(target, nullptr);
        return false;
    }
    return m_files.syncDirectory(QFileInfo(target).absolutePath(), error) && m_files.remove(original.aside, error);
}

BadFilesDisposal::Result BadFilesDisposal::run(BadFilesDisposition disposition, const QString &archiveDirectory,
                                               const QDateTime &setAsideAt)
{
    Result result;
    QStringList problems;
    const QString archivedName
        = BackupName::preRestore(QFileInfo(m_databasePath).fileName(), Timestamp::compact(setAsideAt));
    if (disposition == BadFilesDisposition::Archive) {
        QString error;
        if (!m_files.makePath(archiveDirectory, &error))
            problems << error;
    }
    for (const RestoreJournal::Original &original : std::as_const(m_originals)) {
        QJsonObject file{{QStringLiteral("what"), QStringLiteral("original %1 (before the restore)").arg(original.role)},
                         {QStringLiteral("sha256"), original.sha256}};
        QString where = original.aside;
        if (!m_files.exists(original.aside)) {
            file.insert(QStringLiteral("path"), QString());
            file.insert(QStringLiteral("note"), QStringLiteral("already gone from %1").arg(original.aside));
            result.files.append(file);
            continue;
        }
        QString error;
        if (disposition == BadFilesDisposition::Archive && problems.isEmpty()) {
            // The companions keep SQLite's names beside the archived database.
            const QString target = QDir(archiveDirectory).filePath(archivedName + RestoreFileNames::suffix(original.role));
            const bool database = original.role == QLatin1String("db");
            const QString manifest = BackupName::manifestName(target);
            if (database && (m_files.exists(target) || m_files.exists(manifest))) {
                // Writing the manifest would replace another file's.
                problems << QStringLiteral("%1 or its manifest already exists").arg(target);
            } else if (database && !writeManifest(original, target, setAsideAt, &error)) {
                problems << error;
            } else if (archiveOne(original, target, &error)) {
                where = target;
                if (database)
                    file.insert(QStringLiteral("manifest"), manifest);
            } else {
                problems << error;
                if (database)
                    m_files.remove(manifest, nullptr); // never a manifest without its file
            }
        } else if (disposition == BadFilesDisposition::Delete) {
            if (m_files.remove(original.aside, &error))
                where.clear();
            else
                problems << error;
        }
        file.insert(QStringLiteral("path"), where);
        if (where.isEmpty())
            file.insert(QStringLiteral("note"), QStringLiteral("deleted at the operator's request after the restore was verified"));
        result.files.append(file);
    }
    if (disposition == BadFilesDisposition::Delete || disposition == BadFilesDisposition::Archive)
        m_files.syncDirectory(QFileInfo(m_databasePath).absolutePath(), nullptr);
    if (disposition == BadFilesDisposition::Archive)
        m_files.syncDirectory(archiveDirectory, nullptr);
    result.ok = problems.isEmpty();
    const QString name = BadFilesDispositions::name(disposition);
    if (!result.ok) {
        result.finding = StepFinding(StepFinding::Kind::DisposalIncomplete, problems.join(QStringLiteral("; ")));
        result.finding.name = name;
    } else if (disposition == BadFilesDisposition::Archive) {
        result.finding = StepFinding(StepFinding::Kind::FilesArchived);
        result.finding.path = archiveDirectory;
    } else {
        result.finding = StepFinding(disposition == BadFilesDisposition::Keep ? StepFinding::Kind::FilesKept
                                                                              : StepFinding::Kind::FilesDeleted);
    }
    return result;
}

} // namespace aegis
