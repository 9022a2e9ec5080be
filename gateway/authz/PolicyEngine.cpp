#include "gateway/authz/PolicyEngine.h"

#include "gateway/authz/Glob.h"

namespace aegis {

PolicyDecision PolicyEngine::decide(const QList<PolicyRule> &rules, const QString &tool, const QString &action,
                                    const std::optional<QString> &resource, bool mutatesState)
{
    // A call without a resource is matched as the empty string, so "*"
    // covers it and a specific resource pattern does not.
    const QString resourceText = resource.value_or(QString());
    for (const PolicyRule &rule : rules) {
        if (rule.mutatesState && *rule.mutatesState != mutatesState)
            continue;
        if (!Glob::matches(rule.tool, tool) || !Glob::matches(rule.action, action)
            || !Glob::matches(rule.resource, resourceText))
            continue;
        return PolicyDecision{rule.decision, rule.riskLevel, PolicyRule::riskScore(rule.riskLevel),
                              rule.reason.isEmpty() ? QStringLiteral("matched policy rule %1").arg(rule.id) : rule.reason,
                              {rule.id},
                              rule.approverGroup.isEmpty() ? QStringLiteral("default") : rule.approverGroup};
    }
    return PolicyDecision{QStringLiteral("deny"), QStringLiteral("high"), PolicyRule::riskScore(QStringLiteral("high")),
                          QStringLiteral("no policy rule matched this call; denied by default"), {}};
}

} // namespace aegis
