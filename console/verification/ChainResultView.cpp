#include "console/verification/ChainResultView.h"

#include "console/util/BackgroundTask.h"
#include "console/util/Format.h"
#include "console/verification/BackupCheckWords.h"
#include "console/verification/FailureExplainer.h"
#include "console/verification/ReceiptRowModel.h"
#include "console/verification/TenantResultModel.h"
#include "console/widgets/DigestLabel.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"
#include "console/widgets/StatusBadge.h"

#include <QEvent>
#include <QFormLayout>
#include <QFontDatabase>
#include <QHeaderView>
#include <QStyle>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = RecordTable::create(model, parent);
    // Fixed row heights: a table of a hundred thousand receipts must not
    // measure every row on the UI thread.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    // Column widths from a few dozen rows, not a thousand: the rows of one
    // column look alike, and measuring costs UI time.
    table->horizontalHeader()->setResizeContentsPrecision(40);
    table->setWordWrap(false);
    return table;
}

QString words(const QString &value, const QString &ok)
{
    return value == ok ? QStringLiteral("✔ ") + value : QStringLiteral("✖ ") + value;
}

} // namespace

ChainResultView::ChainResultView(QWidget *parent)
    : QWidget(parent)
    , m_verdict(new MessagePanel(this))
    , m_source(new QLabel(this))
    , m_backup(new InfoCard(tr("Backup checks by the gateway"), this))
    , m_tenantModel(new TenantResultModel(this))
    , m_failure(new MessagePanel(this))
    , m_receiptsTitle(new QLabel(this))
    , m_receiptModel(new ReceiptRowModel(this))
    , m_notes(new QLabel(this))
{
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setHeadline(true);
    m_failure->setObjectName(QStringLiteral("failureExplanation"));
    m_source->setWordWrap(true);
    m_source->setTextFormat(Qt::PlainText);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_restorable = m_backup->addBadgeRow(tr("Restorable:"), QStringLiteral("restorableBadge"));
    m_backupSha = new DigestLabel(m_backup);
    m_backupSha->setObjectName(QStringLiteral("backupSha256"));
    m_backup->form()->addRow(tr("SHA-256:"), m_backupSha);
    m_backupIntegrity = m_backup->addRow(tr("Integrity:"));
    m_backupSchema = m_backup->addRow(tr("Schema:"));
    m_backupReasons = m_backup->addRow(tr("Why:"), QStringLiteral("backupReasons"));

    m_tenantTable = makeTable(m_tenantModel, this);
    m_tenantTable->setObjectName(QStringLiteral("tenantResults"));
    m_tenantTable->setAccessibleName(tr("Result per tenant"));
    m_tenantTable->setMaximumHeight(m_tenantTable->verticalHeader()->defaultSectionSize() * 5
        + m_tenantTable->horizontalHeader()->sizeHint().height() + 4);
    m_receiptTable = makeTable(m_receiptModel, this);
    m_receiptTable->setObjectName(QStringLiteral("receiptTable"));
    m_receiptTable->setAccessibleName(tr("Receipts of the selected tenant"));
    m_receiptsTitle->setObjectName(QStringLiteral("receiptsTitle"));
    QFont bold = m_receiptsTitle->font();
    bold.setBold(true);
    m_receiptsTitle->setFont(bold);
    sizeReceiptColumns();

    connect(m_tenantTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            const QString tenant = m_tenantModel->tenantAt(current.row());
            if (tenant != m_tenant)
                showTenant(tenant);
        });

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_failure);
    lowerLayout->addWidget(m_receiptsTitle);
    lowerLayout->addWidget(m_receiptTable, 1);
    lowerLayout->addWidget(m_notes);
    lowerLayout->addStretch(0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_verdict);
    layout->addWidget(m_source);
    layout->addWidget(m_backup);
    layout->addWidget(m_tenantTable);
    layout->addWidget(lower, 1);
    clear();
}

ChainResultView::~ChainResultView()
{
    m_receiptModel->setRows(nullptr, QString());
    m_tenantModel->setRun(nullptr);
    if (m_run)
        BackgroundTask::dispose(std::move(m_run));
}

void ChainResultView::clear()
{
    m_receiptModel->setRows(nullptr, QString());
    m_tenantModel->setRun(nullptr);
    if (m_run)
        BackgroundTask::dispose(std::move(m_run));
    m_run.reset();
    m_tenant.clear();
    m_verdict->showMessage(Status::Neutral,
        tr("No verification yet. Choose what to verify above and press Verify."));
    // The tables stay where they are, empty: showing and hiding them would
    // lay the whole page out again when a result arrives.
    m_source->clear();
    m_backup->setVisible(false);
    m_failure->clear();
    m_receiptsTitle->setText(tr("Receipts"));
    m_notes->clear();
}

void ChainResultView::showPending(const QString &what)
{
    clear();
    m_verdict->showMessage(Status::Neutral, tr("Verifying %1… no verdict yet.").arg(what));
}

