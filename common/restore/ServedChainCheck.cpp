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
    for (const auto &[tenant, head] : expected) {
        expectedTotal += head.count;
        const QJsonObject chain = served.value(tenant).toObject();
        const qint64 count = chain.value(QStringLiteral("count")).toInteger();
        const QString servedHead = chain.value(QStringLiteral("head")).toString();
        QJsonObject row{{QStringLiteral("count"), count},
                        {QStringLiteral("head"), servedHead},
                        {QStringLiteral("expected_count"), head.count},
                        {QStringLiteral("expected_head"), head.receiptHash},
                        {QStringLiteral("verified"), chain.value(QStringLiteral("verified")).toBool(head.count == 0)}};
        QString verdict;
        if (head.count == 0) {
            verdict = count == 0 ? QStringLiteral("empty, as in the backup")
                                 : QStringLiteral("extends the backup's empty chain by %1").arg(count);
        } else if (chain.isEmpty()) {
            verdict = QStringLiteral("missing");
            problems << QStringLiteral("tenant %1: the gateway serves no chain, the backup has %2 receipt(s)").arg(tenant).arg(head.count);
        } else if (!chain.value(QStringLiteral("verified")).toBool()) {
            verdict = QStringLiteral("broken");
            problems << QStringLiteral("tenant %1: the served chain does not verify").arg(tenant);
        } else if (count < head.count) {
            verdict = QStringLiteral("truncated");
            problems << QStringLiteral("tenant %1: %2 receipt(s) served, the backup has %3").arg(tenant).arg(count).arg(head.count);
        } else if (count == head.count) {
            if (servedHead == head.receiptHash) {
                verdict = QStringLiteral("head equals the manifest head");
            } else {
                verdict = QStringLiteral("diverged");
                problems << QStringLiteral("tenant %1: the served head %2 is not the manifest head %3")
                                .arg(tenant, servedHead, head.receiptHash);
            }
        } else {
            // Longer: the manifest head must be inside the verified chain.
            const ProbeReply receipt = m_gateway.get(
                QStringLiteral("/v1/receipts/") + QString::fromLatin1(QUrl::toPercentEncoding(head.receiptId)), m_timeoutMs);
            const QJsonObject object = receipt.json().object();
            const bool contains = receipt.ok() && object.value(QStringLiteral("receipt_hash")).toString() == head.receiptHash
                && object.value(QStringLiteral("seq")).toInteger() == head.seq.value_or(-1)
                && object.value(QStringLiteral("tenant_id")).toString() == tenant;
            if (contains) {
                verdict = QStringLiteral("extends the manifest head by %1").arg(count - head.count);
            } else {
                verdict = QStringLiteral("diverged");
                problems << QStringLiteral("tenant %1: the served chain is longer but does not contain the manifest head "
                                           "(receipt %2: %3)")
                                .arg(tenant, head.receiptId, receipt.describe());
            }
        }
        row.insert(QStringLiteral("verdict"), verdict);
        chains.insert(tenant, row);
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
