#pragma once

#include "common/client/GatewayReply.h"

#include <QDateTime>
#include <QString>

namespace aegis::console {

// What the console knows about its gateway right now, from the last
// answers it got: the banner and the status bar show this.
struct ConnectionState
{
    enum class Kind
    {
        NotConfigured,
        Unknown,      // configured, nothing answered yet
        Connected,
        Unreachable,  // refused, host not found, timeout, network
        TlsFailure,
        Unauthorized  // 401: the token is wrong
    };

    Kind kind = Kind::NotConfigured;
    QString message; // in words, for the banner
    QString detail;  // the technical detail, one click away
    QDateTime since;

    bool isProblem() const
    {
        return kind == Kind::Unreachable || kind == Kind::TlsFailure || kind == Kind::Unauthorized;
    }
    // The state a finished reply implies, or nullopt when it says nothing
    // about the connection (an ordinary 404, a cancelled request).
    static std::optional<ConnectionState> fromReply(const GatewayReply &reply);
};

} // namespace aegis::console
