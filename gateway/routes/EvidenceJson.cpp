#include "gateway/routes/EvidenceJson.h"

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

JsonValue parsedOr(const QVariant &value, JsonValue fallback)
{
    const auto parsed = JsonParser::parseDocument(value.toByteArray());
    return parsed ? *parsed : fallback;
}

void addHashedFields(JsonValue &object, const QSqlQuery &row)
{
    const QByteArrayList &fields = ReceiptBody::fieldNames();
    for (int i = 0; i < fields.size(); ++i)
        object.insert(fields.at(i), EvidenceJson::text(row.value(i)));
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

JsonValue EvidenceJson::text(const QVariant &value)
{
    if (value.isNull())
        return JsonValue::null();
    return JsonValue(value.toString());
}

JsonValue EvidenceJson::decision(const QSqlQuery &row)
{
    JsonValue object = JsonValue::object();
    const QStringList &names = decisionColumnNames();
    for (int i = 0; i < 9; ++i)
        object.insert(names.at(i).toLatin1(), text(row.value(i)));
    object.insert("parameters", parsedOr(row.value(9), JsonValue::object()));
    object.insert("decision", text(row.value(10)));
    object.insert("risk_level", text(row.value(11)));
    object.insert("risk_score", JsonValue::fromInteger(row.value(12).toLongLong()));
    object.insert("reason", text(row.value(13)));
    object.insert("matched_policies", parsedOr(row.value(14), JsonValue::array()));
    object.insert("request_id", text(row.value(15)));
    object.insert("receipt_id", text(row.value(16)));
    object.insert("created_at", text(row.value(17)));
    object.insert("mutates_state", JsonValue(row.value(18).toInt() != 0));
    object.insert("source_trust", text(row.value(19)));
    object.insert("action_hash", text(row.value(20)));
    return object;
}

JsonValue EvidenceJson::receipt(const QSqlQuery &row)
{
    JsonValue object = JsonValue::object();
    addHashedFields(object, row);
    const int base = int(ReceiptBody::fieldNames().size());
    object.insert("receipt_hash", text(row.value(base)));
    object.insert("tenant_id", text(row.value(base + 1)));
    object.insert("seq", JsonValue::fromInteger(row.value(base + 2).toLongLong()));
    object.insert("decision_id", text(row.value(base + 3)));
    object.insert("canon_version", text(row.value(base + 4)));
    object.insert("signature", text(row.value(base + 5)));
    object.insert("signer_public_key", text(row.value(base + 6)));
    object.insert("signer_key_id", text(row.value(base + 7)));
    object.insert("created_at", text(row.value(base + 8)));
    return object;
}

JsonValue EvidenceJson::exportedReceipt(const QSqlQuery &row)
{
    JsonValue object = JsonValue::object();
    addHashedFields(object, row);
    object.insert("receipt_hash", text(row.value(int(ReceiptBody::fieldNames().size()))));
    return object;
}

QByteArray EvidenceJson::serialize(const JsonValue &value)
{
    // Values built here hold only strings, integers and parsed JSON, which
    // always serialize.
    return CanonicalJson::serialize(value).value_or(QByteArray("null"));
}

} // namespace aegis
