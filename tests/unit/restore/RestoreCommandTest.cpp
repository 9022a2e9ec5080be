// aegis-restore in-process: its command line, its questions, its exit
// statuses, its output, and that the admin token never leaves the token file.
#include "common/restore/RestoreCommand.h"
#include "common/restore/PosixFileOperations.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"
#include "tests/unit/restore/support/FakeClock.h"
#include "tests/unit/restore/support/FakeGateway.h"
#include "tests/unit/restore/support/FaultyFileOperations.h"
#include "tests/unit/restore/support/RestoreFixture.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace aegis;
using namespace aegis::test;

namespace {

const QByteArray Token = "tok-5f1c0ffee-never-to-be-seen-anywhere";

// systemctl and the gateway binary, played by the FakeGateway.
class FakeSystem : public CommandRunner
{
public:
    explicit FakeSystem(FakeGateway &gateway) : m_gateway(gateway) {}

    CommandResult run(const QString &program, const QStringList &arguments, int) override
    {
        lines << (QStringList{program} + arguments).join(QLatin1Char(' '));
        CommandResult result;
        result.started = true;
        result.exitCode = 0;
        if (arguments == QStringList{QStringLiteral("--schema-version")})
            result.output = QString::number(m_gateway.schemaVersion);
        else if (program == QLatin1String("systemctl") && arguments.value(0) == QLatin1String("stop"))
            result.exitCode = m_gateway.stop().ok ? 0 : 1;
        else if (program == QLatin1String("systemctl") && arguments.value(0) == QLatin1String("start"))
            result.exitCode = m_gateway.start().ok ? 0 : 1;
        return result;
    }

    QStringList lines;

private:
    FakeGateway &m_gateway;
};

class ProbeForwarder : public GatewayProbe
{
public:
    ProbeForwarder(FakeGateway &gateway, QByteArray token) : m_gateway(gateway), m_token(std::move(token)) {}
    ProbeReply get(const QString &path, int timeoutMs) override
    {
        return m_token == Token ? m_gateway.get(path, timeoutMs) : unauthorized(path, timeoutMs);
    }
    ProbeReply post(const QString &path, const QByteArray &json, int timeoutMs) override
    {
        return m_token == Token ? m_gateway.post(path, json, timeoutMs) : unauthorized(path, timeoutMs);
    }
    QString describe() const override { return QStringLiteral("http://127.0.0.1:8080"); }

private:
    ProbeReply unauthorized(const QString &path, int timeoutMs)
    {
        ProbeReply reply = m_gateway.get(path, timeoutMs);
        if (reply.answered() && path != QLatin1String("/health") && path != QLatin1String("/readyz") && path != QLatin1String("/v1/version")) {
            reply.status = 401;
            reply.body = R"({"message":"unauthorized"})";
        }
        return reply;
    }
    FakeGateway &m_gateway;
    QByteArray m_token;
};

struct SimulatedCrash
{
};

struct Cli
{
    explicit Cli(const QString &name)
        : dir(name)
        , fixture(dir.path())
        , files(posix)
        , gateway(fixture.database)
        , system(gateway)
    {
        QString error;
        if (!fixture.build(&error))
            qFatal("%s", qPrintable(error));
        tokenFile = dir.filePath(QStringLiteral("admin.token"));
        QFile file(tokenFile);
        file.open(QIODevice::WriteOnly);
        file.write(Token + '\n');
        file.close();
        files.lockOverride = [this](const QString &path) -> std::optional<LockProbe> {
            if (gateway.isHoldingDatabase() && path == fixture.database && QFileInfo::exists(path)) {
                LockProbe held;
                held.state = LockProbe::State::Held;
                held.detail = QStringLiteral("held");
                return held;
            }
            return std::nullopt;
        };
    }

    int run(QStringList arguments, const QByteArray &input = {})
    {
        out.clear();
        err.clear();
        QByteArray in = input;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        QTextStream inStream(&in);
        RestoreCommand::Dependencies dependencies;
        dependencies.files = &files;
        dependencies.runner = &system;
        dependencies.clock = &clock;
        dependencies.probe = [this](const GatewayEndpoint &endpoint) {
            return std::make_unique<ProbeForwarder>(gateway, endpoint.token);
        };
        RestoreCommand command(outStream, errStream, inStream, dependencies);
        arguments.prepend(QStringLiteral("aegis-restore"));
        const int status = command.run(arguments);
        outStream.flush();
        errStream.flush();
        return status;
    }

    QStringList standard() const
    {
        return {QStringLiteral("--backup"), fixture.backup, QStringLiteral("--db"), fixture.database,
                QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("--token-file"), tokenFile,
                QStringLiteral("--service"), QStringLiteral("systemd:aegis-test.service"), QStringLiteral("--gateway-binary"),
                QStringLiteral("/usr/bin/aegis-gateway")};
    }

