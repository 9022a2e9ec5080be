#pragma once

#include "gateway/authz/PolicyRule.h"

#include <QStringList>

#include <optional>

namespace aegis {

struct PolicyDecision
{
    QString decision;
    QString riskLevel;
    int riskScore = 0;
    QString reason;
    QStringList matchedPolicies;
    QString approverGroup = QStringLiteral("default"); // meaningful for require_approval only
};

// First matching rule decides; no match is a deny (fail closed).
class PolicyEngine
{
public:
    static PolicyDecision decide(const QList<PolicyRule> &rules, const QString &tool, const QString &action,
                                 const std::optional<QString> &resource, bool mutatesState);
};

} // namespace aegis
