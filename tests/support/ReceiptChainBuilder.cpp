#include "tests/support/ReceiptChainBuilder.h"

#include "common/crypto/Ed25519Signer.h"
#include "common/crypto/Sha256.h"
#include "common/util/Timestamp.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <memory>

namespace aegis::test {

namespace {

using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

void bindText(sqlite3_stmt *statement, int index, const std::optional<QString> &text)
{
    if (!text) {
        sqlite3_bind_null(statement, index);
        return;
    }
    const QByteArray utf8 = text->toUtf8();
    sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

QString columnText(sqlite3_stmt *statement, int column)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(statement, column)) : QString();
}

// A stable, well-formed UUID v4 text for (tenant, seq).
QString uuidFor(const QString &tenant, qint64 seq)
{
    const QString h = Sha256::hex(QString(tenant + QLatin1Char('/') + QString::number(seq)).toUtf8());
    return h.mid(0, 8) + QLatin1Char('-') + h.mid(8, 4) + QStringLiteral("-4") + h.mid(13, 3) + QStringLiteral("-8")
        + h.mid(17, 3) + QLatin1Char('-') + h.mid(20, 12);
}

} // namespace

ReceiptChainBuilder::ReceiptChainBuilder(const QString &path)
    : ReceiptChainBuilder(path, Options())
{
}

ReceiptChainBuilder::ReceiptChainBuilder(const QString &path, Options options)
    : m_path(path)
    , m_options(std::move(options))
{
}

ReceiptChainBuilder::~ReceiptChainBuilder()
{
    close();
}

