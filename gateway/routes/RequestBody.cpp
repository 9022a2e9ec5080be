#include "gateway/routes/RequestBody.h"

#include "common/json/JsonParser.h"

namespace aegis {

std::optional<QJsonObject> RequestBody::object(const HttpExchange &exchange, bool emptyIsEmptyObject)
{
    if (emptyIsEmptyObject && exchange.request().body.trimmed().isEmpty())
        return QJsonObject();
    const auto exact = exactObject(exchange);
    if (!exact)
        return std::nullopt;
    return exact->toQJsonValue().toObject();
}

std::optional<JsonValue> RequestBody::exactObject(const HttpExchange &exchange)
{
    QString error;
    const auto value = JsonParser::parseDocument(exchange.request().body, &error);
    if (!value) {
        exchange.respond(HttpResponse::error(400, QStringLiteral("the body is not valid JSON: %1").arg(error)));
        return std::nullopt;
    }
    if (!value->isObject()) {
        exchange.respond(HttpResponse::error(400, QStringLiteral("the body must be a JSON object")));
        return std::nullopt;
    }
    return value;
}

} // namespace aegis