void ChainResultView::showRun(VerificationRunPtr run)
{
    // The old run's rows may be many: they are freed on a worker.
    VerificationRunPtr old = std::move(m_run);
    m_receiptModel->setRows(nullptr, QString());
    m_run = std::move(run);
    m_tenantModel->setRun(m_run);
    if (old)
        BackgroundTask::dispose(std::move(old));

    const VerificationRun &r = *m_run;
    QString source = tr("Verified: %1\nBy: %2\nFinished: %3 (took %4 s)")
                         .arg(r.sourceLabel, r.verifiedBy, Format::localTime(r.finishedAt))
                         .arg(qMax<qint64>(0, r.startedAt.msecsTo(r.finishedAt)) / 1000.0, 0, 'f', 1);
    if (!r.fileSha256.isEmpty() && r.source == VerificationRun::Source::File)
        source += tr("\nFile SHA-256: %1").arg(r.fileSha256);
    m_source->setText(source);
    m_notes->setText(r.notes.join(QLatin1Char('\n')));
    m_failure->clear();

    if (!r.backupCheck.isEmpty())
        showBackupChecks(r);
    else
        m_backup->setVisible(false);

    if (!r.result) {
        m_verdict->showMessage(Status::Bad, r.error.isEmpty() ? tr("No verdict.") : r.error, r.errorDetail);
        QMetaObject::invokeMethod(this, &ChainResultView::runShown, Qt::QueuedConnection);
        return;
    }

    const ChainResult &result = *r.result;
    const int tenants = int(result.tenants().size());
    switch (result.verdict()) {
    case ChainResult::Verdict::Intact:
        m_verdict->showMessage(Status::Good,
            tr("Chain intact: %1 receipt(s) in %n tenant(s) verified, none edited, dropped or reordered.",
                nullptr, tenants)
                .arg(QLocale().toString(result.count())));
        break;
    case ChainResult::Verdict::Empty:
        m_verdict->showMessage(Status::Warning, tr("No receipts: nothing was verified."));
        m_failure->showMessage(Status::Warning, FailureExplainer::emptyExplanation());
        break;
    case ChainResult::Verdict::Cancelled:
        m_verdict->showMessage(Status::Warning, tr("Cancelled: only part of the chain was read; nothing was concluded."));
        break;
    case ChainResult::Verdict::Broken: {
        const ChainResult::Tenant *failing = result.firstFailing();
        m_verdict->showMessage(Status::Bad,
            tr("Chain BROKEN: %1 %2.").arg(FailureExplainer::title(*failing).toLower(), FailureExplainer::atPosition(*failing)),
            failing->failure ? FailureExplainer::detail(*failing->failure) : result.errorText());
        break;
    }
    }
    bool anyHeadSeq = false;
    for (const ChainResult::Tenant &t : result.tenants())
        anyHeadSeq = anyHeadSeq || t.headSeq.has_value();
    m_tenantTable->setColumnHidden(TenantResultModel::HeadSeqColumn, !anyHeadSeq);
    m_tenantTable->resizeColumnsToContents();

    QString tenant;
    if (const ChainResult::Tenant *failing = result.firstFailing())
        tenant = failing->id;
    else if (!result.tenants().empty())
        tenant = result.tenants().front().id;
    m_tenant = tenant;
    const int row = m_tenantModel->rowOfTenant(tenant);
    if (row >= 0)
        m_tenantTable->selectRow(row);
    // The verdict is painted first; the receipt table follows on the next
    // turn of the event loop.
    QTimer::singleShot(0, this, [this, shown = m_run] {
        if (m_run != shown)
            return;
        showTenant(m_tenant);
        Q_EMIT runShown();
    });
}

void ChainResultView::showTenant(const QString &tenantId)
{
    if (!m_run || !m_run->result)
        return;
    m_tenant = tenantId;
    m_receiptModel->setRows(m_run, tenantId);
    const ChainResult::Tenant *tenant = m_run->result->tenant(tenantId);
    if (tenant && tenant->failed()) {
        m_failure->showMessage(Status::Bad, FailureExplainer::explanation(*tenant),
            tenant->failure ? FailureExplainer::detail(*tenant->failure) : QString());
    } else if (tenant && tenant->isEmpty()) {
        m_failure->showMessage(Status::Warning, FailureExplainer::emptyExplanation());
    } else {
        m_failure->clear();
    }

    const ReceiptRowSet *set = m_receiptModel->rowSet();
    if (!set) {
        m_receiptsTitle->setText(tenantId.isEmpty() ? tr("Receipts: none to show")
                                                    : tr("Receipts of tenant %1: none to show").arg(tenantId));
        return;
    }
    // An export without a tenant has an empty id: no "tenant ," in the title.
    QString title = tenantId.isEmpty() ? tr("Receipts, oldest first") : tr("Receipts of tenant %1, oldest first").arg(tenantId);
    if (set->windowed) {
        title += tr(" — showing %1 of %2: the first ones, those around the first failure, and the newest")
                     .arg(QLocale().toString(qint64(set->rows.size())), QLocale().toString(set->total));
    }
    m_receiptsTitle->setText(title);

    // Exports carry no seq: an empty column says nothing.
    m_receiptTable->setColumnHidden(ReceiptRowModel::SeqColumn, set->rows.empty() || !set->rows.front().seq);
    const int failureRow = m_receiptModel->failureRow();
    if (failureRow >= 0) {
        // Current but not selected: the selection colour would cover the
        // red that marks the row.
        const QModelIndex index = m_receiptModel->index(failureRow, ReceiptRowModel::StatusColumn);
        m_receiptTable->selectionModel()->clearSelection();
        m_receiptTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        m_receiptTable->scrollTo(index, QAbstractItemView::PositionAtCenter);
    } else {
        m_receiptTable->scrollToTop();
    }
}

