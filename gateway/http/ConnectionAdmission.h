#pragma once

#include <QHash>
#include <QHostAddress>

namespace aegis {

// Decides whether a new connection may take a slot: the server-wide cap
// (AEGIS_MAX_CONNECTIONS) and a cap per client address
// (AEGIS_MAX_CONNECTIONS_PER_CLIENT), so that one address holding idle or
// slow connections cannot fill the server for everyone. A client on this
// host (127.0.0.1 or ::1) over either cap still gets one of a few
// probe-only slots: the local monitor's /health and /readyz must answer
// while the gateway is flooded. Other loopback addresses (127.0.0.2, ...)
// are ordinary clients, which is also how tests play a second client.
class ConnectionAdmission
{
public:
    // Connections let in beyond the caps for loopback probes.
    static constexpr int ProbeSlots = 8;

    struct Verdict
    {
        enum class Over { Nothing, ServerCap, ClientCap };
        Over over = Over::Nothing;
        bool probesOnly = false; // over a cap, admitted for probe paths only
        bool admitted() const { return over == Over::Nothing || probesOnly; }
    };

    ConnectionAdmission(int maxConnections, int maxPerClient);

    // Counts the connection when the verdict admits it.
    Verdict admit(const QHostAddress &peer);
    // Gives back what admit() counted for this peer and verdict.
    void release(const QHostAddress &peer, Verdict verdict);

    int maxPerClient() const { return m_maxPerClient; }

    // One client, one key: a dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
    static QHostAddress clientKey(const QHostAddress &peer);
    static bool isLocalMonitor(const QHostAddress &peer);

private:
    const int m_maxConnections;
    const int m_maxPerClient;
    int m_total = 0;
    int m_probes = 0;
    QHash<QHostAddress, int> m_perClient;
};

} // namespace aegis
