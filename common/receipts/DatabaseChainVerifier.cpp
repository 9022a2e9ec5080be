#include "common/receipts/DatabaseChainVerifier.h"

#include "common/db/ReadOnlyDatabase.h"
#include "common/db/SqliteStatement.h"

#include "common/json/JsonValue.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptBody.h"
#include "common/util/Timestamp.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>


#include <set>

namespace aegis {

namespace {

constexpr qint64 PollEvery = 256;
constexpr qint64 ProgressEvery = 1000;

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// Stored ts values are RFC 3339 UTC with six fraction digits and "Z", so
// text comparison is time comparison once the bound has that form too.
// Fractions beyond microseconds are cut (stored times have none).
std::optional<QString> normalisedBound(const QString &text, const QString &name, QString *error)
{
    static const QRegularExpression utcForm(
        QStringLiteral(R"(^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?[Zz]$)"));
    const QDateTime parsed = Timestamp::parse(text);
    if (!parsed.isValid()) {
        setError(error, QStringLiteral("%1 is not an RFC 3339 time: %2").arg(name, text));
        return std::nullopt;
    }
    const QRegularExpressionMatch m = utcForm.match(text);
    if (m.hasMatch()) {
        const QString fraction = m.captured(3).left(6).leftJustified(6, QLatin1Char('0'));
        return m.captured(1) + QLatin1Char('T') + m.captured(2) + QLatin1Char('.') + fraction + QLatin1Char('Z');
    }
    return Timestamp::micros(parsed);
}

// Text as the stored bytes, never through UTF-16 (which turns U+FFFE and
// U+FFFF into U+FFFD): the receipt is hashed again over exactly what was
// hashed when it was written. A BLOB in a text column keeps its bytes too,
// so that a tampered value hashes differently (and invalid UTF-8 reads as
// malformed).
JsonValue fromColumn(const SqliteStatement &row, int column)
{
    switch (row.type(column)) {
    case SqliteStatement::ColumnType::Null:
        return JsonValue::null();
    case SqliteStatement::ColumnType::Integer:
        return JsonValue::fromInteger(row.integer(column));
    case SqliteStatement::ColumnType::Float:
        return JsonValue::fromDouble(row.real(column));
    case SqliteStatement::ColumnType::Text:
    case SqliteStatement::ColumnType::Blob:
        break;
    }
    return JsonValue::fromUtf8(row.utf8(column));
}

} // namespace

DatabaseChainVerifier::DatabaseChainVerifier(Options options)
    : m_options(std::move(options))
{
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verifyFile(const QString &path, QString *error) const
{
    ReadOnlyDatabase database(path);
    if (!database.isOpen()) {
        setError(error, database.error());
        return std::nullopt;
    }
    return verify(database.db(), error);
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verify(const QSqlDatabase &db, QString *error) const
{
    std::optional<QString> from;
    std::optional<QString> to;
    if (!m_options.from.isEmpty() && !(from = normalisedBound(m_options.from, QStringLiteral("from"), error)))
        return std::nullopt;
    if (!m_options.to.isEmpty() && !(to = normalisedBound(m_options.to, QStringLiteral("to"), error)))
        return std::nullopt;
    const bool ranged = from || to;

    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'receipts'"))) {
        setError(error, QStringLiteral("not a readable SQLite database: %1").arg(ReadOnlyDatabase::describe(probe.lastError())));
        return std::nullopt;
    }
    if (!probe.next() || probe.value(0).toInt() != 1) {
        setError(error, QStringLiteral("not an Aegis database: it has no receipts table"));
        return std::nullopt;
    }
    const bool hasTenantsTable = probe.exec(QStringLiteral(
                                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tenants'"))
        && probe.next() && probe.value(0).toInt() == 1;
    probe.finish();

    sqlite3 *handle = SqliteStatement::nativeHandle(db);
    if (!handle) {
        setError(error, QStringLiteral("not a readable SQLite database: no SQLite handle"));
        return std::nullopt;
    }

    std::set<QString> tenants;
    if (!m_options.tenantId.isEmpty()) {
        tenants.insert(m_options.tenantId);
    } else {
        SqliteStatement list(handle, hasTenantsTable ? "SELECT tenant_id FROM receipts UNION SELECT id FROM tenants"
                                                     : "SELECT DISTINCT tenant_id FROM receipts");
        while (list.isValid() && list.next())
            tenants.insert(list.text(0));
        if (!list.isValid() || list.failed()) {
            setError(error, QStringLiteral("cannot list tenants: %1").arg(list.error()));
            return std::nullopt;
        }
        if (!ranged) {
            for (const auto &entry : m_options.expectedHeads)
                tenants.insert(entry.first);
        }
    }

    QString sql = QStringLiteral("SELECT seq, receipt_hash");
    for (const QByteArray &field : ReceiptBody::fieldNames())
        sql += QStringLiteral(", ") + QString::fromLatin1(field);
    sql += QStringLiteral(" FROM receipts WHERE tenant_id = ?");
    if (from)
        sql += QStringLiteral(" AND ts >= ?");
    if (to)
        sql += QStringLiteral(" AND ts <= ?");
    sql += QStringLiteral(" ORDER BY seq");
    const QByteArrayList &fields = ReceiptBody::fieldNames();
    SqliteStatement query(handle, sql.toUtf8().constData());
    if (!query.isValid()) {
        setError(error, QStringLiteral("cannot read receipts: %1").arg(query.error()));
        return std::nullopt;
    }

    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts found"));
    qint64 done = 0;
    for (const QString &tenant : tenants) {
        ChainVerifier::Options chainOptions;
        chainOptions.requireGenesis = !ranged;
        if (!ranged) {
            const auto expected = m_options.expectedHeads.find(tenant);
            if (expected != m_options.expectedHeads.end())
                chainOptions.expectedHead = expected->second;
        }
        ChainVerifier verifier(tenant, chainOptions);
        verifier.setReceiptCallback(m_options.onReceipt);

        query.reset();
        int parameter = 1;
        query.bind(parameter++, tenant);
        if (from)
            query.bind(parameter++, *from);
        if (to)
            query.bind(parameter++, *to);
        while (query.next()) {
            JsonValue receipt = JsonValue::object();
            receipt.insert("seq", fromColumn(query, 0));
            receipt.insert("receipt_hash", fromColumn(query, 1));
            for (qsizetype i = 0; i < fields.size(); ++i)
                receipt.insert(fields[i], fromColumn(query, int(i) + 2));
            verifier.add(receipt);
            ++done;
            if (m_options.progress && done % ProgressEvery == 0)
                m_options.progress(done);
            if (m_options.cancelled && done % PollEvery == 0 && m_options.cancelled()) {
                report.setTenant(tenant, verifier.result());
                report.setCancelled(true);
                return report;
            }
        }
        if (query.failed()) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(query.error()));
            return std::nullopt;
        }
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
    if (m_options.progress)
        m_options.progress(done);
    return report;
}

} // namespace aegis
