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

PreflightCheck newCheck(const QString &id, const QString &title)
{
    PreflightCheck check;
    check.id = id;
    check.kind = PreflightCheck::kindFromId(id);
    check.title = title;
    return check;
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

void RestorePreflight::progress(qint64 done, qint64 total, ProgressUnit unit, const QString &what)
{
    if (m_context.observer)
        m_context.observer->stepProgress(RestoreStep::Preflight, done, total, unit, what);
}

PreflightResult RestorePreflight::run()
{
    static constexpr Check checks[] = {
        &RestorePreflight::checkNoUnfinishedRestore,
        &RestorePreflight::checkPaths,
        &RestorePreflight::checkBackupIntegrity,
        &RestorePreflight::checkManifest,
        &RestorePreflight::checkSha256,
        &RestorePreflight::checkSchema,
        &RestorePreflight::checkChains,
        &RestorePreflight::checkSpace,
        &RestorePreflight::checkOwnership,
        // What the restore loses is said before any note about the token.
        &RestorePreflight::checkDataLoss,
        &RestorePreflight::checkAdminToken,
    };

    startPlan();
    for (const Check check : checks)
        m_result.checks.append((this->*check)());
    planBackup();
    planBackupAge();
    planFiles();
    return m_result;
}

void RestorePreflight::startPlan()
{
    m_result = PreflightResult();
    m_backup.reset();
    m_liveStatus.reset();
    m_database = QFileInfo(m_options.databasePath).absoluteFilePath();
    m_backupPath = QFileInfo(m_options.backupPath).absoluteFilePath();
    m_manifestPath = m_options.manifestPath.isEmpty() ? m_backupPath + QStringLiteral(".manifest.json")
                                                      : QFileInfo(m_options.manifestPath).absoluteFilePath();
    RestorePlan &plan = m_result.plan;
    plan.databasePath = m_database;
    plan.backupPath = m_backupPath;
    plan.service = m_options.service.describe();
    plan.gatewayUrl = m_options.gatewayUrl;
}

// An unfinished restore must be finished or rolled back first: a second
// one would set aside the first one's restored copy as "the original".
PreflightCheck RestorePreflight::checkNoUnfinishedRestore()
{
    PreflightCheck check = newCheck(QStringLiteral("no_unfinished_restore"), QStringLiteral("No unfinished restore"));
    const QString journal = RestoreFileNames::journal(m_database);
    if (m_context.files.exists(journal)) {
        refuse(check, QStringLiteral("an unfinished restore left its journal %1").arg(journal),
               QStringLiteral("finish or roll it back first: aegis-restore --resume --db %1 (or the console's "
                              "restore page)")
                   .arg(m_database));
        check.option = QStringLiteral("--resume");
    } else {
        pass(check, QStringLiteral("no restore journal beside the database"));
    }
    return check;
}

PreflightCheck RestorePreflight::checkPaths()
{
    PreflightCheck check
        = newCheck(QStringLiteral("paths"), QStringLiteral("The backup and the database are different files"));
    const QString backupCanonical = canonical(m_backupPath);
    const QString databaseCanonical = canonical(m_database);
    const QString directory = QFileInfo(m_database).absolutePath();
    bool companion = false;
    for (const QString &role : RestoreFileNames::roles())
        companion = companion || backupCanonical == canonical(m_database + RestoreFileNames::suffix(role));
    if (!m_context.files.exists(m_backupPath))
        refuse(check, QStringLiteral("the backup %1 does not exist").arg(m_backupPath),
               QStringLiteral("check the path, or choose the backup from the gateway's catalog"));
    else if (backupCanonical == databaseCanonical || companion)
        refuse(check, QStringLiteral("the backup %1 is the live database itself").arg(m_backupPath),
               QStringLiteral("choose a backup file, not the live database"));
    else if (backupCanonical.startsWith(databaseCanonical + QStringLiteral(".bad-")))
        warn(check, QStringLiteral("the backup is a database set aside by an earlier restore"));
    else if (!QFileInfo(directory).isDir() || !QFileInfo(directory).isWritable())
        refuse(check, QStringLiteral("the database directory %1 is missing or not writable").arg(directory),
               QStringLiteral("run the restore as the user that owns the gateway's database directory, or as root"));
    else
        pass(check, QStringLiteral("backup %1, live database %2").arg(m_backupPath, m_database));
    return check;
}

// 1. Integrity: opened read-only and immutable, nothing beside it changes.
PreflightCheck RestorePreflight::checkBackupIntegrity()
{
    PreflightCheck check
        = newCheck(QStringLiteral("backup_integrity"), QStringLiteral("The backup is a sound SQLite database"));
    // The manifest is read again by its own check, which words what is
    // wrong with it; here it only names the heads the chains must reach.
    const std::optional<BackupManifest> manifest = m_context.files.exists(m_manifestPath)
        ? BackupManifest::load(m_manifestPath, nullptr)
        : std::nullopt;
    m_readAhead = std::make_unique<BackupReadAhead>(m_context.files, m_backupPath,
                                                    manifest ? manifest->tenants : ExpectedHeads(), m_cancelled);
    QString error;
    m_backup = DatabaseInspector::inspectFile(m_backupPath, DatabaseInspector::Check::Full, &error);
    if (!m_backup) {
        refuse(check, error, QStringLiteral("choose another backup; this file is not a readable Aegis database"));
    } else if (m_backup->integrity != QLatin1String("ok")) {
        refuse(check, QStringLiteral("PRAGMA integrity_check: %1").arg(m_backup->integrity),
               QStringLiteral("this backup is damaged: choose an older one, and verify your backups regularly "
                              "(POST /v1/admin/backups/{name}/verify)"));
        m_backup.reset();
    } else {
        pass(check, QStringLiteral("integrity_check ok; %1 agent(s), %2 decision(s), %3 receipt(s)")
                        .arg(m_backup->agents)
                        .arg(m_backup->decisions)
                        .arg(m_backup->receipts));
    }
    return check;
}

// 2. The manifest: the only override RESTORE_AND_DRILL.md allows.
PreflightCheck RestorePreflight::checkManifest()
{
    PreflightCheck check = newCheck(QStringLiteral("manifest"), QStringLiteral("The backup has its manifest"));
    if (!m_context.files.exists(m_manifestPath)) {
        refuse(check, QStringLiteral("no manifest %1: the backup's sha256 and chain heads cannot be checked "
                                     "against the record made when it was taken")
                          .arg(m_manifestPath),
               QStringLiteral("prefer a backup taken by the gateway (it writes the manifest); to restore this one "
                              "knowingly, confirm the override (aegis-restore --allow-no-manifest)"),
               true);
        check.option = QStringLiteral("--allow-no-manifest");
        if (m_options.allowMissingManifest)
            check.status = Status::Overridden;
    } else {
        QString error;
        m_result.manifest = BackupManifest::load(m_manifestPath, &error);
        if (!m_result.manifest)
            refuse(check, QStringLiteral("the manifest %1 cannot be read: %2").arg(m_manifestPath, error),
                   QStringLiteral("the manifest is damaged: choose another backup"));
        else {
            // The time stays typed (the reader writes it in its own form);
            // only an unreadable one is shown as the manifest has it.
            check.createdAt = Timestamp::parse(m_result.manifest->createdAt);
            pass(
                check,
                check.createdAt.isValid() || m_result.manifest->createdAt.isEmpty()
                    ? QStringLiteral("%1, written by gateway %2").arg(m_manifestPath, m_result.manifest->gatewayVersion)
                    : QStringLiteral("%1 (created %2 by gateway %3)")
                          .arg(m_manifestPath, m_result.manifest->createdAt, m_result.manifest->gatewayVersion));
        }
    }
    if (m_result.manifest)
        m_result.plan.manifestPath = m_manifestPath;
    return check;
}

// 3. sha256 against the manifest.
PreflightCheck RestorePreflight::checkSha256()
{
    PreflightCheck check = newCheck(QStringLiteral("sha256"), QStringLiteral("The backup's sha256 matches its manifest"));
    RestorePlan &plan = m_result.plan;
    const auto size = m_context.files.status(m_backupPath, nullptr);
    const Sha256::FileResult hash = m_readAhead->sha256(
        [this](qint64 done, qint64 total) { progress(done, total, ProgressUnit::Bytes, QStringLiteral("hashing the backup")); });
    if (!hash.ok) {
        refuse(check, hash.cancelled ? QStringLiteral("cancelled") : hash.error,
               QStringLiteral("check that the backup file is readable"));
        return check;
    }
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
    return check;
}

// 4. Schema: a newer backup must never be started by an older binary.
PreflightCheck RestorePreflight::checkSchema()
{
    PreflightCheck check
        = newCheck(QStringLiteral("schema"), QStringLiteral("The gateway binary knows the backup's schema"));
    RestorePlan &plan = m_result.plan;
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
    if (m_backup)
        plan.backupSchemaVersion = m_backup->schemaVersion;
    if (!gatewaySchema) {
        refuse(check, QStringLiteral("the installed gateway's schema version is unknown (the gateway does not answer "
                                     "and no gateway binary was named)"),
               QStringLiteral("name the binary (aegis-restore --gateway-binary /usr/bin/aegis-gateway); it is asked "
                              "with --schema-version"));
        check.option = QStringLiteral("--gateway-binary");
        return check;
    }
    plan.gatewaySchemaVersion = *gatewaySchema;
    if (!m_backup)
        refuse(check, QStringLiteral("the backup's schema cannot be read"), QStringLiteral("see the integrity check above"));
    else if (m_backup->schemaVersion > *gatewaySchema)
        refuse(check, QStringLiteral("the backup has schema %1, %2 knows only up to %3")
                          .arg(m_backup->schemaVersion)
                          .arg(source)
                          .arg(*gatewaySchema),
               QStringLiteral("install the gateway version that made this backup (or a newer one) before "
                              "restoring it; an older binary must never open a newer database"));
    else if (m_backup->schemaVersion < *gatewaySchema)
        pass(check, QStringLiteral("backup schema %1, gateway %2: the gateway migrates it at start")
                        .arg(m_backup->schemaVersion)
                        .arg(*gatewaySchema));
    else
        pass(check, QStringLiteral("backup schema %1, gateway %2").arg(m_backup->schemaVersion).arg(*gatewaySchema));
    return check;
}

// 5. Chains: intact, and ending where the manifest says.
PreflightCheck RestorePreflight::checkChains()
{
    PreflightCheck check = newCheck(QStringLiteral("chains"),
                                    QStringLiteral("Every receipt chain in the backup verifies and matches the manifest"));
    if (!m_backup) {
        refuse(check, QStringLiteral("not checked: the backup cannot be read"), QStringLiteral("see the integrity check above"));
        return check;
    }
    const std::optional<BackupManifest> &manifest = m_result.manifest;
    const DatabaseSummary &backup = *m_backup;
    QString error;
    const auto report = m_readAhead->chains(
        [this, receipts = backup.receipts](qint64 done) {
            progress(done, receipts, ProgressUnit::Receipts, QStringLiteral("verifying the backup's receipt chains"));
        },
        &error);
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
    } else if (manifest
               && (manifest->agents != backup.agents || manifest->decisions != backup.decisions
                   || manifest->receipts != backup.receipts)) {
        refuse(check, QStringLiteral("the manifest records %1/%2/%3 agents/decisions/receipts, the file holds %4/%5/%6")
                          .arg(manifest->agents)
                          .arg(manifest->decisions)
                          .arg(manifest->receipts)
                          .arg(backup.agents)
                          .arg(backup.decisions)
                          .arg(backup.receipts),
               QStringLiteral("the manifest does not describe this file: choose another backup"));
    } else if (report->isEmpty()) {
        warn(check, QStringLiteral("the backup holds no receipts: there is no chain to verify"));
    } else {
        pass(check, QStringLiteral("%1 receipt(s) in %2 chain(s) verified%3")
                        .arg(report->count())
                        .arg(report->tenants().size())
                        .arg(manifest ? QStringLiteral(", every manifest head present") : QString()));
    }
    return check;
}

