#include "console/drill/DrillsPage.h"

#include "common/backup/BackupKind.h"
#include "common/drill/DrillOptions.h"
#include "common/drill/DrillText.h"
#include "common/drill/pdf/DrillPdfWriter.h"
#include "console/connection/GatewaySession.h"
#include "console/drill/DrillHistoryLocation.h"
#include "console/drill/DrillRelay.h"
#include "console/drill/DrillRun.h"
#include "console/drill/DrillTrendChart.h"
#include "console/restore/RestoreTarget.h"
#include "console/util/Format.h"
#include "console/util/StatusColors.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QEvent>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

enum StepColumn
{
    StepNumber,
    StepTitle,
    StepResult,
    StepTime
};

enum HistoryColumn
{
    HistoryDate,
    HistoryBackup,
    HistoryPoint,
    HistoryTime,
    HistoryResult
};

const QString FileChoice = QStringLiteral("\x01file");

// Marks a failed step's or drill's result, so that its red can be chosen
// again for the palette in use.
constexpr int FailedRole = Qt::UserRole + 1;

} // namespace

DrillsPage::DrillsPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_run(new DrillRun(this))
{
    setObjectName(QStringLiteral("drillsPage"));
    auto *layout = new QVBoxLayout(this);

    auto *title = new QLabel(tr("<h2>Disaster-recovery drills</h2>"
                                "<p>A drill restores a backup into a scratch directory, serves it from a throwaway "
                                "gateway on a free local port, verifies the counts and every receipt chain against "
                                "the backup's manifest, records one test decision, then removes everything. The "
                                "production gateway is only asked for the backup.</p>"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);

    auto *controls = new QHBoxLayout;
    auto *backupLabel = new QLabel(tr("&Backup:"), this);
    controls->addWidget(backupLabel);
    m_backup = new QComboBox(this);
    m_backup->setObjectName(QStringLiteral("drillBackup"));
    m_backup->addItem(tr("A fresh backup, taken now"), QStringLiteral("fresh"));
    m_backup->addItem(tr("The newest backup in the catalog"), QStringLiteral("latest"));
    m_backup->addItem(tr("A backup file…"), FileChoice);
    backupLabel->setBuddy(m_backup);
    controls->addWidget(m_backup, 1);
    m_start = new QPushButton(tr("&Run drill"), this);
    m_start->setObjectName(QStringLiteral("runDrill"));
    m_start->setDefault(true);
    controls->addWidget(m_start);
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelDrill"));
    controls->addWidget(m_cancel);
    layout->addLayout(controls);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("drillProgress"));
    m_progress->setRange(0, DrillSteps::Count);
    m_progress->setFormat(tr("%v of %m steps"));
    layout->addWidget(m_progress);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *top = new QSplitter(Qt::Horizontal, splitter);
    m_steps = new QTreeWidget(top);
    m_steps->setObjectName(QStringLiteral("drillSteps"));
    m_steps->setRootIsDecorated(false);
    m_steps->setHeaderLabels({QStringLiteral("#"), tr("Step"), tr("Result"), tr("Time")});
    m_steps->header()->setStretchLastSection(false);
    m_steps->header()->setSectionResizeMode(StepTitle, QHeaderView::Stretch);
    for (int column : {StepNumber, StepResult, StepTime})
        m_steps->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    auto *side = new QWidget(top);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    m_verdict = new QLabel(side);
    m_verdict->setObjectName(QStringLiteral("drillVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLayout->addWidget(m_verdict);
    m_chart = new DrillTrendChart(side);
    sideLayout->addWidget(m_chart, 1);
    // The step titles are read whole; the chart takes what is left.
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({600, 400});

    auto *bottom = new QWidget(splitter);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_historyNote = new QLabel(bottom);
    m_historyNote->setWordWrap(true);
    bottomLayout->addWidget(m_historyNote);
    m_history = new QTableWidget(0, 5, bottom);
    m_history->setObjectName(QStringLiteral("drillHistory"));
    m_history->setHorizontalHeaderLabels({tr("Date"), tr("Backup"), tr("Recovery point"), tr("Recovery time"), tr("Result")});
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setSelectionMode(QAbstractItemView::SingleSelection);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->horizontalHeader()->setSectionResizeMode(HistoryResult, QHeaderView::Stretch);
    bottomLayout->addWidget(m_history, 1);
    auto *reportButtons = new QHBoxLayout;
    m_open = new QPushButton(tr("&Open report"), bottom);
    m_open->setObjectName(QStringLiteral("openDrillReport"));
    m_save = new QPushButton(tr("&Save report as…"), bottom);
    m_save->setObjectName(QStringLiteral("saveDrillReport"));
    reportButtons->addStretch(1);
    reportButtons->addWidget(m_open);
    reportButtons->addWidget(m_save);
    bottomLayout->addLayout(reportButtons);
    layout->addWidget(splitter, 1);

    connect(m_start, &QPushButton::clicked, this, [this] { runDrill(); });
    connect(m_cancel, &QPushButton::clicked, this, &DrillsPage::cancelDrill);
    connect(m_open, &QPushButton::clicked, this, &DrillsPage::openSelected);
    connect(m_save, &QPushButton::clicked, this, &DrillsPage::saveSelected);
    connect(m_history, &QTableWidget::itemSelectionChanged, this, &DrillsPage::updateButtons);
    connect(m_backup, &QComboBox::activated, this, [this](int index) {
        if (m_backup->itemData(index).toString() != FileChoice)
            return;
        const QString file = QFileDialog::getOpenFileName(this, tr("Backup file for the drill"), session().profile().backupDirectory,
                                                          tr("SQLite backups (*.db *.sqlite);;All files (*)"));
        if (file.isEmpty())
            m_backup->setCurrentIndex(0);
        else
            chooseBackup(file);
    });
    connect(m_run->events(), &DrillRelay::started, this, &DrillsPage::onStepStarted);
    connect(m_run->events(), &DrillRelay::progress, this, &DrillsPage::onStepProgress);
    connect(m_run->events(), &DrillRelay::finished, this, &DrillsPage::onStepFinished);
    connect(m_run, &DrillRun::drillFinished, this, &DrillsPage::onDrillFinished);

    resetSteps();
    updateButtons();
}

DrillsPage::~DrillsPage() = default;

QString DrillsPage::historyDirectory() const
{
    return DrillHistoryLocation::forProfile(const_cast<DrillsPage *>(this)->session().profile());
}

bool DrillsPage::isRunning() const
{
    return m_run->isBusy();
}

void DrillsPage::refresh()
{
    loadHistory();
    loadCatalog();
}

void DrillsPage::connectionChanged()
{
    refresh();
}

void DrillsPage::cancelWork()
{
    m_run->cancel();
}

void DrillsPage::chooseBackup(const QString &which)
{
    int index = m_backup->findData(which);
    if (index < 0) {
        m_backup->insertItem(m_backup->count() - 1, QFileInfo(which).isAbsolute() ? which : tr("Catalog: %1").arg(which), which);
        index = m_backup->findData(which);
    }
    m_backup->setCurrentIndex(index);
}

void DrillsPage::resetSteps()
{
    m_steps->clear();
    for (DrillStep step : DrillSteps::all()) {
        auto *item = new QTreeWidgetItem(m_steps);
        item->setText(StepNumber, QString::number(DrillSteps::number(step)));
        item->setText(StepTitle, DrillText::stepTitle(step));
    }
    m_steps->resizeColumnToContents(StepNumber);
    m_progress->setValue(0);
}

bool DrillsPage::runDrill()
{
    if (m_run->isBusy() || !isConnected())
        return false;
    const RestoreTarget target = RestoreTarget::fromProfile(session().profile(), session().storedToken().token);
    DrillOptions options;
    options.production = target.endpoint;
    options.gatewayBinary = target.gatewayBinary;
    const QString which = m_backup->currentData().toString();
    options.backup = which == FileChoice ? BackupSource() : BackupSource::parse(which);
    if (options.gatewayBinary.isEmpty() || !QFileInfo(options.gatewayBinary).isExecutable()) {
        m_verdict->setText(tr("<b>Cannot run a drill:</b> the gateway binary is unknown. Name it in the connection "
                              "profile (service control, gateway binary)."));
        return false;
    }
    resetSteps();
    m_verdict->setText(tr("Running…"));
    m_run->start(options, historyDirectory());
    updateButtons();
    return true;
}

void DrillsPage::cancelDrill()
{
    if (!m_run->isBusy())
        return;
    m_run->cancel();
    m_verdict->setText(tr("Cancelling: stopping the throwaway gateway and removing the scratch directory…"));
    m_cancel->setEnabled(false);
}

void DrillsPage::onStepStarted(int step)
{
    if (QTreeWidgetItem *item = m_steps->topLevelItem(step)) {
        item->setText(StepResult, tr("running…"));
        m_steps->setCurrentItem(item);
    }
}

void DrillsPage::onStepProgress(int step, qint64 done, qint64 total)
{
    if (QTreeWidgetItem *item = m_steps->topLevelItem(step); item && total > 0)
        item->setText(StepResult, tr("running… %1%").arg(done * 100 / total));
}

void DrillsPage::onStepFinished(const DrillStepRecord &record)
{
    QTreeWidgetItem *item = m_steps->topLevelItem(int(record.step));
    if (!item)
        return;
    item->setText(StepResult, DrillText::outcome(record.outcome));
    item->setText(StepTime, record.outcome == DrillStepRecord::Outcome::Skipped ? QString() : DrillText::duration(record.durationMs));
    item->setToolTip(StepResult, record.detail);
    const bool bad = record.outcome == DrillStepRecord::Outcome::Failed || record.outcome == DrillStepRecord::Outcome::Cancelled;
    item->setData(StepResult, FailedRole, bad);
    item->setData(StepResult, Qt::ForegroundRole, QVariant());
    applyColours();
    m_progress->setValue(std::max(m_progress->value(), DrillSteps::number(record.step)));
}

void DrillsPage::onDrillFinished(const DrillReport &report, const QString &jsonPath, const QString &sha256, const QString &error)
{
    for (const DrillStepRecord &record : report.steps)
        onStepFinished(record);
    m_progress->setValue(DrillSteps::Count);
    QString text = QStringLiteral("<b>%1</b>").arg(DrillText::verdict(report).toHtmlEscaped());
    // A cancelled drill's detail only repeats the verdict ("cancelled").
    if (report.outcome == DrillReport::Outcome::Failed && !report.failureDetail.isEmpty())
        text += QStringLiteral("<br>") + report.failureDetail.left(600).toHtmlEscaped();
    text += tr("<br>Recovery point %1, recovery time %2.")
                .arg(DrillText::duration(report.recoveryPointMs), DrillText::duration(report.recoveryTimeMs));
    if (jsonPath.isEmpty()) {
        text += tr("<br><b>The report could not be written:</b> %1").arg(error.toHtmlEscaped());
    } else {
        QString pdfError;
        if (!DrillPdfWriter::write(report, sha256, DrillHistory::pdfPathFor(jsonPath), &pdfError))
            text += tr("<br>The PDF could not be written: %1").arg(pdfError.toHtmlEscaped());
        text += tr("<br>Report sha256 %1").arg(sha256);
    }
    m_verdict->setText(text);
    loadHistory();
    updateButtons();
    Q_EMIT drillFinished(report);
}

// A failed result in the palette's own red: a fixed red read at 2.7:1 on
// a dark background.
void DrillsPage::applyColours()
{
    const QColor bad = StatusColors::foreground(StatusColors::Status::Bad, palette());
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_steps->topLevelItem(i);
        if (item->data(StepResult, FailedRole).toBool())
            item->setForeground(StepResult, bad);
    }
    for (int row = 0; row < m_history->rowCount(); ++row) {
        QTableWidgetItem *item = m_history->item(row, HistoryResult);
        if (item && item->data(FailedRole).toBool())
            item->setForeground(bad);
    }
}

void DrillsPage::changeEvent(QEvent *event)
{
    ConsolePage::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void DrillsPage::loadHistory()
{
    int skipped = 0;
    m_entries = DrillHistory(historyDirectory()).load(&skipped);
    m_history->setRowCount(int(m_entries.size()));
    QList<DrillReport> reports;
    for (int row = 0; row < m_entries.size(); ++row) {
        const DrillReport &report = m_entries.at(row).report;
        reports.append(report);
        const QStringList cells{Format::localTime(report.startedAt), report.backupName, DrillText::duration(report.recoveryPointMs),
                                DrillText::duration(report.recoveryTimeMs), DrillText::verdict(report)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            if (column == HistoryResult)
                item->setData(FailedRole, !report.passed());
            if (column == HistoryDate)
                item->setToolTip(Format::utcTime(report.startedAt));
            m_history->setItem(row, column, item);
        }
    }
    applyColours();
    m_chart->setReports(reports);
    m_historyNote->setText(tr("History: %1 drill(s) in %2%3")
                               .arg(m_entries.size())
                               .arg(historyDirectory())
                               .arg(skipped > 0 ? tr(" (%1 unreadable report file(s) skipped)").arg(skipped) : QString()));
    if (!m_entries.isEmpty() && m_history->selectedItems().isEmpty())
        m_history->selectRow(0);
    updateButtons();
}

void DrillsPage::loadCatalog()
{
    if (!isConnected() || m_catalogReply)
        return;
    m_catalogReply = session().get(QStringLiteral("/v1/admin/backups?limit=50"), this);
    connect(m_catalogReply, &GatewayReply::finished, this, [this, reply = m_catalogReply] {
        if (reply)
            onCatalog(*reply);
    });
}

void DrillsPage::onCatalog(GatewayReply &reply)
{
    reply.deleteLater();
    if (!reply.ok())
        return;
    const QString current = m_backup->currentData().toString();
    for (int i = m_backup->count() - 2; i >= 2; --i) {
        if (!QFileInfo(m_backup->itemData(i).toString()).isAbsolute())
            m_backup->removeItem(i);
    }
    for (const QJsonValue &value : reply.json().array()) {
        const QString name = value.toObject().value(QStringLiteral("name")).toString();
        const bool setAside = BackupKinds::ofCatalogEntry(value.toObject()) == BackupKind::PreRestore;
        if (!name.isEmpty() && m_backup->findData(name) < 0)
            m_backup->insertItem(m_backup->count() - 1,
                setAside ? tr("Catalog: %1 (old database set aside by a restore)").arg(name) : tr("Catalog: %1").arg(name),
                name);
    }
    const int index = m_backup->findData(current);
    m_backup->setCurrentIndex(index >= 0 ? index : 0);
}

void DrillsPage::updateButtons()
{
    const bool busy = m_run->isBusy();
    m_start->setEnabled(!busy);
    m_backup->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    const bool selected = !selectedReport().isEmpty();
    m_open->setEnabled(selected);
    m_save->setEnabled(selected);
}

QString DrillsPage::selectedReport() const
{
    const QList<QTableWidgetItem *> items = m_history->selectedItems();
    if (items.isEmpty())
        return {};
    const int row = items.first()->row();
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).jsonPath : QString();
}

void DrillsPage::openSelected()
{
    const QString json = selectedReport();
    const QString pdf = DrillHistory::pdfPathFor(json);
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo::exists(pdf) ? pdf : json));
}

void DrillsPage::saveSelected()
{
    const QString json = selectedReport();
    if (json.isEmpty())
        return;
    const QString suggested = QFileInfo(DrillHistory::pdfPathFor(json)).fileName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the drill report"), suggested,
                                                      tr("PDF for auditors (*.pdf);;JSON for machines (*.json)"));
    if (!path.isEmpty())
        saveReportAs(path);
}

bool DrillsPage::saveReportAs(const QString &path)
{
    const QString json = selectedReport();
    if (json.isEmpty())
        return false;
    const QString source = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? json : DrillHistory::pdfPathFor(json);
    if (QFileInfo::exists(path))
        QFile::remove(path);
    const bool ok = QFile::copy(source, path);
    if (!ok)
        m_verdict->setText(tr("<b>The report could not be saved to %1.</b>").arg(path.toHtmlEscaped()));
    return ok;
}

} // namespace aegis::console
