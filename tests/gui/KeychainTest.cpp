// Where the console keeps an admin token, tested against both worlds an
// operator's desktop can be: a real Secret Service (gnome-keyring on a
// private session bus, started by tests/gui/with-keyring.sh) and no keychain
// at all. ctest runs this binary once in each, saying which through
// AEGIS_TEST_KEYCHAIN, so both outcomes are asserted rather than whichever
// one the machine happens to offer.
#include "console/connection/ConnectionProfile.h"
#include "console/connection/TokenStore.h"
#include "tests/support/ScratchDir.h"

#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>

#include <QtTest>

#include <optional>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class KeychainTest : public QObject
{
    Q_OBJECT

private:
    static QByteArray mode() { return qgetenv("AEGIS_TEST_KEYCHAIN"); }

    static TokenStore::Result written(TokenStore &store, const QString &id, const QByteArray &token)
    {
        std::optional<TokenStore::Result> result;
        store.write(id, token, [&](const TokenStore::Result &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
            qFatal("the token store never answered a write");
        return *result;
    }

    static TokenStore::Result readBack(TokenStore &store, const QString &id)
    {
        std::optional<TokenStore::Result> result;
        store.read(id, [&](const TokenStore::Result &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
            qFatal("the token store never answered a read");
        return *result;
    }

    // Files under `root` whose bytes contain `needle`: a token must never be
    // found in plain text where the keychain was meant to keep it.
    static QStringList filesContaining(const QString &root, const QByteArray &needle)
    {
        QStringList found;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                found << file.fileName();
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(mode() == "running" || mode() == "absent",
            "set AEGIS_TEST_KEYCHAIN=running (under tests/gui/with-keyring.sh) or absent; ctest does");
    }

    void keychainKeepsTheToken()
    {
        if (mode() != "running")
            QSKIP("needs a Secret Service: ctest runs this under tests/gui/with-keyring.sh");
        ScratchDir dir(QStringLiteral("keychain-running"));
        const QByteArray token = "aegis-keychain-token-" + ConnectionProfile::newId().toUtf8();
        const QString id = ConnectionProfile::newId();

        TokenStore store(TokenStore::Mode::KeychainFirst, FileTokenVault(dir.filePath(QStringLiteral("tokens"))));
        const auto stored = written(store, id, token);
        QVERIFY2(stored.error.isEmpty(), qPrintable(stored.error + QLatin1Char(' ') + stored.detail));
        QCOMPARE(stored.location, TokenStore::Location::Keychain);
        QVERIFY2(stored.warning.isEmpty(), "the keychain is the safe place: no warning is due");
        QVERIFY(!QFile::exists(store.files().filePath(id)));

        // Nowhere in plain text: not in the fallback directory, not in any
        // settings file, not in the keyring's own (encrypted) files.
        const QString home = QDir::homePath();
        QVERIFY2(home.startsWith(qEnvironmentVariable("AEGIS_TEST_TMP")), "with-keyring.sh gives the test its own home");
        QCOMPARE(filesContaining(home, token), QStringList());
        QCOMPARE(filesContaining(dir.path(), token), QStringList());

        // A console started later (a new store) finds it in the keychain.
        TokenStore later(TokenStore::Mode::KeychainFirst, FileTokenVault(dir.filePath(QStringLiteral("tokens"))));
        const auto found = readBack(later, id);
        QCOMPARE(found.location, TokenStore::Location::Keychain);
        QCOMPARE(found.token, token);

        // Removing a profile removes its token from the keychain.
        later.remove(id);
        QTRY_COMPARE_WITH_TIMEOUT(readBack(later, id).location, TokenStore::Location::None, 10000);
        QVERIFY(readBack(later, id).error.isEmpty());
    }

    void keychainReplacesAnEarlierFileCopy()
    {
        if (mode() != "running")
            QSKIP("needs a Secret Service: ctest runs this under tests/gui/with-keyring.sh");
        // A token saved while no keychain ran lives in the file; once the
        // keychain is there, saving moves it there and the file goes.
        ScratchDir dir(QStringLiteral("keychain-migrates"));
        const QString id = ConnectionProfile::newId();
        FileTokenVault files(dir.filePath(QStringLiteral("tokens")));
        QString error;
        QVERIFY2(files.write(id, "token-from-a-time-without-keychain", &error), qPrintable(error));

        TokenStore store(TokenStore::Mode::KeychainFirst, files);
        const auto early = readBack(store, id);
        QCOMPARE(early.location, TokenStore::Location::File);
        QCOMPARE(early.token, QByteArray("token-from-a-time-without-keychain"));

        const auto stored = written(store, id, "token-now-in-the-keychain");
        QCOMPARE(stored.location, TokenStore::Location::Keychain);
        QVERIFY(!QFile::exists(files.filePath(id)));
        const auto found = readBack(store, id);
        QCOMPARE(found.location, TokenStore::Location::Keychain);
        QCOMPARE(found.token, QByteArray("token-now-in-the-keychain"));
        store.remove(id);
        QTRY_COMPARE_WITH_TIMEOUT(readBack(store, id).location, TokenStore::Location::None, 10000);
    }

    void withoutKeychainAFileOnlyTheUserReads()
    {
        if (mode() != "absent")
            QSKIP("needs no Secret Service: ctest runs this with an unreachable session bus");
        ScratchDir dir(QStringLiteral("keychain-absent"));
        const QString id = ConnectionProfile::newId();
        const QByteArray token = "aegis-file-token-" + ConnectionProfile::newId().toUtf8();

        TokenStore store(TokenStore::Mode::KeychainFirst, FileTokenVault(dir.filePath(QStringLiteral("tokens"))));
        const auto stored = written(store, id, token);
        QVERIFY2(stored.error.isEmpty(), qPrintable(stored.error + QLatin1Char(' ') + stored.detail));
        QCOMPARE(stored.location, TokenStore::Location::File);
        // The operator is told, and told where.
        QVERIFY(stored.warning.contains(store.files().filePath(id)));
        QVERIFY2(stored.detail.startsWith(QStringLiteral("Keychain:")), qPrintable(stored.detail));

        const QString path = store.files().filePath(id);
        QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
            QFile::Permissions());
        QCOMPARE(filesContaining(dir.path(), token), QStringList{path});
        // Never QSettings (nor QtKeychain's "insecure fallback", which is QSettings).
        const QString settings = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QCOMPARE(filesContaining(settings, token), QStringList());

        const auto found = readBack(store, id);
        QCOMPARE(found.location, TokenStore::Location::File);
        QCOMPARE(found.token, token);
        QVERIFY(!found.warning.isEmpty());

        store.remove(id);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(readBack(store, id).location, TokenStore::Location::None);
    }
};

QTEST_MAIN(KeychainTest)
#include "KeychainTest.moc"
