#include "common/restore/BadFilesDisposal.h"

#include "common/restore/RestoreFileNames.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QStringList>

namespace aegis {

BadFilesDisposal::BadFilesDisposal(FileOperations &files, const RestoreJournal &journal)
    : m_files(files)
    , m_journal(journal)
{
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
                                               const QString &compactTime)
{
    Result result;
    QStringList problems;
    const QString base = QFileInfo(m_journal.databasePath).completeBaseName();
    const QString extension = QFileInfo(m_journal.databasePath).suffix();
    if (disposition == BadFilesDisposition::Archive) {
        QString error;
        if (!m_files.makePath(archiveDirectory, &error))
            problems << error;
    }
    for (const RestoreJournal::Original &original : m_journal.originals) {
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
            const QString name = QStringLiteral("%1.pre-restore-%2%3%4")
                                     .arg(base, compactTime,
                                          extension.isEmpty() ? QString() : QLatin1Char('.') + extension,
                                          RestoreFileNames::suffix(original.role));
            const QString target = QDir(archiveDirectory).filePath(name);
            if (archiveOne(original, target, &error))
                where = target;
            else
                problems << error;
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
        m_files.syncDirectory(QFileInfo(m_journal.databasePath).absolutePath(), nullptr);
    result.ok = problems.isEmpty();
    const QString name = BadFilesDispositions::name(disposition);
    result.summary = result.ok
        ? (disposition == BadFilesDisposition::Keep ? QStringLiteral("the .bad files are kept beside the database")
           : disposition == BadFilesDisposition::Archive
               ? QStringLiteral("the .bad files were archived to %1").arg(archiveDirectory)
               : QStringLiteral("the .bad files were deleted"))
        : QStringLiteral("%1 did not complete (%2); the files not handled stay where they are")
              .arg(name, problems.join(QStringLiteral("; ")));
    return result;
}

} // namespace aegis