// 6. Space on the database's file system.
PreflightCheck RestorePreflight::checkSpace()
{
    PreflightCheck check = newCheck(QStringLiteral("space"), QStringLiteral("There is room for the copy"));
    FileOperations &files = m_context.files;
    RestorePlan &plan = m_result.plan;
    qint64 liveBytes = 0;
    for (const QString &role : RestoreFileNames::roles()) {
        if (const auto status = files.status(m_database + RestoreFileNames::suffix(role), nullptr))
            liveBytes += status->size;
    }
    const qint64 backupBytes
        = plan.backupBytes > 0 ? plan.backupBytes : files.status(m_backupPath, nullptr).value_or(FileStatus()).size;
    plan.neededBytes = backupBytes + liveBytes + marginFor(backupBytes, m_options.spaceMarginBytes);
    QString error;
    const auto free = files.freeBytes(QFileInfo(m_database).absolutePath(), &error);
    if (!free) {
        refuse(check, error, QStringLiteral("check that the database directory exists"));
        return check;
    }
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
    return check;
}

// 7. Owner: the copy must be the gateway's to open, as the live file was.
PreflightCheck RestorePreflight::checkOwnership()
{
    PreflightCheck check = newCheck(QStringLiteral("ownership"),
                                    QStringLiteral("The restored file can keep the live database's owner"));
    m_liveStatus = m_context.files.status(m_database, nullptr);
    const uint self = m_context.files.effectiveUserId();
    if (!m_liveStatus)
        warn(check, QStringLiteral("there is no live database at %1: the copy will belong to this user").arg(m_database));
    else if (self != 0 && self != m_liveStatus->ownerId)
        refuse(check, QStringLiteral("the live database belongs to uid %1; this restore runs as uid %2 and cannot "
                                     "give the copy that owner")
                          .arg(m_liveStatus->ownerId)
                          .arg(self),
               QStringLiteral("run the restore as the gateway's user, or as root"));
    else
        pass(check, QStringLiteral("owner %1:%2, mode %3")
                        .arg(m_liveStatus->ownerId)
                        .arg(m_liveStatus->groupId)
                        .arg(QString::number(m_liveStatus->mode, 8)));
    return check;
}

