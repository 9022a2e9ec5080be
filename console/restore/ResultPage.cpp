#include "console/restore/ResultPage.h"

#include "common/restore/RestoreStep.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreWizard.h"
#include "console/restore/RestoreWords.h"
#include "console/restore/ResultRows.h"
#include "console/util/BackgroundTask.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QApplication>
#include <QEvent>
#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

QTableView *smallTable(JsonArrayModel *model, const QString &name, const QString &accessible, QWidget *parent)
{
    auto *table = RecordTable::create(model, parent);
    table->setObjectName(name);
    table->setAccessibleName(accessible);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return table;
}

// A table as tall as its rows: the page scrolls, not each table.
void fitHeight(QTableView *table)
{
    table->resizeRowsToContents();
    int height = table->horizontalHeader()->height() + 2 * table->frameWidth();
    for (int row = 0; row < table->model()->rowCount(); ++row)
        height += table->rowHeight(row);
    table->setFixedHeight(height + 2);
}

// Rows of ResultRows carry the engine's decision as "ok"; the words are only shown.
std::optional<Status> okStatus(const QJsonObject &row)
{
    return row.value(QStringLiteral("ok")).toBool() ? Status::Good : Status::Bad;
}

} // namespace

ResultPage::ResultPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_verdict(new MessagePanel(this))
{
    setObjectName(QStringLiteral("resultPage"));
    setTitle(tr("Result"));
    setSubTitle(tr("What the restore proved, what happened to every file, and the report to keep."));
    setFinalPage(true);
    m_verdict->setObjectName(QStringLiteral("resultVerdict"));
    m_verdict->setHeadline(true);

    auto *content = new QWidget;
    buildFailureCard(content);
    buildVerification(content);
    buildBadFiles(content);
    QGroupBox *reportBox = buildReport(content);

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_failure);
    contentLayout->addWidget(m_verification);
    contentLayout->addWidget(m_badFiles);
    contentLayout->addWidget(reportBox);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(scroll, 1);

    connect(m_wizard->run(), &RestoreRun::finishFinished, this, &ResultPage::onFinished);
    connect(m_saveJson, &QPushButton::clicked, this, [this] { askWhereToSave(RestoreReportWriter::Format::Json); });
    connect(m_saveText, &QPushButton::clicked, this, [this] { askWhereToSave(RestoreReportWriter::Format::Text); });
    connect(m_savePdf, &QPushButton::clicked, this, [this] { askWhereToSave(RestoreReportWriter::Format::Pdf); });
}

void ResultPage::buildFailureCard(QWidget *content)
{
    m_failure = new InfoCard(tr("What happened"), content);
    m_failureText = m_failure->addRow(tr("What failed:"), QStringLiteral("failureText"));
    m_failedStep = m_failure->addRow(tr("In the step:"));
    m_nextAction = m_failure->addRow(tr("What to do now:"), QStringLiteral("nextAction"));
}

