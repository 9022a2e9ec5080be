#pragma once

#include <QString>

struct sqlite3;

namespace aegis {

// A read-only sqlite3 handle of its own, without Qt's connection registry:
// it may be opened and used on any one thread (a verification worker).
// Open it with ReadOnlyDatabase::uriFor, so that it sees the file as the
// caller's connection does and changes nothing beside it.
class ReadOnlyConnection
{
public:
    explicit ReadOnlyConnection(const QString &uri);
    ~ReadOnlyConnection();
    ReadOnlyConnection(const ReadOnlyConnection &) = delete;
    ReadOnlyConnection &operator=(const ReadOnlyConnection &) = delete;

    bool isOpen() const { return m_db != nullptr; }
    QString error() const { return m_error; }
    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
    QString m_error;
};

} // namespace aegis
