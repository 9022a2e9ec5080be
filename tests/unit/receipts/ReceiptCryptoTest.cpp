#include "common/crypto/ConstantTime.h"
#include "common/crypto/Ed25519Signer.h"
#include "common/crypto/Ed25519Verifier.h"
#include "common/crypto/Sha256.h"
#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QtTest>

using namespace aegis;

namespace {

const QString SpecSeed = QStringLiteral("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
const QString SpecPublicKey = QStringLiteral("79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664");
const QByteArray SpecMessage = "e7b50943aa236c8af3e3ec8f6bfcd0af55a493be393618bd6ced441219022790";
const QString SpecSignature = QStringLiteral(
    "a8d0976bbb4b35b1b19fdbafdca55f4c7b031cb46b77dd0811065e98af53c46d8f49ccf1c3c4af90f66d0499701510bce0aea819db689e1b5e79579fef90b50e");

} // namespace

class ReceiptCryptoTest : public QObject
{
    Q_OBJECT

private slots:
    void sha256KnownValues()
    {
        QCOMPARE(Sha256::hex("abc"), QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(Sha256::hex(QByteArray()),
            QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(Sha256::digest("abc").size(), 32);
    }

    void sha256Incremental()
    {
        Sha256 hasher;
        hasher.addData("a");
        hasher.addData("");
        hasher.addData("bc");
        QCOMPARE(hasher.resultHex(), Sha256::hex("abc"));
        // The hasher starts over after a result.
        hasher.addData("abc");
        QCOMPARE(hasher.resultHex(), Sha256::hex("abc"));
    }

    void hashFileInChunksWithProgress()
    {
        test::ScratchDir scratch(QStringLiteral("hashFile"));
        QByteArray content;
        for (int i = 0; i < 500000; ++i)
            content += QByteArray::number(i) + '\n';
        QVERIFY(content.size() > 2 * (1 << 20)); // several chunks
        QFile file(scratch.filePath(QStringLiteral("big.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        QList<qint64> seen;
        qint64 total = 0;
        const auto result = Sha256::hashFile(file.fileName(), [&](qint64 done, qint64 size) {
            seen << done;
            total = size;
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.hex, Sha256::hex(content));
        QCOMPARE(result.bytes, content.size());
        QVERIFY(seen.size() >= 3);
        QCOMPARE(seen.last(), content.size());
        QCOMPARE(total, content.size());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    }

    void hashFileCancelled()
    {
        test::ScratchDir scratch(QStringLiteral("hashFileCancelled"));
        QFile file(scratch.filePath(QStringLiteral("f.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(3 << 20, 'x'));
        file.close();
        int polls = 0;
        const auto result = Sha256::hashFile(file.fileName(), {}, [&] { return ++polls > 1; });
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QVERIFY(result.hex.isEmpty());
        QCOMPARE(result.bytes, qint64(1 << 20));
    }

    void hashFileMissing()
    {
        const auto result = Sha256::hashFile(QStringLiteral("/nonexistent/aegis/file.db"));
        QVERIFY(!result.ok);
        QVERIFY(!result.cancelled);
        QVERIFY2(result.error.contains(QStringLiteral("/nonexistent/aegis/file.db")), qPrintable(result.error));
    }

    void ed25519SpecCheckValue()
    {
        QString error;
        const auto signer = Ed25519Signer::fromKeySpec(SpecSeed, &error);
        QVERIFY2(signer, qPrintable(error));
        QCOMPARE(signer->publicKeyHex(), SpecPublicKey);
        QVERIFY(signer->keyId().isEmpty());
        QCOMPARE(signer->sign(SpecMessage), SpecSignature);
        QVERIFY(Ed25519Verifier::verify(SpecPublicKey, SpecMessage, SpecSignature));
    }

    void ed25519KeyIdAndCase()
    {
        const auto signer = Ed25519Signer::fromKeySpec(QStringLiteral("prod-2026:") + SpecSeed.toUpper() + QLatin1Char('\n'));
        QVERIFY(signer);
        QCOMPARE(signer->keyId(), QStringLiteral("prod-2026"));
        QCOMPARE(signer->publicKeyHex(), SpecPublicKey);
        QCOMPARE(signer->sign(SpecMessage), SpecSignature);
    }

    void ed25519VerifierRejects()
    {
        QString otherSignature = SpecSignature;
        otherSignature[0] = QLatin1Char('b');
        QVERIFY(!Ed25519Verifier::verify(SpecPublicKey, SpecMessage, otherSignature));
        QVERIFY(!Ed25519Verifier::verify(SpecPublicKey, "f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e",
            SpecSignature));
        QVERIFY(!Ed25519Verifier::verify(SpecPublicKey.left(62), SpecMessage, SpecSignature));
        QVERIFY(!Ed25519Verifier::verify(SpecPublicKey, SpecMessage, SpecSignature.left(126)));
        QVERIFY(!Ed25519Verifier::verify(QStringLiteral("zz") + SpecPublicKey.mid(2), SpecMessage, SpecSignature));
        QVERIFY(!Ed25519Verifier::verify(QString(), SpecMessage, QString()));
    }

    void ed25519BadKeySpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("short") << SpecSeed.left(63) << QStringLiteral("64 hex characters");
        QTest::newRow("long") << SpecSeed + QStringLiteral("00") << QStringLiteral("64 hex characters");
        QTest::newRow("not hex") << QStringLiteral("g") + SpecSeed.mid(1) << QStringLiteral("not hex");
        QTest::newRow("empty key id") << QStringLiteral(":") + SpecSeed << QStringLiteral("key id");
        QTest::newRow("space in key id") << QStringLiteral("my key:") + SpecSeed << QStringLiteral("key id");
        QTest::newRow("base64 instead of hex") << QStringLiteral("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=")
                                               << QStringLiteral("64 hex characters");
    }

    void ed25519BadKeySpecs()
    {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!Ed25519Signer::fromKeySpec(spec, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        // The seed is a secret: no error text may quote it.
        QVERIFY(!error.contains(SpecSeed.mid(4, 40), Qt::CaseInsensitive));
    }

    void constantTimeEquals()
    {
        QVERIFY(ConstantTime::equals("agent_tok_0123", "agent_tok_0123"));
        QVERIFY(!ConstantTime::equals("agent_tok_0123", "agent_tok_0124"));
        QVERIFY(!ConstantTime::equals("agent_tok_0123", "agent_tok_012"));
        QVERIFY(!ConstantTime::equals("", "x"));
        QVERIFY(ConstantTime::equals("", ""));
    }
};

QTEST_GUILESS_MAIN(ReceiptCryptoTest)
#include "ReceiptCryptoTest.moc"
