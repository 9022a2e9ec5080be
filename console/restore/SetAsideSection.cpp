#include "console/restore/SetAsideSection.h"

#include "common/restore/PosixFileOperations.h"
#include "console/restore/RestoreWords.h"
#include "console/util/BackgroundTask.h"
#include "console/util/Format.h"
#include "console/widgets/MessagePanel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

QStringList fileNames(const SetAsideFiles::Set &set)
{
    QStringList names;
    for (const RestoreJournal::Original &file : set.files)
        names << QFileInfo(file.aside).fileName();
    return names;
}

} // namespace

SetAsideSection::SetAsideSection(QWidget *parent)
    : QGroupBox(tr("Old databases set aside by restores"), parent)
{
    setObjectName(QStringLiteral("setAsideSection"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("setAsideTable"));
    m_table->setHorizontalHeaderLabels({tr("Set aside"), tr("Files"), tr("Size")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->setWordWrap(true);
    m_table->setMaximumHeight(m_table->fontMetrics().height() * 9);

    m_archive = new QPushButton(tr("&Archive…"), this);
    m_archive->setObjectName(QStringLiteral("archiveSetAside"));
    m_delete = new QPushButton(tr("De&lete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteSetAside"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_archive);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    m_message = new MessagePanel(this);
    m_message->setObjectName(QStringLiteral("setAsideMessage"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    connect(m_archive, &QPushButton::clicked, this, &SetAsideSection::archiveSelected);
    connect(m_delete, &QPushButton::clicked, this, &SetAsideSection::deleteSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &SetAsideSection::updateButtons);
    setVisible(false);
}

void SetAsideSection::setTarget(const QString &databasePath, const QString &archiveDirectory)
{
    const bool changed = databasePath != m_database;
    m_database = databasePath;
    m_archiveDirectory = archiveDirectory;
    m_archive->setToolTip(tr("Move the selected files into %1, the database with a manifest of kind pre-restore: "
                             "the gateway's catalog lists it apart, never as the newest backup")
                              .arg(archiveDirectory));
    if (changed) {
        m_message->clear();
        refresh();
    }
}

void SetAsideSection::setBlocked(bool unfinishedRestore)
{
    m_blocked = unfinishedRestore;
    updateButtons();
}

void SetAsideSection::refresh()
{
    const quint64 generation = ++m_generation;
    const QString database = m_database;
    if (database.isEmpty()) {
        onListed(database, {});
        return;
    }
    BackgroundTask::run<QList<SetAsideFiles::Set>>(this, [database] { return SetAsideFiles::find(database); },
        [this, generation, database](QList<SetAsideFiles::Set> sets) {
            if (generation == m_generation)
                onListed(database, std::move(sets));
        });
}

void SetAsideSection::onListed(const QString &databasePath, QList<SetAsideFiles::Set> sets)
{
    m_sets = std::move(sets);
    m_intro->setText(
        tr("Each restore moves the database it replaces aside, beside %1, and never deletes it. Once the cause of "
           "the trouble is understood, archive them into the backup directory (listed there as old databases, "
           "never as the newest backup) or delete them.")
            .arg(QFileInfo(databasePath).fileName()));
    m_table->setRowCount(int(m_sets.size()));
    for (int row = 0; row < m_sets.size(); ++row) {
        const SetAsideFiles::Set &set = m_sets.at(row);
        auto *when = new QTableWidgetItem(Format::localTime(set.setAsideAt));
        when->setToolTip(set.setAsideAt.toString(Qt::ISODate));
        const QStringList names = fileNames(set);
        auto *files = new QTableWidgetItem(names.join(QLatin1Char('\n')));
        files->setToolTip(names.join(QLatin1Char('\n')));
        m_table->setItem(row, 0, when);
        m_table->setItem(row, 1, files);
        m_table->setItem(row, 2, new QTableWidgetItem(Format::bytes(set.totalBytes())));
    }
    m_table->resizeRowsToContents();
    if (!m_sets.isEmpty() && selectedRow() < 0)
        m_table->selectRow(0);
    setVisible(!m_sets.isEmpty() || !m_message->text().isEmpty());
    updateButtons();
    Q_EMIT listed(int(m_sets.size()));
}

int SetAsideSection::selectedRow() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    const int row = items.isEmpty() ? -1 : items.first()->row();
    return row >= 0 && row < m_sets.size() ? row : -1;
}

void SetAsideSection::updateButtons()
{
    const bool usable = !m_busy && !m_blocked && selectedRow() >= 0;
    m_archive->setEnabled(usable && !m_archiveDirectory.isEmpty());
    m_delete->setEnabled(usable);
    const QString why = m_blocked ? tr("Finish or roll back the unfinished restore first: these files may be its way back.")
                                  : QString();
    m_delete->setToolTip(why);
    if (m_blocked)
        m_archive->setToolTip(why);
}

void SetAsideSection::archiveSelected()
{
    dispose(BadFilesDisposition::Archive);
}

void SetAsideSection::deleteSelected()
{
    const int row = selectedRow();
    if (row < 0 || m_busy || m_blocked)
        return;
    const SetAsideFiles::Set &set = m_sets.at(row);
    QMessageBox confirm(QMessageBox::Warning, tr("Delete the old database"),
        tr("Delete the database set aside on %1?").arg(Format::localTime(set.setAsideAt)), QMessageBox::NoButton, this);
    confirm.setInformativeText(tr("%1 will be deleted. This cannot be undone: archive them instead to keep them "
                                  "as evidence.")
                                   .arg(fileNames(set).join(QStringLiteral(", "))));
    QPushButton *remove = confirm.addButton(tr("&Delete files"), QMessageBox::DestructiveRole);
    QPushButton *keep = confirm.addButton(tr("&Keep them"), QMessageBox::RejectRole);
    confirm.setDefaultButton(keep);
    confirm.setEscapeButton(keep);
    confirm.setObjectName(QStringLiteral("deleteSetAsideConfirmation"));
    confirm.exec();
    if (confirm.clickedButton() == remove)
        dispose(BadFilesDisposition::Delete);
}

void SetAsideSection::dispose(BadFilesDisposition disposition)
{
    const int row = selectedRow();
    if (row < 0 || m_busy || m_blocked)
        return;
    m_busy = true;
    updateButtons();
    m_message->showMessage(Status::Neutral, disposition == BadFilesDisposition::Archive ? tr("Archiving…") : tr("Deleting…"));
    const SetAsideFiles::Set set = m_sets.at(row);
    const QString database = m_database;
    const QString archive = m_archiveDirectory;
    BackgroundTask::run<BadFilesDisposal::Result>(this,
        [database, set, disposition, archive] {
            PosixFileOperations files;
            return SetAsideFiles::dispose(files, database, set, disposition, archive);
        },
        [this, disposition, set](BadFilesDisposal::Result result) {
            m_busy = false;
            const QString when = Format::localTime(set.setAsideAt);
            if (!result.ok)
                m_message->showMessage(Status::Bad, tr("The files set aside on %1 were not all handled.").arg(when),
                                       RestoreWords::finding(result.finding));
            else if (disposition == BadFilesDisposition::Archive)
                m_message->showMessage(Status::Good,
                    tr("The database set aside on %1 is archived in %2 with a pre-restore manifest.").arg(when, m_archiveDirectory));
            else
                m_message->showMessage(Status::Good, tr("The files set aside on %1 were deleted.").arg(when));
            refresh();
            Q_EMIT disposed(result.ok);
        });
}

} // namespace aegis::console
