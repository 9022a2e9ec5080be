#include "console/restore/PreflightPage.h"

#include "common/restore/RestoreSignals.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/BackupFetcher.h"
#include "console/restore/RefusalAdvice.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreWizard.h"
#include "console/restore/RestoreWords.h"
#include "console/util/Format.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/ProgressPanel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

Status statusOf(const QString &name)
{
    if (name == QLatin1String("passed"))
        return Status::Good;
    if (name == QLatin1String("failed"))
        return Status::Bad;
    return Status::Warning;
}

QString statusText(const QString &name)
{
    if (name == QLatin1String("passed"))
        return PreflightPage::tr("✔ passed");
    if (name == QLatin1String("failed"))
        return PreflightPage::tr("✖ REFUSED");
    if (name == QLatin1String("overridden"))
        return PreflightPage::tr("⚠ overridden");
    return PreflightPage::tr("⚠ note");
}

Status rowStatus(const QJsonObject &check)
{
    if (check.value(QStringLiteral("overridable")).toBool())
        return Status::Warning;
    return statusOf(check.value(QStringLiteral("status")).toString());
}

} // namespace

PreflightPage::PreflightPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_progress(new ProgressPanel(this))
    , m_source(new MessagePanel(this))
    , m_verdict(new MessagePanel(this))
{
    setObjectName(QStringLiteral("preflightPage"));
    setTitle(tr("Checks before anything is touched"));
    m_progress->setCancelText(tr("&Stop checking"));
    m_verdict->setObjectName(QStringLiteral("preflightVerdict"));
    m_verdict->setHeadline(true);
    m_source->setObjectName(QStringLiteral("backupSource"));

    m_model = new JsonArrayModel(
        {
            {tr("Result"), [](const QJsonObject &c) {
                 // The one check the operator may knowingly override.
                 if (c.value(QStringLiteral("overridable")).toBool() && c.value(QStringLiteral("status")).toString() == QLatin1String("failed"))
                     return tr("⚠ needs your OK");
                 return statusText(c.value(QStringLiteral("status")).toString());
             },
                [](const QJsonObject &c) -> std::optional<Status> { return rowStatus(c); }},
            JsonColumn::field(tr("Check"), QStringLiteral("title")),
            JsonColumn::field(tr("What was found"), QStringLiteral("detail")),
            {tr("What to do"), [](const QJsonObject &c) { return c.value(QStringLiteral("advice")).toString(); },
                [](const QJsonObject &c) -> std::optional<Status> {
                    // In the row's colour: advice on a check that only needs
                    // the operator's OK is not an alarm.
                    return c.value(QStringLiteral("advice")).toString().isEmpty() ? std::nullopt : std::optional<Status>(rowStatus(c));
                }},
        },
        this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("preflightChecks"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    // Room for the longest check's title on one or two lines.
    m_table->horizontalHeader()->resizeSection(1, fontMetrics().horizontalAdvance(QStringLiteral("The restored file can keep the live")) + 12);
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Preflight checks"));

    m_override = new QCheckBox(tr("Restore it &without a manifest, knowingly: its SHA-256 and receipt chain heads "
                                  "cannot be compared with a record made when it was taken."), this);
    m_override->setObjectName(QStringLiteral("overrideMissingManifest"));
    m_override->setVisible(false);
    m_again = new QPushButton(tr("Run the checks &again"), this);
    m_again->setObjectName(QStringLiteral("checkAgainButton"));
    m_again->setVisible(false);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_override, 1);
    bottom->addStretch(0);
    bottom->addWidget(m_again);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addWidget(m_progress);
    layout->addWidget(m_verdict);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_override, &QCheckBox::toggled, this, &PreflightPage::completeChanged);
    connect(m_again, &QPushButton::clicked, this, &PreflightPage::start);
    connect(m_progress, &ProgressPanel::cancelRequested, this, [this] {
        m_wizard->fetcher()->cancel();
        m_wizard->run()->cancel();
    });
    connect(m_wizard->fetcher(), &BackupFetcher::progress, this, [this](qint64 received, qint64 total) {
        if (m_checking)
            m_progress->setValue(received, total);
    });
    connect(m_wizard->fetcher(), &BackupFetcher::ready, this, &PreflightPage::onLocal);
    connect(m_wizard->fetcher(), &BackupFetcher::failed, this, &PreflightPage::onFailed);
    connect(m_wizard->run(), &RestoreRun::preflightFinished, this, &PreflightPage::onPreflight);
    connect(m_wizard->run()->events(), &RestoreSignals::progressed, this,
        [this](int, const QString &stepId, qint64 done, qint64 total, const QString &what) {
            if (!m_checking || stepId != QLatin1String("preflight"))
                return;
            m_progress->setText(tr("Checking: %1…").arg(what));
            m_progress->setValue(done, total);
        });
}

