#include "common/receipts/ExpectedHead.h"

namespace aegis {

namespace {

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

bool isLowerHex64(const QByteArray &text)
{
    if (text.size() != 64)
        return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool parseOne(const QString &tenant, const JsonValue &entry, ExpectedHead &out, QString *error)
{
    const QString where = QStringLiteral("manifest tenant \"%1\": ").arg(tenant);
    if (!entry.isObject())
        return setError(error, where + QStringLiteral("expected an object with count and head"));
    const auto count = entry.value("count").toInt64();
    if (!count || *count < 0)
        return setError(error, where + QStringLiteral("count must be a non-negative integer"));
    out.count = *count;
    const JsonValue &head = entry.value("head");
    if (head.isNull()) {
        if (out.count != 0)
            return setError(error, where + QStringLiteral("head is null but count is %1").arg(out.count));
        return true;
    }
    if (!head.isObject())
        return setError(error, where + QStringLiteral("head must be an object or null"));
    const auto seq = head.value("seq").toInt64();
    if (!seq || *seq < 1)
        return setError(error, where + QStringLiteral("head.seq must be a positive integer"));
    out.seq = *seq;
    const JsonValue &hash = head.value("receipt_hash");
    if (!hash.isString() || !isLowerHex64(hash.stringUtf8()))
        return setError(error, where + QStringLiteral("head.receipt_hash must be 64 lowercase hex characters"));
    out.receiptHash = hash.toString();
    const JsonValue &id = head.value("receipt_id");
    if (!id.isNull() && !id.isString())
        return setError(error, where + QStringLiteral("head.receipt_id must be a string"));
    out.receiptId = id.toString();
    return true;
}

} // namespace

std::optional<ExpectedHeads> ExpectedHead::parseTenants(const JsonValue &tenants, QString *error)
{
    if (!tenants.isObject()) {
        setError(error, QStringLiteral("manifest \"tenants\" must be an object"));
        return std::nullopt;
    }
    ExpectedHeads heads;
    for (const JsonMember &member : tenants.members()) {
        const QString tenant = QString::fromUtf8(member.key);
        if (tenant.isEmpty()) {
            setError(error, QStringLiteral("manifest \"tenants\" has an empty tenant id"));
            return std::nullopt;
        }
        ExpectedHead head;
        if (!parseOne(tenant, member.value, head, error))
            return std::nullopt;
        heads.emplace(tenant, head);
    }
    return heads;
}

std::optional<ExpectedHeads> ExpectedHead::parseManifest(const JsonValue &manifest, QString *error)
{
    if (!manifest.isObject()) {
        setError(error, QStringLiteral("a manifest must be a JSON object"));
        return std::nullopt;
    }
    const JsonValue &format = manifest.value("format");
    if (format.toString() != QLatin1String("aegis-backup-manifest-1")) {
        setError(error, QStringLiteral("not an Aegis backup manifest (format must be \"aegis-backup-manifest-1\")"));
        return std::nullopt;
    }
    if (!manifest.contains("tenants")) {
        setError(error, QStringLiteral("manifest has no \"tenants\" object"));
        return std::nullopt;
    }
    return parseTenants(manifest.value("tenants"), error);
}

QJsonObject ExpectedHead::tenantsToJson(const ExpectedHeads &heads)
{
    QJsonObject tenants;
    for (const auto &[tenant, head] : heads) {
        QJsonObject entry;
        entry.insert(QStringLiteral("count"), head.count);
        if (head.seq) {
            entry.insert(QStringLiteral("head"),
                QJsonObject{{QStringLiteral("seq"), *head.seq},
                    {QStringLiteral("receipt_hash"), head.receiptHash},
                    {QStringLiteral("receipt_id"), head.receiptId}});
        } else {
            entry.insert(QStringLiteral("head"), QJsonValue(QJsonValue::Null));
        }
        tenants.insert(tenant, entry);
    }
    return tenants;
}

} // namespace aegis
