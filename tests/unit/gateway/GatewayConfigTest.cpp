#include "gateway/config/GatewayConfigLoader.h"

#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QtTest>

using aegis::GatewayConfigLoader;

class GatewayConfigTest : public QObject
{
    Q_OBJECT

private:
    static GatewayConfigLoader::Result load(const QStringList &flags, const QList<QPair<QString, QString>> &env = {})
    {
        QProcessEnvironment environment;
        for (const auto &pair : env)
            environment.insert(pair.first, pair.second);
        return GatewayConfigLoader::load(QStringList{QStringLiteral("aegis-gateway")} + flags, environment);
    }

private Q_SLOTS:
    void defaultsMatchTheContract()
    {
        const auto result = load({});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.config.databasePath, QStringLiteral("db/aegisagent.db"));
        QCOMPARE(result.config.bindAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(result.config.port, quint16(8080));
        QCOMPARE(result.config.backupDir, QStringLiteral("backups"));
        QCOMPARE(result.config.maxBodyBytes, qint64(1024 * 1024));
        QCOMPARE(result.config.idleTimeout, std::chrono::milliseconds(30'000));
        QVERIFY(result.config.dbSync == aegis::DbSync::Full);
        QVERIFY(!result.config.tlsEnabled());
        QCOMPARE(result.config.resolvedAdminTokenFile(), QStringLiteral("db/admin.token"));
    }

    void environmentIsRead()
    {
        const auto result = load({}, {{QStringLiteral("AEGIS_DB_PATH"), QStringLiteral("/var/lib/aegis/x.db")},
                                      {QStringLiteral("AEGIS_BIND"), QStringLiteral("[::1]:9000")},
                                      {QStringLiteral("AEGIS_IDLE_TIMEOUT"), QStringLiteral("5m")},
                                      {QStringLiteral("AEGIS_DB_SYNC"), QStringLiteral("normal")},
                                      {QStringLiteral("AEGIS_ADMIN_TOKEN"), QStringLiteral("0123456789abcdef0123")}});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.config.databasePath, QStringLiteral("/var/lib/aegis/x.db"));
        QCOMPARE(result.config.bindAddress, QHostAddress(QStringLiteral("::1")));
        QCOMPARE(result.config.port, quint16(9000));
        QCOMPARE(result.config.idleTimeout, std::chrono::milliseconds(300'000));
        QVERIFY(result.config.dbSync == aegis::DbSync::Normal);
        QCOMPARE(result.config.adminToken, QByteArray("0123456789abcdef0123"));
        QCOMPARE(result.config.resolvedAdminTokenFile(), QStringLiteral("/var/lib/aegis/admin.token"));
    }

    void flagWinsOverEnvironment()
    {
        const auto result = load({QStringLiteral("--max-body-bytes"), QStringLiteral("4096"),
                                  QStringLiteral("--db=other.db")},
                                 {{QStringLiteral("AEGIS_MAX_BODY_BYTES"), QStringLiteral("2048")},
                                  {QStringLiteral("AEGIS_DB_PATH"), QStringLiteral("env.db")}});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.config.maxBodyBytes, qint64(4096));
        QCOMPARE(result.config.databasePath, QStringLiteral("other.db"));
    }

    void emptyVariableCountsAsUnset()
    {
        const auto result = load({}, {{QStringLiteral("AEGIS_ADMIN_TOKEN"), QString()},
                                      {QStringLiteral("AEGIS_BIND"), QString()}});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.config.adminToken.isEmpty());
        QCOMPARE(result.config.port, quint16(8080));
    }

    void invalidValuesNameTheVariable_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::newRow("body not a number") << "AEGIS_MAX_BODY_BYTES" << "lots";
        QTest::newRow("body too small") << "AEGIS_MAX_BODY_BYTES" << "10";
        QTest::newRow("bind without port") << "AEGIS_BIND" << "127.0.0.1";
        QTest::newRow("bind hostname") << "AEGIS_BIND" << "example.com:80";
        QTest::newRow("bind port range") << "AEGIS_BIND" << "127.0.0.1:70000";
        QTest::newRow("idle unit") << "AEGIS_IDLE_TIMEOUT" << "30 parsecs";
        QTest::newRow("idle zero") << "AEGIS_IDLE_TIMEOUT" << "0";
        QTest::newRow("idle negative") << "AEGIS_IDLE_TIMEOUT" << "-5s";
        QTest::newRow("sync") << "AEGIS_DB_SYNC" << "off";
        QTest::newRow("bool") << "AEGIS_ALLOW_PLAINTEXT_REMOTE" << "maybe";
        QTest::newRow("short token") << "AEGIS_ADMIN_TOKEN" << "admin";
        QTest::newRow("connections") << "AEGIS_MAX_CONNECTIONS" << "0";
        QTest::newRow("workers") << "AEGIS_WORKER_THREADS" << "1000";
        QTest::newRow("interval") << "AEGIS_BACKUP_INTERVAL" << "often";
        QTest::newRow("keep") << "AEGIS_BACKUP_KEEP" << "-1";
        QTest::newRow("key file") << "AEGIS_RECEIPT_SIGNING_KEY_FILE" << "/nonexistent/key";
    }

