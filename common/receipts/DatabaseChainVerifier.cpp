#include "common/receipts/DatabaseChainVerifier.h"

#include "common/json/JsonValue.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptBody.h"
#include "common/util/Timestamp.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
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

JsonValue fromColumn(const QVariant &value)
{
    if (value.isNull())
        return JsonValue::null();
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
        return JsonValue::fromInteger(value.toLongLong());
    case QMetaType::Double:
        return JsonValue::fromDouble(value.toDouble());
    case QMetaType::QByteArray:
        // A BLOB in a text column: keep its bytes, so that a tampered value
        // hashes differently (and invalid UTF-8 reads as malformed).
        return JsonValue::fromUtf8(value.toByteArray());
    default:
        return JsonValue(value.toString());
    }
}

QString describe(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.trimmed();
}

// A file's side files tell whether some process has it open in WAL mode.
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
    return QStringLiteral("aegis-chain-verify-%1-%2")
        .arg(quintptr(QThread::currentThreadId()))
        .arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

DatabaseChainVerifier::DatabaseChainVerifier(Options options)
    : m_options(std::move(options))
{
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verifyFile(const QString &path, QString *error) const
{
    const QFileInfo info(path);
    if (!info.exists()) {
        setError(error, QStringLiteral("cannot read %1: no such file").arg(path));
        return std::nullopt;
    }
    if (!info.isFile() || !info.isReadable()) {
        setError(error, QStringLiteral("cannot read %1: not a readable file").arg(path));
        return std::nullopt;
    }

    // immutable=1 makes SQLite read the file as it is: no locks, no -shm or
    // -wal created, no recovery written, even in a read-only directory. That
    // is only right when nobody has the file open in WAL mode; when its
    // -wal and -shm exist (a running gateway, even just after a checkpoint),
    // a plain read-only open sees the committed log through them, takes
    // part in the locking and creates nothing either.
    const SideFiles side = sideFilesOf(info.absoluteFilePath());
    if (side.hotJournal) {
        setError(error, QStringLiteral("%1 has a hot rollback journal (%1-journal): it was not closed cleanly; "
                                       "open it once with sqlite3 to recover it, or verify a backup copy")
                            .arg(path));
        return std::nullopt;
    }
    if (side.walWithData && !side.shm) {
        setError(error, QStringLiteral("%1 has a write-ahead log but no shared-memory file: it was not closed "
                                       "cleanly; open it once with sqlite3 to recover it, or verify a backup copy")
                            .arg(path));
        return std::nullopt;
    }
    const bool live = side.wal && side.shm;
    const QString uri = QStringLiteral("file:")
        + QString::fromLatin1(QUrl::toPercentEncoding(info.absoluteFilePath(), "/"))
        + (live ? QStringLiteral("?mode=ro") : QStringLiteral("?mode=ro&immutable=1"));

    const QString name = nextConnectionName();
    std::optional<ChainVerificationReport> report;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY"));
        db.setDatabaseName(uri);
        if (!db.open()) {
            setError(error, QStringLiteral("cannot open %1: %2").arg(path, describe(db.lastError())));
        } else {
            report = verify(db, error);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return report;
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
        setError(error, QStringLiteral("not a readable SQLite database: %1").arg(describe(probe.lastError())));
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

    std::set<QString> tenants;
    if (!m_options.tenantId.isEmpty()) {
        tenants.insert(m_options.tenantId);
    } else {
        QSqlQuery list(db);
        list.setForwardOnly(true);
        const QString sql = hasTenantsTable
            ? QStringLiteral("SELECT tenant_id FROM receipts UNION SELECT id FROM tenants")
            : QStringLiteral("SELECT DISTINCT tenant_id FROM receipts");
        if (!list.exec(sql)) {
            setError(error, QStringLiteral("cannot list tenants: %1").arg(describe(list.lastError())));
            return std::nullopt;
        }
        while (list.next())
            tenants.insert(list.value(0).toString());
        if (!ranged) {
            for (const auto &entry : m_options.expectedHeads)
                tenants.insert(entry.first);
        }
    }

    QString sql = QStringLiteral("SELECT seq, receipt_hash");
    for (const QByteArray &field : ReceiptBody::fieldNames())
        sql += QStringLiteral(", ") + QString::fromLatin1(field);
    sql += QStringLiteral(" FROM receipts WHERE tenant_id = :tenant");
    if (from)
        sql += QStringLiteral(" AND ts >= :from");
    if (to)
        sql += QStringLiteral(" AND ts <= :to");
    sql += QStringLiteral(" ORDER BY seq");
    const QByteArrayList &fields = ReceiptBody::fieldNames();

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

        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(sql)) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(describe(query.lastError())));
            return std::nullopt;
        }
        query.bindValue(QStringLiteral(":tenant"), tenant);
        if (from)
            query.bindValue(QStringLiteral(":from"), *from);
        if (to)
            query.bindValue(QStringLiteral(":to"), *to);
        if (!query.exec()) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(describe(query.lastError())));
            return std::nullopt;
        }
        while (query.next()) {
            JsonValue receipt = JsonValue::object();
            receipt.insert("seq", fromColumn(query.value(0)));
            receipt.insert("receipt_hash", fromColumn(query.value(1)));
            for (qsizetype i = 0; i < fields.size(); ++i)
                receipt.insert(fields[i], fromColumn(query.value(int(i) + 2)));
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
        if (query.lastError().isValid()) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(describe(query.lastError())));
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