// 9. The token: found wrong now, not after the gateway was stopped.
PreflightCheck RestorePreflight::checkAdminToken()
{
    PreflightCheck check = newCheck(QStringLiteral("admin_token"), QStringLiteral("The gateway accepts the admin token"));
    const ProbeReply agents = m_context.gateway.get(QStringLiteral("/v1/agents?limit=1"), m_options.requestTimeoutMs);
    if (!agents.answered()) {
        warn(check, QStringLiteral("the gateway at %1 does not answer (%2); the token is checked after the restart")
                        .arg(m_context.gateway.describe(), agents.describe()));
    } else if (agents.status == 401 || agents.status == 403) {
        refuse(check, QStringLiteral("the gateway refused the admin token (%1)").arg(agents.describe()),
               QStringLiteral("give the right token file (--token-file); the checks after the restart need it"));
        check.option = QStringLiteral("--token-file");
    } else {
        pass(check, QStringLiteral("the gateway at %1 answers and accepts the token").arg(m_context.gateway.describe()));
    }
    return check;
}

// 8. What would be lost, counted from the live database when readable.
PreflightCheck RestorePreflight::checkDataLoss()
{
    PreflightCheck check = newCheck(QStringLiteral("data_loss"), QStringLiteral("Evidence newer than the backup"));
    DataLoss &loss = m_result.plan.loss;
    if (m_backup) {
        loss = DataLoss::measure(m_database, *m_backup, m_backupPath);
        if (loss.isNone())
            pass(check, loss.describe());
        else
            warn(check, loss.describe());
    } else {
        loss.unknownReason = QStringLiteral("the backup cannot be read");
        warn(check, loss.describe());
    }
    return check;
}

