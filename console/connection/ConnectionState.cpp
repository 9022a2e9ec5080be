#include "console/connection/ConnectionState.h"

namespace aegis::console {

std::optional<ConnectionState> ConnectionState::fromReply(const GatewayReply &reply)
{
    ConnectionState state;
    state.message = reply.errorText();
    state.detail = reply.detail();
    state.since = QDateTime::currentDateTimeUtc();
    switch (reply.failure()) {
    case GatewayReply::Failure::None:
    case GatewayReply::Failure::Http:
    case GatewayReply::Failure::Forbidden:
        // The gateway answered: it is there, whatever it thought of the request.
        state.kind = Kind::Connected;
        state.message.clear();
        state.detail.clear();
        return state;
    case GatewayReply::Failure::Refused:
    case GatewayReply::Failure::HostNotFound:
    case GatewayReply::Failure::Timeout:
    case GatewayReply::Failure::Network:
        state.kind = Kind::Unreachable;
        return state;
    case GatewayReply::Failure::Tls:
        state.kind = Kind::TlsFailure;
        return state;
    case GatewayReply::Failure::Unauthorized:
        state.kind = Kind::Unauthorized;
        return state;
    case GatewayReply::Failure::Cancelled:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace aegis::console
