#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/SetAsideFiles.h"

#include <QGroupBox>
#include <QList>
#include <QString>

class QLabel;
class QPushButton;
class QTableWidget;

namespace aegis::console {

class MessagePanel;

// The Restore page's list of old databases that earlier restores set aside
// beside the live one (<db>.bad-<time> and companions), each to archive
// into the backup directory (with a pre-restore manifest) or delete after
// a confirmation. Read and changed off the UI thread; nothing can be done
// while an unfinished restore's journal is there (those files are its way
// back).
class SetAsideSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit SetAsideSection(QWidget *parent = nullptr);

    // Where to look and where Archive puts them; an empty database: nothing.
    void setTarget(const QString &databasePath, const QString &archiveDirectory);
    void setBlocked(bool unfinishedRestore);
    // Reads the directory again.
    void refresh();

    const QList<SetAsideFiles::Set> &sets() const { return m_sets; }
    QTableWidget *table() const { return m_table; }
    QPushButton *archiveButton() const { return m_archive; }
    QPushButton *deleteButton() const { return m_delete; }
    MessagePanel *message() const { return m_message; }
    bool isBusy() const { return m_busy; }

    void archiveSelected();
    // Asks first; the answer defaults to keeping the files.
    void deleteSelected();

Q_SIGNALS:
    void listed(int sets);
    void disposed(bool ok);

private:
    void onListed(const QString &databasePath, QList<SetAsideFiles::Set> sets);
    void dispose(BadFilesDisposition disposition);
    void updateButtons();
    int selectedRow() const;

    QString m_database;
    QString m_archiveDirectory;
    bool m_blocked = false;
    bool m_busy = false;
    quint64 m_generation = 0;
    QList<SetAsideFiles::Set> m_sets;

    QLabel *m_intro;
    QTableWidget *m_table;
    QPushButton *m_archive;
    QPushButton *m_delete;
    MessagePanel *m_message;
};

} // namespace aegis::console