// The counts and chains the restored gateway serves, against the backup's.
void ResultPage::buildVerification(QWidget *content)
{
    m_verification = new QGroupBox(tr("Verification, as the restored gateway serves it"), content);
    m_counts = new JsonArrayModel(
        {
            JsonColumn::field(tr("Count"), QStringLiteral("what")),
            JsonColumn::field(tr("Served now"), QStringLiteral("served")),
            JsonColumn::field(tr("In the backup"), QStringLiteral("expected")),
            {tr("Verdict"), [](const QJsonObject &c) { return c.value(QStringLiteral("verdict")).toString(); }, okStatus},
        },
        this);
    m_chains = new JsonArrayModel(
        {
            JsonColumn::field(tr("Tenant"), QStringLiteral("tenant")),
            {tr("Chain"), [](const QJsonObject &c) {
                 return c.value(QStringLiteral("ok")).toBool() ? tr("✔ verified") : tr("✖ NOT verified");
             },
                okStatus},
            JsonColumn::field(tr("Receipts served"), QStringLiteral("count")),
            JsonColumn::field(tr("In the manifest"), QStringLiteral("expected_count")),
            {tr("Head"), [](const QJsonObject &c) { return c.value(QStringLiteral("verdict")).toString(); }, {}},
            {tr("Head hash served"), [](const QJsonObject &c) { return c.value(QStringLiteral("head")).toString().left(16); }, {}},
        },
        this);
    m_countsLabel = new QLabel(m_verification);
    m_countsLabel->setObjectName(QStringLiteral("servedCounts"));
    m_countsLabel->setWordWrap(true);
    m_countsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chainsTable = smallTable(m_chains, QStringLiteral("servedChains"), tr("Receipt chains served after the restore"), content);
    for (int column = 0; column < m_chains->columnCount(); ++column)
        m_chainsTable->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_chainsTable->horizontalHeader()->setStretchLastSection(true);
    auto *verificationLayout = new QVBoxLayout(m_verification);
    verificationLayout->addWidget(m_chainsTable);
    verificationLayout->addWidget(m_countsLabel);
}

// What becomes of the replaced (.bad) files, and the button that finishes.
void ResultPage::buildBadFiles(QWidget *content)
{
    m_badFiles = new QGroupBox(tr("The replaced database files"), content);
    m_badFiles->setObjectName(QStringLiteral("badFiles"));
    m_badFilesText = new QLabel(m_badFiles);
    m_badFilesText->setWordWrap(true);
    m_badFilesText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keep = new QRadioButton(tr("&Keep them where they are (you can decide later)"), m_badFiles);
    m_keep->setObjectName(QStringLiteral("keepBadFiles"));
    m_archive = new QRadioButton(m_badFiles);
    m_archive->setObjectName(QStringLiteral("archiveBadFiles"));
    m_delete = new QRadioButton(tr("&Delete them (the restore is verified; they hold only what the backup replaced)"), m_badFiles);
    m_delete->setObjectName(QStringLiteral("deleteBadFiles"));
    auto *choices = new QButtonGroup(this);
    choices->addButton(m_keep);
    choices->addButton(m_archive);
    choices->addButton(m_delete);
    m_keep->setChecked(true);
    m_dispositionResult = new QLabel(m_badFiles);
    m_dispositionResult->setObjectName(QStringLiteral("dispositionResult"));
    m_dispositionResult->setWordWrap(true);
    m_dispositionResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *badLayout = new QVBoxLayout(m_badFiles);
    badLayout->addWidget(m_badFilesText);
    badLayout->addWidget(m_keep);
    badLayout->addWidget(m_archive);
    badLayout->addWidget(m_delete);
    badLayout->addWidget(m_dispositionResult);
}

// Where the report is, the ways to save it, and where every file is now.
QGroupBox *ResultPage::buildReport(QWidget *content)
{
    auto *reportBox = new QGroupBox(tr("The report"), content);
    m_files = new JsonArrayModel(
        {
            JsonColumn::field(tr("File"), QStringLiteral("what")),
            JsonColumn::field(tr("Where it is now"), QStringLiteral("path")),
            {tr("SHA-256"), [](const QJsonObject &f) { return f.value(QStringLiteral("sha256")).toString().left(16); }, {}},
        },
        this);
    m_filesTable = smallTable(m_files, QStringLiteral("filesNow"), tr("Where every file is now"), content);
    m_reportPath = new QLabel(reportBox);
    m_reportPath->setObjectName(QStringLiteral("reportPath"));
    m_reportPath->setWordWrap(true);
    m_reportPath->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_saveJson = new QPushButton(tr("Save as &JSON…"), reportBox);
    m_saveText = new QPushButton(tr("Save as &text…"), reportBox);
    m_savePdf = new QPushButton(tr("Save as &PDF…"), reportBox);
    m_saveMessage = new MessagePanel(reportBox);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_reportPath, 1);
    saveRow->addWidget(m_saveJson, 0, Qt::AlignTop);
    saveRow->addWidget(m_saveText, 0, Qt::AlignTop);
    saveRow->addWidget(m_savePdf, 0, Qt::AlignTop);
    m_filesTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_filesTable->horizontalHeader()->setStretchLastSection(false);
    m_filesTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_filesTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_filesTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_filesTable->setTextElideMode(Qt::ElideMiddle);
    auto *filesLabel = new QLabel(tr("Where every file is now:"), reportBox);
    auto *reportLayout = new QVBoxLayout(reportBox);
    reportLayout->addLayout(saveRow);
    reportLayout->addWidget(m_saveMessage);
    reportLayout->addWidget(filesLabel);
    reportLayout->addWidget(m_filesTable);
    return reportBox;
}

