#include "common/restore/SetAsideFiles.h"

#include "common/restore/RestoreFileNames.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

namespace aegis {

qint64 SetAsideFiles::Set::totalBytes() const
{
    qint64 total = 0;
    for (const RestoreJournal::Original &file : files)
        total += file.size;
    return total;
}

QString SetAsideFiles::Set::databaseFile() const
{
    for (const RestoreJournal::Original &file : files) {
        if (file.role == QLatin1String("db"))
            return file.aside;
    }
    return {};
}

std::optional<SetAsideFiles::Name> SetAsideFiles::parse(const QString &databaseFileName, const QString &fileName)
{
    const QString prefix = databaseFileName + QStringLiteral(".bad-");
    if (!fileName.startsWith(prefix))
        return std::nullopt;
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{8}T\d{6}Z|\d{1,12})(-wal|-shm|-journal)?$)"));
    const QRegularExpressionMatch match = pattern.match(fileName.mid(prefix.size()));
    if (!match.hasMatch())
        return std::nullopt;
    Name name;
    name.stampText = match.captured(1);
    name.oldStyle = !name.stampText.endsWith(QLatin1Char('Z'));
    name.time = name.oldStyle ? QDateTime::fromSecsSinceEpoch(name.stampText.toLongLong(), Qt::UTC)
                              : Timestamp::parseCompact(name.stampText);
    if (!name.time.isValid())
        return std::nullopt;
    name.role = match.captured(2).isEmpty() ? QStringLiteral("db") : match.captured(2).mid(1);
    return name;
}

QList<SetAsideFiles::Set> SetAsideFiles::find(const QString &databasePath)
{
    const QFileInfo database(databasePath);
    const QDir directory = database.absoluteDir();
    QMap<QString, Set> byStamp;
    const QStringList candidates
        = directory.entryList({database.fileName() + QStringLiteral(".bad-*")}, QDir::Files | QDir::Hidden);
    for (const QString &fileName : candidates) {
        const auto name = parse(database.fileName(), fileName);
        if (!name)
            continue;
        Set &set = byStamp[name->stampText];
        set.setAsideAt = name->time;
        set.stampText = name->stampText;
        set.oldStyleName = name->oldStyle;
        const QFileInfo file(directory.filePath(fileName));
        set.files.append({name->role, database.absoluteFilePath() + RestoreFileNames::suffix(name->role),
                          file.absoluteFilePath(), file.size(), QString()});
    }
    QList<Set> sets = byStamp.values();
    const QStringList roles = RestoreFileNames::roles();
    for (Set &set : sets) {
        // The database first, as in a journal: it is archived (with its
        // manifest) before its companions.
        std::sort(set.files.begin(), set.files.end(), [&roles](const auto &a, const auto &b) {
            return roles.indexOf(a.role) < roles.indexOf(b.role);
        });
    }
    std::sort(sets.begin(), sets.end(), [](const Set &a, const Set &b) { return a.setAsideAt > b.setAsideAt; });
    return sets;
}

BadFilesDisposal::Result SetAsideFiles::dispose(FileOperations &files, const QString &databasePath, const Set &set,
                                                BadFilesDisposition disposition, const QString &archiveDirectory,
                                                const FileOperations::Cancelled &cancelled)
{
    BadFilesDisposal::Result refused;
    refused.ok = false;
    const QString journal = RestoreFileNames::journal(databasePath);
    if (files.exists(journal)) {
        refused.finding = StepFinding(StepFinding::Kind::JournalPresent);
        refused.finding.path = journal;
        return refused;
    }
    QList<RestoreJournal::Original> originals = set.files;
    for (RestoreJournal::Original &original : originals) {
        const Sha256::FileResult hash = files.hashFile(original.aside, {}, cancelled);
        if (!hash.ok) {
            refused.finding = hash.cancelled ? StepFinding(StepFinding::Kind::HashStopped)
                                             : StepFinding(StepFinding::Kind::Unreadable, hash.error);
            if (!hash.cancelled)
                refused.finding.path = original.aside;
            return refused;
        }
        original.sha256 = hash.hex;
        original.size = hash.bytes;
    }
    return BadFilesDisposal(files, databasePath, originals).run(disposition, archiveDirectory, set.setAsideAt);
}

} // namespace aegis
