#pragma once

#include "common/json/JsonValue.h"

#include <QString>

#include <optional>

namespace aegis {

// action_hash = sha256_hex(canonical(tool_call)) over exactly the keys tool,
// action, resource (null when absent), mutates_state and parameters, with
// the values as the caller sent them (strings and number lexemes untouched,
// other keys of the request's tool_call dropped).
class ActionHash
{
public:
    // nullopt when toolCall is not an object or lacks tool, action,
    // mutates_state or parameters. Types are the API layer's to check.
    static std::optional<JsonValue> hashedToolCall(const JsonValue &toolCall, QString *error = nullptr);
    static std::optional<QString> compute(const JsonValue &toolCall, QString *error = nullptr);
};

} // namespace aegis
