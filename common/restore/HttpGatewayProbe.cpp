#include "common/restore/HttpGatewayProbe.h"

#include "common/client/GatewayClient.h"

namespace aegis {

namespace {

ProbeReply convert(const GatewayReply &reply)
{
    ProbeReply out;
    out.status = reply.status();
    out.body = reply.body();
    switch (reply.failure()) {
    case GatewayReply::Failure::None:
    case GatewayReply::Failure::Unauthorized:
    case GatewayReply::Failure::Forbidden:
    case GatewayReply::Failure::Http:
        out.transport = ProbeReply::Transport::Answered;
        break;
    case GatewayReply::Failure::Refused:
    case GatewayReply::Failure::HostNotFound:
        out.transport = ProbeReply::Transport::Refused;
        break;
    case GatewayReply::Failure::Timeout:
        out.transport = ProbeReply::Transport::TimedOut;
        break;
    case GatewayReply::Failure::Tls:
    case GatewayReply::Failure::Network:
    case GatewayReply::Failure::Cancelled:
        // A reset or a closed connection with a status is still an answer.
        out.transport = reply.status() > 0 ? ProbeReply::Transport::Answered : ProbeReply::Transport::Failed;
        break;
    }
    if (!out.answered())
        out.error = reply.errorText();
    return out;
}

} // namespace

HttpGatewayProbe::HttpGatewayProbe(GatewayEndpoint endpoint)
    : m_endpoint(std::move(endpoint))
{
}

ProbeReply HttpGatewayProbe::get(const QString &path, int timeoutMs)
{
    GatewayEndpoint endpoint = m_endpoint;
    endpoint.timeoutMs = timeoutMs;
    GatewayClient client(endpoint);
    return convert(*client.getAndWait(path));
}

ProbeReply HttpGatewayProbe::post(const QString &path, const QByteArray &json, int timeoutMs)
{
    GatewayEndpoint endpoint = m_endpoint;
    endpoint.timeoutMs = timeoutMs;
    GatewayClient client(endpoint);
    return convert(*client.postAndWait(path, json));
}

QString HttpGatewayProbe::describe() const
{
    return m_endpoint.baseUrl.toString(QUrl::RemoveUserInfo);
}

} // namespace aegis
