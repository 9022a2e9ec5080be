#include "common/receipts/ActionHash.h"

#include "common/json/CanonicalJson.h"

namespace aegis {

std::optional<JsonValue> ActionHash::hashedToolCall(const JsonValue &toolCall, QString *error)
{
    if (!toolCall.isObject()) {
        if (error)
            *error = QStringLiteral("tool_call must be an object");
        return std::nullopt;
    }
    JsonValue out = JsonValue::object();
    for (const char *key : {"tool", "action", "mutates_state", "parameters"}) {
        const JsonValue *value = toolCall.find(key);
        if (!value) {
            if (error)
                *error = QStringLiteral("tool_call.%1 is required").arg(QLatin1String(key));
            return std::nullopt;
        }
        out.insert(key, *value);
    }
    out.insert("resource", toolCall.value("resource"));
    return out;
}

std::optional<QString> ActionHash::compute(const JsonValue &toolCall, QString *error)
{
    const auto body = hashedToolCall(toolCall, error);
    if (!body)
        return std::nullopt;
    return CanonicalJson::hash(*body, error);
}

} // namespace aegis
