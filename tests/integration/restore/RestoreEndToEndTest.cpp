// The whole restore with the real gateway (managed control) and the real
// aegis-restore binary: evidence, a backup through the gateway, newer
// evidence, restore -> the gateway serves exactly the backup's data, its
// chains verify and match the manifest, and the .bad files hold the newer
// state, byte for byte.
#include "tests/integration/restore/RestoreScenario.h"

#include "common/db/DatabaseInspector.h"
#include "tests/support/HttpTestClient.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

class RestoreEndToEndTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restoresTheBackupAndKeepsTheNewerState()
    {
        RestoreScenario scenario(QStringLiteral("end-to-end"));
        QVERIFY2(scenario.startGateway(), qPrintable(scenario.lastError()));
        QVERIFY2(scenario.addEvidence(4), qPrintable(scenario.lastError()));
        QVERIFY2(scenario.takeBackup(QStringLiteral("before-upgrade.db")), qPrintable(scenario.lastError()));
        const ServedState atBackup = scenario.served();
        QVERIFY2(atBackup == scenario.manifestState(), qPrintable(atBackup.describe() + QStringLiteral(" / ") + scenario.manifestState().describe()));
        QVERIFY2(scenario.addEvidence(3), qPrintable(scenario.lastError()));
        const ServedState newer = scenario.served();
        QVERIFY(newer.receipts > atBackup.receipts);

        // The dry run first: it names what will be lost and changes nothing.
        const QStringList before = scenario.databaseDirectory();
        const RestoreScenario::Run dry = scenario.run(RestoreScenario::restoreBinary(),
            scenario.restoreArguments() << QStringLiteral("--backup") << scenario.backup() << QStringLiteral("--dry-run"));
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.output));
        // Per tenant, decisions with their receipts (one each), what stops being served.
        QVERIFY2(dry.output.contains(QStringLiteral("loses:    no longer served: ")), qPrintable(dry.output));
        for (const auto &[tenant, head] : newer.chains) {
            const auto backupHead = atBackup.chains.find(tenant);
            const qint64 lost = head.count - (backupHead == atBackup.chains.end() ? 0 : backupHead->second.count);
            if (lost > 0)
                QVERIFY2(dry.output.contains(QStringLiteral("%1: %2 decision(s) with their receipts").arg(tenant).arg(lost)),
                         qPrintable(dry.output));
        }
        QCOMPARE(scenario.databaseDirectory(), before);
        QVERIFY(scenario.gateway().isRunning());

        const QString reportPath = scenario.dir() + QStringLiteral("/restore-report.json");
        const RestoreScenario::Run run = scenario.run(RestoreScenario::restoreBinary(),
            scenario.restoreArguments() << QStringLiteral("--backup") << scenario.backup() << QStringLiteral("--yes")
                                        << QStringLiteral("--report") << reportPath);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY(run.output.contains(QStringLiteral("RESTORED AND VERIFIED")));

        // The gateway (a new, managed one) serves exactly the backup's data.
        const qint64 pid = scenario.gatewayHolding();
        QVERIFY(pid > 0);
        QVERIFY(pid != scenario.gateway().pid());
        const ServedState restored = scenario.served();
        QVERIFY2(restored == atBackup, qPrintable(restored.describe() + QStringLiteral(" vs ") + atBackup.describe()));

        // Chains verify inside the gateway and end at the manifest heads.
        QFile tokenFile(scenario.tokenFile());
        QVERIFY(tokenFile.open(QIODevice::ReadOnly));
        HttpTestClient admin(QStringLiteral("127.0.0.1"), scenario.port());
        admin.setBearer(tokenFile.readAll().trimmed());
        const HttpTestResponse verify = admin.post(QStringLiteral("/v1/receipts/verify-range"), "{}");
        QCOMPARE(verify.status, 200);
        QVERIFY(verify.json().value(QStringLiteral("verified")).toBool());
        for (const auto &[tenant, head] : scenario.manifestState().chains) {
            const QJsonObject chain = verify.json().value(QStringLiteral("tenants")).toObject().value(tenant).toObject();
            QCOMPARE(chain.value(QStringLiteral("count")).toInteger(), head.count);
            if (head.count > 0)
                QCOMPARE(chain.value(QStringLiteral("head")).toString(), head.receiptHash);
        }

        // The report says so, step by step.
        QFile reportFile(reportPath);
        QVERIFY(reportFile.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(reportFile.readAll()).object();
        QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("verified"));
        QCOMPARE(report.value(QStringLiteral("steps")).toArray().size(), 8);
        QVERIFY(QFileInfo::exists(scenario.dir() + QStringLiteral("/restore-report.txt")));

        // The .bad files hold the newer state: stop the gateway and read them.
        QVERIFY2(scenario.stopAnyGateway(), qPrintable(scenario.lastError()));
        const QStringList bad = QDir(scenario.dir() + QStringLiteral("/db")).entryList({QStringLiteral("aegisagent.db.bad-*")}, QDir::Files);
        QVERIFY2(!bad.isEmpty(), qPrintable(scenario.databaseDirectory().join(QLatin1Char(' '))));
        QString error;
        const QString badDb = scenario.dir() + QStringLiteral("/db/") + bad.first();
        const auto aside = DatabaseInspector::inspectFile(badDb, DatabaseInspector::Check::Full, &error);
        QVERIFY2(aside, qPrintable(error));
        QCOMPARE(aside->integrity, QStringLiteral("ok"));
        QCOMPARE(aside->receipts, newer.receipts);
        QCOMPARE(aside->decisions, newer.decisions);
        QCOMPARE(aside->heads, newer.chains);
        // And the sha256 the report recorded for the original is that file's.
        bool found = false;
        for (const QJsonValue &file : report.value(QStringLiteral("files")).toArray()) {
            if (file.toObject().value(QStringLiteral("path")).toString() == badDb) {
                QCOMPARE(file.toObject().value(QStringLiteral("sha256")).toString(), RestoreScenario::sha256Of(badDb));
                found = true;
            }
        }
        QVERIFY2(found, "the report lists the original and its hash");
        QVERIFY(!QFileInfo::exists(scenario.database() + QStringLiteral(".restore-journal.json")));
    }

    void restoresWhenTheGatewayIsAlreadyDown()
    {
        // The 3 a.m. case: the gateway died; the restore proves it is down,
        // restores, and brings it up.
        RestoreScenario scenario(QStringLiteral("gateway-down"));
        QVERIFY2(scenario.startGateway(), qPrintable(scenario.lastError()));
        QVERIFY2(scenario.addEvidence(2), qPrintable(scenario.lastError()));
        QVERIFY2(scenario.takeBackup(QStringLiteral("b.db")), qPrintable(scenario.lastError()));
        QVERIFY2(scenario.addEvidence(2), qPrintable(scenario.lastError()));
        QCOMPARE(scenario.gateway().stop(SIGTERM), 0);
        const RestoreScenario::Run run = scenario.run(RestoreScenario::restoreBinary(),
            scenario.restoreArguments() << QStringLiteral("--backup") << scenario.backup() << QStringLiteral("--yes")
                                        << QStringLiteral("--bad-files") << QStringLiteral("archive"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY(run.output.contains(QStringLiteral("already stopped")));
        QCOMPARE(scenario.served(), scenario.manifestState());
        // Archived next to the backups, under a dated name.
        const QStringList archived = QDir(scenario.dir() + QStringLiteral("/backups"))
                                         .entryList({QStringLiteral("aegisagent.pre-restore-*.db")}, QDir::Files);
        QCOMPARE(archived.size(), 1);

        // The restored gateway's catalog lists it with its manifest as a
        // pre-restore database (set aside the second the backup was taken or
        // later), and the newest backup is still the backup.
        QFile token(scenario.tokenFile());
        QVERIFY(token.open(QIODevice::ReadOnly));
        HttpTestClient admin(QStringLiteral("127.0.0.1"), scenario.port());
        admin.setBearer(token.readAll().trimmed());
        const QJsonArray catalog = admin.get(QStringLiteral("/v1/admin/backups")).jsonArray();
        QCOMPARE(catalog.size(), 2);
        QHash<QString, QJsonObject> entries;
        for (const QJsonValue &entry : catalog)
            entries.insert(entry.toObject().value(QStringLiteral("name")).toString(), entry.toObject());
        QCOMPARE(entries.value(archived.first()).value(QStringLiteral("kind")).toString(), QStringLiteral("pre-restore"));
        QCOMPARE(entries.value(archived.first()).value(QStringLiteral("has_manifest")).toBool(), true);
        QCOMPARE(entries.value(QStringLiteral("b.db")).value(QStringLiteral("kind")).toString(), QStringLiteral("manual"));
        const QJsonObject summary = admin.get(QStringLiteral("/v1/admin/summary")).json();
        QCOMPARE(summary.value(QStringLiteral("last_backup")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("b.db"));
    }
};

QTEST_GUILESS_MAIN(RestoreEndToEndTest)
#include "RestoreEndToEndTest.moc"
