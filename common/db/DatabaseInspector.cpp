#include "common/db/DatabaseInspector.h"

#include "common/db/ReadOnlyDatabase.h"
#include "common/db/SqliteStatement.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace aegis {

namespace {

bool scalar(QSqlDatabase &db, const QString &sql, QVariant *out, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql) || !query.next()) {
        *error = QStringLiteral("%1: %2").arg(sql.left(60), ReadOnlyDatabase::describe(query.lastError()));
        return false;
    }
    *out = query.value(0);
    return true;
}

} // namespace

std::optional<DatabaseSummary> DatabaseInspector::inspect(QSqlDatabase &db, Check check, QString *error)
{
    DatabaseSummary summary;
    QVariant value;
    if (!scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &value, error)) {
        *error = QStringLiteral("not a readable SQLite database (%1)").arg(*error);
        return std::nullopt;
    }
    if (!scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                   "('schema_migrations', 'receipts', 'decisions', 'agents', 'tenants')"),
                &value, error))
        return std::nullopt;
    if (value.toInt() != 5) {
        *error = QStringLiteral("not an Aegis database: its tables are missing");
        return std::nullopt;
    }

    if (check != Check::None) {
        QSqlQuery integrity(db);
        integrity.setForwardOnly(true);
        if (!integrity.exec(check == Check::Full ? QStringLiteral("PRAGMA integrity_check(20)")
                                                 : QStringLiteral("PRAGMA quick_check(20)"))) {
            summary.integrity = ReadOnlyDatabase::describe(integrity.lastError());
        } else {
            QStringList findings;
            while (integrity.next())
                findings.append(integrity.value(0).toString());
            summary.integrity = findings.join(QStringLiteral("; "));
        }
        // A damaged file must not be read any further: its counts would lie.
        if (summary.integrity != QLatin1String("ok"))
            return summary;
    }

    const QList<std::pair<QString, qint64 *>> counts = {
        {QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"), nullptr},
        {QStringLiteral("SELECT count(*) FROM tenants"), &summary.tenantCount},
        {QStringLiteral("SELECT count(*) FROM agents"), &summary.agents},
        {QStringLiteral("SELECT count(*) FROM decisions"), &summary.decisions},
        {QStringLiteral("SELECT count(*) FROM receipts"), &summary.receipts},
    };
    for (const auto &[sql, out] : counts) {
        if (!scalar(db, sql, &value, error))
            return std::nullopt;
        if (out)
            *out = value.toLongLong();
        else
            summary.schemaVersion = value.toInt();
    }
    if (!scalar(db, QStringLiteral("SELECT coalesce(max(created_at), '') FROM decisions"), &value, error))
        return std::nullopt;
    summary.newestDecisionAt = value.toString();

    // Aggregates that move with every kind of write the gateway makes.
    if (!scalar(db,
                QStringLiteral("SELECT (SELECT count(*) || '/' || coalesce(max(created_at), '') FROM tenants) || ';' || "
                               "(SELECT count(*) || '/' || coalesce(max(updated_at), '') || '/' || "
                               "coalesce(group_concat(status, ''), '') FROM agents) || ';' || "
                               "(SELECT coalesce(sum(version), 0) || '/' || coalesce(max(updated_at), '') FROM policies) || ';' || "
                               "(SELECT count(*) || '/' || coalesce(max(num), 0) FROM decisions) || ';' || "
                               "(SELECT count(*) || '/' || coalesce(max(num), 0) FROM receipts)"),
                &value, error))
        return std::nullopt;
    summary.stateFingerprint = QString::fromLatin1(
        QCryptographicHash::hash(value.toString().toUtf8(), QCryptographicHash::Sha256).toHex());

    // Tenant ids as stored bytes (SqliteStatement): the gateway makes only
    // ASCII ids, but a file under inspection holds whatever it holds, and an
    // id read through UTF-16 with U+FFFF in it would find no receipts.
    sqlite3 *handle = SqliteStatement::nativeHandle(db);
    SqliteStatement tenants(handle, "SELECT id FROM tenants UNION SELECT DISTINCT tenant_id FROM receipts");
    QList<QByteArray> ids;
    while (tenants.isValid() && tenants.next())
        ids.append(tenants.utf8(0));
    if (!tenants.isValid() || tenants.failed()) {
        *error = tenants.error();
        return std::nullopt;
    }
    SqliteStatement head(handle, "SELECT (SELECT count(*) FROM receipts WHERE tenant_id = ?1), seq, receipt_hash, event_id "
                                 "FROM receipts WHERE tenant_id = ?1 ORDER BY seq DESC LIMIT 1");
    for (const QByteArray &id : std::as_const(ids)) {
        head.reset();
        head.bindUtf8(1, id);
        ExpectedHead expected;
        if (head.isValid() && head.next()) {
            expected.count = head.integer(0);
            expected.seq = head.integer(1);
            expected.receiptHash = head.text(2);
            expected.receiptId = head.text(3);
        }
        if (!head.isValid() || head.failed()) {
            *error = head.error();
            return std::nullopt;
        }
        summary.heads.emplace(QString::fromUtf8(id), expected);
    }
    return summary;
}

std::optional<DatabaseSummary> DatabaseInspector::inspectFile(const QString &path, Check check, QString *error)
{
    ReadOnlyDatabase database(path);
    if (!database.isOpen()) {
        *error = database.error();
        return std::nullopt;
    }
    return inspect(database.db(), check, error);
}

} // namespace aegis
