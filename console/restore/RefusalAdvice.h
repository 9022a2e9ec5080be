#pragma once

#include "common/restore/PreflightCheck.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// What to do about a failed preflight check, in the console's terms: the
// engine's remedies are written for aegis-restore (its options); where one
// names a command-line option, the console says where the same thing is
// done in the console instead.
class RefusalAdvice
{
    Q_DECLARE_TR_FUNCTIONS(RefusalAdvice)

public:
    static QString forCheck(const PreflightCheck &check);
};

} // namespace aegis::console