void PreflightPage::initializePage()
{
    setSubTitle(tr("The backup and this machine are checked first. %1").arg(untouched()));
    start();
}

bool PreflightPage::gatewayDown() const
{
    // The words follow the gateway as the console last saw it: at 3 a.m.
    // it is often down already, and "keeps running" would send the
    // operator looking for a process that is not there.
    return m_wizard->session().state().kind == ConnectionState::Kind::Unreachable;
}

QString PreflightPage::untouched() const
{
    if (gatewayDown())
        return tr("Nothing has been changed. The gateway is not running now (it does not answer at %1) and stays "
                  "stopped until the restore starts it.")
            .arg(m_wizard->target().gatewayUrl());
    return tr("Nothing has been changed, and the gateway keeps running.");
}

void PreflightPage::cleanupPage()
{
    // Back to the first page: whatever still runs for this backup stops.
    stop();
}

void PreflightPage::stop()
{
    if (!m_checking)
        return;
    m_checking = false;
    m_waitingForRun = false;
    m_progress->finish();
    m_wizard->fetcher()->cancel();
    m_wizard->run()->cancel();
}

void PreflightPage::start()
{
    if (m_checking)
        return;
    m_checking = true;
    m_hasResult = false;
    m_wizard->state().hasPreflight = false;
    m_model->setRows({});
    m_verdict->clear();
    m_source->clear();
    m_override->setChecked(false);
    m_override->setVisible(false);
    m_again->setVisible(false);
    const BackupChoice &choice = m_wizard->state().choice;
    const bool download = choice.source == BackupChoice::Source::Catalog
        && BackupFetcher::readableLocally(choice.entry, m_wizard->target().backupDirectory).isEmpty();
    m_progress->busy(download ? tr("Downloading %1 from the gateway (its digest is checked)…").arg(choice.name())
                              : tr("Preparing %1…").arg(choice.name()));
    m_wizard->fetcher()->start(choice, m_wizard->target().backupDirectory);
    Q_EMIT completeChanged();
}

void PreflightPage::onFailed(const QString &text, const QString &detail)
{
    if (!m_checking)
        return;
    m_checking = false;
    m_progress->finish();
    m_verdict->showMessage(Status::Bad, tr("The backup could not be brought to this computer: %1").arg(text), detail);
    m_again->setVisible(true);
    Q_EMIT completeChanged();
    Q_EMIT checked();
}

void PreflightPage::onLocal(const LocalBackup &local)
{
    if (!m_checking)
        return;
    m_wizard->state().local = local;
    m_source->showMessage(Status::Neutral, local.note);
    m_progress->busy(tr("Checking %1: integrity, SHA-256, schema, receipt chains, free space…").arg(m_wizard->state().choice.name()));
    if (m_wizard->run()->isBusy()) {
        // The checks of a backup left a moment ago are still winding down.
        m_waitingForRun = true;
        return;
    }
    m_wizard->run()->preflight(m_wizard->target(), local.backupPath, local.manifestPath, m_wizard->archiveDirectory());
}