void RestorePreflight::planBackup()
{
    if (!m_backup)
        return;
    RestorePlan &plan = m_result.plan;
    plan.backup = *m_backup;
    if (m_result.manifest) {
        // What the restored gateway must serve is what the manifest
        // recorded; the chain check proved the file agrees.
        plan.backup.heads = m_result.manifest->tenants;
    }
}

// When the backup was taken, for its age (the recovery point).
void RestorePreflight::planBackupAge()
{
    QDateTime created;
    if (m_result.manifest)
        created = Timestamp::parse(m_result.manifest->createdAt);
    if (!created.isValid())
        created = QFileInfo(m_backupPath).lastModified().toUTC();
    if (created.isValid()) {
        m_result.plan.backupCreatedAt = Timestamp::seconds(created);
        m_result.plan.backupAgeSeconds = std::max<qint64>(0, created.secsTo(m_context.clock.nowUtc()));
    }
}

// The plan's file list and names; the stamp is free of earlier restores.
void RestorePreflight::planFiles()
{
    FileOperations &files = m_context.files;
    RestorePlan &plan = m_result.plan;
    qint64 stamp = m_context.clock.nowUtc().toSecsSinceEpoch();
    while (files.exists(RestoreFileNames(m_database, stamp).aside(QStringLiteral("db")))
           || files.exists(RestoreFileNames(m_database, stamp).failed(QStringLiteral("db"))))
        ++stamp;
    plan.stamp = stamp;
    const RestoreFileNames names(m_database, stamp);
    plan.files.append({PlannedFile::Action::Create, QString(), RestoreFileNames::journal(m_database), -1,
                       QStringLiteral("the restore journal, rewritten before each step; removed at the end")});
    for (const QString &role : RestoreFileNames::roles()) {
        const auto status = files.status(names.live(role), nullptr);
        if (role == QLatin1String("db") || status)
            plan.files.append({PlannedFile::Action::Move, names.live(role), names.aside(role), status ? status->size : -1,
                               role == QLatin1String("db")
                                   ? QStringLiteral("set aside, never deleted by the restore")
                                   : QStringLiteral("moved too if still present once the gateway has stopped")});
    }
    plan.files.append({PlannedFile::Action::Copy, m_backupPath, names.temporary(), plan.backupBytes,
                       QStringLiteral("fsynced, then its sha256 is checked against the backup's")});
    plan.files.append({PlannedFile::Action::Rename, names.temporary(), m_database, plan.backupBytes,
                       m_liveStatus ? QStringLiteral("with the live database's owner and mode") : QString()});
    const QString report = m_options.reportPath.isEmpty()
        ? names.report()
        : QFileInfo(m_options.reportPath).absoluteFilePath();
    plan.files.append({PlannedFile::Action::Create, QString(), report, -1, QStringLiteral("the restore report (and .txt)")});
}

} // namespace aegis
