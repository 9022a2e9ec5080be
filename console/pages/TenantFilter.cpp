#include "console/pages/TenantFilter.h"

#include <QComboBox>
#include <QJsonObject>

namespace aegis::console {

void TenantFilter::fill(QComboBox *combo, const QJsonArray &tenants)
{
    const QString chosen = combo->currentData().toString();
    combo->clear();
    combo->addItem(tr("All tenants"), QString());
    for (const QJsonValue &value : tenants) {
        const QJsonObject t = value.toObject();
        const QString id = t.value(QStringLiteral("id")).toString();
        const QString name = t.value(QStringLiteral("name")).toString();
        combo->addItem(name.isEmpty() || name == id ? id : tr("%1 (%2)").arg(name, id), id);
    }
    combo->setCurrentIndex(qMax(0, combo->findData(chosen)));
}

} // namespace aegis::console
