#include "console/pages/CursorPager.h"

namespace aegis::console {

void CursorPager::reset()
{
    m_cursors = QStringList{QString()};
    m_index = 0;
    m_next.clear();
}

bool CursorPager::older()
{
    if (m_next.isEmpty())
        return false;
    m_cursors = m_cursors.mid(0, m_index + 1);
    m_cursors.append(m_next);
    ++m_index;
    m_next.clear();
    return true;
}

bool CursorPager::newer()
{
    if (m_index == 0)
        return false;
    --m_index;
    m_next.clear();
    return true;
}

} // namespace aegis::console
