#pragma once

#include "console/util/StatusColors.h"

#include <QCoreApplication>
#include <QString>

class QSettings;

namespace aegis::console {

// When the newest backup counts as old. A daily backup that ran a little
// late is still fine; one that missed a day is a warning; three days
// without one is an alarm at 3 a.m.
class BackupAge
{
    Q_DECLARE_TR_FUNCTIONS(BackupAge)

public:
    explicit BackupAge(int warningHours = 26, int criticalHours = 72);
    static BackupAge fromSettings(QSettings &settings);

    StatusColors::Status status(qint64 ageSeconds) const;
    // "Newest backup is 3 h old", "… 4 d old: take a backup".
    QString describe(qint64 ageSeconds) const;

    int warningHours() const { return m_warningHours; }
    int criticalHours() const { return m_criticalHours; }

private:
    int m_warningHours;
    int m_criticalHours;
};

} // namespace aegis::console
