#include "gateway/authz/AuthorizeRequest.h"

#include "common/json/CanonicalJson.h"

namespace aegis {

namespace {

constexpr qsizetype MaxIdentifier = 256;

// Optional string member: absent or null gives nullopt; anything but a
// string of sane length is a problem.
bool optionalText(const JsonValue &object, QByteArrayView key, const QString &path, std::optional<QString> *out,
                  AuthorizeRequest::Problem *problem)
{
    const JsonValue *value = object.isObject() ? object.find(key) : nullptr;
    if (!value || value->isNull())
        return true;
    if (!value->isString() || value->toString().size() > MaxIdentifier) {
        *problem = {path, QStringLiteral("%1 must be a string of at most %2 characters, or null").arg(path).arg(MaxIdentifier)};
        return false;
    }
    *out = value->toString();
    return true;
}

bool requiredText(const JsonValue &object, QByteArrayView key, const QString &path, QString *out,
                  AuthorizeRequest::Problem *problem)
{
    const JsonValue *value = object.find(key);
    if (!value || !value->isString() || value->toString().isEmpty() || value->toString().size() > MaxIdentifier) {
        *problem = {path, QStringLiteral("%1 is required: a non-empty string of at most %2 characters").arg(path).arg(MaxIdentifier)};
        return false;
    }
    *out = value->toString();
    return true;
}

bool optionalObject(const JsonValue &body, QByteArrayView key, const QString &path, AuthorizeRequest::Problem *problem)
{
    const JsonValue *value = body.find(key);
    if (value && !value->isNull() && !value->isObject()) {
        *problem = {path, QStringLiteral("%1 must be an object").arg(path)};
        return false;
    }
    return true;
}

} // namespace

std::optional<AuthorizeRequest> AuthorizeRequest::parse(const JsonValue &body, Problem *problem)
{
    AuthorizeRequest request;
    if (!optionalText(body, "request_id", QStringLiteral("request_id"), &request.requestId, problem))
        return std::nullopt;

    if (!optionalObject(body, "user", QStringLiteral("user"), problem))
        return std::nullopt;
    const JsonValue &user = body.value("user");
    if (!optionalText(user, "id", QStringLiteral("user.id"), &request.userId, problem)
        || !optionalText(user, "role", QStringLiteral("user.role"), &request.userRole, problem))
        return std::nullopt;

    if (!optionalObject(body, "trace", QStringLiteral("trace"), problem))
        return std::nullopt;
    const JsonValue &trace = body.value("trace");
    if (!optionalText(trace, "run_id", QStringLiteral("trace.run_id"), &request.runId, problem)
        || !optionalText(trace, "trace_id", QStringLiteral("trace.trace_id"), &request.traceId, problem))
        return std::nullopt;

    const JsonValue *toolCall = body.find("tool_call");
    if (!toolCall || !toolCall->isObject()) {
        *problem = {QStringLiteral("tool_call"), QStringLiteral("tool_call is required: an object")};
        return std::nullopt;
    }
    request.toolCall = *toolCall;
    if (!requiredText(*toolCall, "tool", QStringLiteral("tool_call.tool"), &request.tool, problem)
        || !requiredText(*toolCall, "action", QStringLiteral("tool_call.action"), &request.action, problem))
        return std::nullopt;
    const JsonValue *resource = toolCall->find("resource");
    if (resource && !resource->isNull()) {
        if (!resource->isString() || resource->toString().size() > 4096) {
            *problem = {QStringLiteral("tool_call.resource"),
                        QStringLiteral("tool_call.resource must be a string of at most 4096 characters, or null")};
            return std::nullopt;
        }
        request.resource = resource->toString();
    }
    const JsonValue *mutates = toolCall->find("mutates_state");
    if (!mutates || !mutates->isBool()) {
        *problem = {QStringLiteral("tool_call.mutates_state"), QStringLiteral("tool_call.mutates_state is required: true or false")};
        return std::nullopt;
    }
    request.mutatesState = mutates->toBool();
    const JsonValue *parameters = toolCall->find("parameters");
    if (!parameters || !parameters->isObject()) {
        *problem = {QStringLiteral("tool_call.parameters"), QStringLiteral("tool_call.parameters is required: an object")};
        return std::nullopt;
    }
    QString canonicalError;
    const auto parametersJson = CanonicalJson::serialize(*parameters, &canonicalError);
    if (!parametersJson) {
        *problem = {QStringLiteral("tool_call.parameters"),
                    QStringLiteral("tool_call.parameters cannot be hashed: %1").arg(canonicalError)};
        return std::nullopt;
    }
    request.parametersJson = *parametersJson;

    const JsonValue *context = body.find("context");
    if (!context || !context->isObject()) {
        *problem = {QStringLiteral("context.source_trust"), QStringLiteral("context.source_trust is required (context must be an object)")};
        return std::nullopt;
    }
    if (!requiredText(*context, "source_trust", QStringLiteral("context.source_trust"), &request.sourceTrust, problem))
        return std::nullopt;
    const auto contextJson = CanonicalJson::serialize(*context, &canonicalError);
    if (!contextJson) {
        *problem = {QStringLiteral("context"), QStringLiteral("context cannot be stored: %1").arg(canonicalError)};
        return std::nullopt;
    }
    request.contextJson = *contextJson;
    return request;
}

} // namespace aegis
