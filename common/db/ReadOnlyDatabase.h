#pragma once

#include <QSqlDatabase>
#include <QString>

namespace aegis {

// Opens an SQLite file for reading without changing it or anything around
// it: a backup in a read-only directory stays byte for byte as it was and
// gets no -wal/-shm companions. A file at rest is opened immutable (no
// locks, nothing created); a file with a live -wal and -shm (a running
// gateway) is opened plain read-only so that its committed log is seen.
// Files that were not closed cleanly are refused with the way out.
//
// The connection belongs to the calling thread and closes with the object.
class ReadOnlyDatabase
{
public:
    explicit ReadOnlyDatabase(const QString &path);
    ~ReadOnlyDatabase();
    ReadOnlyDatabase(const ReadOnlyDatabase &) = delete;
    ReadOnlyDatabase &operator=(const ReadOnlyDatabase &) = delete;

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    QSqlDatabase &db() { return m_db; }

    static QString describe(const class QSqlError &error);
    // The SQLite URI this class opens path with (immutable for a file at
    // rest, plain read-only for a live one); empty, with *error, for a
    // file that must not be opened. For more connections to the same file
    // (ReadOnlyConnection), which must see it the same way.
    static QString uriFor(const QString &path, QString *error);

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_open = false;
    QString m_error;
};

} // namespace aegis
