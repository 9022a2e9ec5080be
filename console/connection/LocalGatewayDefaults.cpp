#include "console/connection/LocalGatewayDefaults.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace aegis::console {

namespace {

struct Candidate
{
    QString tokenFile;
    QString database;
    QString backups;
    ServiceControl::Kind service;
};

} // namespace

LocalGatewayDefaults::Inputs LocalGatewayDefaults::inputsFromEnvironment()
{
    Inputs inputs;
    inputs.workingDirectory = QDir::currentPath();
    inputs.defaultDatabase = qEnvironmentVariable("AEGIS_CONSOLE_DEFAULT_DB");
    inputs.defaultUrl = qEnvironmentVariable("AEGIS_CONSOLE_DEFAULT_URL");
    return inputs;
}

LocalGatewayDefaults LocalGatewayDefaults::discover(const Inputs &inputs)
{
    LocalGatewayDefaults out;
    if (!inputs.defaultUrl.isEmpty()) {
        const QUrl url(inputs.defaultUrl, QUrl::StrictMode);
        if (url.isValid() && !url.host().isEmpty())
            out.url = url;
    }

    // The order of the issue: the working directory (a developer's clone),
    // the database scripts/run.sh names, then the Debian package. The
    // gateway's default backup directory is "backups" in its working
    // directory, which is the database directory's parent in both layouts
    // of a clone.
    QList<Candidate> candidates;
    if (!inputs.workingDirectory.isEmpty()) {
        const QDir work(inputs.workingDirectory);
        candidates.append({work.filePath(QStringLiteral("db/admin.token")),
            work.filePath(QStringLiteral("db/aegisagent.db")), work.filePath(QStringLiteral("backups")),
            ServiceControl::Kind::Manual});
    }
    if (!inputs.defaultDatabase.isEmpty()) {
        const QFileInfo database(inputs.defaultDatabase);
        const QDir dbDir = database.absoluteDir();
        QDir parent = dbDir;
        parent.cdUp();
        candidates.append({dbDir.filePath(QStringLiteral("admin.token")), database.absoluteFilePath(),
            parent.filePath(QStringLiteral("backups")), ServiceControl::Kind::Manual});
    }
    if (!inputs.systemDirectory.isEmpty()) {
        const QDir system(inputs.systemDirectory);
        candidates.append({system.filePath(QStringLiteral("admin.token")),
            system.filePath(QStringLiteral("aegisagent.db")), system.filePath(QStringLiteral("backups")),
            ServiceControl::Kind::Systemd});
    }

    const Candidate *chosen = nullptr;
    for (const Candidate &candidate : candidates) {
        const QString tokenFile = QDir::cleanPath(candidate.tokenFile);
        if (out.searched.contains(tokenFile))
            continue;
        out.searched.append(tokenFile);
        QFile file(tokenFile);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly)) {
            if (out.problem.isEmpty()) {
                out.problem = tr("%1 exists but cannot be read (%2). Paste the token, or run the console as a "
                                 "user allowed to read it.")
                                  .arg(tokenFile, file.errorString());
            }
            continue;
        }
        const QByteArray token = file.readAll().trimmed();
        if (token.isEmpty())
            continue;
        out.token = token;
        out.tokenFile = tokenFile;
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
