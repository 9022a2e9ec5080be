#include "common/restore/RestorePreflight.h"

#include "common/backup/BackupName.h"
#include "common/db/DatabaseInspector.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/restore/RestoreFileNames.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

namespace aegis {

namespace {

using Status = PreflightCheck::Status;

void pass(PreflightCheck &check, const QString &detail)
{
    check.status = Status::Passed;
    check.detail = detail;
}

void warn(PreflightCheck &check, const QString &detail)
{
    check.status = Status::Warning;
    check.detail = detail;
}

void refuse(PreflightCheck &check, const QString &detail, const QString &remedy, bool overridable = false)
{
    check.status = Status::Failed;
    check.detail = detail;
    check.remedy = remedy;
    check.overridable = overridable;
}

QString canonical(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
}

} // namespace

RestorePreflight::RestorePreflight(RestoreContext &context, const RestoreOptions &options, std::function<bool()> cancelled)
    : m_context(context)
    , m_options(options)
    , m_cancelled(std::move(cancelled))
{
}

qint64 RestorePreflight::marginFor(qint64 backupBytes, qint64 configured)
{
    if (configured >= 0)
        return configured;
    return std::max<qint64>(64LL * 1024 * 1024, backupBytes / 10);
}

void RestorePreflight::progress(qint64 done, qint64 total, const QString &what)
{
    if (m_context.observer)
        m_context.observer->stepProgress(RestoreStep::Preflight, done, total, what);
}

PreflightCheck &RestorePreflight::add(const QString &id, const QString &title)
{
    PreflightCheck check;
    check.id = id;
    check.title = title;
    m_result.checks.append(check);
    return m_result.checks.last();
}

PreflightResult RestorePreflight::run()
{
    m_result = PreflightResult();
    FileOperations &files = m_context.files;
    const QString database = QFileInfo(m_options.databasePath).absoluteFilePath();
    const QString backupPath = QFileInfo(m_options.backupPath).absoluteFilePath();
    RestorePlan &plan = m_result.plan;
    plan.databasePath = database;
    plan.backupPath = backupPath;
    plan.service = m_options.service.describe();
    plan.gatewayUrl = m_options.gatewayUrl;

    // An unfinished restore must be finished or rolled back first: a second
    // one would set aside the first one's restored copy as "the original".
    {
        PreflightCheck &check = add(QStringLiteral("no_unfinished_restore"), QStringLiteral("No unfinished restore"));
        const QString journal = RestoreFileNames::journal(database);
        if (files.exists(journal))
            refuse(check, QStringLiteral("an unfinished restore left its journal %1").arg(journal),
                   QStringLiteral("finish or roll it back first: aegis-restore --resume --db %1 (or the console's "
                                  "restore page)")
                       .arg(database));
        else
            pass(check, QStringLiteral("no restore journal beside the database"));
    }

    {
        PreflightCheck &check = add(QStringLiteral("paths"), QStringLiteral("The backup and the database are different files"));
        const QString backupCanonical = canonical(backupPath);
        const QString databaseCanonical = canonical(database);
        const QString directory = QFileInfo(database).absolutePath();
        bool companion = false;
        for (const QString &role : RestoreFileNames::roles())
            companion = companion || backupCanonical == canonical(database + RestoreFileNames::suffix(role));
        if (!files.exists(backupPath))
            refuse(check, QStringLiteral("the backup %1 does not exist").arg(backupPath),
                   QStringLiteral("check the path, or choose the backup from the gateway's catalog"));
        else if (backupCanonical == databaseCanonical || companion)
            refuse(check, QStringLiteral("the backup %1 is the live database itself").arg(backupPath),
                   QStringLiteral("choose a backup file, not the live database"));
        else if (backupCanonical.startsWith(databaseCanonical + QStringLiteral(".bad-")))
            warn(check, QStringLiteral("the backup is a database set aside by an earlier restore"));
        else if (!QFileInfo(directory).isDir() || !QFileInfo(directory).isWritable())
            refuse(check, QStringLiteral("the database directory %1 is missing or not writable").arg(directory),
                   QStringLiteral("run the restore as the user that owns the gateway's database directory, or as root"));
        else
            pass(check, QStringLiteral("backup %1, live database %2").arg(backupPath, database));
    }

    // 1. Integrity: opened read-only and immutable, nothing beside it changes.
    std::optional<DatabaseSummary> backup;
    {
        PreflightCheck &check = add(QStringLiteral("backup_integrity"),
                                    QStringLiteral("The backup is a sound SQLite database"));
        QString error;
        backup = DatabaseInspector::inspectFile(backupPath, DatabaseInspector::Check::Full, &error);
        if (!backup) {
            refuse(check, error, QStringLiteral("choose another backup; this file is not a readable Aegis database"));
        } else if (backup->integrity != QLatin1String("ok")) {
            refuse(check, QStringLiteral("PRAGMA integrity_check: %1").arg(backup->integrity),
                   QStringLiteral("this backup is damaged: choose an older one, and verify your backups regularly "
                                  "(POST /v1/admin/backups/{name}/verify)"));
            backup.reset();
        } else {
            pass(check, QStringLiteral("integrity_check ok; %1 agent(s), %2 decision(s), %3 receipt(s)")
                            .arg(backup->agents)
                            .arg(backup->decisions)
                            .arg(backup->receipts));
        }
    }

    // 2. The manifest: the only override RESTORE_AND_DRILL.md allows.
    const QString manifestPath = m_options.manifestPath.isEmpty()
        ? backupPath + QStringLiteral(".manifest.json")
        : QFileInfo(m_options.manifestPath).absoluteFilePath();
    {
        PreflightCheck &check = add(QStringLiteral("manifest"), QStringLiteral("The backup has its manifest"));
        if (!files.exists(manifestPath)) {
            refuse(check, QStringLiteral("no manifest %1: the backup's sha256 and chain heads cannot be checked "
                                         "against the record made when it was taken")
                              .arg(manifestPath),
                   QStringLiteral("prefer a backup taken by the gateway (it writes the manifest); to restore this one "
                                  "knowingly, confirm the override (aegis-restore --allow-no-manifest)"),
                   true);
            if (m_options.allowMissingManifest)
                check.status = Status::Overridden;
        } else {
            QString error;
            m_result.manifest = BackupManifest::load(manifestPath, &error);
            if (!m_result.manifest)
                refuse(check, QStringLiteral("the manifest %1 cannot be read: %2").arg(manifestPath, error),
                       QStringLiteral("the manifest is damaged: choose another backup"));
            else
                pass(check, QStringLiteral("%1 (created %2 by gateway %3)")
                                .arg(manifestPath, m_result.manifest->createdAt, m_result.manifest->gatewayVersion));
        }
    }
    if (m_result.manifest)
        plan.manifestPath = manifestPath;

    // 3. sha256 against the manifest.
    {
        PreflightCheck &check = add(QStringLiteral("sha256"), QStringLiteral("The backup's sha256 matches its manifest"));
        const auto size = files.status(backupPath, nullptr);
        const Sha256::FileResult hash = files.hashFile(
            backupPath, [this](qint64 done, qint64 total) { progress(done, total, QStringLiteral("hashing the backup")); },
            m_cancelled);
        if (!hash.ok) {
            refuse(check, hash.cancelled ? QStringLiteral("cancelled") : hash.error,
                   QStringLiteral("check that the backup file is readable"));
        } else {
            plan.backupSha256 = hash.hex;
            plan.backupBytes = hash.bytes;
            if (!m_result.manifest) {
                warn(check, QStringLiteral("sha256 %1 (no manifest to compare with)").arg(hash.hex));
            } else if (m_result.manifest->sha256.compare(hash.hex, Qt::CaseInsensitive) != 0
                       || (size && m_result.manifest->sizeBytes != size->size)) {
                refuse(check, QStringLiteral("the file's sha256 is %1, its manifest records %2 (%3 bytes recorded, %4 found)")
                                  .arg(hash.hex, m_result.manifest->sha256)
                                  .arg(m_result.manifest->sizeBytes)
                                  .arg(size ? size->size : -1),
                       QStringLiteral("the backup changed after it was taken (damage or tampering): do not restore it; "
                                      "choose another backup"));
            } else {
                pass(check, QStringLiteral("sha256 %1 as recorded").arg(hash.hex));
            }
        }
    }

    // 4. Schema: a newer backup must never be started by an older binary.
    {
        PreflightCheck &check = add(QStringLiteral("schema"),
                                    QStringLiteral("The gateway binary knows the backup's schema"));
        std::optional<int> gatewaySchema = m_options.gatewaySchemaVersion;
        QString source = QStringLiteral("the gateway binary");
        if (!gatewaySchema) {
            const ProbeReply version = m_context.gateway.get(QStringLiteral("/v1/version"), m_options.requestTimeoutMs);
            const QJsonValue value = version.json().object().value(QStringLiteral("schema_version"));
            if (version.ok() && value.isDouble()) {
                gatewaySchema = value.toInt();
                source = QStringLiteral("the running gateway");
            }
        }
        if (backup)
            plan.backupSchemaVersion = backup->schemaVersion;
        if (!gatewaySchema) {
            refuse(check, QStringLiteral("the installed gateway's schema version is unknown (the gateway does not answer "
                                         "and no gateway binary was named)"),
                   QStringLiteral("name the binary (aegis-restore --gateway-binary /usr/bin/aegis-gateway); it is asked "
                                  "with --schema-version"));
        } else if (!backup) {
            plan.gatewaySchemaVersion = *gatewaySchema;
            refuse(check, QStringLiteral("the backup's schema cannot be read"),
                   QStringLiteral("see the integrity check above"));
        } else {
            plan.gatewaySchemaVersion = *gatewaySchema;
            if (backup->schemaVersion > *gatewaySchema)
                refuse(check, QStringLiteral("the backup has schema %1, %2 knows only up to %3")
                                  .arg(backup->schemaVersion)
                                  .arg(source)
                                  .arg(*gatewaySchema),
                       QStringLiteral("install the gateway version that made this backup (or a newer one) before "
                                      "restoring it; an older binary must never open a newer database"));
            else if (backup->schemaVersion < *gatewaySchema)
                pass(check, QStringLiteral("backup schema %1, gateway %2: the gateway migrates it at start")
                                .arg(backup->schemaVersion)
                                .arg(*gatewaySchema));
            else
                pass(check, QStringLiteral("backup schema %1, gateway %2").arg(backup->schemaVersion).arg(*gatewaySchema));
        }
    }

    // 5. Chains: intact, and ending where the manifest says.
    {
        PreflightCheck &check = add(QStringLiteral("chains"),
                                    QStringLiteral("Every receipt chain in the backup verifies and matches the manifest"));
        if (!backup) {
            refuse(check, QStringLiteral("not checked: the backup cannot be read"), QStringLiteral("see the integrity check above"));
        } else {
            DatabaseChainVerifier::Options options;
            if (m_result.manifest)
                options.expectedHeads = m_result.manifest->tenants;
            options.cancelled = m_cancelled;
            options.progress = [this, backup](qint64 done) {
                progress(done, backup->receipts, QStringLiteral("verifying the backup's receipt chains"));
            };
            QString error;
            const auto report = DatabaseChainVerifier(options).verifyFile(backupPath, &error);
            if (!report) {
                refuse(check, error, QStringLiteral("choose another backup"));
            } else if (report->isCancelled()) {
                refuse(check, QStringLiteral("cancelled"), QString());
            } else if (!report->verified()) {
                const auto failure = report->firstFailure();
                refuse(check, QStringLiteral("tenant %1: %2").arg(failure->first, failure->second.message.isEmpty()
                                                                                     ? failure->second.summary()
                                                                                     : failure->second.message),
                       QStringLiteral("this backup's evidence is broken or does not match its manifest: do not restore it; "
                                      "choose another backup and keep this one for investigation"));
            } else if (m_result.manifest
                       && (m_result.manifest->agents != backup->agents || m_result.manifest->decisions != backup->decisions
                           || m_result.manifest->receipts != backup->receipts)) {
                refuse(check, QStringLiteral("the manifest records %1/%2/%3 agents/decisions/receipts, the file holds %4/%5/%6")
                                  .arg(m_result.manifest->agents)
                                  .arg(m_result.manifest->decisions)
                                  .arg(m_result.manifest->receipts)
                                  .arg(backup->agents)
                                  .arg(backup->decisions)
                                  .arg(backup->receipts),
                       QStringLiteral("the manifest does not describe this file: choose another backup"));
            } else if (report->isEmpty()) {
                warn(check, QStringLiteral("the backup holds no receipts: there is no chain to verify"));
            } else {
                pass(check, QStringLiteral("%1 receipt(s) in %2 chain(s) verified%3")
                                .arg(report->count())
                                .arg(report->tenants().size())
                                .arg(m_result.manifest ? QStringLiteral(", every manifest head present") : QString()));
            }
        }
    }
    if (backup) {
        plan.backup = *backup;
        if (m_result.manifest) {
            // What the restored gateway must serve is what the manifest
            // recorded; the chain check above proved the file agrees.
            plan.backup.heads = m_result.manifest->tenants;
        }
    }

    // When the backup was taken, for its age (the recovery point).
    {
        QDateTime created;
        if (m_result.manifest)
            created = Timestamp::parse(m_result.manifest->createdAt);
        if (!created.isValid())
            created = QFileInfo(backupPath).lastModified().toUTC();
        if (created.isValid()) {
            plan.backupCreatedAt = Timestamp::seconds(created);
            plan.backupAgeSeconds = std::max<qint64>(0, created.secsTo(m_context.clock.nowUtc()));
        }
    }

    // 6. Space on the database's file system.
    qint64 liveBytes = 0;
    for (const QString &role : RestoreFileNames::roles()) {
        if (const auto status = files.status(database + RestoreFileNames::suffix(role), nullptr))
            liveBytes += status->size;
    }
    {
        PreflightCheck &check = add(QStringLiteral("space"), QStringLiteral("There is room for the copy"));
        const qint64 backupBytes = plan.backupBytes > 0 ? plan.backupBytes
                                                        : files.status(backupPath, nullptr).value_or(FileStatus()).size;
        plan.neededBytes = backupBytes + liveBytes + marginFor(backupBytes, m_options.spaceMarginBytes);
        QString error;
        const auto free = files.freeBytes(QFileInfo(database).absolutePath(), &error);
        if (!free) {
            refuse(check, error, QStringLiteral("check that the database directory exists"));
        } else {
            plan.freeBytes = *free;
            if (*free < plan.neededBytes)
                refuse(check, QStringLiteral("%1 bytes free on the database's file system, %2 needed (backup %3 + live "
                                             "database %4 + margin)")
                                  .arg(*free)
                                  .arg(plan.neededBytes)
                                  .arg(backupBytes)
                                  .arg(liveBytes),
                       QStringLiteral("free space on that file system (old backups, logs), then try again"));
            else
                pass(check, QStringLiteral("%1 bytes free, %2 needed").arg(*free).arg(plan.neededBytes));
        }
    }

    // 7. Owner: the copy must be the gateway's to open, as the live file was.
    const auto liveStatus = files.status(database, nullptr);
    {
        PreflightCheck &check = add(QStringLiteral("ownership"),
                                    QStringLiteral("The restored file can keep the live database's owner"));
        const uint self = files.effectiveUserId();
        if (!liveStatus)
            warn(check, QStringLiteral("there is no live database at %1: the copy will belong to this user").arg(database));
        else if (self != 0 && self != liveStatus->ownerId)
            refuse(check, QStringLiteral("the live database belongs to uid %1; this restore runs as uid %2 and cannot "
                                         "give the copy that owner")
                              .arg(liveStatus->ownerId)
                              .arg(self),
                   QStringLiteral("run the restore as the gateway's user, or as root"));
        else
            pass(check, QStringLiteral("owner %1:%2, mode %3")
                            .arg(liveStatus->ownerId)
                            .arg(liveStatus->groupId)
                            .arg(QString::number(liveStatus->mode, 8)));
    }

    // 8. The token: found wrong now, not after the gateway was stopped.
    {
        PreflightCheck &check = add(QStringLiteral("admin_token"), QStringLiteral("The gateway accepts the admin token"));
        const ProbeReply agents = m_context.gateway.get(QStringLiteral("/v1/agents?limit=1"), m_options.requestTimeoutMs);
        if (!agents.answered())
            warn(check, QStringLiteral("the gateway at %1 does not answer (%2); the token is checked after the restart")
                            .arg(m_context.gateway.describe(), agents.describe()));
        else if (agents.status == 401 || agents.status == 403)
            refuse(check, QStringLiteral("the gateway refused the admin token (%1)").arg(agents.describe()),
                   QStringLiteral("give the right token file (--token-file); the checks after the restart need it"));
        else
            pass(check, QStringLiteral("the gateway at %1 answers and accepts the token").arg(m_context.gateway.describe()));
    }

    // 9. What would be lost, counted from the live database when readable.
    {
        PreflightCheck &check = add(QStringLiteral("data_loss"), QStringLiteral("Evidence newer than the backup"));
        if (backup) {
            plan.loss = DataLoss::measure(database, *backup);
            if (plan.loss.isNone())
                pass(check, plan.loss.describe());
            else
                warn(check, plan.loss.describe());
        } else {
            plan.loss.unknownReason = QStringLiteral("the backup cannot be read");
            warn(check, plan.loss.describe());
        }
    }

    // The plan's file list and names; the stamp is free of earlier restores.
    qint64 stamp = m_context.clock.nowUtc().toSecsSinceEpoch();
    while (files.exists(RestoreFileNames(database, stamp).aside(QStringLiteral("db")))
           || files.exists(RestoreFileNames(database, stamp).failed(QStringLiteral("db"))))
        ++stamp;
    plan.stamp = stamp;
    const RestoreFileNames names(database, stamp);
    plan.files.append({PlannedFile::Action::Create, QString(), RestoreFileNames::journal(database), -1,
                       QStringLiteral("the restore journal, rewritten before each step; removed at the end")});
    for (const QString &role : RestoreFileNames::roles()) {
        const auto status = files.status(names.live(role), nullptr);
        if (role == QLatin1String("db") || status)
            plan.files.append({PlannedFile::Action::Move, names.live(role), names.aside(role), status ? status->size : -1,
                               role == QLatin1String("db")
                                   ? QStringLiteral("set aside, never deleted by the restore")
                                   : QStringLiteral("moved too if still present once the gateway has stopped")});
    }
    plan.files.append({PlannedFile::Action::Copy, backupPath, names.temporary(), plan.backupBytes,
                       QStringLiteral("fsynced, then its sha256 is checked against the backup's")});
    plan.files.append({PlannedFile::Action::Rename, names.temporary(), database, plan.backupBytes,
                       liveStatus ? QStringLiteral("with the live database's owner and mode") : QString()});
    const QString report = m_options.reportPath.isEmpty()
        ? database + QStringLiteral(".restore-%1.report.json").arg(stamp)
        : QFileInfo(m_options.reportPath).absoluteFilePath();
    plan.files.append({PlannedFile::Action::Create, QString(), report, -1, QStringLiteral("the restore report (and .txt)")});
    return m_result;
}

} // namespace aegis
