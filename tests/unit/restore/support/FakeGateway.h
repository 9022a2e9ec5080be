#pragma once

#include "common/restore/GatewayProbe.h"
#include "common/restore/ServiceControl.h"

#include <QString>
#include <QStringList>

namespace aegis::test {

// A stand-in for the gateway process and its service control together:
// stop() and start() flip its state, and while it "runs" it answers the
// probes from the database file at the live path, as the real gateway would
// (summary counts, verify-range, receipts by id). Knobs make it misbehave.
// Tests wire FaultyFileOperations::lockOverride to isHoldingDatabase() so
// that a running fake holds the database's lock.
class FakeGateway : public ServiceControl, public GatewayProbe
{
public:
    explicit FakeGateway(QString databasePath);

    bool running = true;
    int schemaVersion = 2;
    int stopFailures = 0;      // the next n stop() calls fail
    int startFailures = 0;     // the next n start() calls fail
    bool ignoresStop = false;  // stop() "succeeds" but it keeps running
    bool neverReady = false;   // /readyz stays 503
    int unreadyStarts = 0;     // the next n starts never become ready
    int silentHealthProbes = 0; // running (holding the database) but /health refused n more times: starting up
    bool tokenRefused = false; // admin routes answer 401
    qint64 servedCountShortfall = 0; // the summary reports fewer receipts
    bool chainFails = false;   // verify-range says not verified
    bool hasSummaryRoute = true;
    Kind controlKind = Kind::Managed;
    QStringList calls;

    bool isHoldingDatabase() const { return running; }
    int stops() const { return int(calls.count(QStringLiteral("stop"))); }
    int starts() const { return int(calls.count(QStringLiteral("start"))); }

    Kind kind() const override { return controlKind; }
    QString describe() const override { return QStringLiteral("fake gateway"); }
    Result stop() override;
    Result start() override;

    ProbeReply get(const QString &path, int timeoutMs) override;
    ProbeReply post(const QString &path, const QByteArray &json, int timeoutMs) override;

private:
    ProbeReply answer(int status, const QJsonValue &body) const;
    ProbeReply refused() const;

    QString m_database;
    bool m_unready = false;
};

} // namespace aegis::test