bool ReceiptChainBuilder::fail(const QString &what)
{
    m_error = what;
    if (m_db)
        m_error += QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

bool ReceiptChainBuilder::open()
{
    if (QFileInfo::exists(m_path))
        return fail(QStringLiteral("%1 exists already").arg(m_path));
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot create %1").arg(m_path));
    // Before anything is written: the encoding is fixed when the file is.
    if (!m_options.textEncoding.isEmpty()
        && !exec(QStringLiteral("PRAGMA encoding = '%1'").arg(m_options.textEncoding)))
        return false;
    if (m_options.walMode && !exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return false;
    return exec(QStringLiteral("PRAGMA foreign_keys=ON"))
        && applyMigration(QStringLiteral(AEGIS_SOURCE_DIR "/migrations/0001_initial_schema.sql"))
        && applyMigration(QStringLiteral(AEGIS_SOURCE_DIR "/migrations/0002_verification_history.sql"));
}

bool ReceiptChainBuilder::applyMigration(const QString &file)
{
    QFile sql(file);
    if (!sql.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1").arg(file));
    // sqlite3_exec runs every statement of the file, trigger bodies included.
    const QByteArray contents = sql.readAll();
    if (!exec(QString::fromUtf8(contents)))
        return false;
    // Recorded as the gateway records them, so the database is one the
    // gateway (and the restore preflight) accepts as its own.
    const QString name = QFileInfo(file).completeBaseName();
    const int version = name.left(4).toInt();
    return exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                               "name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)"))
        && exec(QStringLiteral("INSERT INTO schema_migrations VALUES (%1, '%2', '%3', '2026-11-26T09:00:00.000Z')")
                    .arg(version)
                    .arg(name, QString::fromLatin1(QCryptographicHash::hash(contents, QCryptographicHash::Sha256).toHex())))
        && exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
}

void ReceiptChainBuilder::close()
{
    if (!m_db)
        return;
    // The last connection to close checkpoints and removes -wal and -shm.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

bool ReceiptChainBuilder::exec(const QString &sql)
{
    if (!m_db)
        return fail(QStringLiteral("database is not open"));
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = QStringLiteral("%1 (in: %2)").arg(QString::fromUtf8(message), sql.left(200));
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool ReceiptChainBuilder::addTenant(const QString &tenantId)
{
    if (!m_db)
        return fail(QStringLiteral("database is not open"));
    Statement insert(nullptr, sqlite3_finalize);
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(m_db, "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", -1, &raw, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot prepare tenant insert"));
    insert.reset(raw);
    bindText(raw, 1, tenantId);
    bindText(raw, 2, tenantId);
    bindText(raw, 3, m_options.baseTime);
    if (sqlite3_step(raw) != SQLITE_DONE)
        return fail(QStringLiteral("cannot add tenant %1").arg(tenantId));
    return true;
}

ReceiptBody ReceiptChainBuilder::bodyFor(const QString &tenantId, qint64 seq, const QString &agentId,
    const QString &prevReceiptHash) const
{
    static const char *const decisions[] = {"allow", "deny", "require_approval"};
    const QDateTime base = Timestamp::parse(m_options.baseTime);
    ReceiptBody body;
    body.eventId = uuidFor(tenantId, seq);
    body.ts = Timestamp::micros(base.addSecs(seq));
    body.agentId = agentId;
    if (seq % 2 == 0)
        body.userId = QStringLiteral("alice");
    body.runId = QStringLiteral("run-%1").arg(seq / 10);
    body.tool = QStringLiteral("github");
    body.action = seq % 3 == 0 ? QStringLiteral("merge_pull_request") : QStringLiteral("list_pull_requests");
    body.resource = QStringLiteral("payments#%1").arg(seq);
    body.sourceTrust = QStringLiteral("trusted_internal_signed");
    body.decision = QString::fromLatin1(decisions[seq % 3]);
    body.actionHash = Sha256::hex(QByteArray(QByteArray("action ") + QByteArray::number(seq)));
    body.prevReceiptHash = prevReceiptHash;
    return body;
}

bool ReceiptChainBuilder::addReceipts(const QString &tenantId, int count, const QString &agentId)
{
    if (!m_db)
        return fail(QStringLiteral("database is not open"));
    const QString agent = agentId.isEmpty() ? QStringLiteral("agent-") + tenantId : agentId;

    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(m_db,
            "SELECT seq, receipt_hash FROM receipts WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1", -1, &raw,
            nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot prepare head query"));
    Statement head(raw, sqlite3_finalize);
    bindText(raw, 1, tenantId);
    qint64 seq = 0;
    QString prev;
    if (sqlite3_step(raw) == SQLITE_ROW) {
        seq = sqlite3_column_int64(raw, 0);
        prev = columnText(raw, 1);
    }

    if (!exec(QStringLiteral("BEGIN")))
        return false;
    if (sqlite3_prepare_v2(m_db,
            "INSERT INTO receipts (tenant_id, seq, event_id, ts, agent_id, user_id, run_id, trace_id, tool, action,"
            " resource, source_trust, decision, approver, action_hash, prev_receipt_hash, receipt_hash,"
            " decision_id, canon_version, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'aegis-jcs-1', ?)",
            -1, &raw, nullptr)
        != SQLITE_OK) {
        exec(QStringLiteral("ROLLBACK"));
        return fail(QStringLiteral("cannot prepare receipt insert"));
    }
    Statement insert(raw, sqlite3_finalize);
    for (int i = 0; i < count; ++i) {
        ++seq;
        const ReceiptBody body = bodyFor(tenantId, seq, agent, prev);
        const auto hash = body.receiptHash();
        if (!hash) {
            exec(QStringLiteral("ROLLBACK"));
            return fail(QStringLiteral("cannot hash receipt %1").arg(seq));
        }
        sqlite3_reset(raw);
        bindText(raw, 1, tenantId);
        sqlite3_bind_int64(raw, 2, seq);
        bindText(raw, 3, body.eventId);
        bindText(raw, 4, body.ts);
        bindText(raw, 5, body.agentId);
        bindText(raw, 6, body.userId);
        bindText(raw, 7, body.runId);
        bindText(raw, 8, body.traceId);
        bindText(raw, 9, body.tool);
        bindText(raw, 10, body.action);
        bindText(raw, 11, body.resource);
        bindText(raw, 12, body.sourceTrust);
        bindText(raw, 13, body.decision);
        bindText(raw, 14, body.approver);
        bindText(raw, 15, body.actionHash);
        bindText(raw, 16, body.prevReceiptHash);
        bindText(raw, 17, *hash);
        bindText(raw, 18, body.ts);
        if (sqlite3_step(raw) != SQLITE_DONE) {
            const bool failed = fail(QStringLiteral("cannot insert receipt %1 of %2").arg(seq).arg(tenantId));
            exec(QStringLiteral("ROLLBACK"));
            return failed;
        }
        prev = *hash;
    }
    return exec(QStringLiteral("COMMIT"));
}

bool ReceiptChainBuilder::signReceipts(const QString &keySpec)
{
    if (!m_db)
        return fail(QStringLiteral("database is not open"));
    QString why;
    const auto signer = Ed25519Signer::fromKeySpec(keySpec, &why);
    if (!signer)
        return fail(why);
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(m_db, "SELECT rowid, receipt_hash FROM receipts WHERE signature IS NULL", -1, &raw, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot prepare the unsigned receipts query"));
    Statement unsignedRows(raw, sqlite3_finalize);
    if (sqlite3_prepare_v2(m_db, "UPDATE receipts SET signature = ?, signer_public_key = ?, signer_key_id = ? WHERE rowid = ?",
            -1, &raw, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot prepare the signature update"));
    Statement update(raw, sqlite3_finalize);
    if (!exec(QStringLiteral("BEGIN")))
        return false;
    while (sqlite3_step(unsignedRows.get()) == SQLITE_ROW) {
        sqlite3_reset(raw);
        bindText(raw, 1, signer->sign(columnText(unsignedRows.get(), 1).toLatin1()));
        bindText(raw, 2, signer->publicKeyHex());
        bindText(raw, 3, signer->keyId().isEmpty() ? std::nullopt : std::optional<QString>(signer->keyId()));
        sqlite3_bind_int64(raw, 4, sqlite3_column_int64(unsignedRows.get(), 0));
        if (sqlite3_step(raw) != SQLITE_DONE) {
            const bool failed = fail(QStringLiteral("cannot sign a receipt"));
            exec(QStringLiteral("ROLLBACK"));
            return failed;
        }
    }
    return exec(QStringLiteral("COMMIT"));
}

ExpectedHeads ReceiptChainBuilder::heads()
{
    ExpectedHeads out;
    if (!m_db)
        return out;
    sqlite3_stmt *raw = nullptr;
    const char *sql = "SELECT t.id, (SELECT count(*) FROM receipts r WHERE r.tenant_id = t.id),"
                      " h.seq, h.receipt_hash, h.event_id FROM tenants t"
                      " LEFT JOIN receipts h ON h.tenant_id = t.id"
                      "  AND h.seq = (SELECT max(seq) FROM receipts m WHERE m.tenant_id = t.id)"
                      " ORDER BY t.id";
    if (sqlite3_prepare_v2(m_db, sql, -1, &raw, nullptr) != SQLITE_OK) {
        fail(QStringLiteral("cannot read heads"));
        return out;
    }
    Statement statement(raw, sqlite3_finalize);
    while (sqlite3_step(raw) == SQLITE_ROW) {
        ExpectedHead head;
        head.count = sqlite3_column_int64(raw, 1);
        if (sqlite3_column_type(raw, 2) != SQLITE_NULL) {
            head.seq = sqlite3_column_int64(raw, 2);
            head.receiptHash = columnText(raw, 3);
            head.receiptId = columnText(raw, 4);
        }
        out.emplace(columnText(raw, 0), head);
    }
    return out;
}

} // namespace aegis::test
