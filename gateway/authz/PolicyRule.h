#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace aegis {

// One rule of a tenant's ordered policy (API.md "Policies").
struct PolicyRule
{
    QString id;
    QString tool = QStringLiteral("*");
    QString action = QStringLiteral("*");
    QString resource = QStringLiteral("*");
    std::optional<bool> mutatesState; // absent: matches both
    QString decision;                 // allow | deny | require_approval
    QString riskLevel;                // low | medium | high | critical
    QString reason;
    QString approverGroup;            // who reviews its require_approval calls; empty: "default"

    QJsonObject toJson() const;

    static int riskScore(const QString &riskLevel);
    static bool isDecision(const QString &value);
    static bool isRiskLevel(const QString &value);

    // Parses and validates a rule list; on error returns nullopt and a
    // message naming the rule ("rules[2].decision must be one of …").
    static std::optional<QList<PolicyRule>> parseList(const QJsonArray &rules, QString *error);
    static QJsonArray toJsonList(const QList<PolicyRule> &rules);

    // The rules a new tenant starts with: read-only calls allowed at low
    // risk, mutating calls need approval at high risk. The first migration
    // seeds the default tenant with the same list (a test keeps them equal).
    static QList<PolicyRule> defaults();
};

} // namespace aegis
