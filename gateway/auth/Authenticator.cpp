#include "gateway/auth/Authenticator.h"

#include "common/crypto/ConstantTime.h"
#include "gateway/GatewayLogging.h"

#include <QCryptographicHash>

namespace aegis {

namespace {

QByteArray presentedToken(const HttpRequest &request, bool *viaAdminHeader)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 && authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0) {
        *viaAdminHeader = false;
        return authorization.mid(7).trimmed();
    }
    *viaAdminHeader = true;
    return request.header("x-aegis-admin-key").trimmed();
}

} // namespace

Authenticator::Authenticator(QByteArray adminToken, AgentLookup agentLookup)
    : m_adminToken(std::move(adminToken))
    , m_agentLookup(std::move(agentLookup))
{
}

bool Authenticator::looksLikeAgentToken(QByteArrayView token)
{
    if (token.size() != AgentTokenPrefix.size() + 32 || !token.startsWith(AgentTokenPrefix))
        return false;
    for (char c : token.sliced(AgentTokenPrefix.size())) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

QString Authenticator::tokenSha256Hex(QByteArrayView token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

std::optional<Principal> Authenticator::authenticate(const HttpRequest &request) const
{
    bool viaAdminHeader = false;
    const QByteArray token = presentedToken(request, &viaAdminHeader);
    if (token.isEmpty())
        return std::nullopt;
    if (!viaAdminHeader && looksLikeAgentToken(token)) {
        if (!m_agentLookup)
            return std::nullopt;
        return m_agentLookup(tokenSha256Hex(token));
    }
    if (!m_adminToken.isEmpty() && ConstantTime::equals(token, m_adminToken))
        return Principal{};
    return std::nullopt;
}

HttpResponse Authenticator::unauthorized(const QString &message)
{
    return HttpResponse::error(401, message).withHeader("WWW-Authenticate", "Bearer realm=\"aegis\"");
}

bool Authenticator::tenantHeaderAgrees(const HttpExchange &exchange, const Principal &principal)
{
    const QByteArray named = exchange.request().header("x-aegis-tenant-id").trimmed();
    if (named.isEmpty() || principal.isAdmin() || named == principal.tenantId.toUtf8())
        return true;
    exchange.respond(HttpResponse::error(
        403, QStringLiteral("X-Aegis-Tenant-ID names another tenant than the one this agent token belongs to")));
    return false;
}

std::optional<Principal> Authenticator::identify(const HttpExchange &exchange, const QString &missingMessage,
                                                bool admitRevoked) const
{
    const HttpRequest &request = exchange.request();
    if (const int wait = m_failures.blockedForSeconds(request.peer); wait > 0) {
        exchange.respond(HttpResponse::error(429, QStringLiteral("too many failed authentications from your address; "
                                                                 "retry in %1 s").arg(wait))
                             .withHeader("Retry-After", QByteArray::number(wait)));
        return std::nullopt;
    }
    const auto principal = authenticate(request);
    if (principal && (principal->isDeleted() || (principal->isRevoked() && !admitRevoked))) {
        // No credential any more, but no guess either: a stopped agent that
        // keeps calling must not get its whole host throttled.
        exchange.respond(unauthorized(missingMessage));
        return std::nullopt;
    }
    if (principal) {
        m_failures.recordSuccess(request.peer);
        return principal;
    }
    bool viaAdminHeader = false;
    if (!presentedToken(request, &viaAdminHeader).isEmpty() && m_failures.recordFailure(request.peer)) {
        qCWarning(lcHttp, "%d failed authentications from %s within %lld s: its requests get 429 for %lld s",
                  AuthFailureThrottle::MaxFailures, qPrintable(request.peer.toString()),
                  static_cast<long long>(AuthFailureThrottle::WindowMs / 1000),
                  static_cast<long long>(AuthFailureThrottle::BlockMs / 1000));
    }
    exchange.respond(unauthorized(missingMessage));
    return std::nullopt;
}

std::optional<Principal> Authenticator::requireAny(const HttpExchange &exchange, FrozenAgents frozen) const
{
    const auto principal = identify(exchange, QStringLiteral("a valid admin or agent token is required"), false);
    if (!principal)
        return std::nullopt;
    if (principal->isFrozen() && frozen == FrozenAgents::Refused) {
        exchange.respond(HttpResponse::error(
            403, QStringLiteral("the agent is frozen; its token may read only its own decisions and approvals")));
        return std::nullopt;
    }
    if (!tenantHeaderAgrees(exchange, *principal))
        return std::nullopt;
    return principal;
}

std::optional<Principal> Authenticator::requireAdmin(const HttpExchange &exchange) const
{
    const auto principal = identify(exchange, QStringLiteral("a valid admin token is required"), false);
    if (!principal)
        return std::nullopt;
    if (!principal->isAdmin()) {
        exchange.respond(HttpResponse::error(403, QStringLiteral("this endpoint needs the admin token")));
        return std::nullopt;
    }
    return principal;
}

std::optional<Principal> Authenticator::requireAgent(const HttpExchange &exchange) const
{
    const auto principal = identify(exchange, QStringLiteral("a valid agent token is required"), true);
    if (!principal)
        return std::nullopt;
    if (principal->isAdmin()) {
        exchange.respond(HttpResponse::error(403, QStringLiteral("this endpoint needs an agent token, not the admin token")));
        return std::nullopt;
    }
    if (!tenantHeaderAgrees(exchange, *principal))
        return std::nullopt;
    return principal;
}

} // namespace aegis