    ScratchDir dir;
    RestoreFixture fixture;
    PosixFileOperations posix;
    FaultyFileOperations files;
    FakeGateway gateway;
    FakeSystem system;
    FakeClock clock;
    QString tokenFile;
    QString out;
    QString err;
};

} // namespace

class RestoreCommandTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no db") << QStringList{QStringLiteral("--backup"), QStringLiteral("x")} << QStringLiteral("--db");
        QTest::newRow("no backup") << QStringList{QStringLiteral("--db"), QStringLiteral("x")} << QStringLiteral("--backup");
        QTest::newRow("no service") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--backup"), QStringLiteral("y")}
                                    << QStringLiteral("stopped and started");
        QTest::newRow("two services") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--backup"),
                                                     QStringLiteral("y"), QStringLiteral("--manual"), QStringLiteral("--managed"),
                                                     QStringLiteral("/bin/gw")}
                                      << QStringLiteral("choose one");
        QTest::newRow("start without stop") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--backup"),
                                                           QStringLiteral("y"), QStringLiteral("--start-cmd"), QStringLiteral("go")}
                                            << QStringLiteral("go together");
        QTest::newRow("bad disposition") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--backup"),
                                                        QStringLiteral("y"), QStringLiteral("--manual"), QStringLiteral("--bad-files"),
                                                        QStringLiteral("shred")}
                                         << QStringLiteral("keep, archive or delete");
        QTest::newRow("finish without resume") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--finish")}
                                               << QStringLiteral("--resume");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--frobnicate")}
                                        << QStringLiteral("frobnicate");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        Cli cli(QStringLiteral("usage"));
        QCOMPARE(cli.run(arguments), int(RestoreCommand::Usage));
        QVERIFY2(cli.err.contains(message), qPrintable(cli.err));
    }

    void dryRunChangesNothing()
    {
        Cli cli(QStringLiteral("dry-run"));
        const QStringList before = cli.fixture.liveListing();
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--dry-run")), int(RestoreCommand::Verified));
        QVERIFY2(cli.out.contains(QStringLiteral("DRY RUN")), qPrintable(cli.out));
        // What stops being served, per tenant (the fixture's receipts have no decision rows).
        QVERIFY2(cli.out.contains(QStringLiteral("loses:    no longer served: acme: 2 receipt(s), 0 decision(s); "
                                                 "default: 4 receipt(s), 0 decision(s)")),
            qPrintable(cli.out));
        QCOMPARE(cli.fixture.liveListing(), before);
        QCOMPARE(cli.gateway.stops(), 0);

        // A refused dry run: exit 2 and the reason, in JSON for scripts.
        QVERIFY(SqliteShell::exec(cli.fixture.backup, QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq = 3")));
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--dry-run") << QStringLiteral("--json")), int(RestoreCommand::Refused));
        const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("outcome")).toString(), QStringLiteral("refused"));
        QCOMPARE(cli.fixture.liveListing(), before);
    }

    void restoresUnattendedThroughSystemd()
    {
        Cli cli(QStringLiteral("yes"));
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--yes")), int(RestoreCommand::Verified));
        QVERIFY2(cli.out.contains(QStringLiteral("[2/9] Stop the gateway: ok")), qPrintable(cli.out));
        QVERIFY(cli.out.contains(QStringLiteral("[8/9] Verify the receipt chains: ok")));
        QVERIFY(cli.out.contains(QStringLiteral("RESTORED AND VERIFIED")));
        QCOMPARE(cli.system.lines, (QStringList{QStringLiteral("/usr/bin/aegis-gateway --schema-version"),
                                                QStringLiteral("systemctl stop aegis-test.service"),
                                                QStringLiteral("systemctl start aegis-test.service")}));
        QCOMPARE(RestoreFixture::sha256Of(cli.fixture.database), cli.fixture.backupSha256);
    }

    void asksForTheDatabaseName()
    {
        Cli declined(QStringLiteral("declined"));
        const QStringList before = declined.fixture.liveListing();
        QCOMPARE(declined.run(declined.standard()), int(RestoreCommand::Declined)); // no answer at all
        QCOMPARE(declined.run(declined.standard(), "yes\n"), int(RestoreCommand::Declined)); // habit is not enough
        QCOMPARE(declined.fixture.liveListing(), before);
        QCOMPARE(declined.gateway.stops(), 0);

        Cli typed(QStringLiteral("typed"));
        QCOMPARE(typed.run(typed.standard(), "aegis.db\n"), int(RestoreCommand::Verified));
        QVERIFY(typed.out.contains(QStringLiteral("Type its file name (aegis.db)")));
    }

    void jsonOutputIsTheReport()
    {
        Cli cli(QStringLiteral("json"));
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--yes") << QStringLiteral("--json") << QStringLiteral("--report")
                                        << cli.dir.filePath(QStringLiteral("r.json"))),
                 int(RestoreCommand::Verified));
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(cli.out));
        QCOMPARE(json.value(QStringLiteral("verified")).toBool(), true);
        QVERIFY(cli.err.contains(QStringLiteral("[3/9] Move the live database aside: ok")));
        QVERIFY(QFileInfo::exists(cli.dir.filePath(QStringLiteral("r.json"))));
        QVERIFY(QFileInfo::exists(cli.dir.filePath(QStringLiteral("r.txt"))));
    }

    void failureRollsBackWithStatusOne()
    {
        Cli cli(QStringLiteral("rollback"));
        cli.gateway.chainFails = true;
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--yes")), int(RestoreCommand::RolledBack));
        QVERIFY(cli.out.contains(QStringLiteral("ROLLED BACK")));
        QCOMPARE(RestoreFixture::sha256Of(cli.fixture.database), cli.fixture.liveSha256);
    }

    void wrongTokenIsRefusedBeforeAnythingStops()
    {
        Cli cli(QStringLiteral("token"));
        QFile file(cli.tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("wrong-token-wrong-token");
        file.close();
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--yes")), int(RestoreCommand::Refused));
        QCOMPARE(cli.gateway.stops(), 0);
        QVERIFY(cli.out.contains(QStringLiteral("refused the admin token")));
    }

    void resumeAfterACrash()
    {
        Cli cli(QStringLiteral("resume"));
        QCOMPARE(cli.run({QStringLiteral("--resume"), QStringLiteral("--db"), cli.fixture.database}), int(RestoreCommand::Verified));
        QVERIFY(cli.out.contains(QStringLiteral("nothing to resume")));

        // Killed just before the verified copy is renamed into place
        // (effectful operation #12: hash, write, hash, write, rename, sync,
        // write, copy, hash, chown, write, rename): finishing is recommended.
        cli.files.crashAt(12, [] { throw SimulatedCrash(); });
        bool crashed = false;
        try {
            cli.run(cli.standard() << QStringLiteral("--yes"));
        } catch (const SimulatedCrash &) {
            crashed = true;
        }
        QVERIFY(crashed);
        cli.files.clearFaults();

        // The journal holds no secret.
        QFile journal(cli.fixture.database + QStringLiteral(".restore-journal.json"));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        QVERIFY(!journal.readAll().contains(Token));

        QCOMPARE(cli.run({QStringLiteral("--resume"), QStringLiteral("--db"), cli.fixture.database}), int(RestoreCommand::Declined));
        QCOMPARE(cli.run({QStringLiteral("--resume"), QStringLiteral("--db"), cli.fixture.database, QStringLiteral("--token-file"),
                          cli.tokenFile, QStringLiteral("--yes")}),
                 int(RestoreCommand::Verified));
        QVERIFY2(cli.out.contains(QStringLiteral("(recommended)")), qPrintable(cli.out));
        QCOMPARE(RestoreFixture::sha256Of(cli.fixture.database), cli.fixture.backupSha256);
    }

    void resumeRollbackOnRequest()
    {
        Cli cli(QStringLiteral("resume-rollback"));
        cli.files.crashAt(12, [] { throw SimulatedCrash(); });
        try {
            cli.run(cli.standard() << QStringLiteral("--yes"));
        } catch (const SimulatedCrash &) {
        }
        cli.files.clearFaults();
        QCOMPARE(cli.run({QStringLiteral("--resume"), QStringLiteral("--rollback"), QStringLiteral("--db"), cli.fixture.database,
                          QStringLiteral("--token-file"), cli.tokenFile, QStringLiteral("--yes")}),
                 int(RestoreCommand::RolledBack));
        QCOMPARE(RestoreFixture::sha256Of(cli.fixture.database), cli.fixture.liveSha256);
        QVERIFY(cli.gateway.running);
    }

    void theTokenAppearsNowhere()
    {
        Cli cli(QStringLiteral("secret"));
        QCOMPARE(cli.run(cli.standard() << QStringLiteral("--yes")), int(RestoreCommand::Verified));
        QVERIFY(!cli.out.contains(QString::fromLatin1(Token)));
        QVERIFY(!cli.err.contains(QString::fromLatin1(Token)));
        QDirIterator it(QFileInfo(cli.fixture.database).absolutePath(), QDir::Files | QDir::Hidden);
        int reports = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(Token), qPrintable(file.fileName()));
            reports += file.fileName().contains(QStringLiteral(".report.")) ? 1 : 0;
        }
        QCOMPARE(reports, 2);
    }
};

QTEST_GUILESS_MAIN(RestoreCommandTest)
#include "RestoreCommandTest.moc"
