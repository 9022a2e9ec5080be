#include "common/receipts/TenantChainResult.h"

namespace aegis {

QJsonObject TenantChainResult::toJson() const
{
    QJsonObject out;
    out.insert(QStringLiteral("verified"), verified());
    out.insert(QStringLiteral("count"), count);
    out.insert(QStringLiteral("head"), headHash ? QJsonValue(*headHash) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("first_failure"),
        firstFailure ? QJsonValue(firstFailure->toJson()) : QJsonValue(QJsonValue::Null));
    return out;
}

} // namespace aegis
