#include "common/db/ReadOnlyDatabase.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>
#include <QUrl>

namespace aegis {

namespace {

struct SideFiles
{
    bool wal = false;
    bool walWithData = false;
    bool shm = false;
    bool hotJournal = false;
};

SideFiles sideFilesOf(const QString &path)
{
    SideFiles out;
    const QFileInfo wal(path + QStringLiteral("-wal"));
    out.wal = wal.exists();
    out.walWithData = out.wal && wal.size() > 0;
    out.shm = QFileInfo::exists(path + QStringLiteral("-shm"));
    const QFileInfo journal(path + QStringLiteral("-journal"));
    out.hotJournal = journal.exists() && journal.size() > 0;
    return out;
}

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("aegis-read-only-%1-%2")
        .arg(quintptr(QThread::currentThreadId()))
        .arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

QString ReadOnlyDatabase::describe(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.trimmed();
}

QString ReadOnlyDatabase::uriFor(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("cannot read %1: no such file").arg(path);
        return QString();
    }
    if (!info.isFile() || !info.isReadable()) {
        *error = QStringLiteral("cannot read %1: not a readable file").arg(path);
        return QString();
    }
    const SideFiles side = sideFilesOf(info.absoluteFilePath());
    if (side.hotJournal) {
        *error = QStringLiteral("%1 has a hot rollback journal (%1-journal): it was not closed cleanly; "
                                "open it once with sqlite3 to recover it, or use a backup copy")
                     .arg(path);
        return QString();
    }
    if (side.walWithData && !side.shm) {
        *error = QStringLiteral("%1 has a write-ahead log but no shared-memory file: it was not closed "
                                "cleanly; open it once with sqlite3 to recover it, or use a backup copy")
                     .arg(path);
        return QString();
    }
    const bool live = side.wal && side.shm;
    return QStringLiteral("file:") + QString::fromLatin1(QUrl::toPercentEncoding(info.absoluteFilePath(), "/"))
        + (live ? QStringLiteral("?mode=ro") : QStringLiteral("?mode=ro&immutable=1"));
}

ReadOnlyDatabase::ReadOnlyDatabase(const QString &path)
    : m_name(nextConnectionName())
{
    const QString uri = uriFor(path, &m_error);
    if (uri.isEmpty())
        return;

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY"));
    m_db.setDatabaseName(uri);
    if (!m_db.open()) {
        m_error = QStringLiteral("cannot open %1: %2").arg(path, describe(m_db.lastError()));
        return;
    }
    m_open = true;
}

ReadOnlyDatabase::~ReadOnlyDatabase()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

} // namespace aegis
