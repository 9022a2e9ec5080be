#include "console/util/TaskProgress.h"

#include <QMutexLocker>

namespace aegis::console {

void TaskProgress::setPhase(const QString &phase)
{
    QMutexLocker lock(&m_mutex);
    m_phase = phase;
}

QString TaskProgress::phase() const
{
    QMutexLocker lock(&m_mutex);
    return m_phase;
}

} // namespace aegis::console
