#include "tests/support/GatewayApi.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace aegis::test {

bool GatewayApi::createTenant(const QString &id)
{
    const auto response = m_admin.post(QStringLiteral("/v1/tenants"),
                                       QJsonDocument(QJsonObject{{QStringLiteral("id"), id}}).toJson());
    return response.status == 201 || response.status == 409;
}

QByteArray GatewayApi::registerAgent(const QString &agentKey, const QString &tenantId, QString *agentId)
{
    const auto response = m_admin.post(
        QStringLiteral("/v1/agents"),
        QJsonDocument(QJsonObject{{QStringLiteral("agent_key"), agentKey}, {QStringLiteral("tenant_id"), tenantId}})
            .toJson());
    if (response.status != 201 && response.status != 200)
        return {};
    if (agentId)
        *agentId = response.json().value(QStringLiteral("id")).toString();
    return response.json().value(QStringLiteral("agent_token")).toString().toLatin1();
}

QByteArray GatewayApi::authorizeBody(const QString &tool, const QString &action, bool mutates, const QString &requestId)
{
    QJsonObject body{
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("alice")}}},
        {QStringLiteral("tool_call"), QJsonObject{{QStringLiteral("tool"), tool},
                                                  {QStringLiteral("action"), action},
                                                  {QStringLiteral("resource"), QStringLiteral("repo#1")},
                                                  {QStringLiteral("mutates_state"), mutates},
                                                  {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("n"), 1}}}}},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("source_trust"), QStringLiteral("trusted_internal_signed")}}},
        {QStringLiteral("trace"), QJsonObject{{QStringLiteral("run_id"), QStringLiteral("run-1")}}},
    };
    if (!requestId.isEmpty())
        body.insert(QStringLiteral("request_id"), requestId);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray GatewayApi::githubCallBody(const QString &action, const QString &baseBranch, const QString &requestId)
{
    QJsonObject body{
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("alice")}}},
        {QStringLiteral("tool_call"),
         QJsonObject{{QStringLiteral("tool"), QStringLiteral("github")},
                     {QStringLiteral("action"), action},
                     {QStringLiteral("resource"), QStringLiteral("payments#482")},
                     {QStringLiteral("mutates_state"), true},
                     {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("base_branch"), baseBranch}}}}},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("source_trust"), QStringLiteral("trusted_internal_signed")}}},
        {QStringLiteral("trace"), QJsonObject{{QStringLiteral("run_id"), QStringLiteral("run-7")}}},
    };
    if (!requestId.isEmpty())
        body.insert(QStringLiteral("request_id"), requestId);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

HttpTestResponse GatewayApi::authorize(const QByteArray &agentToken, const QString &tool, const QString &action,
                                       bool mutates, const QString &requestId)
{
    return asAgent(agentToken).post(QStringLiteral("/v1/authorize"), authorizeBody(tool, action, mutates, requestId));
}

HttpTestClient GatewayApi::asAgent(const QByteArray &token) const
{
    HttpTestClient client = m_admin;
    client.setBearer(token);
    return client;
}

} // namespace aegis::test