void ResultPage::initializePage()
{
    const RestoreWizardState &state = m_wizard->state();
    const QString archive = m_wizard->archiveDirectory();
    m_archive->setText(tr("&Archive them into %1, under a dated name").arg(archive));
    m_saveMessage->clear();
    m_finishing = false;
    m_closeAfterFinish = false;
    showReport(state.report);
}

void ResultPage::changeEvent(QEvent *event)
{
    QWizardPage::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourCounts();
}

void ResultPage::colourCounts()
{
    QPalette countsPalette = m_countsLabel->palette();
    countsPalette.setColor(QPalette::WindowText,
        StatusColors::foreground(m_countsMatch ? Status::Good : Status::Bad, palette()));
    m_countsLabel->setPalette(countsPalette);
}

void ResultPage::showReport(const RestoreReport &report)
{
    const RestoreWizardState &state = m_wizard->state();
    const bool verified = report.outcome == RestoreReport::Outcome::Verified;
    switch (report.outcome) {
    case RestoreReport::Outcome::Verified:
        m_verdict->showMessage(Status::Good,
            tr("Restored and verified: the gateway serves the backup's data, and every receipt chain verifies and "
               "ends at the backup manifest's head."));
        break;
    case RestoreReport::Outcome::RolledBack:
        if (report.failure.byOperator())
            m_verdict->showMessage(Status::Warning,
                tr("You stopped the restore, and it was rolled back: the original database is back in place (its "
                   "SHA-256 checked) and the gateway serves it again."));
        else if (state.resume && state.resume->choice == ResumeAdvice::Choice::RollBack)
            m_verdict->showMessage(Status::Good,
                tr("Rolled back, as you chose: the original database is back in place (its SHA-256 checked) and the "
                   "gateway serves it again."));
        else
            m_verdict->showMessage(Status::Bad,
                tr("The restore failed and was rolled back: the original database is back in place (its SHA-256 "
                   "checked) and the gateway serves it again."));
        break;
    case RestoreReport::Outcome::Aborted:
        m_verdict->showMessage(Status::Warning,
            tr("The restore stopped before any file was moved: the gateway serves the original database."));
        break;
    case RestoreReport::Outcome::NeedsAttention:
        m_verdict->showMessage(Status::Bad,
            tr("Needs attention: the restore could neither finish nor roll back by itself. Nothing was deleted; do "
               "what is said below."));
        break;
    default:
        m_verdict->showMessage(Status::Warning, RestoreReport::outcomeSentence(report.outcome));
        break;
    }

    m_failure->setVisible(!verified);
    m_failureText->setText(report.failure.isEmpty()  ? tr("nothing")
                           : report.failure.byOperator() ? tr("nothing: you stopped the restore")
                                                         : RestoreWords::failure(report));
    m_failedStep->setText(report.failure.isEmpty() ? tr("—") : RestoreSteps::title(report.failure.step));
    QString next = RestoreWords::nextActions(report.nextActions);
    const bool keptCopy = report.hasFile(ReportFile::Kind::RolledBackCopy);
    if (next.isEmpty() && report.outcome == RestoreReport::Outcome::RolledBack)
        next = keptCopy ? tr("Read what failed, fix its cause, then restore again. The restored copy that was rolled back "
                             "is kept as a .failed-restore file beside the database: delete it once you have looked at it.")
                        : tr("Read what failed, fix its cause, then restore again.");
    if (report.outcome == RestoreReport::Outcome::RolledBack && report.nextActions.isEmpty()
        && (report.failure.byOperator() || (state.resume && state.resume->choice == ResumeAdvice::Choice::RollBack)))
        next = tr("Nothing: the gateway serves the original database. Restore again when you are ready.");
    if (next.isEmpty() && report.outcome == RestoreReport::Outcome::Aborted)
        next = tr("Nothing: the gateway runs on its original database. Restore again when ready.");
    if (report.outcome == RestoreReport::Outcome::NeedsAttention && state.local.downloaded)
        next += QLatin1Char(' ') + tr("The downloaded backup is kept in %1: the interrupted restore may need it.")
                                       .arg(QFileInfo(state.local.backupPath).absolutePath());
    m_nextAction->setText(next.isEmpty() ? tr("—") : next);

    const QJsonArray counts = ResultRows::counts(report.verification);
    m_counts->setRows(counts);
    QStringList countTexts;
    const bool countsMatch = report.verification.countsOk();
    for (const QJsonValue &value : counts) {
        const QJsonObject count = value.toObject();
        countTexts << tr("%1 %2 (backup: %3, %4)")
                          .arg(count.value(QStringLiteral("what")).toString())
                          .arg(count.value(QStringLiteral("served")).toInteger())
                          .arg(count.value(QStringLiteral("expected")).toInteger())
                          .arg(count.value(QStringLiteral("verdict")).toString());
    }
    m_countsLabel->setText(countTexts.isEmpty() ? QString()
                                                : (countsMatch ? tr("✔ Counts served: %1.") : tr("✖ Counts served: %1."))
                                                      .arg(countTexts.join(QStringLiteral(" · "))));
    m_countsMatch = countsMatch;
    colourCounts();
    const QJsonArray chains = ResultRows::chains(report.verification);
    m_chains->setRows(chains);
    m_verification->setVisible(!counts.isEmpty() || !chains.isEmpty());
    m_countsLabel->setVisible(!counts.isEmpty());
    m_chainsTable->setVisible(!chains.isEmpty());
    fitHeight(m_chainsTable);

    QStringList replaced;
    for (const ReportFile &file : report.files) {
        if (file.isOriginal() && !file.path.isEmpty())
            replaced << QFileInfo(file.path).fileName();
    }
    m_badFiles->setVisible(verified);
    m_badFilesText->setText(
        tr("The database that was in use before the restore is kept beside it, as %1. It holds what the backup "
           "replaced (the evidence newer than the backup). What should happen to it?")
            .arg(replaced.isEmpty() ? tr("a .bad file") : replaced.join(QStringLiteral(", "))));
    const bool open = verified && !state.finished;
    m_keep->setEnabled(open);
    m_archive->setEnabled(open);
    m_delete->setEnabled(open);
    setButtonText(QWizard::FinishButton, open ? tr("&Finish the restore") : tr("&Close"));
    if (open)
        m_dispositionResult->setText(tr("“Finish the restore” (below) does this, writes the report and closes the "
                                        "restore's journal. Esc or closing the window finishes it keeping the files."));
    else if (verified)
        m_dispositionResult->setText(tr("Done: %1").arg(RestoreWords::finding(report.disposition)));

    const QString directory = QFileInfo(report.databasePath).absolutePath();
    QJsonArray files;
    for (const QJsonValue &value : ResultRows::files(report.files)) {
        QJsonObject file = value.toObject();
        const QString path = file.value(QStringLiteral("path")).toString();
        if (QFileInfo(path).absolutePath() == directory)
            file.insert(QStringLiteral("path"), QFileInfo(path).fileName());
        files.append(file);
    }
    m_files->setRows(files);
    m_filesTable->setToolTip(tr("Names without a folder are in %1").arg(directory));
    fitHeight(m_filesTable);
    const QString json = m_wizard->run()->reportPath();
    const bool written = !verified || state.finished;
    QString text = written
        ? tr("Written beside the database: %1 and %2.").arg(json, QFileInfo(json).completeBaseName() + QStringLiteral(".txt"))
        : tr("Written when you finish the restore (below). You can save it as it stands now.");
    if (written && !report.saveError.isEmpty())
        text = tr("The report could not be written beside the database (%1): save it below.").arg(report.saveError);
    m_reportPath->setText(text);
    Q_EMIT completeChanged();
}

