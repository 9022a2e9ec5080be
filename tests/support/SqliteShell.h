#pragma once

#include <QString>
#include <QVariant>

namespace aegis::test {

// A second connection to a database, as an operator's sqlite3 shell would
// be: for tampering with evidence and reading what the gateway wrote.
class SqliteShell
{
public:
    static bool exec(const QString &path, const QString &sql, QString *error = nullptr);
    static QVariant scalar(const QString &path, const QString &sql);
};

} // namespace aegis::test
