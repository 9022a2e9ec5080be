#pragma once

#include "common/json/JsonValue.h"

#include <QString>

#include <optional>

namespace aegis {

// A validated POST /v1/authorize body. The tool call is kept as the
// client's exact JSON (number lexemes included) because the action hash is
// computed over it and must match what any aegis-jcs-1 verifier computes.
struct AuthorizeRequest
{
    std::optional<QString> requestId;
    std::optional<QString> userId;
    std::optional<QString> userRole;
    std::optional<QString> runId;
    std::optional<QString> traceId;
    JsonValue toolCall;
    QString tool;
    QString action;
    std::optional<QString> resource;
    bool mutatesState = false;
    QByteArray parametersJson; // canonical
    QString sourceTrust;
    QByteArray contextJson;    // canonical

    struct Problem
    {
        QString field;   // e.g. "tool_call.action"
        QString message;
    };

    // nullopt with the first problem found (422 naming the field).
    static std::optional<AuthorizeRequest> parse(const JsonValue &body, Problem *problem);
};

} // namespace aegis
