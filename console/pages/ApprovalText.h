#pragma once

#include "console/util/StatusColors.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis::console {

// The words a reviewer reads about an approval: the exact call, and the
// time left to decide.
class ApprovalText
{
    Q_DECLARE_TR_FUNCTIONS(ApprovalText)

public:
    // Agent, tool, action, resource, parameters (pretty-printed) and the
    // action hash that binds them, one per line.
    static QString exactCall(const QJsonObject &approval, const QString &agentLabel);
    // The parameters, indented JSON.
    static QString parameters(const QJsonObject &approval);
    // "14 min 05 s", "45 s", or "expired".
    static QString timeLeft(const QString &expiresAt, const QDateTime &now);
    // Whether the time left needs a reviewer's eye: bad when (nearly) gone,
    // a warning in its last minutes, nothing before; a column where every
    // row is amber and bold says nothing.
    static std::optional<StatusColors::Status> urgency(const QString &expiresAt, const QDateTime &now);
};

} // namespace aegis::console
