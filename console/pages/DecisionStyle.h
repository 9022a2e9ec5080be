#pragma once

#include "console/util/StatusColors.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// How a decision reads in tables and details: allow in green, deny in red,
// require approval in amber, each with its word.
class DecisionStyle
{
    Q_DECLARE_TR_FUNCTIONS(DecisionStyle)

public:
    static StatusColors::Status status(const QString &decision);
    static QString label(const QString &decision);
};

} // namespace aegis::console
