#include "common/restore/ServedChainCheck.h"

#include <QStringList>
#include <QUrl>

namespace aegis {

ServedChainCheck::ServedChainCheck(GatewayProbe &gateway, int timeoutMs)
    : m_gateway(gateway)
    , m_timeoutMs(timeoutMs)
{
}

ServedChainCheck::Result ServedChainCheck::run(const ExpectedHeads &expected)
{
    Result result;
    const ProbeReply reply = m_gateway.post(QStringLiteral("/v1/receipts/verify-range"), QByteArrayLiteral("{}"), m_timeoutMs);
    const QJsonObject answer = reply.json().object();
    if (!reply.ok() || answer.isEmpty()) {
        result.summary = QStringLiteral("POST /v1/receipts/verify-range: %1").arg(reply.describe());
        return result;
    }
    result.details.insert(QStringLiteral("verify_range"),
                          QJsonObject{{QStringLiteral("verified"), answer.value(QStringLiteral("verified"))},
                                      {QStringLiteral("count"), answer.value(QStringLiteral("count"))},
                                      {QStringLiteral("error"), answer.value(QStringLiteral("error"))}});
    QStringList problems;
    if (!answer.value(QStringLiteral("verified")).toBool())
        problems << QStringLiteral("the gateway's verification failed: %1").arg(answer.value(QStringLiteral("error")).toString());

    const QJsonObject served = answer.value(QStringLiteral("tenants")).toObject();
    QJsonObject chains;
    qint64 expectedTotal = 0;
    using Verdict = ServedChain::Verdict;
    for (const auto &[tenant, head] : expected) {
        expectedTotal += head.count;
        const QJsonObject object = served.value(tenant).toObject();
        ServedChain chain;
        chain.tenant = tenant;
        chain.count = object.value(QStringLiteral("count")).toInteger();
        chain.head = object.value(QStringLiteral("head")).toString();
        chain.expectedCount = head.count;
        chain.expectedHead = head.receiptHash;
        chain.verified = object.value(QStringLiteral("verified")).toBool(head.count == 0);
        if (head.count == 0) {
            chain.verdict = chain.count == 0 ? Verdict::Empty : Verdict::ExtendsEmpty;
        } else if (object.isEmpty()) {
            chain.verdict = Verdict::Missing;
            problems << QStringLiteral("tenant %1: the gateway serves no chain, the backup has %2 receipt(s)").arg(tenant).arg(head.count);
        } else if (!chain.verified) {
            chain.verdict = Verdict::Broken;
            problems << QStringLiteral("tenant %1: the served chain does not verify").arg(tenant);
        } else if (chain.count < head.count) {
            chain.verdict = Verdict::Truncated;
            problems << QStringLiteral("tenant %1: %2 receipt(s) served, the backup has %3").arg(tenant).arg(chain.count).arg(head.count);
        } else if (chain.count == head.count) {
            if (chain.head == head.receiptHash) {
                chain.verdict = Verdict::MatchesHead;
            } else {
                chain.verdict = Verdict::Diverged;
                problems << QStringLiteral("tenant %1: the served head %2 is not the manifest head %3")
                                .arg(tenant, chain.head, head.receiptHash);
            }
        } else {
            // Longer: the manifest head must be inside the verified chain.
            const ProbeReply receipt = m_gateway.get(
                QStringLiteral("/v1/receipts/") + QString::fromLatin1(QUrl::toPercentEncoding(head.receiptId)), m_timeoutMs);
            const QJsonObject found = receipt.json().object();
            const bool contains = receipt.ok() && found.value(QStringLiteral("receipt_hash")).toString() == head.receiptHash
                && found.value(QStringLiteral("seq")).toInteger() == head.seq.value_or(-1)
                && found.value(QStringLiteral("tenant_id")).toString() == tenant;
            if (contains) {
                chain.verdict = Verdict::ExtendsHead;
            } else {
                chain.verdict = Verdict::Diverged;
                problems << QStringLiteral("tenant %1: the served chain is longer but does not contain the manifest head "
                                           "(receipt %2: %3)")
                                .arg(tenant, head.receiptId, receipt.describe());
            }
        }
        chains.insert(tenant, chain.toJson());
        result.chains.append(chain);
    }
    result.details.insert(QStringLiteral("chains"), chains);
    result.passed = problems.isEmpty();
    result.empty = result.passed && expectedTotal == 0 && answer.value(QStringLiteral("count")).toInteger() == 0;
    if (!result.passed)
        result.summary = problems.join(QStringLiteral("; "));
    else if (result.empty)
        result.summary = QStringLiteral("no receipts in the backup or the gateway: there is no chain to prove");
    else
        result.summary = QStringLiteral("%1 receipt(s) verified by the gateway; every tenant's head matches or extends "
                                        "the manifest head")
                             .arg(answer.value(QStringLiteral("count")).toInteger());
    return result;
}

} // namespace aegis
