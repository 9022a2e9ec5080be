#pragma once

#include "tests/support/HttpTestClient.h"

#include <QByteArray>
#include <QString>

namespace aegis::test {

// Small conveniences over the gateway's API for tests that need data in it.
class GatewayApi
{
public:
    explicit GatewayApi(HttpTestClient admin) : m_admin(std::move(admin)) {}

    // Creates the tenant (ignores "already exists").
    bool createTenant(const QString &id);
    // Registers an agent and returns its token (empty on failure).
    QByteArray registerAgent(const QString &agentKey, const QString &tenantId = QStringLiteral("default"),
                             QString *agentId = nullptr);
    // One authorization as the agent; `mutates` picks the default policy's
    // branch. Returns the response.
    HttpTestResponse authorize(const QByteArray &agentToken, const QString &tool, const QString &action,
                               bool mutates = false, const QString &requestId = {});
    static QByteArray authorizeBody(const QString &tool, const QString &action, bool mutates,
                                    const QString &requestId = {});
    // A state-changing github call on payments#482 (the default policy sends
    // it to approval); `baseBranch` makes two calls differ in a parameter only.
    static QByteArray githubCallBody(const QString &action, const QString &baseBranch, const QString &requestId = {});

    const HttpTestClient &admin() const { return m_admin; }
    HttpTestClient asAgent(const QByteArray &token) const;

private:
    HttpTestClient m_admin;
};

} // namespace aegis::test
