#include "common/receipts/EvidenceJson.h"

#include "common/db/SqliteStatement.h"
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ReceiptBody.h"

#include <QStringList>

namespace aegis {

namespace {

const QStringList &decisionColumnNames()
{
    static const QStringList names = {
        QStringLiteral("id"), QStringLiteral("tenant_id"), QStringLiteral("agent_id"), QStringLiteral("user_id"),
        QStringLiteral("run_id"), QStringLiteral("trace_id"), QStringLiteral("tool"), QStringLiteral("action"),
        QStringLiteral("resource"), QStringLiteral("parameters"), QStringLiteral("decision"),
        QStringLiteral("risk_level"), QStringLiteral("risk_score"), QStringLiteral("reason"),
        QStringLiteral("matched_policies"), QStringLiteral("request_id"), QStringLiteral("receipt_id"),
        QStringLiteral("created_at"), QStringLiteral("mutates_state"), QStringLiteral("source_trust"),
        QStringLiteral("action_hash"), QStringLiteral("num"),
    };
    return names;
}

// The 14 hashed fields in RECEIPTS.md order, then the envelope.
const QStringList &receiptColumnNames()
{
    static const QStringList names = [] {
        QStringList list;
        for (const QByteArray &field : ReceiptBody::fieldNames())
            list.append(QString::fromLatin1(field));
        list << QStringLiteral("receipt_hash") << QStringLiteral("tenant_id") << QStringLiteral("seq")
             << QStringLiteral("decision_id") << QStringLiteral("canon_version") << QStringLiteral("signature")
             << QStringLiteral("signer_public_key") << QStringLiteral("signer_key_id") << QStringLiteral("created_at")
             << QStringLiteral("num");
        return list;
    }();
    return names;
}

QString columns(const QStringList &names, const QString &alias)
{
    if (alias.isEmpty())
        return names.join(QStringLiteral(", "));
    QStringList qualified;
    for (const QString &name : names)
        qualified.append(alias + QLatin1Char('.') + name);
    return qualified.join(QStringLiteral(", "));
}

JsonValue parsedOr(const SqliteStatement &row, int column, JsonValue fallback)
{
    const auto parsed = JsonParser::parseDocument(row.utf8(column));
    return parsed ? *parsed : fallback;
}

void addHashedFields(JsonValue &object, const SqliteStatement &row)
{
    const QByteArrayList &fields = ReceiptBody::fieldNames();
    for (int i = 0; i < fields.size(); ++i)
        object.insert(fields.at(i), EvidenceJson::text(row, i));
}

} // namespace

QString EvidenceJson::decisionColumns(const QString &alias)
{
    return columns(decisionColumnNames(), alias);
}

QString EvidenceJson::receiptColumns(const QString &alias)
{
    return columns(receiptColumnNames(), alias);
}

int EvidenceJson::receiptColumnIndex(const QString &name)
{
    return int(receiptColumnNames().indexOf(name));
}

JsonValue EvidenceJson::text(const SqliteStatement &row, int column)
{
    if (row.isNull(column))
        return JsonValue::null();
    return JsonValue::fromUtf8(row.utf8(column));
}

JsonValue EvidenceJson::decision(const SqliteStatement &row)
{
    JsonValue object = JsonValue::object();
    const QStringList &names = decisionColumnNames();
    for (int i = 0; i < 9; ++i)
        object.insert(names.at(i).toLatin1(), text(row, i));
    object.insert("parameters", parsedOr(row, 9, JsonValue::object()));
    object.insert("decision", text(row, 10));
    object.insert("risk_level", text(row, 11));
    object.insert("risk_score", JsonValue::fromInteger(row.integer(12)));
    object.insert("reason", text(row, 13));
    object.insert("matched_policies", parsedOr(row, 14, JsonValue::array()));
    object.insert("request_id", text(row, 15));
    object.insert("receipt_id", text(row, 16));
    object.insert("created_at", text(row, 17));
    object.insert("mutates_state", JsonValue(row.integer(18) != 0));
    object.insert("source_trust", text(row, 19));
    object.insert("action_hash", text(row, 20));
    return object;
}

JsonValue EvidenceJson::receipt(const SqliteStatement &row)
{
    JsonValue object = JsonValue::object();
    addHashedFields(object, row);
    const int base = int(ReceiptBody::fieldNames().size());
    object.insert("receipt_hash", text(row, base));
    object.insert("tenant_id", text(row, base + 1));
    object.insert("seq", JsonValue::fromInteger(row.integer(base + 2)));
    object.insert("decision_id", text(row, base + 3));
    object.insert("canon_version", text(row, base + 4));
    object.insert("signature", text(row, base + 5));
    object.insert("signer_public_key", text(row, base + 6));
    object.insert("signer_key_id", text(row, base + 7));
    object.insert("created_at", text(row, base + 8));
    return object;
}

JsonValue EvidenceJson::exportedReceipt(const SqliteStatement &row)
{
    JsonValue object = JsonValue::object();
    addHashedFields(object, row);
    object.insert("receipt_hash", text(row, int(ReceiptBody::fieldNames().size())));
    return object;
}

QByteArray EvidenceJson::serialize(const JsonValue &value)
{
    // Values built here hold only strings, integers and parsed JSON, which
    // always serialize.
    return CanonicalJson::serialize(value).value_or(QByteArray("null"));
}

} // namespace aegis
