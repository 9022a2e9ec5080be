#include "console/restore/PlanPage.h"

#include "common/restore/RestoreFileNames.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/DataLossText.h"
#include "console/restore/RestoreWizard.h"
#include "console/util/Format.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

enum Column { ActionColumn, FromColumn, ToColumn, SizeColumn, WhyColumn };

QString actionText(const QString &action)
{
    if (action == QLatin1String("move"))
        return PlanPage::tr("Move aside");
    if (action == QLatin1String("copy"))
        return PlanPage::tr("Copy");
    if (action == QLatin1String("rename"))
        return PlanPage::tr("Put in place");
    if (action == QLatin1String("create"))
        return PlanPage::tr("Create");
    return action;
}

} // namespace

PlanPage::PlanPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_loss(new MessagePanel(this))
{
    setObjectName(QStringLiteral("planPage"));
    setTitle(tr("What the restore will do"));
    setSubTitle(tr("Read what will be lost before you go on. Nothing has been changed yet."));
    m_loss->setObjectName(QStringLiteral("dataLoss"));
    m_loss->setHeadline(true);

    m_backupCard = new InfoCard(tr("The backup"), this);
    m_backupName = m_backupCard->addRow(tr("File:"));
    m_taken = m_backupCard->addRow(tr("Taken:"));
    m_holds = m_backupCard->addRow(tr("Holds:"), QStringLiteral("backupHolds"));
    m_schema = m_backupCard->addRow(tr("Schema:"));
    m_sha = m_backupCard->addValueField(tr("SHA-256:"));
    m_gateway = m_backupCard->addRow(tr("Gateway:"));
    m_space = m_backupCard->addRow(tr("Free space:"));

    m_files = new JsonArrayModel(
        {
            {tr("Action"), [](const QJsonObject &f) { return actionText(f.value(QStringLiteral("action")).toString()); }, {}},
            {tr("From"), [](const QJsonObject &f) { return f.value(QStringLiteral("from")).toString(); }, {}},
            {tr("To"), [](const QJsonObject &f) { return f.value(QStringLiteral("to")).toString(); }, {}},
            {tr("Size"), [](const QJsonObject &f) {
                 return f.contains(QStringLiteral("bytes")) ? Format::bytes(f.value(QStringLiteral("bytes")).toInteger()) : QString();
             }, {}},
            JsonColumn::field(tr("Why"), QStringLiteral("note")),
        },
        this);
    m_table = RecordTable::create(m_files, this);
    m_table->setObjectName(QStringLiteral("plannedFiles"));
    // "Why" wraps in the room left and every row is as tall as its
    // reason; a long path is cut in its middle (whole in its tooltip).
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideMiddle);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ActionColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SizeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(WhyColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setAccessibleName(tr("Files the restore moves, copies and creates"));

    m_filesLabel = new QLabel(this);
    m_filesLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_loss);
    layout->addWidget(m_backupCard);
    layout->addWidget(m_filesLabel);
    layout->addWidget(m_table, 1);
}

void PlanPage::initializePage()
{
    const PreflightResult &pre = m_wizard->state().preflight;
    const RestorePlan &plan = pre.plan;
    const QString aside = QFileInfo(RestoreFileNames(plan.databasePath, plan.stamp).aside(QStringLiteral("db"))).fileName();
    m_loss->showMessage(plan.loss.isNone() ? Status::Good : Status::Warning, DataLossText::plan(plan.loss, aside));

    m_backupName->setText(plan.backupPath);
    m_taken->setText(Format::timeAndAge(plan.backupCreatedAt, plan.backupAgeSeconds));
    m_taken->setToolTip(Format::utcTime(plan.backupCreatedAt));
    m_holds->setText(tr("%Ln agent(s), ", nullptr, int(plan.backup.agents))
        + tr("%Ln decision(s), ", nullptr, int(plan.backup.decisions))
        + tr("%Ln receipt(s) ", nullptr, int(plan.backup.receipts))
        + tr("in %Ln receipt chain(s)", nullptr, int(plan.backup.heads.size())));
    m_schema->setText(plan.backupSchemaVersion < plan.gatewaySchemaVersion
            ? tr("%1; the gateway knows %2 and migrates the restored copy when it starts")
                  .arg(plan.backupSchemaVersion)
                  .arg(plan.gatewaySchemaVersion)
            : tr("%1, as the gateway's").arg(plan.backupSchemaVersion));
    m_sha->setText(plan.backupSha256);
    m_sha->setCursorPosition(0);
    m_gateway->setText(tr("%1, stopped and started by %2").arg(plan.gatewayUrl, plan.service));
    m_space->setText(tr("%1 free, %2 needed").arg(Format::bytes(plan.freeBytes), Format::bytes(plan.neededBytes)));

    // Names within the database's directory are shown short; that
    // directory is said once, above the table.
    const QString directory = QFileInfo(plan.databasePath).absolutePath();
    auto shortName = [&directory](const QString &path) {
        return QFileInfo(path).absolutePath() == directory ? QFileInfo(path).fileName() : path;
    };
    QJsonArray files;
    for (const PlannedFile &file : plan.files) {
        QJsonObject row = file.toJson();
        if (row.contains(QStringLiteral("from")))
            row.insert(QStringLiteral("from"), shortName(file.from));
        row.insert(QStringLiteral("to"), shortName(file.to));
        files.append(row);
    }
    m_files->setRows(files);
    m_filesLabel->setText(tr("Every file the restore touches, in %1 unless a full path is shown. Nothing is deleted.").arg(directory));
    fitNameColumns();
}

// Names as wide as they are, but never more than a quarter of the table
// each: the reasons need the room to be read. Measured again at every
// size, so that a large window shows the names whole.
void PlanPage::fitNameColumns()
{
    const int most = qMax(m_table->viewport()->width(), 600) / 4;
    for (int column : {FromColumn, ToColumn}) {
        m_table->resizeColumnToContents(column);
        m_table->setColumnWidth(column, qMin(m_table->columnWidth(column), most));
    }
}

void PlanPage::resizeEvent(QResizeEvent *event)
{
    QWizardPage::resizeEvent(event);
    fitNameColumns();
}

} // namespace aegis::console
