#include "gateway/authz/PolicyRule.h"

#include <QSet>

namespace aegis {

QJsonObject PolicyRule::toJson() const
{
    QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("tool"), tool},
        {QStringLiteral("action"), action},
        {QStringLiteral("resource"), resource},
        {QStringLiteral("decision"), decision},
        {QStringLiteral("risk_level"), riskLevel},
        {QStringLiteral("reason"), reason},
    };
    if (mutatesState)
        object.insert(QStringLiteral("mutates_state"), *mutatesState);
    if (!approverGroup.isEmpty())
        object.insert(QStringLiteral("approver_group"), approverGroup);
    return object;
}

int PolicyRule::riskScore(const QString &riskLevel)
{
    if (riskLevel == QLatin1String("low"))
        return 10;
    if (riskLevel == QLatin1String("medium"))
        return 40;
    if (riskLevel == QLatin1String("high"))
        return 75;
    if (riskLevel == QLatin1String("critical"))
        return 95;
    return 0;
}

bool PolicyRule::isDecision(const QString &value)
{
    return value == QLatin1String("allow") || value == QLatin1String("deny")
        || value == QLatin1String("require_approval");
}

bool PolicyRule::isRiskLevel(const QString &value)
{
    return riskScore(value) > 0;
}

std::optional<QList<PolicyRule>> PolicyRule::parseList(const QJsonArray &rules, QString *error)
{
    constexpr qsizetype MaxRules = 1000;
    if (rules.size() > MaxRules) {
        *error = QStringLiteral("at most %1 rules per tenant").arg(MaxRules);
        return std::nullopt;
    }
    QList<PolicyRule> parsed;
    QSet<QString> ids;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QString where = QStringLiteral("rules[%1]").arg(i);
        if (!rules.at(i).isObject()) {
            *error = where + QStringLiteral(" must be an object");
            return std::nullopt;
        }
        const QJsonObject object = rules.at(i).toObject();
        PolicyRule rule;
        auto text = [&](const char *key, QString *out, bool required) -> bool {
            const QJsonValue value = object.value(QLatin1String(key));
            if (value.isUndefined() && !required)
                return true;
            if (!value.isString() || value.toString().isEmpty() || value.toString().size() > 256) {
                *error = QStringLiteral("%1.%2 must be a non-empty string of at most 256 characters")
                             .arg(where, QLatin1String(key));
                return false;
            }
            *out = value.toString();
            return true;
        };
        if (!text("id", &rule.id, true) || !text("tool", &rule.tool, false) || !text("action", &rule.action, false)
            || !text("resource", &rule.resource, false) || !text("decision", &rule.decision, true)
            || !text("risk_level", &rule.riskLevel, true) || !text("approver_group", &rule.approverGroup, false))
            return std::nullopt;
        const QJsonValue reason = object.value(QStringLiteral("reason"));
        if (!reason.isUndefined() && !reason.isString()) {
            *error = where + QStringLiteral(".reason must be a string");
            return std::nullopt;
        }
        rule.reason = reason.toString();
        const QJsonValue mutates = object.value(QStringLiteral("mutates_state"));
        if (mutates.isBool()) {
            rule.mutatesState = mutates.toBool();
        } else if (!mutates.isUndefined() && !mutates.isNull()) {
            *error = where + QStringLiteral(".mutates_state must be true, false or absent");
            return std::nullopt;
        }
        if (!isDecision(rule.decision)) {
            *error = where + QStringLiteral(".decision must be allow, deny or require_approval");
            return std::nullopt;
        }
        if (!isRiskLevel(rule.riskLevel)) {
            *error = where + QStringLiteral(".risk_level must be low, medium, high or critical");
            return std::nullopt;
        }
        if (ids.contains(rule.id)) {
            *error = QStringLiteral("%1.id '%2' is used by an earlier rule").arg(where, rule.id);
            return std::nullopt;
        }
        ids.insert(rule.id);
        parsed.append(rule);
    }
    return parsed;
}

QJsonArray PolicyRule::toJsonList(const QList<PolicyRule> &rules)
{
    QJsonArray array;
    for (const PolicyRule &rule : rules)
        array.append(rule.toJson());
    return array;
}

QList<PolicyRule> PolicyRule::defaults()
{
    PolicyRule readOnly;
    readOnly.id = QStringLiteral("default-read-only");
    readOnly.mutatesState = false;
    readOnly.decision = QStringLiteral("allow");
    readOnly.riskLevel = QStringLiteral("low");
    readOnly.reason = QStringLiteral("read-only call allowed by the default policy");

    PolicyRule mutating;
    mutating.id = QStringLiteral("default-mutating");
    mutating.mutatesState = true;
    mutating.decision = QStringLiteral("require_approval");
    mutating.riskLevel = QStringLiteral("high");
    mutating.reason = QStringLiteral("state-changing call needs approval under the default policy");
    return {readOnly, mutating};
}

} // namespace aegis
