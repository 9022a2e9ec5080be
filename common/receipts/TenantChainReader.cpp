#include "common/receipts/TenantChainReader.h"

#include "common/json/JsonValue.h"
#include "common/receipts/ReceiptBody.h"

namespace aegis {

namespace {

constexpr int SeqColumn = 0;
constexpr int HashColumn = 1;
constexpr int FirstFieldColumn = 2;
// After the fourteen fields.
constexpr int SignatureColumn = FirstFieldColumn + 14;
constexpr int PublicKeyColumn = SignatureColumn + 1;

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

QByteArray TenantChainReader::selectSql(const Range &range)
{
    QByteArray sql = "SELECT seq, receipt_hash";
    for (const QByteArray &field : ReceiptBody::fieldNames())
        sql += ", " + field;
    sql += ", signature, signer_public_key FROM receipts WHERE tenant_id = ?";
    if (range.from)
        sql += " AND ts >= ?";
    if (range.to)
        sql += " AND ts <= ?";
    sql += " ORDER BY seq";
    return sql;
}

TenantChainReader::TenantChainReader(sqlite3 *db, const Range &range, SignatureCheckPool &signatures)
    : m_range(range)
    , m_signatures(signatures)
    , m_query(db, selectSql(range).constData())
    , m_utf8Database(SqliteStatement::isUtf8Database(db))
{
    static_assert(SignatureColumn == FirstFieldColumn + ReceiptRowHasher::FieldCount);
}

SqliteStatement::Cell TenantChainReader::cell(int column) const
{
    if (m_utf8Database)
        return m_query.cell(column);
    SqliteStatement::Cell out{m_query.type(column), {}};
    if (out.type == SqliteStatement::ColumnType::Text || out.type == SqliteStatement::ColumnType::Blob)
        out.bytes = m_query.view(column);
    return out;
}

JsonValue TenantChainReader::rowAsJson() const
{
    const QByteArrayList &fields = ReceiptBody::fieldNames();
    JsonValue receipt = JsonValue::object();
    receipt.insert("seq", fromColumn(m_query, SeqColumn));
    receipt.insert("receipt_hash", fromColumn(m_query, HashColumn));
    for (qsizetype i = 0; i < fields.size(); ++i)
        receipt.insert(fields[i], fromColumn(m_query, int(i) + FirstFieldColumn));
    receipt.insert("signature", fromColumn(m_query, SignatureColumn));
    receipt.insert("signer_public_key", fromColumn(m_query, PublicKeyColumn));
    return receipt;
}

TenantChainReader::Outcome TenantChainReader::verify(qint64 chain, const QString &tenantId,
    const ChainVerifier::Options &options, const ReceiptCallback &onReceipt, const std::function<bool()> &everyRow)
{
    Outcome outcome;
    ChainVerifier verifier(tenantId, options);
    verifier.setReceiptCallback(onReceipt);

    m_query.reset();
    int parameter = 1;
    m_query.bind(parameter++, tenantId);
    if (m_range.from)
        m_query.bind(parameter++, *m_range.from);
    if (m_range.to)
        m_query.bind(parameter++, *m_range.to);

    using Type = SqliteStatement::ColumnType;
    const int fieldCount = int(ReceiptBody::fieldNames().size());
    ReceiptRowHasher::Fields fields;
    std::array<char, 64> recomputed;
    while (m_query.next()) {
        ++outcome.rows;
        const SqliteStatement::Cell hash = cell(HashColumn);
        const SqliteStatement::Cell signature = cell(SignatureColumn);
        const SqliteStatement::Cell publicKey = cell(PublicKeyColumn);
        bool plain = !onReceipt && m_query.type(SeqColumn) == Type::Integer && hash.type == Type::Text
            && (signature.type == Type::Null || (signature.type == Type::Text && publicKey.type == Type::Text));
        for (int i = 0; plain && i < fieldCount; ++i) {
            const SqliteStatement::Cell field = cell(i + FirstFieldColumn);
            if (field.type == Type::Text)
                fields[size_t(i)] = {field.bytes.data(), field.bytes.size()};
            else if (field.type == Type::Null)
                fields[size_t(i)] = {};
            else
                plain = false;
        }
        bool taken = false;
        if (plain && m_hasher.hash(fields, recomputed)) {
            ChainVerifier::StoredReceipt stored;
            stored.seq = m_query.integer(SeqColumn);
            stored.receiptHash = hash.bytes;
            // Field 0 is event_id, the last one prev_receipt_hash (ReceiptBody::fieldNames).
            stored.eventId = QByteArrayView(fields[0].data, fields[0].size);
            stored.prevReceiptHash = QByteArrayView(fields[size_t(fieldCount - 1)].data, fields[size_t(fieldCount - 1)].size);
            stored.recomputedHash = &recomputed;
            taken = verifier.addIntact(stored);
            if (taken && signature.type == Type::Text) {
                SignatureCheckPool::Receipt signedReceipt;
                signedReceipt.chain = chain;
                signedReceipt.index = verifier.count() - 1;
                signedReceipt.seq = stored.seq;
                signedReceipt.receiptId = stored.eventId;
                signedReceipt.receiptHash = stored.receiptHash;
                signedReceipt.signatureHex = signature.bytes;
                signedReceipt.publicKeyHex = publicKey.bytes;
                m_signatures.check(signedReceipt);
            }
        }
        if (!taken)
            verifier.add(rowAsJson());
        if (everyRow && !everyRow()) {
            outcome.stopped = true;
            break;
        }
    }
    if (!outcome.stopped && m_query.failed())
        outcome.error = m_query.error();
    if (!outcome.stopped && !outcome.error)
        verifier.finish();
    outcome.result = verifier.result();
    m_query.reset(); // ends the read transaction
    return outcome;
}

} // namespace aegis
