#pragma once

#include "common/json/JsonValue.h"
#include "gateway/http/HttpExchange.h"

#include <QJsonObject>

#include <optional>

namespace aegis {

// Request bodies are JSON whatever the Content-Type says (the runbook's
// `curl -d` sends application/x-www-form-urlencoded). Anything that is not
// a JSON object is answered with 400 here, so handlers see objects only.
class RequestBody
{
public:
    // For most endpoints: a QJsonObject is enough.
    static std::optional<QJsonObject> object(const HttpExchange &exchange, bool emptyIsEmptyObject = false);
    // Where number lexemes and key order must survive (authorize, verify-chain).
    static std::optional<JsonValue> exactObject(const HttpExchange &exchange);
};

} // namespace aegis
