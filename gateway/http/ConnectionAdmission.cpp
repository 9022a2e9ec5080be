#include "gateway/http/ConnectionAdmission.h"

namespace aegis {

ConnectionAdmission::ConnectionAdmission(int maxConnections, int maxPerClient)
    : m_maxConnections(maxConnections)
    , m_maxPerClient(maxPerClient)
{
}

QHostAddress ConnectionAdmission::clientKey(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : peer;
}

bool ConnectionAdmission::isLocalMonitor(const QHostAddress &peer)
{
    const QHostAddress key = clientKey(peer);
    return key == QHostAddress(QHostAddress::LocalHost) || key == QHostAddress(QHostAddress::LocalHostIPv6);
}

ConnectionAdmission::Verdict ConnectionAdmission::admit(const QHostAddress &peer)
{
    const QHostAddress key = clientKey(peer);
    Verdict verdict;
    if (m_total >= m_maxConnections)
        verdict.over = Verdict::Over::ServerCap;
    else if (m_perClient.value(key) >= m_maxPerClient)
        verdict.over = Verdict::Over::ClientCap;

    if (verdict.over == Verdict::Over::Nothing) {
        ++m_total;
        ++m_perClient[key];
    } else if (isLocalMonitor(key) && m_probes < ProbeSlots) {
        verdict.probesOnly = true;
        ++m_probes;
    }
    return verdict;
}

void ConnectionAdmission::release(const QHostAddress &peer, Verdict verdict)
{
    if (verdict.probesOnly) {
        --m_probes;
        return;
    }
    if (verdict.over != Verdict::Over::Nothing)
        return;
    --m_total;
    const QHostAddress key = clientKey(peer);
    auto it = m_perClient.find(key);
    if (it != m_perClient.end() && --it.value() <= 0)
        m_perClient.erase(it);
}

} // namespace aegis
