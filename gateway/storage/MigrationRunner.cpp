#include "gateway/storage/MigrationRunner.h"

#include "common/util/Timestamp.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace aegis {

namespace {

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = query.lastError().text();
    return false;
}

MigrationRunner::Outcome fail(MigrationRunner::Status status, QString message)
{
    MigrationRunner::Outcome outcome;
    outcome.status = status;
    outcome.message = std::move(message);
    return outcome;
}

QString shortHash(const QString &hash)
{
    return hash.left(12) + QStringLiteral("…");
}

} // namespace

QStringList MigrationRunner::splitStatements(const QByteArray &sql)
{
    QStringList statements;
    QByteArray current;
    for (char c : sql) {
        current.append(c);
        if (c == ';' && sqlite3_complete(current.constData())) {
            const QString statement = QString::fromUtf8(current).trimmed();
            if (!statement.isEmpty() && statement != QLatin1String(";"))
                statements.append(statement);
            current.clear();
        }
    }
    // A last statement without a semicolon is still a statement; a trailing
    // comment is not.
    QByteArray rest = current.trimmed();
    if (!rest.isEmpty()) {
        rest.append(';');
        if (sqlite3_complete(rest.constData())) {
            statements.append(QString::fromUtf8(rest));
        }
    }
    return statements;
}

int MigrationRunner::appliedVersion(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"))
        || !query.next())
        return -1;
    if (query.value(0).toInt() == 0)
        return 0;
    if (!query.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

MigrationRunner::Outcome MigrationRunner::run(QSqlDatabase &db, const MigrationSet &set)
{
    if (const QString problem = set.validate(); !problem.isEmpty())
        return fail(Status::Failed, problem);
    const int latest = set.latestVersion();

    QString error;
    int userVersion = 0;
    {
        // Scoped: an unfinished statement holds a read transaction, and the
        // journal mode cannot change inside one.
        QSqlQuery probe(db);
        if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")))
            return fail(Status::Failed, QStringLiteral("%1 cannot be read as an SQLite database: %2")
                                            .arg(db.databaseName(), probe.lastError().text()));
        if (!probe.exec(QStringLiteral("PRAGMA user_version")) || !probe.next())
            return fail(Status::Failed, probe.lastError().text());
        userVersion = probe.value(0).toInt();
    }
    if (userVersion > latest)
        return fail(Status::RefusedNewer,
                    QStringLiteral("the database is at schema version %1, newer than this gateway, which knows "
                                   "versions up to %2; start the gateway version that wrote it instead")
                        .arg(userVersion)
                        .arg(latest));

    if (!exec(db, QStringLiteral("PRAGMA journal_mode = WAL"), &error))
        return fail(Status::Failed, QStringLiteral("cannot switch to WAL mode: %1").arg(error));
    if (!exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                             "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                             "sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)"),
              &error))
        return fail(Status::Failed, QStringLiteral("cannot create schema_migrations: %1").arg(error));

    Outcome outcome;
    QList<int> appliedVersions;
    {
        QSqlQuery applied(db);
        if (!applied.exec(QStringLiteral("SELECT version, name, sha256 FROM schema_migrations ORDER BY version")))
            return fail(Status::Failed, applied.lastError().text());
        while (applied.next()) {
            const int version = applied.value(0).toInt();
            const QString name = applied.value(1).toString();
            const QString sha256 = applied.value(2).toString();
            const Migration *known = set.find(version);
            if (!known || version > latest)
                return fail(Status::RefusedNewer,
                            QStringLiteral("the database has migration %1 (%2) applied, newer than this gateway, "
                                           "which knows versions up to %3; start the gateway version that wrote "
                                           "it instead")
                                .arg(version)
                                .arg(name)
                                .arg(latest));
            if (known->sha256 != sha256)
                return fail(Status::RefusedChecksum,
                            QStringLiteral("migration %1 (%2) differs from the one applied to this database "
                                           "(database sha256 %3, binary sha256 %4); the binary was built from "
                                           "edited migrations and must not serve this database")
                                .arg(version)
                                .arg(name, shortHash(sha256), shortHash(known->sha256)));
            appliedVersions.append(version);
        }
    }
    outcome.fromVersion = appliedVersions.isEmpty() ? 0 : appliedVersions.last();
    outcome.toVersion = outcome.fromVersion;

    for (const Migration &migration : set.migrations()) {
        if (appliedVersions.contains(migration.version))
            continue;
        if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &error))
            return fail(Status::Failed, QStringLiteral("cannot start migration %1: %2").arg(migration.name, error));
        bool ok = true;
        for (const QString &statement : splitStatements(migration.sql)) {
            if (!exec(db, statement, &error)) {
                error = QStringLiteral("migration %1 failed: %2 (in: %3)")
                            .arg(migration.name, error, statement.left(120).simplified());
                ok = false;
                break;
            }
        }
        if (ok) {
            QSqlQuery record(db);
            record.prepare(QStringLiteral(
                "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)"));
            record.addBindValue(migration.version);
            record.addBindValue(migration.name);
            record.addBindValue(migration.sha256);
            record.addBindValue(Timestamp::millis(QDateTime::currentDateTimeUtc()));
            ok = record.exec();
            if (!ok)
                error = record.lastError().text();
        }
        if (ok)
            ok = exec(db, QStringLiteral("PRAGMA user_version = %1").arg(migration.version), &error);
        if (ok)
            ok = exec(db, QStringLiteral("COMMIT"), &error);
        if (!ok) {
            QString ignored;
            exec(db, QStringLiteral("ROLLBACK"), &ignored);
            Outcome failed = fail(Status::Failed, error);
            failed.fromVersion = outcome.fromVersion;
            failed.toVersion = outcome.toVersion;
            failed.applied = outcome.applied;
            return failed;
        }
        outcome.applied.append(migration.name);
        outcome.toVersion = migration.version;
    }
    outcome.status = outcome.applied.isEmpty() ? Status::Current : Status::Migrated;
    return outcome;
}

} // namespace aegis
