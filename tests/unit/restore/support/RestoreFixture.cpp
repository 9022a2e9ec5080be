#include "tests/unit/restore/support/RestoreFixture.h"

#include "common/backup/BackupManifest.h"
#include "common/crypto/Sha256.h"
#include "common/db/DatabaseInspector.h"
#include "common/util/FileSync.h"
#include "common/util/Timestamp.h"
#include "tests/support/ReceiptChainBuilder.h"

#include <QDir>
#include <QFileInfo>

namespace aegis::test {

RestoreFixture::RestoreFixture(const QString &dir)
    : directory(dir)
    , database(QDir(dir).filePath(QStringLiteral("live/aegis.db")))
    , backup(QDir(dir).filePath(QStringLiteral("backups/b1.db")))
    , manifest(QDir(dir).filePath(QStringLiteral("backups/b1.db.manifest.json")))
{
}

QString RestoreFixture::sha256Of(const QString &path)
{
    const Sha256::FileResult result = Sha256::hashFile(path);
    return result.ok ? result.hex : QString();
}

QStringList RestoreFixture::liveListing() const
{
    QStringList out;
    const QDir live = QFileInfo(database).absoluteDir();
    for (const QString &name : live.entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name))
        out << name + QLatin1Char(' ') + sha256Of(live.filePath(name));
    return out;
}

bool RestoreFixture::writeManifest(QString *error)
{
    const auto summary = DatabaseInspector::inspectFile(backup, DatabaseInspector::Check::Quick, error);
    if (!summary)
        return false;
    BackupManifest m;
    m.name = QFileInfo(backup).fileName();
    m.sha256 = sha256Of(backup);
    m.sizeBytes = QFileInfo(backup).size();
    m.createdAt = Timestamp::millis(QDateTime::currentDateTimeUtc().addSecs(-3600));
    m.gatewayVersion = QStringLiteral("0.1.0");
    m.schemaVersion = summary->schemaVersion;
    m.quickCheck = summary->integrity;
    m.tenants = summary->heads;
    m.agents = summary->agents;
    m.decisions = summary->decisions;
    m.receipts = summary->receipts;
    backupSha256 = m.sha256;
    backupHeads = summary->heads;
    return FileSync::writeFile(manifest, m.toBytes(), 0600, true, error);
}

bool RestoreFixture::copyFrom(const RestoreFixture &built, QString *error)
{
    QDir().mkpath(QFileInfo(database).absolutePath());
    QDir().mkpath(QFileInfo(backup).absolutePath());
    for (const auto &[from, to] : {std::pair{built.database, database}, std::pair{built.backup, backup},
                                   std::pair{built.manifest, manifest}}) {
        if (!QFile::copy(from, to)) {
            *error = QStringLiteral("cannot copy %1 to %2").arg(from, to);
            return false;
        }
    }
    liveSha256 = built.liveSha256;
    backupSha256 = built.backupSha256;
    liveHeads = built.liveHeads;
    backupHeads = built.backupHeads;
    return true;
}

bool RestoreFixture::build(QString *error)
{
    QDir().mkpath(QFileInfo(database).absolutePath());
    QDir().mkpath(QFileInfo(backup).absolutePath());
    const QString acme = QStringLiteral("acme");
    const QString tenant = QStringLiteral("default");
    {
        ReceiptChainBuilder builder(backup);
        if (!builder.open() || !builder.addTenant(acme) || !builder.addReceipts(tenant, 5) || !builder.addReceipts(acme, 3)) {
            *error = builder.errorString();
            return false;
        }
        builder.close();
    }
    {
        // The same calls give the same bytes: the live chains continue the backup's.
        ReceiptChainBuilder builder(database);
        if (!builder.open() || !builder.addTenant(acme) || !builder.addReceipts(tenant, 5) || !builder.addReceipts(acme, 3)
            || !builder.addReceipts(tenant, 4) || !builder.addReceipts(acme, 2)) {
            *error = builder.errorString();
            return false;
        }
        liveHeads = builder.heads();
        builder.close();
    }
    liveSha256 = sha256Of(database);
    return writeManifest(error);
}

} // namespace aegis::test
