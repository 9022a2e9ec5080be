#include "common/receipts/ReceiptListShape.h"

#include "common/json/CanonicalJson.h"

namespace aegis {

namespace {

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

std::optional<ReceiptListShape> ReceiptListShape::of(const JsonValue &input, bool fullChain, QString *error)
{
    ReceiptListShape shape;
    shape.receipts = &input;
    shape.fullChain = fullChain;
    if (input.isObject()) {
        shape.receipts = input.find("receipts");
        if (!shape.receipts || !shape.receipts->isArray()) {
            setError(error, QStringLiteral("expected a JSON array of receipts or an object with a \"receipts\" array"));
            return std::nullopt;
        }
        if (const JsonValue *canon = input.find("canon_version")) {
            if (canon->stringUtf8() != "aegis-jcs-1" || !canon->isString()) {
                setError(error, QStringLiteral("unsupported canon_version (only \"aegis-jcs-1\" is known)"));
                return std::nullopt;
            }
            shape.fullChain = true;
        }
        const JsonValue &tenant = input.value("tenant_id");
        if (!tenant.isNull() && !tenant.isString()) {
            setError(error, QStringLiteral("\"tenant_id\" must be a string"));
            return std::nullopt;
        }
        shape.defaultTenant = tenant.toString();
    } else if (!input.isArray()) {
        setError(error, QStringLiteral("expected a JSON array of receipts or an object with a \"receipts\" array"));
        return std::nullopt;
    }
    return shape;
}

QString ReceiptListShape::groupOf(const JsonValue &receipt, const QString &defaultTenant)
{
    const JsonValue *tenant = receipt.find("tenant_id");
    if (!tenant || tenant->isNull())
        return defaultTenant;
    if (tenant->isString())
        return tenant->toString();
    // Not a tenant id at all; its JSON text keeps such receipts together
    // and visibly apart from real tenants.
    const auto text = CanonicalJson::serialize(*tenant);
    return text ? QString::fromUtf8(*text) : QStringLiteral("(invalid tenant_id)");
}

} // namespace aegis