BadFilesDisposition ResultPage::disposition() const
{
    if (m_archive->isChecked())
        return BadFilesDisposition::Archive;
    if (m_delete->isChecked())
        return BadFilesDisposition::Delete;
    return BadFilesDisposition::Keep;
}

void ResultPage::setDisposition(BadFilesDisposition disposition)
{
    switch (disposition) {
    case BadFilesDisposition::Keep:
        m_keep->setChecked(true);
        break;
    case BadFilesDisposition::Archive:
        m_archive->setChecked(true);
        break;
    case BadFilesDisposition::Delete:
        m_delete->setChecked(true);
        break;
    }
}

void ResultPage::finishRestore()
{
    RestoreWizardState &state = m_wizard->state();
    if (m_finishing || state.finished || state.report.outcome != RestoreReport::Outcome::Verified)
        return;
    m_finishing = true;
    Q_EMIT completeChanged();
    m_keep->setEnabled(false);
    m_archive->setEnabled(false);
    m_delete->setEnabled(false);
    m_dispositionResult->setText(tr("Finishing…"));
    m_wizard->run()->finish(disposition());
}

void ResultPage::finishThenClose()
{
    m_closeAfterFinish = true;
    if (!m_finishing) {
        // The default, whatever is ticked: leaving is not a choice to archive or delete.
        setDisposition(BadFilesDisposition::Keep);
        finishRestore();
    }
}