    void invalidValuesNameTheVariable()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        const auto result = load({}, {{variable, value}});
        QCOMPARE(result.exitCode, GatewayConfigLoader::ExitConfig);
        QVERIFY2(result.error.startsWith(variable + QStringLiteral(": ")), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1Char('\n')));
        // A secret is named, never echoed.
        if (variable == QLatin1String("AEGIS_ADMIN_TOKEN"))
            QVERIFY(!result.error.contains(value));
    }

    void invalidFlagNamesFlagAndVariable()
    {
        const auto result = load({QStringLiteral("--idle-timeout"), QStringLiteral("soon")});
        QCOMPARE(result.exitCode, GatewayConfigLoader::ExitConfig);
        QVERIFY2(result.error.contains(QStringLiteral("--idle-timeout")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral("AEGIS_IDLE_TIMEOUT")), qPrintable(result.error));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--no-such-flag")}
                                      << QStringLiteral("Unknown option 'no-such-flag'.");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("stray")}
                                        << QStringLiteral("unexpected argument 'stray'");
        QTest::newRow("value missing") << QStringList{QStringLiteral("--db")}
                                       << QStringLiteral("Missing value after '--db'.");
        // Secrets have no flag: they would show in the process list.
        QTest::newRow("secret as a flag") << QStringList{QStringLiteral("--admin-token"), QStringLiteral("0123456789abcdef")}
                                          << QStringLiteral("Unknown option 'admin-token'.");
        QTest::newRow("value after a switch") << QStringList{QStringLiteral("--allow-plaintext-remote=0")}
                                              << QStringLiteral("Unexpected value after '--allow-plaintext-remote'.");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const auto result = load(arguments);
        QCOMPARE(result.exitCode, GatewayConfigLoader::ExitUsage);
        QCOMPARE(result.error, expected);
        QVERIFY(result.action == GatewayConfigLoader::Action::Run);
    }

    void lastOfARepeatedFlagWins()
    {
        const auto result = load({QStringLiteral("--db"), QStringLiteral("first.db"), QStringLiteral("--db=second.db")});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.config.databasePath, QStringLiteral("second.db"));
    }

    // An operator reading --help to fix a bad environment file must get it.
    void helpAnswersWhateverTheEnvironmentHolds()
    {
        const auto result = load({QStringLiteral("--help")}, {{QStringLiteral("AEGIS_MAX_BODY_BYTES"), QStringLiteral("lots")}});
        QVERIFY(result.action == GatewayConfigLoader::Action::ShowHelp);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    }

    void remotePlaintextIsRefused()
    {
        const auto refused = load({}, {{QStringLiteral("AEGIS_BIND"), QStringLiteral("0.0.0.0:8080")}});
        QCOMPARE(refused.exitCode, GatewayConfigLoader::ExitConfig);
        QVERIFY(refused.error.startsWith(QStringLiteral("AEGIS_BIND: ")));
        QVERIFY2(refused.error.contains(QStringLiteral("clear text")), qPrintable(refused.error));

        const auto allowed = load({QStringLiteral("--allow-plaintext-remote")},
                                  {{QStringLiteral("AEGIS_BIND"), QStringLiteral("0.0.0.0:8080")}});
        QVERIFY2(allowed.error.isEmpty(), qPrintable(allowed.error));
        QVERIFY(allowed.config.allowPlaintextRemote);

        QVERIFY(load({}, {{QStringLiteral("AEGIS_BIND"), QStringLiteral("localhost:1")}}).error.isEmpty());
    }

    void tlsNeedsBothReadableFiles()
    {
        const auto onlyCert = load({}, {{QStringLiteral("AEGIS_TLS_CERT"), QStringLiteral("/x.pem")}});
        QVERIFY(onlyCert.error.startsWith(QStringLiteral("AEGIS_TLS_KEY: ")));

        aegis::test::ScratchDir dir(QStringLiteral("tls"));
        QFile junk(dir.filePath(QStringLiteral("cert.pem")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a certificate\n");
        junk.close();
        const auto badCert = load({}, {{QStringLiteral("AEGIS_TLS_CERT"), junk.fileName()},
                                       {QStringLiteral("AEGIS_TLS_KEY"), junk.fileName()}});
        QCOMPARE(badCert.exitCode, GatewayConfigLoader::ExitConfig);
        QVERIFY2(badCert.error.startsWith(QStringLiteral("AEGIS_TLS_CERT: ")), qPrintable(badCert.error));
    }

    void actions()
    {
        QVERIFY(load({QStringLiteral("--help")}).action == GatewayConfigLoader::Action::ShowHelp);
        QVERIFY(load({QStringLiteral("-h")}).action == GatewayConfigLoader::Action::ShowHelp);
        QVERIFY(load({QStringLiteral("--version")}).action == GatewayConfigLoader::Action::ShowVersion);
        QVERIFY(load({QStringLiteral("--schema-version")}).action == GatewayConfigLoader::Action::ShowSchemaVersion);
    }

    void helpListsEveryVariable()
    {
        const QString help = GatewayConfigLoader::helpText();
        for (const char *variable : {"AEGIS_DB_PATH", "AEGIS_BIND", "AEGIS_BACKUP_DIR", "AEGIS_ADMIN_TOKEN",
                                     "AEGIS_TLS_CERT", "AEGIS_TLS_KEY", "AEGIS_ALLOW_PLAINTEXT_REMOTE",
                                     "AEGIS_MAX_BODY_BYTES", "AEGIS_IDLE_TIMEOUT", "AEGIS_DB_SYNC"})
            QVERIFY2(help.contains(QLatin1String(variable)), variable);
    }
};

QTEST_GUILESS_MAIN(GatewayConfigTest)
#include "GatewayConfigTest.moc"
