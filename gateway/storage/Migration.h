#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace aegis {

// One numbered schema migration: "0002_verification_history.sql" is version 2
// named "0002_verification_history". The checksum is over the file's bytes,
// so an edit to an applied migration is detected at the next start.
struct Migration
{
    int version = 0;
    QString name;
    QByteArray sql;
    QString sha256;

    static Migration fromFile(const QString &fileName, const QByteArray &contents);
};

// The ordered migrations a binary carries. The gateway uses the ones
// embedded under :/migrations; tests build older or altered sets.
class MigrationSet
{
public:
    static MigrationSet embedded();
    static MigrationSet fromList(QList<Migration> migrations);

    const QList<Migration> &migrations() const { return m_migrations; }
    int latestVersion() const { return m_migrations.isEmpty() ? 0 : m_migrations.last().version; }
    const Migration *find(int version) const;
    // Versions must run 1, 2, 3… without gaps or duplicates.
    QString validate() const;

private:
    QList<Migration> m_migrations;
};

} // namespace aegis
