#include "console/connection/LocalGatewayDefaults.h"

#include "console/util/SourceTree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>

namespace aegis::console {

namespace {

struct Candidate
{
    QString tokenFile;
    QString database;
    QString backups;
    ServiceControl::Kind service;
};

// KEY=VALUE lines of a systemd EnvironmentFile (comments and blanks
// skipped, one level of quotes removed); empty when it cannot be read.
QMap<QString, QString> environmentFile(const QString &path)
{
    QMap<QString, QString> out;
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (line.startsWith(QLatin1Char('#')) || equals <= 0)
            continue;
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))
            && value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        out.insert(line.left(equals).trimmed(), value);
    }
    return out;
}

// The layout of a database at `database`: admin.token beside it (the
// gateway's default), backups/ in the directory above (its default
// AEGIS_BACKUP_DIR, relative to where scripts/run.sh starts it).
Candidate besideDatabase(const QString &database, ServiceControl::Kind service)
{
    const QFileInfo info(database);
    const QDir dbDir = info.absoluteDir();
    QDir parent = dbDir;
    parent.cdUp();
    return {dbDir.filePath(QStringLiteral("admin.token")), info.absoluteFilePath(),
        parent.filePath(QStringLiteral("backups")), service};
}

QList<Candidate> candidatesFor(const LocalGatewayDefaults::Inputs &inputs)
{
    // The working directory (a developer's clone), the database
    // scripts/run.sh names, the clone this console was built in, the
    // Debian package's settings, then its default directory.
    QList<Candidate> candidates;
    if (!inputs.workingDirectory.isEmpty())
        candidates.append(besideDatabase(QDir(inputs.workingDirectory).filePath(QStringLiteral("db/aegisagent.db")),
            ServiceControl::Kind::Manual));
    if (!inputs.defaultDatabase.isEmpty())
        candidates.append(besideDatabase(inputs.defaultDatabase, ServiceControl::Kind::Manual));
    if (const QString root = SourceTree::rootAbove(inputs.applicationDirectory); !root.isEmpty())
        candidates.append(besideDatabase(QDir(root).filePath(QStringLiteral("db/aegisagent.db")), ServiceControl::Kind::Manual));
    const QMap<QString, QString> service = environmentFile(inputs.serviceEnvironmentFile);
    if (const QString database = service.value(QStringLiteral("AEGIS_DB_PATH")); !database.isEmpty()) {
        Candidate packaged = besideDatabase(database, ServiceControl::Kind::Systemd);
        packaged.tokenFile = service.value(QStringLiteral("AEGIS_ADMIN_TOKEN_FILE"), packaged.tokenFile);
        // The unit's working directory is the package's directory: a
        // relative (or the default) backup directory is inside it.
        const QDir work(inputs.systemDirectory.isEmpty() ? QFileInfo(database).absolutePath() : inputs.systemDirectory);
        packaged.backups = work.filePath(service.value(QStringLiteral("AEGIS_BACKUP_DIR"), QStringLiteral("backups")));
        candidates.append(packaged);
    }
    if (!inputs.systemDirectory.isEmpty()) {
        const QDir system(inputs.systemDirectory);
        candidates.append({system.filePath(QStringLiteral("admin.token")),
            system.filePath(QStringLiteral("aegisagent.db")), system.filePath(QStringLiteral("backups")),
            ServiceControl::Kind::Systemd});
    }
    return candidates;
}

} // namespace

LocalGatewayDefaults::Inputs LocalGatewayDefaults::inputsFromEnvironment()
{
    Inputs inputs;
    inputs.workingDirectory = QDir::currentPath();
    inputs.defaultDatabase = qEnvironmentVariable("AEGIS_CONSOLE_DEFAULT_DB");
    inputs.defaultUrl = qEnvironmentVariable("AEGIS_CONSOLE_DEFAULT_URL");
    inputs.applicationDirectory = QCoreApplication::applicationDirPath();
    return inputs;
}

LocalGatewayDefaults::TokenFile LocalGatewayDefaults::read(const QString &tokenFile)
{
    TokenFile out;
    out.path = QDir::cleanPath(tokenFile);
    QFile file(out.path);
    if (tokenFile.isEmpty() || !file.exists())
        return out;
    if (!file.open(QIODevice::ReadOnly)) {
        out.problem = tr("%1 exists but cannot be read (%2). Paste the token, or run the console as a user allowed "
                         "to read it.")
                          .arg(out.path, file.errorString());
        return out;
    }
    out.token = file.readAll().trimmed();
    return out;
}

LocalGatewayDefaults::TokenFile LocalGatewayDefaults::readBeside(const QString &databasePath)
{
    if (databasePath.trimmed().isEmpty())
        return {};
    return read(QFileInfo(databasePath.trimmed()).absoluteDir().filePath(QStringLiteral("admin.token")));
}

LocalGatewayDefaults LocalGatewayDefaults::discover(const Inputs &inputs)
{
    LocalGatewayDefaults out;
    if (!inputs.defaultUrl.isEmpty()) {
        const QUrl url(inputs.defaultUrl, QUrl::StrictMode);
        if (url.isValid() && !url.host().isEmpty())
            out.url = url;
    }

    const QList<Candidate> candidates = candidatesFor(inputs);
    const Candidate *chosen = nullptr;
    for (const Candidate &candidate : candidates) {
        const QString tokenFile = QDir::cleanPath(candidate.tokenFile);
        if (out.searched.contains(tokenFile))
            continue;
        out.searched.append(tokenFile);
        const TokenFile found = read(tokenFile);
        if (out.problem.isEmpty())
            out.problem = found.problem;
        if (found.token.isEmpty())
            continue;
        out.token = found.token;
        out.tokenFile = found.path;
        chosen = &candidate;
        break;
    }
    if (!chosen) {
        // No token: still prefill the paths of the first layout whose
        // database exists, so only the token is left to type.
        for (const Candidate &candidate : candidates) {
            if (QFileInfo::exists(candidate.database)) {
                chosen = &candidate;
                break;
            }
        }
    }
    if (chosen) {
        out.databasePath = QDir::cleanPath(chosen->database);
        out.backupDirectory = QDir::cleanPath(chosen->backups);
        out.service.kind = chosen->service;
    }
    return out;
}

} // namespace aegis::console
