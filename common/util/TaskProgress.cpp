#include "common/util/TaskProgress.h"

#include <QMutexLocker>

namespace aegis {

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

} // namespace aegis