void PreflightPage::onPreflight(const PreflightResult &result, const QStringList &notes)
{
    if (!m_checking)
        return;
    if (m_waitingForRun) {
        // That was the earlier backup's answer; now this one's turn.
        m_waitingForRun = false;
        const LocalBackup &local = m_wizard->state().local;
        m_wizard->run()->preflight(m_wizard->target(), local.backupPath, local.manifestPath, m_wizard->archiveDirectory());
        return;
    }
    m_checking = false;
    m_hasResult = true;
    m_result = result;
    m_progress->finish();
    QJsonArray rows;
    bool advice = false;
    QStringList notable;
    for (const PreflightCheck &check : result.checks) {
        QJsonObject row = check.toJson();
        if (check.createdAt.isValid())
            row.insert(QStringLiteral("detail"), RestoreWords::checkDetail(check));
        if (check.id == QLatin1String("space") && result.plan.freeBytes >= 0) {
            // The engine counts bytes; people read sizes.
            row.insert(QStringLiteral("detail"), tr("%1 free on the database's file system, %2 needed (backup, database "
                                                    "in use, and a margin)")
                                                     .arg(Format::bytes(result.plan.freeBytes), Format::bytes(result.plan.neededBytes)));
        }
        if (check.blocks()) {
            row.insert(QStringLiteral("advice"), RefusalAdvice::forCheck(check));
            advice = true;
        }
        // What the restore loses is expected of a restore; the plan shows it.
        if (check.status == PreflightCheck::Status::Warning && check.id != QLatin1String("data_loss"))
            notable << tr("• %1 — %2").arg(check.title, RestoreWords::checkDetail(check));
        rows.append(row);
    }
    m_model->setRows(rows);
    m_table->setColumnHidden(3, !advice);
    m_table->resizeRowsToContents();
    // The reason first in sight.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (!m_model->row(row).value(QStringLiteral("advice")).toString().isEmpty()) {
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
            break;
        }
    }

    const RestoreRefusal refusal = result.refusal();
    const QString noteText = notes.join(QLatin1Char('\n'));
    if (result.passed()) {
        if (notable.isEmpty())
            m_verdict->showMessage(Status::Good,
                tr("Every check passed: this backup can be restored. Next: what the restore will do, and what it "
                   "loses."),
                noteText);
        else
            m_verdict->showMessage(Status::Warning,
                // The verdict leads, alone in bold; each warning under it on
                // a line of its own, the check named, then what was found.
                tr("The backup can be restored. Worth knowing first:") + QLatin1Char('\n') + notable.join(QLatin1Char('\n')),
                noteText);
    } else if (refusal.canOverride()) {
        m_verdict->showMessage(Status::Warning,
            tr("This backup has no manifest. Nothing was changed. You may restore it only knowingly: tick the box "
               "below, or go back and choose a backup the gateway took."),
            refusal.toText());
        m_override->setVisible(true);
    } else {
        QStringList reasons;
        for (const PreflightCheck &reason : refusal.reasons)
            reasons << tr("Failed check: %1.\nWhat to do: %2").arg(reason.title, RefusalAdvice::forCheck(reason));
        m_verdict->showMessage(Status::Bad,
            (gatewayDown() ? tr("The restore was refused: nothing was changed, and the gateway, not running now, "
                                "stays stopped.\n%1")
                           : tr("The restore was refused: nothing was changed and the gateway keeps running.\n%1"))
                .arg(reasons.join(QStringLiteral("\n"))),
            refusal.toText() + (noteText.isEmpty() ? QString() : QStringLiteral("\n") + noteText));
        m_again->setVisible(true);
    }
    Q_EMIT completeChanged();
    Q_EMIT checked();
}

bool PreflightPage::isComplete() const
{
    if (m_checking || !m_hasResult)
        return false;
    if (m_result.passed())
        return true;
    return m_result.refusal().canOverride() && m_override->isChecked();
}

bool PreflightPage::validatePage()
{
    if (!isComplete())
        return false;
    PreflightResult confirmed = m_result;
    if (!confirmed.passed() && m_override->isChecked())
        confirmed.applyOverrides();
    m_wizard->state().preflight = confirmed;
    m_wizard->state().hasPreflight = true;
    return true;
}

} // namespace aegis::console
