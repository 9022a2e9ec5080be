#include "gateway/routes/ReceiptExportBody.h"

#include "common/db/SqliteStatement.h"
#include "common/receipts/EvidenceJson.h"
#include "gateway/storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace aegis {

namespace {

constexpr int BatchRows = 256;

} // namespace

ReceiptExportBody::ReceiptExportBody(Database &database, QString tenantId)
    : m_connection(std::make_unique<ScopedConnection>(database, QStringLiteral("export")))
    , m_tenantId(std::move(tenantId))
{
}

ReceiptExportBody::~ReceiptExportBody() = default;

std::shared_ptr<ReceiptExportBody> ReceiptExportBody::open(Database &database, const QString &tenantId, QString *error)
{
    std::shared_ptr<ReceiptExportBody> body(new ReceiptExportBody(database, tenantId));
    if (!body->m_connection->isOpen()) {
        *error = body->m_connection->error();
        return nullptr;
    }
    QSqlQuery head(body->m_connection->db());
    head.prepare(QStringLiteral("SELECT coalesce(max(seq), 0) FROM receipts WHERE tenant_id = ?"));
    head.addBindValue(tenantId);
    if (!head.exec() || !head.next()) {
        *error = head.lastError().text();
        return nullptr;
    }
    body->m_headSeq = head.value(0).toLongLong();
    head.finish();
    const QByteArray sql = QStringLiteral("SELECT %1 FROM receipts WHERE tenant_id = ? AND seq > ? AND seq <= ? "
                                          "ORDER BY seq LIMIT %2")
                               .arg(EvidenceJson::receiptColumns())
                               .arg(BatchRows)
                               .toUtf8();
    body->m_batch = std::make_unique<SqliteStatement>(SqliteStatement::nativeHandle(body->m_connection->db()), sql.constData());
    if (!body->m_batch->isValid()) {
        *error = body->m_batch->error();
        return nullptr;
    }
    return body;
}

bool ReceiptExportBody::read(QByteArray *out, qint64 maxBytes, QString *error)
{
    Q_UNUSED(maxBytes); // a batch is a few hundred kilobytes at most
    if (m_finished)
        return true;
    if (!m_started) {
        m_started = true;
        JsonValue prefix = JsonValue::object();
        prefix.insert("canon_version", JsonValue(QStringLiteral("aegis-jcs-1")));
        prefix.insert("tenant_id", JsonValue(m_tenantId));
        QByteArray text = EvidenceJson::serialize(prefix);
        text.chop(1); // reopen the object to append the receipts array
        out->append(text + ",\"receipts\":[");
        return true;
    }

    SqliteStatement &batch = *m_batch;
    batch.bind(1, m_tenantId);
    batch.bind(2, m_lastSeq);
    batch.bind(3, m_headSeq);
    static const int seqColumn = EvidenceJson::receiptColumnIndex(QStringLiteral("seq"));
    while (batch.next()) {
        if (!m_first)
            out->append(',');
        m_first = false;
        out->append(EvidenceJson::serialize(EvidenceJson::exportedReceipt(batch)));
        m_lastSeq = batch.integer(seqColumn);
    }
    // Stopped at its LIMIT mid-statement: reset ends the read transaction.
    const bool failed = batch.failed();
    if (failed)
        *error = batch.error();
    batch.reset();
    if (failed)
        return false;
    if (out->isEmpty()) {
        out->append("]}");
        m_finished = true;
    }
    return true;
}

} // namespace aegis
