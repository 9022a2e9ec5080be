#include "console/widgets/ElasticColumn.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

#include <algorithm>

namespace aegis::console {

namespace {

// Short enough to let every other column show at 1024 px, long enough to
// tell names apart ("aegisagent.p…11524Z.db").
constexpr int MinimumCharacters = 16;

int wanted(const QTableView *table, int column)
{
    // QTableView hides the public QAbstractItemView function.
    const QAbstractItemView *view = table;
    return std::max(view->sizeHintForColumn(column), table->horizontalHeader()->sectionSizeHint(column));
}

} // namespace

ElasticColumn::ElasticColumn(QTableView *table, int column)
    : QObject(table)
    , m_table(table)
    , m_column(column)
    , m_viewport(table->viewport())
{
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_viewport->installEventFilter(this);
}

ElasticColumn *ElasticColumn::install(QTableView *table, int column)
{
    return new ElasticColumn(table, column);
}

void ElasticColumn::fit()
{
    const QHeaderView *header = m_table->horizontalHeader();
    int others = 0;
    for (int i = 0; i < header->count(); ++i) {
        if (i != m_column && !header->isSectionHidden(i))
            others += wanted(m_table, i);
    }
    const int minimum = m_table->fontMetrics().averageCharWidth() * MinimumCharacters;
    const int room = m_table->viewport()->width() - others;
    m_table->horizontalHeader()->resizeSection(m_column, std::clamp(room, minimum, std::max(minimum, wanted(m_table, m_column))));
}

bool ElasticColumn::eventFilter(QObject *watched, QEvent *event)
{
    // Only the type and the pointer are compared: while the table is being
    // destroyed its viewport still sends events, and the table is no longer one.
    if (event->type() == QEvent::Resize && watched == m_viewport)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace aegis::console
