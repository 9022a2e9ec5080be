#pragma once

#include <QCoreApplication>
#include <QJsonArray>

class QComboBox;

namespace aegis::console {

// The tenant filter of the activity pages (decisions, agents).
class TenantFilter
{
    Q_DECLARE_TR_FUNCTIONS(TenantFilter)

public:
    // "All tenants" and every tenant of GET /v1/tenants, keeping the one
    // that was chosen.
    static void fill(QComboBox *combo, const QJsonArray &tenants);
};

} // namespace aegis::console
