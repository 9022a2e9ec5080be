#pragma once

#include "gateway/auth/AuthFailureThrottle.h"
#include "gateway/auth/Principal.h"
#include "gateway/http/HttpExchange.h"

#include <QByteArray>

#include <functional>
#include <optional>

namespace aegis {

// Turns the credential of a request into a Principal. Admin tokens are
// compared in constant time; agent tokens ("agent_tok_<32 hex>") are looked
// up by their SHA-256, the only form in which the database holds them.
class Authenticator
{
public:
    // Finds the agent whose token hashes to `tokenSha256Hex`.
    using AgentLookup = std::function<std::optional<Principal>(const QString &tokenSha256Hex)>;

    Authenticator(QByteArray adminToken, AgentLookup agentLookup);

    static constexpr QByteArrayView AgentTokenPrefix = "agent_tok_";
    static bool looksLikeAgentToken(QByteArrayView token);
    static QString tokenSha256Hex(QByteArrayView token);

    // Any known credential, those of revoked and deleted agents included:
    // the require* functions below decide what they may reach.
    std::optional<Principal> authenticate(const HttpRequest &request) const;

    // What a frozen agent's token may reach on a route taking any credential.
    enum class FrozenAgents { Refused, OwnRecordsOnly };

    // Answer 401 (no, unknown or revoked credential), 403 (valid but not
    // enough) or 429 (too many wrong credentials from this address, with
    // Retry-After) on the exchange and return nullopt, or return the principal.
    std::optional<Principal> requireAdmin(const HttpExchange &exchange) const;
    std::optional<Principal> requireAny(const HttpExchange &exchange, FrozenAgents frozen = FrozenAgents::Refused) const;
    // For POST /v1/authorize: frozen and revoked agents pass, so that their
    // attempt is denied and recorded as API.md asks.
    std::optional<Principal> requireAgent(const HttpExchange &exchange) const;

    static HttpResponse unauthorized(const QString &message);

private:
    // The reference SDK names its tenant in X-Aegis-Tenant-ID. An agent's
    // token fixes its tenant, so a header naming another one is a client
    // confused about whom it speaks for: refused (403) rather than ignored.
    // The admin token spans tenants; the header changes nothing for it.
    static bool tenantHeaderAgrees(const HttpExchange &exchange, const Principal &principal);
    // Authentication with the throttle around it; `admitRevoked`: a revoked
    // agent's token is a principal rather than a failure.
    std::optional<Principal> identify(const HttpExchange &exchange, const QString &missingMessage,
                                      bool admitRevoked) const;

    QByteArray m_adminToken;
    AgentLookup m_agentLookup;
    mutable AuthFailureThrottle m_failures;
};

} // namespace aegis
