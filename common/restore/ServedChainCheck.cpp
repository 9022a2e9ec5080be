#include "common/restore/ServedChainCheck.h"

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
        result.finding = StepFinding(StepFinding::Kind::ChainCheckFailed);
        result.finding.parts.push_back(StepFinding(StepFinding::Kind::VerifyRangeFailed, reply.describe()));
        return result;
    }
    result.details.insert(QStringLiteral("verify_range"),
                          QJsonObject{{QStringLiteral("verified"), answer.value(QStringLiteral("verified"))},
                                      {QStringLiteral("count"), answer.value(QStringLiteral("count"))},
                                      {QStringLiteral("error"), answer.value(QStringLiteral("error"))}});
    std::vector<StepFinding> problems;
    if (!answer.value(QStringLiteral("verified")).toBool())
        problems.push_back(
            StepFinding(StepFinding::Kind::GatewayVerifyFailed, answer.value(QStringLiteral("error")).toString()));
    auto problem = [&problems](StepFinding::Kind kind, const QString &tenant) -> StepFinding & {
        problems.push_back(StepFinding(kind));
        problems.back().tenant = tenant;
        return problems.back();
    };

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
            problem(StepFinding::Kind::ChainMissing, tenant).expected = head.count;
        } else if (!chain.verified) {
            chain.verdict = Verdict::Broken;
            problem(StepFinding::Kind::ChainBroken, tenant);
        } else if (chain.count < head.count) {
            chain.verdict = Verdict::Truncated;
            StepFinding &truncated = problem(StepFinding::Kind::ChainTruncated, tenant);
            truncated.count = chain.count;
            truncated.expected = head.count;
        } else if (chain.count == head.count) {
            if (chain.head == head.receiptHash) {
                chain.verdict = Verdict::MatchesHead;
            } else {
                chain.verdict = Verdict::Diverged;
                StepFinding &differs = problem(StepFinding::Kind::ChainHeadDiffers, tenant);
                differs.sha256 = chain.head;
                differs.expectedSha256 = head.receiptHash;
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
                StepFinding &lacks = problem(StepFinding::Kind::ChainLacksHead, tenant);
                lacks.name = head.receiptId;
                lacks.cause = receipt.describe();
            }
        }
        chains.insert(tenant, chain.toJson());
        result.chains.append(chain);
    }
    result.details.insert(QStringLiteral("chains"), chains);
    result.passed = problems.empty();
    result.empty = result.passed && expectedTotal == 0 && answer.value(QStringLiteral("count")).toInteger() == 0;
    if (!result.passed) {
        result.finding = StepFinding(StepFinding::Kind::ChainCheckFailed);
        result.finding.parts = std::move(problems);
    } else if (result.empty) {
        result.finding = StepFinding(StepFinding::Kind::NoChains);
    } else {
        result.finding = StepFinding(StepFinding::Kind::ChainsVerified);
        result.finding.count = answer.value(QStringLiteral("count")).toInteger();
    }
    return result;
}

} // namespace aegis
