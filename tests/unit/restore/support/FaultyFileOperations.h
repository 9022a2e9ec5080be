#pragma once

#include "common/restore/FileOperations.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace aegis::test {

// FileOperations that do the real thing (through another FileOperations)
// until told otherwise, KeePassXC style: the nth call of an operation fails
// with a given error, or the nth effectful call (any operation that changes
// the disk, or hashes a file) "crashes" instead of running: the crash
// callback throws (unit tests) or _exit()s (the crash helper). A crash in
// the middle of a copy first writes half of the file, as a real one would.
class FaultyFileOperations : public FileOperations
{
public:
    // Operation names, also used on the crash helper's command line.
    static QStringList operationNames();

    explicit FaultyFileOperations(FileOperations &real);

    // The nth (1-based) call of `operation` fails with `error`.
    void failAt(const QString &operation, int nth, const QString &error = QStringLiteral("injected failure"));
    // Every call of `operation` from the nth on fails.
    void failFrom(const QString &operation, int nth, const QString &error = QStringLiteral("injected failure"));
    // The nth effectful call runs `crash` instead.
    void crashAt(int nth, std::function<void()> crash);
    // hashFile answers this instead of the real hash on its nth call.
    void lieAboutHashAt(int nth, const QString &hex);
    std::optional<qint64> freeBytesOverride;
    std::function<std::optional<LockProbe>(const QString &path)> lockOverride;
    // Forgets failures, crashes and lies (not the overrides).
    void clearFaults();

    int effectfulCalls() const { return m_effectful; }
    int calls(const QString &operation) const { return m_calls.value(operation); }
    // "rename a -> b", ... for messages when a test fails.
    QStringList log() const { return m_log; }

    bool exists(const QString &path) override;
    std::optional<FileStatus> status(const QString &path, QString *error) override;
    bool renameNoReplace(const QString &from, const QString &to, QString *error) override;
    bool copyDurably(const QString &from, const QString &to, const Progress &progress, const Cancelled &cancelled,
                     QString *writtenSha256, QString *error) override;
    bool remove(const QString &path, QString *error) override;
    std::optional<qint64> freeBytes(const QString &directory, QString *error) override;
    LockProbe probeExclusiveLock(const QString &path) override;
    bool setOwnerAndMode(const QString &path, const FileStatus &like, QString *error) override;
    bool syncDirectory(const QString &directory, QString *error) override;
    bool writeDurably(const QString &path, const QByteArray &bytes, QString *error) override;
    std::optional<QByteArray> readAll(const QString &path, QString *error) override;
    Sha256::FileResult hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled) override;
    bool makePath(const QString &directory, QString *error) override;
    uint effectiveUserId() override;

private:
    struct Fault
    {
        int nth = 0;
        bool onwards = false;
        QString error;
    };

    // Counts the call; true with *error set when it must fail.
    bool injected(const QString &operation, const QString &what, QString *error);
    // Counts an effectful call; runs the crash when due (`before` lets a copy
    // leave half a file first).
    void effectful(const QString &what, const std::function<void()> &before = {});

    FileOperations &m_real;
    QHash<QString, int> m_calls;
    QHash<QString, Fault> m_faults;
    int m_effectful = 0;
    int m_crashAt = 0;
    std::function<void()> m_crash;
    int m_lieAt = 0;
    QString m_lie;
    QStringList m_log;
};

} // namespace aegis::test
