#include "common/restore/RestoreVerification.h"

namespace aegis {

bool RestoreVerification::countsOk() const
{
    for (const CountCheck &count : counts) {
        if (!count.ok())
            return false;
    }
    return true;
}

bool RestoreVerification::chainsOk() const
{
    for (const ServedChain &chain : chains) {
        if (!chain.ok())
            return false;
    }
    return true;
}

QJsonObject RestoreVerification::toJson() const
{
    QJsonObject out;
    if (!counts.isEmpty() || !spotCheck.isEmpty()) {
        QJsonObject countsJson;
        for (const CountCheck &count : counts)
            countsJson.insert(CountCheck::whatId(count.what), count.toJson());
        out.insert(QStringLiteral("counts"), countsJson);
        out.insert(QStringLiteral("spot_check"), spotCheck);
    }
    if (chainsChecked) {
        QJsonObject chainsJson;
        for (const ServedChain &chain : chains)
            chainsJson.insert(chain.tenant, chain.toJson());
        out.insert(QStringLiteral("chains"), chainsJson);
        out.insert(QStringLiteral("verify_range"), verifyRange);
        out.insert(QStringLiteral("chains_empty"), chainsEmpty);
    }
    return out;
}

void RestoreVerification::takeSpotCheck(const QJsonObject &details)
{
    spotCheck = details;
    counts.clear();
    const QJsonObject recorded = details.value(QStringLiteral("counts")).toObject();
    for (CountCheck::What what : {CountCheck::What::Agents, CountCheck::What::Decisions, CountCheck::What::Receipts}) {
        if (const auto count = CountCheck::fromJson(what, recorded.value(CountCheck::whatId(what)).toObject()))
            counts.append(*count);
    }
}

void RestoreVerification::takeChainCheck(const QJsonObject &details, bool empty)
{
    chains.clear();
    const QJsonObject recorded = details.value(QStringLiteral("chains")).toObject();
    for (auto it = recorded.begin(); it != recorded.end(); ++it)
        chains.append(ServedChain::fromJson(it.key(), it.value().toObject()));
    verifyRange = details.value(QStringLiteral("verify_range")).toObject();
    chainsChecked = true;
    chainsEmpty = empty;
}

} // namespace aegis
