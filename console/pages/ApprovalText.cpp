#include "console/pages/ApprovalText.h"

#include "common/util/Timestamp.h"
#include "console/util/Format.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace aegis::console {

QString ApprovalText::parameters(const QJsonObject &approval)
{
    const QJsonValue parameters = approval.value(QStringLiteral("tool_call")).toObject().value(QStringLiteral("parameters"));
    if (parameters.isObject())
        return QString::fromUtf8(QJsonDocument(parameters.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (parameters.isArray())
        return QString::fromUtf8(QJsonDocument(parameters.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return Format::value(parameters);
}

QString ApprovalText::exactCall(const QJsonObject &approval, const QString &agentLabel)
{
    const QJsonObject call = approval.value(QStringLiteral("tool_call")).toObject();
    QStringList lines;
    lines << tr("Agent:       %1").arg(agentLabel);
    lines << tr("Tool:        %1").arg(Format::value(call.value(QStringLiteral("tool"))));
    lines << tr("Action:      %1").arg(Format::value(call.value(QStringLiteral("action"))));
    lines << tr("Resource:    %1").arg(Format::value(call.value(QStringLiteral("resource"))));
    lines << tr("Changes state: %1").arg(call.value(QStringLiteral("mutates_state")).toBool() ? tr("yes") : tr("no"));
    lines << tr("Parameters:");
    for (const QString &line : parameters(approval).split(QLatin1Char('\n')))
        lines << QStringLiteral("  ") + line;
    lines << tr("Action hash: %1").arg(approval.value(QStringLiteral("action_hash")).toString());
    lines << tr("Why asked:   %1").arg(approval.value(QStringLiteral("policy_reason")).toString());
    return lines.join(QLatin1Char('\n'));
}

QString ApprovalText::timeLeft(const QString &expiresAt, const QDateTime &now)
{
    const QDateTime expires = Timestamp::parse(expiresAt);
    if (!expires.isValid())
        return Format::unknown();
    const qint64 seconds = now.secsTo(expires);
    if (seconds <= 0)
        return tr("expired");
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

std::optional<StatusColors::Status> ApprovalText::urgency(const QString &expiresAt, const QDateTime &now)
{
    // The reviewer's last minutes, and the last one.
    constexpr qint64 LastMinutes = 5 * 60;
    constexpr qint64 LastMinute = 60;
    const QDateTime expires = Timestamp::parse(expiresAt);
    if (!expires.isValid())
        return std::nullopt;
    const qint64 seconds = now.secsTo(expires);
    if (seconds < LastMinute)
        return StatusColors::Status::Bad;
    if (seconds < LastMinutes)
        return StatusColors::Status::Warning;
    return std::nullopt;
}

} // namespace aegis::console
