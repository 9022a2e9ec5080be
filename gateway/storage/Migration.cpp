#include "gateway/storage/Migration.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace aegis {

Migration Migration::fromFile(const QString &fileName, const QByteArray &contents)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{4})_([a-z0-9_]+)\.sql$)"));
    Migration migration;
    const QRegularExpressionMatch m = pattern.match(fileName);
    if (m.hasMatch()) {
        migration.version = m.captured(1).toInt();
        migration.name = fileName.chopped(4);
    }
    migration.sql = contents;
    migration.sha256 = QString::fromLatin1(QCryptographicHash::hash(contents, QCryptographicHash::Sha256).toHex());
    return migration;
}

MigrationSet MigrationSet::embedded()
{
    QList<Migration> list;
    const QDir dir(QStringLiteral(":/migrations"));
    for (const QString &fileName : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(fileName));
        if (file.open(QIODevice::ReadOnly))
            list.append(Migration::fromFile(fileName, file.readAll()));
    }
    return fromList(std::move(list));
}

MigrationSet MigrationSet::fromList(QList<Migration> migrations)
{
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    MigrationSet set;
    set.m_migrations = std::move(migrations);
    return set;
}

const Migration *MigrationSet::find(int version) const
{
    for (const Migration &migration : m_migrations) {
        if (migration.version == version)
            return &migration;
    }
    return nullptr;
}

QString MigrationSet::validate() const
{
    if (m_migrations.isEmpty())
        return QStringLiteral("no migrations are embedded in this binary");
    for (qsizetype i = 0; i < m_migrations.size(); ++i) {
        const Migration &migration = m_migrations.at(i);
        if (migration.version != i + 1)
            return QStringLiteral("migration '%1' is out of sequence: expected version %2")
                .arg(migration.name.isEmpty() ? QStringLiteral("(unnamed)") : migration.name)
                .arg(i + 1);
    }
    return {};
}

} // namespace aegis
