#pragma once

#include <QString>
#include <QStringList>

namespace aegis {

// Every name a restore gives a file, in one place, so that the engine, a
// resumed run and the runbook agree:
//   <db>, <db>-wal, <db>-shm, <db>-journal      the live files
//   <db>.bad-<T>, <db>.bad-<T>-wal, ...           the live files set aside
//   <dir>/.<name>.restore-<T>.partial             the copy being written
//   <db>.failed-restore-<T>, ...-wal, ...         a restored copy rolled back
//   <db>.restore-journal.json                     the journal
//   <db>.restore-<T>.report.json (and .txt)       the report, by default
// T is the time the restore started, in UTC, readable and sortable
// ("20261206T031500Z"; the journal keeps it as a unix time, `stamp`).
// Restores before this naming wrote the unix time itself
// ("<db>.bad-1796527500"): SetAsideFiles recognises both.
class RestoreFileNames
{
public:
    RestoreFileNames(QString databasePath, qint64 stamp);

    // The T of every name: "20261206T031500Z".
    static QString stampText(qint64 stamp);

    // "db", "wal", "shm", "journal": the database first.
    static QStringList roles();
    static QString suffix(const QString &role); // "", "-wal", "-shm", "-journal"

    QString live(const QString &role) const;
    QString aside(const QString &role) const;
    QString failed(const QString &role) const;
    QString temporary() const;
    QString report() const;
    QString directory() const;
    static QString journal(const QString &databasePath);

private:
    QString m_database;
    qint64 m_stamp;
};

} // namespace aegis
