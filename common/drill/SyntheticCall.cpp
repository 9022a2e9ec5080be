#include "common/drill/SyntheticCall.h"

#include <QJsonDocument>
#include <QUrl>

namespace aegis {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

SyntheticCall::SyntheticCall(GatewayProbe &admin, AgentProbe asAgent, int timeoutMs)
    : m_admin(admin)
    , m_asAgent(std::move(asAgent))
    , m_timeoutMs(timeoutMs)
{
}

SyntheticCall::Result SyntheticCall::run(const QString &tenant)
{
    Result result;
    const ProbeReply registered = m_admin.post(
        QStringLiteral("/v1/agents"),
        compact({{QStringLiteral("agent_key"), QStringLiteral("aegis-drill-probe")},
                 {QStringLiteral("name"), QStringLiteral("Disaster-recovery drill probe")},
                 {QStringLiteral("tenant_id"), tenant},
                 {QStringLiteral("environment"), QStringLiteral("drill")},
                 {QStringLiteral("risk_tier"), QStringLiteral("low")}}),
        m_timeoutMs);
    const QByteArray token = registered.json().object().value(QStringLiteral("agent_token")).toString().toUtf8();
    if (!registered.ok() || token.isEmpty()) {
        result.detail = QStringLiteral("POST /v1/agents: %1").arg(registered.describe());
        return result;
    }

    const QString headPath = QStringLiteral("/v1/receipts/chain-head?tenant_id=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(tenant)));
    const ProbeReply before = m_admin.get(headPath, m_timeoutMs);
    if (!before.ok()) {
        result.detail = QStringLiteral("GET chain-head: %1").arg(before.describe());
        return result;
    }
    const QJsonObject head = before.json().object().value(QStringLiteral("head")).toObject();
    result.headSeqBefore = head.value(QStringLiteral("seq")).toInteger();
    result.headHashBefore = head.value(QStringLiteral("receipt_hash")).toString();

    const QJsonObject call{
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("aegis-drill")}}},
        {QStringLiteral("tool_call"), QJsonObject{{QStringLiteral("tool"), QStringLiteral("aegis-drill")},
                                                  {QStringLiteral("action"), QStringLiteral("read_probe")},
                                                  {QStringLiteral("resource"), QStringLiteral("drill")},
                                                  {QStringLiteral("mutates_state"), false},
                                                  {QStringLiteral("parameters"), QJsonObject()}}},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("source_trust"), QStringLiteral("trusted_internal_signed")}}},
    };
    const ProbeReply authorized = m_asAgent(token)->post(QStringLiteral("/v1/authorize"), compact(call), m_timeoutMs);
    const QJsonObject answer = authorized.json().object();
    const QJsonObject receipt = answer.value(QStringLiteral("receipt")).toObject();
    result.evidence.insert(QStringLiteral("decision"), answer.value(QStringLiteral("decision")));
    result.evidence.insert(QStringLiteral("receipt"), receipt);
    if (!authorized.ok() || receipt.isEmpty()) {
        result.detail = QStringLiteral("POST /v1/authorize: %1").arg(authorized.describe());
        return result;
    }
    result.seq = receipt.value(QStringLiteral("seq")).toInteger();
    result.prevReceiptHash = receipt.value(QStringLiteral("prev_receipt_hash")).toString();
    result.receiptHash = receipt.value(QStringLiteral("receipt_hash")).toString();
    if (result.seq != result.headSeqBefore + 1 || result.prevReceiptHash != result.headHashBefore) {
        result.detail = QStringLiteral("the new receipt has seq %1 after %2, and links to %3 instead of the head %4")
                            .arg(result.seq)
                            .arg(result.headSeqBefore)
                            .arg(result.prevReceiptHash, result.headHashBefore);
        return result;
    }

    const ProbeReply verified = m_admin.post(QStringLiteral("/v1/receipts/verify-range"),
                                             compact({{QStringLiteral("tenant_id"), tenant}}), m_timeoutMs);
    const QJsonObject range = verified.json().object();
    const QString servedHead = range.value(QStringLiteral("tenants")).toObject().value(tenant).toObject().value(QStringLiteral("head")).toString();
    result.evidence.insert(QStringLiteral("verify_range_after"),
                           QJsonObject{{QStringLiteral("verified"), range.value(QStringLiteral("verified"))},
                                       {QStringLiteral("count"), range.value(QStringLiteral("count"))},
                                       {QStringLiteral("head"), servedHead}});
    if (!verified.ok() || !range.value(QStringLiteral("verified")).toBool() || servedHead != result.receiptHash) {
        result.detail = QStringLiteral("verify-range after the call: %1 (head %2)")
                            .arg(verified.ok() ? range.value(QStringLiteral("error")).toString() : verified.describe(), servedHead);
        return result;
    }
    result.passed = true;
    return result;
}

} // namespace aegis
