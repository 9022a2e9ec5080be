// SIGTERM while answers are still being streamed: a backup download and a
// chain export read slowly by their clients. They used to be cut about
// 20 ms after the signal (the gateway counted only handlers not yet
// answered); they must get the shutdown grace, be cut only after it, and
// the log must say how many were cut and what state the database was left
// in, as measured.
#include "common/crypto/Sha256.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

namespace {

// One GET on a connection of its own, read no faster than a given rate,
// like a client at the far end of a slow link. Only the framing needed
// here: a Content-Length body, or a chunked one.
class SlowDownload
{
public:
    SlowDownload(quint16 port, const QString &path, const QByteArray &token)
    {
        // A small receive buffer: the gateway, not this process, holds
        // what has not been read yet.
        m_socket.setReadBufferSize(64 * 1024);
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(10000))
            return;
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 64 * 1024);
        m_socket.write("GET " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                       + "\r\nConnection: close\r\n\r\n");
        m_sent = m_socket.waitForBytesWritten(10000);
    }

    bool isSent() const { return m_sent; }

    // Reads until at least `bytes` of the answer (head included) have
    // arrived, the connection ends, or `timeoutMs` passes; no faster than
    // `bytesPerSecond`.
    void readUpTo(qint64 bytes, qint64 bytesPerSecond, int timeoutMs = 60000)
    {
        QElapsedTimer clock;
        clock.start();
        const qint64 startedWith = m_raw.size();
        while (m_raw.size() < bytes && !m_ended && clock.elapsed() < timeoutMs) {
            // Pacing is what this client does, not a wait for an event.
            const qint64 allowed = startedWith + bytesPerSecond * (clock.elapsed() + 1) / 1000;
            if (m_raw.size() >= allowed) {
                QThread::msleep(5);
                continue;
            }
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(200)) {
                if (m_socket.state() != QAbstractSocket::ConnectedState)
                    m_ended = m_socket.bytesAvailable() == 0;
                continue;
            }
            m_raw += m_socket.read(std::min<qint64>(allowed - m_raw.size(), 16 * 1024));
        }
    }
    void readToEnd(qint64 bytesPerSecond, int timeoutMs = 60000)
    {
        readUpTo(std::numeric_limits<qint64>::max(), bytesPerSecond, timeoutMs);
    }

    bool ended() const { return m_ended; }
    qint64 received() const { return m_raw.size(); }
    int status() const
    {
        const QList<QByteArray> words = m_raw.left(m_raw.indexOf("\r\n")).split(' ');
        return words.size() > 1 ? words.at(1).toInt() : 0;
    }
    QByteArray head() const { return m_raw.left(m_raw.indexOf("\r\n\r\n")); }
    qint64 contentLength() const
    {
        for (const QByteArray &line : head().split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                return line.mid(15).trimmed().toLongLong();
        }
        return -1;
    }
    // The body as sent: de-chunked when chunked; nullopt when the chunked
    // framing is cut short (no final chunk).
    std::optional<QByteArray> body() const
    {
        const qsizetype start = m_raw.indexOf("\r\n\r\n");
        if (start < 0)
            return std::nullopt;
        const QByteArray rest = m_raw.mid(start + 4);
        if (contentLength() >= 0)
            return rest;
        QByteArray decoded;
        qsizetype at = 0;
        while (true) {
            const qsizetype lineEnd = rest.indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qint64 size = rest.mid(at, lineEnd - at).toLongLong(&ok, 16);
            if (!ok || rest.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            if (size == 0)
                return decoded;
            decoded += rest.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_raw;
    bool m_sent = false;
    bool m_ended = false;
};

// An export of about 4 MB: more than the gateway produces in the 20 ms it
// used to wait, yet read whole in seconds.
constexpr int Receipts = 5000;
// About 15 MB: more than the sockets' buffers take from a stalled reader.
constexpr int ManyReceipts = 20000;
// A download larger than any socket buffers between us and the gateway.
constexpr int DownloadBytes = 24 * 1024 * 1024;

} // namespace

class ShutdownTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    QByteArray backupBytes;
    std::unique_ptr<SlowDownload> download;
    std::unique_ptr<SlowDownload> exported;

    // A chain to export, and a large file put in the backup directory by
    // hand to download (the catalog serves it without a manifest); a slow
    // client for each, its first bytes read.
    void startWithLargeAnswers(const QString &grace, int receipts)
    {
        dir = std::make_unique<ScratchDir>(QString::fromLatin1(QTest::currentTestFunction()));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QDir().mkpath(QFileInfo(gateway->databasePath()).absolutePath());
        ReceiptChainBuilder::Options options;
        options.walMode = true;
        ReceiptChainBuilder builder(gateway->databasePath(), options);
        QVERIFY2(builder.open() && builder.addReceipts(QStringLiteral("default"), receipts),
                 qPrintable(builder.errorString()));
        builder.close();
        QVERIFY(QDir().mkpath(dir->filePath(QStringLiteral("backups"))));
        backupBytes.resize(DownloadBytes);
        for (qsizetype i = 0; i < backupBytes.size(); ++i)
            backupBytes[i] = char((i * 2654435761u) >> 13);
        QFile file(dir->filePath(QStringLiteral("backups/large.db")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(backupBytes) == backupBytes.size());
        file.close();

        gateway->setEnv(QStringLiteral("AEGIS_SHUTDOWN_GRACE"), grace);
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));

        // Both answers under way before the signal.
        download = std::make_unique<SlowDownload>(gateway->port(), QStringLiteral("/v1/admin/backups/large.db/file"),
                                                  gateway->adminToken());
        exported = std::make_unique<SlowDownload>(gateway->port(), QStringLiteral("/v1/receipts/export"),
                                                  gateway->adminToken());
        QVERIFY(download->isSent() && exported->isSent());
        download->readUpTo(256 * 1024, 64 * 1024 * 1024);
        exported->readUpTo(256 * 1024, 64 * 1024 * 1024);
        QCOMPARE(download->status(), 200);
        QCOMPARE(exported->status(), 200);
    }

