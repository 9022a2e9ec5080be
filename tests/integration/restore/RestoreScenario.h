#pragma once

#include "common/receipts/ExpectedHead.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace aegis::test {

// What the gateway serves, as /v1/admin/summary tells it.
struct ServedState
{
    qint64 agents = -1;
    qint64 decisions = -1;
    qint64 receipts = -1;
    ExpectedHeads chains;
    bool valid() const { return receipts >= 0; }
    bool operator==(const ServedState &other) const = default;
    QString describe() const;
};

// One restore story with the real gateway: a working directory like an
// installation's (db/aegisagent.db, db/admin.token, backups/), a gateway on
// a loopback port, evidence in two tenants, a backup, newer evidence.
class RestoreScenario
{
public:
    explicit RestoreScenario(const QString &name);
    ~RestoreScenario();

    QString dir() const { return m_dir.path(); }
    QString database() const { return m_dir.filePath(QStringLiteral("db/aegisagent.db")); }
    QString tokenFile() const { return m_dir.filePath(QStringLiteral("db/admin.token")); }
    QString backup() const { return m_backup; }
    QString manifest() const { return m_backup + QStringLiteral(".manifest.json"); }
    QString url() const;
    quint16 port() const { return m_port; }
    GatewayProcess &gateway() { return *m_gateway; }
    // For a gateway started by other means (a stand-in systemctl).
    void setPort(quint16 port) { m_port = port; }

    // Starts the gateway child (on `port`, or a free one).
    bool startGateway(quint16 port = 0);
    // Agents in "default" and "acme", `decisions` authorizations in each.
    bool addEvidence(int decisions);
    // POST /v1/admin/backup when the gateway has it; otherwise the hand
    // method (stop, copy the single file, write its manifest, start).
    bool takeBackup(const QString &name);
    ServedState served() const;
    ServedState manifestState() const;

    // aegis-restore (or another binary with its command line) to completion.
    struct Run
    {
        int exitCode = -1;
        QString output;
    };
    Run run(const QString &program, const QStringList &arguments, int timeoutMs = 240000,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const;
    // The usual arguments: --db, --url, --token-file, managed control.
    QStringList restoreArguments() const;

    // The gateway process now holding the database (any starter), if any.
    qint64 gatewayHolding() const;
    // Stops whatever gateway holds the database (SIGTERM, then waits until
    // the lock is free); also the test's own child.
    bool stopAnyGateway();
    // Copies the whole directory (gateway stopped) to another scenario's.
    bool copyTo(RestoreScenario &other) const;
    void adoptBackup(const QString &path) { m_backup = path; }

    QString lastError() const { return m_error; }
    // Files of db/, sorted (names only).
    QStringList databaseDirectory() const;

    static QString sha256Of(const QString &path);
    static QString restoreBinary();
    static QString gatewayBinary();

private:
    bool fail(const QString &what) const;

    ScratchDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;
    QString m_backup;
    QList<QByteArray> m_agentTokens;
    int m_serial = 0;
    mutable QString m_error;
};

} // namespace aegis::test
