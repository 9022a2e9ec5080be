#include "console/pages/BackupAge.h"

#include "console/util/Format.h"

#include <QSettings>

namespace aegis::console {

BackupAge::BackupAge(int warningHours, int criticalHours)
    : m_warningHours(warningHours)
    , m_criticalHours(qMax(criticalHours, warningHours))
{
}

BackupAge BackupAge::fromSettings(QSettings &settings)
{
    return BackupAge(settings.value(QStringLiteral("backups/warningHours"), 26).toInt(),
        settings.value(QStringLiteral("backups/criticalHours"), 72).toInt());
}

StatusColors::Status BackupAge::status(qint64 ageSeconds) const
{
    if (ageSeconds >= qint64(m_criticalHours) * 3600)
        return StatusColors::Status::Bad;
    if (ageSeconds >= qint64(m_warningHours) * 3600)
        return StatusColors::Status::Warning;
    return StatusColors::Status::Good;
}

QString BackupAge::describe(qint64 ageSeconds) const
{
    const QString age = Format::age(ageSeconds);
    switch (status(ageSeconds)) {
    case StatusColors::Status::Good:
        return ageSeconds < 60 ? tr("taken just now") : tr("%1 old").arg(age);
    case StatusColors::Status::Warning:
        return tr("%1 old: older than %2 h, take a backup soon").arg(age).arg(m_warningHours);
    case StatusColors::Status::Bad:
        return tr("%1 old: older than %2 h, take a backup now").arg(age).arg(m_criticalHours);
    case StatusColors::Status::Neutral:
        break;
    }
    return age;
}

} // namespace aegis::console