private Q_SLOTS:
    void streamsInFlightFinishWithinTheGrace()
    {
        startWithLargeAnswers(QStringLiteral("60s"), Receipts);
        if (QTest::currentTestFailed())
            return;

        QElapsedTimer sinceSignal;
        sinceSignal.start();
        QCOMPARE(::kill(pid_t(gateway->pid()), SIGTERM), 0);
        // Slow enough that neither answer could be sent in the 20 ms the
        // gateway used to wait, nor sit whole in the kernel's buffers.
        while (!download->ended() || !exported->ended()) {
            download->readUpTo(download->received() + 512 * 1024, 16 * 1024 * 1024, 1000);
            exported->readUpTo(exported->received() + 512 * 1024, 16 * 1024 * 1024, 1000);
            QVERIFY2(sinceSignal.elapsed() < 50000, "the answers did not end within 50 s");
        }
        qInfo("both answers complete %lld ms after SIGTERM", static_cast<long long>(sinceSignal.elapsed()));

        const auto file = download->body();
        QVERIFY(file);
        QCOMPARE(file->size(), backupBytes.size());
        QVERIFY(*file == backupBytes);
        const auto chain = exported->body();
        QVERIFY2(chain, "the chunked export ends without its final chunk");
        QCOMPARE(QJsonDocument::fromJson(*chain).object().value(QStringLiteral("receipts")).toArray().size(), Receipts);

        QCOMPARE(gateway->waitForExit(), 0);
        const QString log = gateway->output();
        QVERIFY2(!log.contains(QStringLiteral("cut ")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("the database is a single self-contained file")), qPrintable(log));
        QVERIFY(!QFileInfo::exists(gateway->databasePath() + QStringLiteral("-wal")));
    }

    void streamsStillSendingAfterTheGraceAreCutAndCounted()
    {
        startWithLargeAnswers(QStringLiteral("2s"), ManyReceipts);
        if (QTest::currentTestFailed())
            return;

        QElapsedTimer sinceSignal;
        sinceSignal.start();
        QCOMPARE(::kill(pid_t(gateway->pid()), SIGTERM), 0);
        // Far too slow to finish in the grace: the whole download would
        // take minutes at this rate; the export's reader has stalled.
        while (gateway->isRunning()) {
            download->readUpTo(download->received() + 16 * 1024, 128 * 1024, 100);
            QCoreApplication::processEvents(); // lets QProcess notice the exit
            QVERIFY2(sinceSignal.elapsed() < 30000, "the gateway did not exit within 30 s");
        }
        const qint64 exitedAfter = sinceSignal.elapsed();
        qInfo("exited %lld ms after SIGTERM", static_cast<long long>(exitedAfter));
        QCOMPARE(gateway->waitForExit(), 0);
        QVERIFY2(exitedAfter >= 1900, qPrintable(QStringLiteral("exited after %1 ms, within the 2 s grace").arg(exitedAfter)));
        // What the kernel still held arrives; then the connections end.
        download->readToEnd(1 << 30, 30000);
        exported->readToEnd(1 << 30, 30000);
        QVERIFY(download->ended() && exported->ended());

        // Truncated, visibly: short of its length, or no final chunk.
        QVERIFY(download->body()->size() < download->contentLength());
        QVERIFY(!exported->body());
        const QString log = gateway->output();
        QVERIFY2(log.contains(QStringLiteral("cut 2 answer(s) still being sent")), qPrintable(log));
        // The export's own connection closed with the cut: nothing holds the
        // database, and the log does not claim that anything does.
        QVERIFY2(log.contains(QStringLiteral("the database is a single self-contained file")), qPrintable(log));
        QVERIFY(!log.contains(QStringLiteral("another process")));
        QVERIFY(!QFileInfo::exists(gateway->databasePath() + QStringLiteral("-wal")));
    }

    // A reader outside the gateway keeps the -wal file alive. The log says
    // that it remains, how big, how the final checkpoint went and that none
    // of the gateway's own connections is open: what was measured.
    void aWalLeftBehindIsReportedAsMeasured()
    {
        dir = std::make_unique<ScratchDir>(QString::fromLatin1(QTest::currentTestFunction()));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        gateway->setEnv(QStringLiteral("AEGIS_DB_BUSY_TIMEOUT"), QStringLiteral("200ms"));
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        QCOMPARE(gateway->adminClient().post(QStringLiteral("/v1/tenants"), "{\"id\":\"acme\",\"name\":\"Acme\"}").status, 201);

        // An operator's shell in the middle of a read transaction;
        // -interactive flushes its answer before the next prompt.
        QProcess reader;
        reader.setProcessChannelMode(QProcess::MergedChannels);
        reader.start(QStringLiteral("sqlite3"), {QStringLiteral("-interactive"), gateway->databasePath()});
        QVERIFY(reader.waitForStarted());
        reader.write("BEGIN; SELECT 'reading', count(*) FROM tenants;\n");
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += reader.readAll()).contains("reading|"), 10000);

        QCOMPARE(gateway->stop(SIGTERM), 0);
        reader.closeWriteChannel();
        QVERIFY(reader.waitForFinished());
        const QString log = gateway->output();
        QVERIFY2(log.contains(QStringLiteral("aegisagent.db-wal remains (")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("; 0 connection(s) of this gateway still open")), qPrintable(log));
        QVERIFY(!log.contains(QStringLiteral("single self-contained file")));
        QVERIFY(!log.contains(QStringLiteral("another process")));
    }
};

QTEST_GUILESS_MAIN(ShutdownTest)
#include "ShutdownTest.moc"
