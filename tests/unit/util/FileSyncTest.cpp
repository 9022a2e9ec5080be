#include "common/util/FileSync.h"

#include "tests/support/ScratchDir.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <cerrno>
#include <sys/stat.h>

using namespace aegis;

class FileSyncTest : public QObject
{
    Q_OBJECT

private:
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
    }

    static bool write(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }

    // Nothing but the named files: no temporary left behind.
    static QStringList entries(const QString &dir)
    {
        return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
    }

private Q_SLOTS:
    void writeFileMakesTheFileWithItsMode()
    {
        test::ScratchDir dir(QStringLiteral("write"));
        const QString path = dir.filePath(QStringLiteral("admin.token"));
        QString error;
        QVERIFY2(FileSync::writeFile(path, "secret\n", 0600, false, &error), qPrintable(error));
        QCOMPARE(read(path), QByteArray("secret\n"));
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("admin.token")});
    }

    void writeFileWithoutReplaceLeavesAnExistingFileAlone()
    {
        test::ScratchDir dir(QStringLiteral("no-replace"));
        const QString path = dir.filePath(QStringLiteral("backup.manifest.json"));
        QVERIFY(write(path, "first"));
        QString error;
        QVERIFY(!FileSync::writeFile(path, "second", 0600, false, &error));
        QCOMPARE(FileSync::lastErrno(), EEXIST);
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(read(path), QByteArray("first"));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("backup.manifest.json")});
    }

    void writeFileWithReplaceReplaces()
    {
        test::ScratchDir dir(QStringLiteral("replace"));
        const QString path = dir.filePath(QStringLiteral("state.json"));
        QVERIFY(write(path, "old"));
        QString error;
        QVERIFY2(FileSync::writeFile(path, "new", 0640, true, &error), qPrintable(error));
        QCOMPARE(read(path), QByteArray("new"));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("state.json")});
    }

    void writeFileIntoAMissingDirectorySaysWhy()
    {
        test::ScratchDir dir(QStringLiteral("missing-dir"));
        const QString path = dir.filePath(QStringLiteral("nowhere/file"));
        QString error;
        QVERIFY(!FileSync::writeFile(path, "x", 0600, false, &error));
        QCOMPARE(FileSync::lastErrno(), ENOENT);
        QVERIFY2(error.startsWith(QStringLiteral("cannot create ")), qPrintable(error));
        QVERIFY2(error.contains(dir.filePath(QStringLiteral("nowhere"))), qPrintable(error));
    }

    void renameNoReplaceMovesOrRefuses()
    {
        test::ScratchDir dir(QStringLiteral("rename"));
        const QString from = dir.filePath(QStringLiteral(".backup.db.partial"));
        const QString to = dir.filePath(QStringLiteral("backup.db"));
        QVERIFY(write(from, "copy"));
        QString error;
        QVERIFY2(FileSync::renameNoReplace(from, to, &error), qPrintable(error));
        QCOMPARE(read(to), QByteArray("copy"));
        QVERIFY(!QFile::exists(from));

        QVERIFY(write(from, "another copy"));
        QVERIFY(!FileSync::renameNoReplace(from, to, &error));
        QCOMPARE(FileSync::lastErrno(), EEXIST);
        QVERIFY2(error.contains(from) && error.contains(to), qPrintable(error));
        QCOMPARE(read(to), QByteArray("copy"));
        QCOMPARE(read(from), QByteArray("another copy"));
    }

    void fsyncReportsWhatItCouldNotFlush()
    {
        test::ScratchDir dir(QStringLiteral("fsync"));
        const QString file = dir.filePath(QStringLiteral("evidence.db"));
        QVERIFY(write(file, "bytes"));
        QString error;
        QVERIFY2(FileSync::fsyncFile(file, &error), qPrintable(error));
        QVERIFY2(FileSync::fsyncDirectory(dir.path(), &error), qPrintable(error));

        const QString missing = dir.filePath(QStringLiteral("gone.db"));
        QVERIFY(!FileSync::fsyncFile(missing, &error));
        QCOMPARE(FileSync::lastErrno(), ENOENT);
        QVERIFY2(error.contains(missing), qPrintable(error));

        QVERIFY(!FileSync::fsyncDirectory(file, &error));
        QCOMPARE(FileSync::lastErrno(), ENOTDIR);
        QVERIFY2(error.contains(file), qPrintable(error));
    }

    // The error text is optional; the errno is kept either way.
    void errorTextIsOptional()
    {
        test::ScratchDir dir(QStringLiteral("no-text"));
        QVERIFY(!FileSync::fsyncFile(dir.filePath(QStringLiteral("gone")), nullptr));
        QCOMPARE(FileSync::lastErrno(), ENOENT);
    }
};

QTEST_GUILESS_MAIN(FileSyncTest)
#include "FileSyncTest.moc"
