#include "gateway/backup/BackupService.h"

#include "common/backup/BackupName.h"
#include "common/crypto/Sha256.h"
#include "common/db/DatabaseInspector.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/util/CrashPoint.h"
#include "common/util/FileSync.h"
#include "common/util/LowPriorityThread.h"
#include "common/util/Timestamp.h"
#include "gateway/GatewayLogging.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

namespace aegis {

namespace {

bool isDiskFull(int error)
{
    return error == ENOSPC || error == EDQUOT || error == EFBIG;
}

// SQLITE_FULL is 13; a short write beyond a file-size limit reports it too.
bool isSqliteFull(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("13")
        || error.databaseText().contains(QStringLiteral("database or disk is full"));
}

void removeQuietly(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-journal"));
}

// A database's -wal, -shm or -journal beside it (an archived pre-restore
// database keeps its companions): part of that database, not a backup.
bool isCompanion(const QString &name, const QStringList &directory)
{
    for (const QLatin1String suffix : {QLatin1String("-wal"), QLatin1String("-shm"), QLatin1String("-journal")}) {
        if (name.endsWith(suffix) && directory.contains(name.chopped(suffix.size())))
            return true;
    }
    return false;
}

QString temporaryPath(const QString &directory, const QString &name)
{
    return QDir(directory).filePath(QLatin1Char('.') + name + QStringLiteral(".partial"));
}

} // namespace

BackupService::BackupService(QString directory, Database &database, int binarySchemaVersion, QString gatewayVersion)
    : m_directory(std::move(directory))
    , m_database(database)
    , m_binarySchemaVersion(binarySchemaVersion)
    , m_gatewayVersion(std::move(gatewayVersion))
{
}

QString BackupService::absolutePath(const QString &name) const
{
    return QDir(m_directory).absoluteFilePath(name);
}

bool BackupService::prepare(QString *error, QStringList *removedLeftovers)
{
    const QByteArray native = QFile::encodeName(m_directory);
    if (!QFileInfo(m_directory).isDir()) {
        QDir().mkpath(QFileInfo(m_directory).absolutePath());
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
            *error = QStringLiteral("cannot create the backup directory %1: %2")
                         .arg(m_directory, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
    }
    if (::access(native.constData(), W_OK | X_OK) != 0) {
        *error = QStringLiteral("the backup directory %1 is not writable").arg(m_directory);
        return false;
    }
    const QDir dir(m_directory);
    // Every temporary name create() uses: the copy, SQLite's own journal for
    // it, and the manifest's temporary file (FileSync::writeFile). The
    // database lock is held, so no other gateway is writing them.
    bool removedAny = false;
    for (const QString &leftover :
         dir.entryList({QStringLiteral(".*.partial"), QStringLiteral(".*.partial-journal"),
                        QStringLiteral(".*.manifest.json.*.tmp")},
                       QDir::Files | QDir::Hidden | QDir::System)) {
        if (QFile::remove(dir.filePath(leftover))) {
            removedLeftovers->append(leftover);
            removedAny = true;
        }
    }
    // A manifest without its backup file is a backup that never finished
    // (the manifest is written first) or one half-deleted: it describes
    // nothing restorable, and it would keep the name taken.
    for (const QString &manifest : dir.entryList({QStringLiteral("*.manifest.json")}, QDir::Files)) {
        const QString backup = manifest.chopped(BackupName::manifestName(QString()).size());
        if (QFileInfo::exists(dir.filePath(backup)))
            continue;
        if (QFile::remove(dir.filePath(manifest))) {
            removedLeftovers->append(manifest);
            removedAny = true;
        }
    }
    if (removedAny)
        FileSync::fsyncDirectory(m_directory, nullptr);
    return true;
}

int BackupService::reserve(const QString &name, QString *message)
{
    if (const QString problem = BackupName::problem(name); !problem.isEmpty()) {
        *message = QStringLiteral("invalid backup name: %1").arg(problem);
        return 400;
    }
    QMutexLocker lock(&m_mutex);
    if (m_inProgress.contains(name)) {
        *message = QStringLiteral("a backup named %1 is being written right now").arg(name);
        return 409;
    }
    if (QFileInfo::exists(absolutePath(name)) || QFileInfo::exists(absolutePath(BackupName::manifestName(name)))) {
        *message = QStringLiteral("backup file already exists: %1").arg(name);
        return 409;
    }
    m_inProgress.insert(name);
    return 0;
}

void BackupService::release(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    m_inProgress.remove(name);
}

BackupService::Outcome BackupService::create(const QString &name, bool automatic,
                                             const std::function<bool()> &cancelled)
{
    Outcome outcome;
    LowPriorityThread::run([&] { outcome = createNow(name, automatic, cancelled); });
    return outcome;
}

BackupService::Outcome BackupService::createNow(const QString &name, bool automatic,
                                                const std::function<bool()> &cancelled)
{
    Outcome outcome;
    outcome.path = QDir(m_directory).filePath(name);
    const QString finalPath = absolutePath(name);
    const QString temporary = temporaryPath(m_directory, name);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    QElapsedTimer clock;
    clock.start();
    auto fail = [&](int status, const QString &message) {
        removeQuietly(temporary);
        outcome.status = status;
        outcome.message = message;
        qCWarning(lcBackup, "backup %s failed: %s", qPrintable(name), qPrintable(message));
        return outcome;
    };
    const QString full = QStringLiteral("the file system of the backup directory is full; nothing was kept");

    removeQuietly(temporary);
    {
        ScopedConnection connection(m_database, QStringLiteral("backup"));
        if (!connection.isOpen())
            return fail(500, QStringLiteral("cannot open the database: %1").arg(connection.error()));
        QSqlQuery vacuum(connection.db());
        vacuum.prepare(QStringLiteral("VACUUM INTO ?"));
        vacuum.addBindValue(temporary);
        if (!vacuum.exec())
            return fail(isSqliteFull(vacuum.lastError()) ? 507 : 500,
                        isSqliteFull(vacuum.lastError()) ? full
                                                         : QStringLiteral("the copy failed: %1").arg(vacuum.lastError().text()));
    }
    if (cancelled && cancelled())
        return fail(503, QStringLiteral("the backup was stopped before it finished; nothing was kept"));

    QString error;
    ::chmod(QFile::encodeName(temporary).constData(), 0600);
    // The copy is complete. Its flush (I/O wait) and its hash run on two
    // more threads while this one checks it: the backup then takes about
    // the copy plus its longest check, not their sum (bench/backup.sh).
    // Both are always waited for before the file can go; a failed check
    // abandons the hash.
    std::atomic_bool abandoned = false;
    std::future<Sha256::FileResult> hashing = std::async(std::launch::async, [&temporary, &cancelled, &abandoned] {
        return Sha256::hashFile(temporary, {}, [&cancelled, &abandoned] {
            return abandoned.load() || (cancelled && cancelled());
        });
    });
    struct Flush
    {
        bool ok = false;
        int cause = 0;
        QString error;
    };
    // SQLite does not flush a VACUUM INTO copy: that is our job.
    std::future<Flush> flushing = std::async(std::launch::async, [&temporary] {
        Flush out;
        out.ok = FileSync::fsyncFile(temporary, &out.error);
        out.cause = FileSync::lastErrno();
        return out;
    });
    // The manifest describes the copy, read from the copy itself.
    const auto summary = DatabaseInspector::inspectFile(temporary, DatabaseInspector::Check::Quick, &error);
    if (!summary || summary->integrity != QLatin1String("ok"))
        abandoned = true;
    const Flush flushed = flushing.get();
    hashing.wait();
    if (!flushed.ok)
        return fail(isDiskFull(flushed.cause) ? 507 : 500, isDiskFull(flushed.cause) ? full : flushed.error);
    if (!summary)
        return fail(500, QStringLiteral("the copy cannot be read back: %1").arg(error));
    if (summary->integrity != QLatin1String("ok"))
        return fail(500, QStringLiteral("the copy failed its quick check: %1").arg(summary->integrity));
    const Sha256::FileResult hash = hashing.get();
    if (!hash.ok)
        return fail(hash.cancelled ? 503 : 500, hash.cancelled ? QStringLiteral("the backup was stopped") : hash.error);

    // The manifest goes first and the data file last: a backup appears in
    // the catalog, under its final name, only once its manifest is durable
    // beside it. A crash in between leaves a manifest without its file,
    // which the catalog does not list and the next start removes
    // (prepare()), never a backup that looks whole without its manifest.
    BackupManifest &manifest = outcome.manifest;
    manifest.name = name;
    manifest.sha256 = hash.hex;
    manifest.sizeBytes = hash.bytes;
    manifest.createdAt = Timestamp::millis(started);
    manifest.gatewayVersion = m_gatewayVersion;
    manifest.describe(*summary);
    manifest.automatic = automatic;
    manifest.kind = automatic ? BackupKind::Automatic : BackupKind::Manual;
    manifest.durationMs = clock.elapsed();
    const QString manifestPath = absolutePath(BackupName::manifestName(name));
    if (!FileSync::writeFile(manifestPath, manifest.toBytes(), 0600, false, &error)) {
        const int cause = FileSync::lastErrno();
        if (cause == EEXIST)
            return fail(409, QStringLiteral("backup file already exists: %1").arg(BackupName::manifestName(name)));
        return fail(isDiskFull(cause) ? 507 : 500,
                    isDiskFull(cause) ? full : QStringLiteral("cannot write the manifest: %1").arg(error));
    }
    CrashPoint::reached("backup-manifest-written");

    // Neither half is kept without the other.
    auto failWithoutManifest = [&](int status, const QString &message) {
        QFile::remove(manifestPath);
        FileSync::fsyncDirectory(m_directory, nullptr);
        return fail(status, message);
    };
    if (!FileSync::renameNoReplace(temporary, finalPath, &error)) {
        return FileSync::lastErrno() == EEXIST
                   ? failWithoutManifest(409, QStringLiteral("backup file already exists: %1").arg(name))
                   : failWithoutManifest(500, error);
    }
    CrashPoint::reached("backup-file-renamed");
    if (!FileSync::fsyncDirectory(m_directory, &error)) {
        const int cause = FileSync::lastErrno();
        QFile::remove(finalPath);
        return failWithoutManifest(isDiskFull(cause) ? 507 : 500, error);
    }
    qCInfo(lcBackup, "backup %s written: %lld bytes in %lld ms, sha256 %s", qPrintable(name),
           static_cast<long long>(manifest.sizeBytes), static_cast<long long>(manifest.durationMs),
           qPrintable(manifest.sha256));
    return outcome;
}

std::optional<BackupEntry> BackupService::entryAt(const QString &name) const
{
    const QFileInfo file(absolutePath(name));
    if (!file.isFile())
        return std::nullopt;
    BackupEntry entry;
    entry.name = name;
    entry.path = QDir(m_directory).filePath(name);
    entry.absolutePath = file.absoluteFilePath();
    entry.sizeBytes = file.size();
    entry.createdAt = Timestamp::millis(file.lastModified().toUTC());
    const QString manifestPath = absolutePath(BackupName::manifestName(name));
    if (QFileInfo::exists(manifestPath)) {
        QString error;
        entry.manifest = BackupManifest::load(manifestPath, &error);
        if (entry.manifest)
            entry.createdAt = entry.manifest->createdAt;
        else
            entry.manifestError = error;
    }
    return entry;
}

std::optional<BackupEntry> BackupService::entry(const QString &name) const
{
    if (!BackupName::isValid(name))
        return std::nullopt;
    {
        QMutexLocker lock(&m_mutex);
        if (m_inProgress.contains(name))
            return std::nullopt;
    }
    return entryAt(name);
}

QList<BackupEntry> BackupService::list() const
{
    QList<BackupEntry> entries;
    const QDir dir(m_directory);
    const QStringList names = dir.entryList(QDir::Files);
    for (const QString &name : names) {
        if (name.endsWith(QStringLiteral(".manifest.json")) || name.endsWith(QStringLiteral(".partial")))
            continue;
        if (isCompanion(name, names))
            continue;
        if (const auto found = entry(name))
            entries.append(*found);
    }
    std::sort(entries.begin(), entries.end(), [](const BackupEntry &a, const BackupEntry &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.name > b.name;
    });
    return entries;
}

QJsonObject BackupService::verify(const QString &name, const std::function<bool()> &cancelled) const
{
    QJsonObject result;
    LowPriorityThread::run([&] { result = verifyNow(name, cancelled); });
    return result;
}

QJsonObject BackupService::verifyNow(const QString &name, const std::function<bool()> &cancelled) const
{
    const auto found = entry(name);
    if (!found)
        return {{QStringLiteral("name"), name}, {QStringLiteral("restorable"), false},
                {QStringLiteral("reasons"), QJsonArray{QStringLiteral("no backup by that name")}}};
    QJsonArray reasons;
    QJsonArray warnings;
    QJsonObject checks;
    const QString path = absolutePath(name);

    // The file's own digest, with or without a manifest: a client keys what
    // it remembers of this verification by it, and shows it beside the
    // manifest's when they differ.
    const Sha256::FileResult hash = Sha256::hashFile(path, {}, cancelled);
    if (hash.ok)
        checks.insert(QStringLiteral("file_sha256"), hash.hex);
    QString sha = QStringLiteral("no_manifest");
    if (found->manifest) {
        checks.insert(QStringLiteral("manifest_sha256"), found->manifest->sha256);
        sha = hash.ok && hash.hex == found->manifest->sha256 ? QStringLiteral("ok") : QStringLiteral("mismatch");
        if (sha == QLatin1String("mismatch"))
            reasons.append(QStringLiteral("the file's sha256 differs from its manifest: it changed after the backup was taken"));
    } else {
        warnings.append(found->manifestError.isEmpty()
                            ? QStringLiteral("no manifest: the file cannot be compared with the moment it was taken")
                            : QStringLiteral("the manifest cannot be read (%1)").arg(found->manifestError));
    }
    checks.insert(QStringLiteral("sha256"), sha);

    QString error;
    const auto summary = DatabaseInspector::inspectFile(path, DatabaseInspector::Check::Full, &error);
    const QString integrity = summary ? summary->integrity : error;
    checks.insert(QStringLiteral("integrity"), integrity);
    if (integrity != QLatin1String("ok"))
        reasons.append(QStringLiteral("SQLite's integrity check failed: %1").arg(integrity));

    QString schema = QStringLiteral("unknown");
    if (summary && summary->integrity == QLatin1String("ok")) {
        schema = summary->schemaVersion > m_binarySchemaVersion ? QStringLiteral("newer_than_gateway")
                                                                : QStringLiteral("compatible");
        checks.insert(QStringLiteral("schema_version"), summary->schemaVersion);
        if (schema == QLatin1String("newer_than_gateway"))
            reasons.append(QStringLiteral("the backup is at schema %1, newer than this gateway (%2): restore it only "
                                          "with the gateway version that wrote it")
                               .arg(summary->schemaVersion)
                               .arg(m_binarySchemaVersion));
    }
    checks.insert(QStringLiteral("schema"), schema);

    if (summary && summary->integrity == QLatin1String("ok")) {
        DatabaseChainVerifier::Options options;
        if (found->manifest)
            options.expectedHeads = found->manifest->tenants;
        options.cancelled = cancelled;
        const auto report = DatabaseChainVerifier(options).verifyFile(path, &error);
        if (!report) {
            reasons.append(QStringLiteral("the receipt chains cannot be read: %1").arg(error));
        } else {
            checks.insert(QStringLiteral("chains"), report->toJson());
            if (!report->verified())
                reasons.append(QStringLiteral("the receipt chains do not verify: %1").arg(report->errorText()));
            else if (report->isEmpty())
                warnings.append(QStringLiteral("the backup holds no receipts"));
        }
    }
    const bool restorable = reasons.isEmpty();
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("restorable"), restorable},
        {QStringLiteral("summary"), restorable ? QStringLiteral("restorable")
                                               : QStringLiteral("not restorable: ") + reasons.first().toString()},
        {QStringLiteral("reasons"), reasons},
        {QStringLiteral("warnings"), warnings},
        {QStringLiteral("checks"), checks},
        {QStringLiteral("verified_at"), Timestamp::millis(QDateTime::currentDateTimeUtc())},
    };
}

int BackupService::remove(const QString &name, QString *message)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_inProgress.contains(name)) {
            *message = QStringLiteral("the backup %1 is being written right now").arg(name);
            return 409;
        }
    }
    const QString path = absolutePath(name);
    if (!QFileInfo(path).isFile()) {
        *message = QStringLiteral("no backup named %1").arg(name);
        return 404;
    }
    if (!QFile::remove(path)) {
        *message = QStringLiteral("cannot delete %1").arg(name);
        return 500;
    }
    QFile::remove(absolutePath(BackupName::manifestName(name)));
    FileSync::fsyncDirectory(m_directory, nullptr);
    qCInfo(lcBackup, "backup %s deleted", qPrintable(name));
    return 204;
}

} // namespace aegis
