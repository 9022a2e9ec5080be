#include "tests/integration/restore/RestoreScenario.h"

#include "common/backup/BackupManifest.h"
#include "common/crypto/Sha256.h"
#include "common/db/DatabaseInspector.h"
#include "common/restore/PosixFileOperations.h"
#include "common/util/FileSync.h"
#include "common/util/Timestamp.h"
#include "tests/support/GatewayApi.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStringList>
#include <QThread>

#include <csignal>

namespace aegis::test {

QString ServedState::describe() const
{
    QStringList heads;
    for (const auto &[tenant, head] : chains)
        heads << QStringLiteral("%1:%2@%3").arg(tenant).arg(head.count).arg(head.receiptHash.left(8));
    return QStringLiteral("agents %1, decisions %2, receipts %3, chains %4")
        .arg(agents)
        .arg(decisions)
        .arg(receipts)
        .arg(heads.join(QLatin1Char(' ')));
}

RestoreScenario::RestoreScenario(const QString &name)
    : m_dir(name)
{
    QDir().mkpath(m_dir.filePath(QStringLiteral("db")));
    QDir().mkpath(m_dir.filePath(QStringLiteral("backups")));
}

RestoreScenario::~RestoreScenario()
{
    stopAnyGateway();
}

QString RestoreScenario::restoreBinary()
{
    return QStringLiteral(AEGIS_RESTORE_BINARY);
}

QString RestoreScenario::gatewayBinary()
{
    return GatewayProcess::binary();
}

QString RestoreScenario::sha256Of(const QString &path)
{
    const Sha256::FileResult result = Sha256::hashFile(path);
    return result.ok ? result.hex : QString();
}

bool RestoreScenario::fail(const QString &what) const
{
    m_error = what;
    return false;
}

QString RestoreScenario::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

bool RestoreScenario::startGateway(quint16 port)
{
    m_gateway = std::make_unique<GatewayProcess>(m_dir.path());
    if (port != 0)
        m_gateway->setEnv(QStringLiteral("AEGIS_BIND"), QStringLiteral("127.0.0.1:%1").arg(port));
    if (!m_gateway->start())
        return fail(m_gateway->lastError());
    m_port = m_gateway->port();
    return true;
}

bool RestoreScenario::addEvidence(int decisions)
{
    HttpTestClient admin(QStringLiteral("127.0.0.1"), m_port);
    admin.setBearer(m_gateway ? m_gateway->adminToken() : QByteArray());
    {
        QFile token(tokenFile());
        if (token.open(QIODevice::ReadOnly))
            admin.setBearer(token.readAll().trimmed());
    }
    GatewayApi api(admin);
    if (!api.createTenant(QStringLiteral("acme")))
        return fail(QStringLiteral("cannot create tenant acme"));
    for (const QString &tenant : {QStringLiteral("default"), QStringLiteral("acme")}) {
        const QByteArray token = api.registerAgent(QStringLiteral("agent-%1-%2").arg(tenant).arg(++m_serial), tenant);
        if (token.isEmpty())
            return fail(QStringLiteral("cannot register an agent in %1").arg(tenant));
        for (int i = 0; i < decisions; ++i) {
            const HttpTestResponse response = api.authorize(token, QStringLiteral("github"), QStringLiteral("list_pulls"), i % 2 == 1);
            if (response.status != 200)
                return fail(QStringLiteral("authorize: %1 %2").arg(response.status).arg(QString::fromUtf8(response.body)));
        }
    }
    return true;
}

bool RestoreScenario::takeBackup(const QString &name)
{
    QFile tokenFileHandle(tokenFile());
    if (!tokenFileHandle.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("no admin token"));
    HttpTestClient admin(QStringLiteral("127.0.0.1"), m_port);
    admin.setBearer(tokenFileHandle.readAll().trimmed());
    const HttpTestResponse response = admin.post(QStringLiteral("/v1/admin/backup"),
                                                  QJsonDocument(QJsonObject{{QStringLiteral("filename"), name}}).toJson());
    if (response.status == 200) {
        m_backup = QDir(m_dir.path()).absoluteFilePath(response.json().value(QStringLiteral("path")).toString());
        return QFileInfo::exists(m_backup) || fail(QStringLiteral("the backup %1 is missing").arg(m_backup));
    }
    if (response.status != 404)
        return fail(QStringLiteral("POST /v1/admin/backup: %1 %2").arg(response.status).arg(QString::fromUtf8(response.body)));

    // The hand method, as the gateway will do it: a clean stop leaves one file.
    if (!m_gateway)
        return fail(QStringLiteral("the gateway has no backup endpoint and is not ours to stop"));
    const quint16 port = m_port;
    if (m_gateway->stop(SIGTERM) != 0)
        return fail(QStringLiteral("the gateway did not stop cleanly"));
    m_backup = m_dir.filePath(QStringLiteral("backups/") + name);
    if (!QFile::copy(database(), m_backup))
        return fail(QStringLiteral("cannot copy the database"));
    QString error;
    const auto summary = DatabaseInspector::inspectFile(m_backup, DatabaseInspector::Check::Quick, &error);
    if (!summary)
        return fail(error);
    BackupManifest manifest;
    manifest.name = name;
    manifest.sha256 = sha256Of(m_backup);
    manifest.sizeBytes = QFileInfo(m_backup).size();
    manifest.createdAt = Timestamp::millis(QDateTime::currentDateTimeUtc());
    manifest.gatewayVersion = QStringLiteral(AEGIS_VERSION);
    manifest.schemaVersion = summary->schemaVersion;
    manifest.quickCheck = summary->integrity;
    manifest.tenants = summary->heads;
    manifest.agents = summary->agents;
    manifest.decisions = summary->decisions;
    manifest.receipts = summary->receipts;
    if (!FileSync::writeFile(this->manifest(), manifest.toBytes(), 0600, false, &error))
        return fail(error);
    return startGateway(port);
}

ServedState RestoreScenario::served() const
{
    ServedState state;
    QFile token(tokenFile());
    if (!token.open(QIODevice::ReadOnly))
        return state;
    HttpTestClient admin(QStringLiteral("127.0.0.1"), m_port);
    admin.setBearer(token.readAll().trimmed());
    const HttpTestResponse response = admin.get(QStringLiteral("/v1/admin/summary"));
    if (response.status != 200) {
        m_error = QStringLiteral("summary: %1 %2 %3").arg(response.status).arg(QString::fromUtf8(response.body), response.error);
        return state;
    }
    const QJsonObject object = response.json();
    state.agents = object.value(QStringLiteral("agents")).toInteger();
    state.decisions = object.value(QStringLiteral("decisions")).toInteger();
    state.receipts = object.value(QStringLiteral("receipts")).toInteger();
    const auto chains = ExpectedHead::parseTenants(JsonValue::fromQJsonValue(object.value(QStringLiteral("chains"))));
    if (chains)
        state.chains = *chains;
    return state;
}

ServedState RestoreScenario::manifestState() const
{
    ServedState state;
    QString error;
    const auto manifest = BackupManifest::load(this->manifest(), &error);
    if (!manifest)
        return state;
    state.agents = manifest->agents;
    state.decisions = manifest->decisions;
    state.receipts = manifest->receipts;
    state.chains = manifest->tenants;
    return state;
}

RestoreScenario::Run RestoreScenario::run(const QString &program, const QStringList &arguments, int timeoutMs,
                                          const QProcessEnvironment &environment) const
{
    Run result;
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(m_dir.path());
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = QString::fromUtf8(process.readAll()) + QStringLiteral("\n(killed: timeout)");
        return result;
    }
    result.output = QString::fromUtf8(process.readAll());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

QStringList RestoreScenario::restoreArguments() const
{
    return {QStringLiteral("--db"), database(), QStringLiteral("--url"), url(), QStringLiteral("--token-file"), tokenFile(),
            QStringLiteral("--managed"), gatewayBinary(), QStringLiteral("--managed-workdir"), m_dir.path(),
            QStringLiteral("--managed-log"), m_dir.filePath(QStringLiteral("managed-gateway.log")),
            QStringLiteral("--ready-timeout"), QStringLiteral("60s"), QStringLiteral("--stop-timeout"), QStringLiteral("60s")};
}

qint64 RestoreScenario::gatewayHolding() const
{
    PosixFileOperations files;
    const LockProbe probe = files.probeExclusiveLock(database());
    return probe.state == LockProbe::State::Held ? probe.holderPid : 0;
}

bool RestoreScenario::stopAnyGateway()
{
    if (m_gateway && m_gateway->isRunning()) {
        if (const int status = m_gateway->stop(SIGTERM); status != 0)
            return fail(QStringLiteral("the gateway exited with status %1 when stopped").arg(status));
    }
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        const qint64 pid = gatewayHolding();
        if (pid <= 0)
            return true;
        // Only a gateway binary is ever signalled.
        if (QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid))).fileName() != QLatin1String("aegis-gateway"))
            return fail(QStringLiteral("process %1 holds the database and is not a gateway").arg(pid));
        ::kill(pid_t(pid), SIGTERM);
        QThread::msleep(100);
    }
    return fail(QStringLiteral("the gateway holding the database did not stop"));
}

bool RestoreScenario::copyTo(RestoreScenario &other) const
{
    QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString relative = QDir(m_dir.path()).relativeFilePath(from);
        const QString to = QDir(other.dir()).filePath(relative);
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::copy(from, to))
            return fail(QStringLiteral("cannot copy %1").arg(relative));
    }
    other.m_backup = QDir(other.dir()).filePath(QDir(m_dir.path()).relativeFilePath(m_backup));
    return true;
}

QStringList RestoreScenario::databaseDirectory() const
{
    return QDir(m_dir.filePath(QStringLiteral("db"))).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace aegis::test
