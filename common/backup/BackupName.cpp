#include "common/backup/BackupName.h"

#include "common/util/Timestamp.h"

#include <QRegularExpression>

namespace aegis {

QString BackupName::problem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("the name is empty");
    if (name.toUtf8().size() > MaxBytes)
        return QStringLiteral("the name is longer than %1 bytes").arg(MaxBytes);
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return QStringLiteral("the name must be a bare file name, without / or \\");
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return QStringLiteral("the name must not contain control characters");
    }
    if (name == QLatin1String(".") || name == QLatin1String("..") || name.contains(QStringLiteral("..")))
        return QStringLiteral("the name must not contain \"..\"");
    if (name.startsWith(QLatin1Char('.')))
        return QStringLiteral("names starting with \".\" are reserved for backups being written");
    if (name.endsWith(QStringLiteral(".manifest.json")) || name.endsWith(QStringLiteral(".partial")))
        return QStringLiteral("names ending in .manifest.json or .partial are reserved");
    // A portable character set: names travel through shells, URLs, scp and
    // other file systems, and look-alike characters (a fraction slash that
    // reads as "/", a trailing space) have no place in evidence file names.
    static const QRegularExpression portable(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._+@-]*$"));
    if (!portable.match(name).hasMatch())
        return QStringLiteral("use only letters A-Z and a-z, digits and . _ + @ - (starting with a letter or digit)");
    return {};
}

QString BackupName::generated(const QDateTime &time)
{
    return QStringLiteral("aegis-%1.db").arg(Timestamp::compact(time));
}

QString BackupName::automatic(const QDateTime &time)
{
    return QStringLiteral("aegis-auto-%1.db").arg(Timestamp::compact(time));
}

bool BackupName::isAutomatic(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^aegis-auto-\d{8}T\d{6}Z\.db$)"));
    return pattern.match(name).hasMatch();
}

QString BackupName::preRestore(const QString &databaseFileName, const QString &compactTime)
{
    // The extension stays last ("aegis.pre-restore-….db"), so that the file
    // still reads as a database and its companions keep SQLite's names.
    const int dot = databaseFileName.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0)
        return QStringLiteral("%1.pre-restore-%2").arg(databaseFileName, compactTime);
    return QStringLiteral("%1.pre-restore-%2%3").arg(databaseFileName.left(dot), compactTime, databaseFileName.mid(dot));
}

bool BackupName::isPreRestore(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral(R"(\.pre-restore-\d{8}T\d{6}Z(\.[A-Za-z0-9_+@]+)?$)"));
    return pattern.match(name).hasMatch();
}

QString BackupName::manifestName(const QString &backupName)
{
    return backupName + QStringLiteral(".manifest.json");
}

} // namespace aegis