bool ResultPage::validatePage()
{
    if (m_wizard->isVerifiedUnfinished()) {
        finishRestore();
        return false;
    }
    return !m_finishing;
}

QAbstractButton *ResultPage::finishButton() const
{
    return m_wizard->button(QWizard::FinishButton);
}

void ResultPage::onFinished(const RestoreReport &report)
{
    RestoreWizardState &state = m_wizard->state();
    m_finishing = false;
    state.finished = true;
    state.report = report;
    showReport(report);
    Q_EMIT finished(report);
    Q_EMIT m_wizard->restoreEnded(report);
    if (m_closeAfterFinish)
        m_wizard->accept();
}

bool ResultPage::isComplete() const
{
    return m_wizard->state().ended && !m_finishing;
}

void ResultPage::askWhereToSave(RestoreReportWriter::Format format)
{
    const QString suffix = RestoreReportWriter::suffix(format);
    const QString json = m_wizard->run()->reportPath();
    const QString proposed = QDir::home().filePath(QFileInfo(json).completeBaseName().replace(QStringLiteral(".report"), QString())
        + QStringLiteral(".report.") + suffix);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the restore report"), proposed,
        tr("Report (*.%1)").arg(suffix));
    if (!path.isEmpty())
        saveReport(format, path);
}

void ResultPage::saveReport(RestoreReportWriter::Format format, const QString &path)
{
    const RestoreReport report = m_wizard->state().report;
    BackgroundTask::run<QString>(this,
        [report, format, path] {
            QString error;
            return RestoreReportWriter::write(report, format, path, &error) ? QString() : error;
        },
        [this, path](QString error) {
            if (error.isEmpty())
                m_saveMessage->showMessage(Status::Good, tr("Saved %1.").arg(path));
            else
                m_saveMessage->showMessage(Status::Bad, tr("The report could not be saved: %1").arg(error));
            Q_EMIT saved(error.isEmpty(), path);
        });
}

} // namespace aegis::console