void ChainResultView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::ApplicationFontChange)
        sizeReceiptColumns();
}

void ChainResultView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    sizeReceiptColumns();
}

void ChainResultView::sizeReceiptColumns()
{
    // From what the columns hold, not from the rows: measuring even a few
    // dozen rows of a long chain costs the UI thread more than this.
    const QFontMetrics plain(m_receiptTable->font());
    QFont boldFont = m_receiptTable->font();
    boldFont.setBold(true);
    const QFontMetrics bold(boldFont);
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int padding = 2 * m_receiptTable->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_receiptTable) + 12;
    const QFontMetrics headerFont(m_receiptTable->horizontalHeader()->font());
    auto header = [this, &headerFont, padding](int column) {
        return headerFont.horizontalAdvance(m_receiptModel->headerData(column, Qt::Horizontal).toString()) + padding + 8;
    };
    // The hashes get what the other columns leave, up to their full 64
    // digits (a large window shows them whole), and never less than the
    // 12 digits aegis-verify-receipts --table prints, plus the ellipsis.
    const int shortest = fixed.horizontalAdvance(QString(12, QLatin1Char('0')) + QStringLiteral("…")) + padding;
    const int longest = fixed.horizontalAdvance(QString(64, QLatin1Char('0'))) + padding;
    int widths[] = {
        qMax(header(ReceiptRowModel::IndexColumn), plain.horizontalAdvance(QStringLiteral("0000000")) + padding),
        qMax(header(ReceiptRowModel::SeqColumn), plain.horizontalAdvance(QStringLiteral("0000000")) + padding),
        bold.horizontalAdvance(tr("%1 ◀ first failure").arg(QStringLiteral("MALFORMED"))) + padding,
        qMax(header(ReceiptRowModel::HashColumn), shortest),
        qMax(header(ReceiptRowModel::PrevHashColumn), shortest),
        plain.horizontalAdvance(QStringLiteral("00000000-0000-0000-0000-000000000000")) + padding,
        qMax(header(ReceiptRowModel::DecisionColumn), plain.horizontalAdvance(QStringLiteral("require_approval")) + padding),
    };
    int used = 0;
    for (int width : widths)
        used += width;
    const int spare = m_receiptTable->viewport()->width() - used;
    for (int column : {int(ReceiptRowModel::HashColumn), int(ReceiptRowModel::PrevHashColumn)})
        widths[column] = qBound(widths[column], widths[column] + spare / 2, longest);
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_receiptTable->setColumnWidth(column, widths[column]);
}

void ChainResultView::showBackupChecks(const VerificationRun &run)
{
    const QJsonObject &check = run.backupCheck;
    m_backup->setVisible(true);
    const bool restorable = check.value(QStringLiteral("restorable")).toBool();
    m_restorable->setStatus(restorable ? Status::Good : Status::Bad,
        restorable ? tr("Yes: this backup can be restored") : tr("NO: do not restore this backup"));
    const QJsonObject checks = check.value(QStringLiteral("checks")).toObject();
    // This console's digest of its copy when it has one, else the gateway's.
    const QString file = run.fileSha256.isEmpty() ? checks.value(QStringLiteral("file_sha256")).toString()
                                                  : run.fileSha256;
    const QString manifest = run.manifestSha256.isEmpty() ? checks.value(QStringLiteral("manifest_sha256")).toString()
                                                          : run.manifestSha256;
    m_backupSha->setDigests(file, manifest);
    m_backupIntegrity->setText(words(checks.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok")));
    const QString schema = checks.value(QStringLiteral("schema")).toString();
    m_backupSchema->setText(schema == QLatin1String("newer_than_gateway")
            ? tr("✖ newer than this gateway: an older binary must not start it")
            : words(schema, QStringLiteral("compatible")));
    const QStringList reasons = BackupCheckWords::reasons(check);
    m_backupReasons->setText(reasons.isEmpty() ? tr("all checks passed") : reasons.join(QLatin1Char('\n')));
}

} // namespace aegis::console
