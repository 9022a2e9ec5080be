#pragma once

#include <QObject>

class QTableView;

namespace aegis::console {

// Keeps a table free of a horizontal scrollbar at small window sizes: every
// column keeps the width of its contents except one (a long file name) that
// gives up what does not fit, elided in the middle; its tooltip has it whole.
// At large sizes it gets its full width again. Refits when the table resizes.
class ElasticColumn : public QObject
{
public:
    static ElasticColumn *install(QTableView *table, int column);
    // Call after the columns were sized to new contents.
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ElasticColumn(QTableView *table, int column);

    QTableView *m_table;
    int m_column;
    QObject *m_viewport;
};

} // namespace aegis::console
