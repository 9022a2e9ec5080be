#include "common/drill/DrillReportJson.h"

#include "common/drill/DrillText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace aegis {

QByteArray DrillReportJson::toBytes(const DrillReport &report)
{
    QJsonObject object = report.toJson();
    object.insert(QStringLiteral("verdict"), DrillText::verdict(report));
    object.insert(QStringLiteral("reason"), DrillText::failureReason(report.failure));
    QJsonArray steps = object.value(QStringLiteral("steps")).toArray();
    for (qsizetype i = 0; i < steps.size() && i < report.steps.size(); ++i) {
        QJsonObject step = steps.at(i).toObject();
        step.insert(QStringLiteral("title"), DrillText::stepTitle(report.steps.at(i).step));
        steps.replace(i, step);
    }
    object.insert(QStringLiteral("steps"), steps);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

} // namespace aegis
