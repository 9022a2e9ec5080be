#pragma once

#include <QString>
#include <QStringList>

namespace aegis::console {

// Pages through a gateway list with opaque cursors (X-Next-Cursor): the
// cursors of the pages already seen are kept so that "Newer" can go back.
class CursorPager
{
public:
    void reset();
    // The cursor of the page to load now (empty for the first page).
    QString current() const { return m_cursors.value(m_index); }
    int pageNumber() const { return int(m_index) + 1; }
    // After a page arrived: the cursor of the next one (empty: last page).
    void setNext(const QString &cursor) { m_next = cursor; }
    bool hasOlder() const { return !m_next.isEmpty(); }
    bool hasNewer() const { return m_index > 0; }
    // Move, then load current().
    bool older();
    bool newer();

private:
    QStringList m_cursors{QString()};
    qsizetype m_index = 0;
    QString m_next;
};

} // namespace aegis::console
