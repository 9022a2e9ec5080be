#include "tests/support/SqliteShell.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace aegis::test {

namespace {

QAtomicInteger<int> counter;

template <typename F>
auto withDatabase(const QString &path, F work)
{
    const QString name = QStringLiteral("sqlite-shell-%1").arg(counter.fetchAndAddRelaxed(1));
    decltype(work(std::declval<QSqlDatabase &>())) result{};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open())
            result = work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

bool SqliteShell::exec(const QString &path, const QString &sql, QString *error)
{
    return withDatabase(path, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(sql))
            return true;
        if (error)
            *error = query.lastError().text();
        return false;
    });
}

QVariant SqliteShell::scalar(const QString &path, const QString &sql)
{
    return withDatabase(path, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            return query.value(0);
        return QVariant();
    });
}

} // namespace aegis::test
