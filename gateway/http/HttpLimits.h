#pragma once

#include <QtGlobal>

#include <chrono>

namespace aegis {

// What one client connection may cost the gateway. QHttpServer 6.4 has no
// limits of its own; ConnectionGuard enforces these.
struct HttpLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    int maxConnections = 512;
    int maxConnectionsPerClient = 128; // per client address; see ConnectionAdmission
    std::chrono::milliseconds idleTimeout{30'000};
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds bodyTimeout{60'000};
    // After a refusal the gateway keeps reading (and dropping) what the
    // client still sends, so that clients which send a whole body before
    // reading see the answer instead of a connection reset. Bounded both ways.
    std::chrono::milliseconds lingerTimeout{3'000};
    qint64 lingerMaxBytes = 64 * 1024 * 1024;
    // A client that stops reading a streamed answer is dropped after this.
    std::chrono::milliseconds writeStallTimeout{60'000};
};

} // namespace aegis
