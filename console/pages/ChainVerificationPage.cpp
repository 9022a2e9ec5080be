#include "console/pages/ChainVerificationPage.h"

#include "common/client/GatewayReply.h"
#include "common/receipts/LocalChainCheck.h"
#include "common/util/Timestamp.h"
#include "console/backup/BackupVerificationStore.h"
#include "console/connection/GatewaySession.h"
#include "console/util/BackgroundTask.h"
#include "console/util/Format.h"
#include "console/verification/BackupChainVerification.h"
#include "console/verification/ChainResultView.h"
#include "console/verification/LiveChainVerification.h"
#include "console/verification/VerificationReportWriter.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/ProgressPanel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace aegis::console {

ChainVerificationPage::ChainVerificationPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_live(new LiveChainVerification(session(), this))
    , m_backupCheck(new BackupChainVerification(session(), this))
    , m_sources(new QButtonGroup(this))
{
    auto *title = new QLabel(tr("Chain verification"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);

    auto *what = new QGroupBox(tr("What to verify"), this);
    m_liveRadio = new QRadioButton(tr("The &live gateway"), what);
    m_backupRadio = new QRadioButton(tr("A &backup from the catalog"), what);
    m_fileRadio = new QRadioButton(tr("A local &file (.db or exported .json), offline"), what);
    m_sources->addButton(m_liveRadio, int(Source::Live));
    m_sources->addButton(m_backupRadio, int(Source::Backup));
    m_sources->addButton(m_fileRadio, int(Source::File));
    m_liveRadio->setChecked(true);
    m_tenant = new QComboBox(what);
    m_tenant->setObjectName(QStringLiteral("liveTenant"));
    m_tenant->setAccessibleName(tr("Tenant to verify"));
    m_tenant->addItem(tr("All tenants"), QString());
    m_backup = new QComboBox(what);
    m_backup->setObjectName(QStringLiteral("backupChoice"));
    m_backup->setAccessibleName(tr("Backup to verify"));
    m_backup->setMinimumContentsLength(28);
    m_file = new QLineEdit(what);
    m_file->setObjectName(QStringLiteral("filePath"));
    m_file->setAccessibleName(tr("File to verify"));
    m_file->setPlaceholderText(tr("aegisagent.db, a backup .db, or receipts-default.json"));
    m_browse = new QPushButton(tr("Bro&wse…"), what);
    auto *grid = new QGridLayout(what);
    grid->addWidget(m_liveRadio, 0, 0);
    grid->addWidget(m_tenant, 0, 1);
    grid->addWidget(m_backupRadio, 1, 0);
    grid->addWidget(m_backup, 1, 1);
    grid->addWidget(m_fileRadio, 2, 0);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    grid->addLayout(fileRow, 2, 1);
    grid->setColumnStretch(1, 1);

    m_verify = new QPushButton(tr("&Verify"), this);
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_verify->setDefault(true);
    m_verify->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_verify->setToolTip(tr("Verify now (Ctrl+Enter)"));
    m_exportJson = new QPushButton(tr("Save as &JSON…"), this);
    m_exportPdf = new QPushButton(tr("Save as P&DF report…"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_verify);
    buttons->addStretch(1);
    buttons->addWidget(m_exportJson);
    buttons->addWidget(m_exportPdf);

    m_progress = new ProgressPanel(this);
    m_progress->setObjectName(QStringLiteral("verificationProgress"));
    m_message = new MessagePanel(this);
    m_result = new ChainResultView(this);
    m_result->setObjectName(QStringLiteral("chainResult"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(what);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(m_result, 1);

    connect(m_sources, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            updateSourceFields();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString start = m_file->text().isEmpty() ? QFileInfo(session().profile().databasePath).absolutePath()
                                                       : m_file->text();
        const QString file = QFileDialog::getOpenFileName(this, tr("File to verify"), start,
            tr("Databases and exports (*.db *.json);;All files (*)"));
        if (!file.isEmpty())
            setFile(file);
    });
    connect(m_verify, &QPushButton::clicked, this, &ChainVerificationPage::startVerification);
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportTo(false); });
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { exportTo(true); });
    connect(m_progress, &ProgressPanel::cancelRequested, this, [this] {
        if (m_live->isRunning())
            m_live->cancel();
        if (m_backupCheck->isRunning())
            m_backupCheck->cancel();
    });
    connect(m_live, &LiveChainVerification::phase, m_progress, [this](const QString &text) { m_progress->busy(text); });
    connect(m_live, &LiveChainVerification::transfer, m_progress, &ProgressPanel::setValue);
    connect(m_live, &LiveChainVerification::checking, this,
        [this] { m_progress->follow(m_live->progress(), tr("Checking the receipts for the table…")); });
    connect(m_live, &LiveChainVerification::finished, this, &ChainVerificationPage::onFinished);
    connect(m_backupCheck, &BackupChainVerification::phase, m_progress, [this](const QString &text) { m_progress->busy(text); });
    connect(m_backupCheck, &BackupChainVerification::transfer, m_progress, &ProgressPanel::setValue);
    connect(m_backupCheck, &BackupChainVerification::checking, this,
        [this] { m_progress->follow(m_backupCheck->progress(), tr("Verifying the copy's receipt chains…")); });
    connect(m_backupCheck, &BackupChainVerification::finished, this, &ChainVerificationPage::onFinished);

    m_exportJson->setEnabled(false);
    m_exportPdf->setEnabled(false);
    updateSourceFields();
}

ChainVerificationPage::~ChainVerificationPage()
{
    cancelWork();
}

void ChainVerificationPage::updateSourceFields()
{
    const auto source = Source(m_sources->checkedId());
    m_tenant->setEnabled(source == Source::Live);
    m_backup->setEnabled(source == Source::Backup);
    m_file->setEnabled(source == Source::File);
    m_browse->setEnabled(source == Source::File);
}

void ChainVerificationPage::setSource(Source source)
{
    m_sources->button(int(source))->setChecked(true);
    updateSourceFields();
}

void ChainVerificationPage::setLiveTenant(const QString &tenantId)
{
    const int index = m_tenant->findData(tenantId);
    if (index >= 0) {
        m_tenant->setCurrentIndex(index);
    } else if (!tenantId.isEmpty()) {
        m_tenant->addItem(tenantId, tenantId);
        m_tenant->setCurrentIndex(m_tenant->count() - 1);
    }
    m_pendingTenant = tenantId;
}

void ChainVerificationPage::setBackup(const QString &name)
{
    int index = m_backup->findData(name);
    if (index < 0) {
        m_backup->addItem(name, name);
        index = m_backup->count() - 1;
    }
    m_backup->setCurrentIndex(index);
    m_pendingBackup = name;
}

void ChainVerificationPage::setFile(const QString &path)
{
    m_file->setText(path);
}

void ChainVerificationPage::connectionChanged()
{
    cancelWork();
    m_loaded = false;
    m_tenant->clear();
    m_tenant->addItem(tr("All tenants"), QString());
    m_backup->clear();
    m_result->clear();
    m_message->clear();
    m_exportJson->setEnabled(false);
    m_exportPdf->setEnabled(false);
    if (isVisible())
        refresh();
}

void ChainVerificationPage::pageShown()
{
    if (!m_loaded)
        refresh();
}

void ChainVerificationPage::refresh()
{
    if (!session().isConfigured())
        return;
    m_loaded = true;
    loadTenants();
    loadBackups();
}

void ChainVerificationPage::loadTenants()
{
    GatewayReply *reply = session().get(QStringLiteral("/v1/tenants"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!reply->ok())
            return;
        const QString selected = m_pendingTenant.isEmpty() ? m_tenant->currentData().toString() : m_pendingTenant;
        m_tenant->clear();
        m_tenant->addItem(tr("All tenants"), QString());
        for (const QJsonValue &value : reply->json().array()) {
            const QString id = value.toObject().value(QStringLiteral("id")).toString();
            m_tenant->addItem(id, id);
        }
        setLiveTenant(selected);
    });
}

void ChainVerificationPage::loadBackups()
{
    GatewayReply *reply = session().get(QStringLiteral("/v1/admin/backups?limit=200"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!reply->ok())
            return;
        const QString selected = m_pendingBackup.isEmpty() ? m_backup->currentData().toString() : m_pendingBackup;
        m_backup->clear();
        for (const QJsonValue &value : reply->json().array()) {
            const QJsonObject backup = value.toObject();
            const QString name = backup.value(QStringLiteral("name")).toString();
            m_backup->addItem(tr("%1 — %2, %3")
                                  .arg(name, Format::localTime(backup.value(QStringLiteral("created_at")).toString()),
                                      Format::bytes(qint64(backup.value(QStringLiteral("size_bytes")).toDouble(-1)))),
                name);
        }
        if (!selected.isEmpty())
            setBackup(selected);
        Q_EMIT backupsLoaded();
    });
}

void ChainVerificationPage::handleRequest(const QVariantMap &request)
{
    const QString source = request.value(QStringLiteral("source")).toString();
    if (source == QLatin1String("backup")) {
        setSource(Source::Backup);
        setBackup(request.value(QStringLiteral("backup")).toString());
    } else if (source == QLatin1String("file")) {
        setSource(Source::File);
        setFile(request.value(QStringLiteral("path")).toString());
    } else {
        setSource(Source::Live);
        setLiveTenant(request.value(QStringLiteral("tenant")).toString());
    }
    if (request.value(QStringLiteral("start")).toBool() && !m_running)
        startVerification();
}

void ChainVerificationPage::setRunning(bool running)
{
    m_running = running;
    m_verify->setEnabled(!running);
    const bool haveResult = !running && m_result->run() != nullptr;
    m_exportJson->setEnabled(haveResult);
    m_exportPdf->setEnabled(haveResult);
    if (!running)
        m_progress->finish();
}

void ChainVerificationPage::startVerification()
{
    if (m_running)
        return;
    m_message->clear();
    const auto source = Source(m_sources->checkedId());
    if (source != Source::File && !session().isConfigured()) {
        m_message->showMessage(StatusColors::Status::Warning, tr("Connect to a gateway first, or verify a local file."));
        return;
    }
    switch (source) {
    case Source::Live:
        setRunning(true);
        m_result->showPending(m_tenant->currentData().toString().isEmpty()
                ? tr("every tenant's chain on the gateway")
                : tr("the chain of tenant %1").arg(m_tenant->currentData().toString()));
        m_pendingTenant.clear();
        m_live->start(m_tenant->currentData().toString());
        return;
    case Source::Backup: {
        const QString name = m_backup->currentData().toString();
        if (name.isEmpty()) {
            m_message->showMessage(StatusColors::Status::Warning,
                tr("There is no backup to verify. Take one on the Backups page first."));
            return;
        }
        setRunning(true);
        m_result->showPending(tr("backup %1").arg(name));
        m_pendingBackup.clear();
        m_backupCheck->start(name);
        return;
    }
    case Source::File: {
        const QString path = m_file->text().trimmed();
        if (path.isEmpty()) {
            m_message->showMessage(StatusColors::Status::Warning, tr("Choose a .db or .json file to verify."));
            m_file->setFocus();
            return;
        }
        setRunning(true);
        m_result->showPending(QFileInfo(path).fileName());
        m_fileProgress = std::make_shared<TaskProgress>();
        m_progress->follow(m_fileProgress, tr("Verifying %1…").arg(QFileInfo(path).fileName()));
        const QDateTime started = QDateTime::currentDateTimeUtc();
        TaskProgressPtr progress = m_fileProgress;
        BackgroundTask::run<LocalCheckOutcome>(this,
            [path, progress] { return LocalChainCheck::verifyFile(path, *progress); },
            [this, path, started](LocalCheckOutcome outcome) {
                auto run = std::make_shared<VerificationRun>();
                run->source = VerificationRun::Source::File;
                run->sourceLabel = tr("the file %1 (offline)").arg(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()));
                run->verifiedBy = tr("this console (the verifier of aegis-verify-receipts)");
                run->startedAt = started;
                run->finishedAt = QDateTime::currentDateTimeUtc();
                run->fileName = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
                run->adopt(std::move(outcome));
                onFinished(run);
            });
        return;
    }
    }
}

void ChainVerificationPage::onFinished(VerificationRunPtr run)
{
    m_fileProgress.reset();
    // The Backups page shows it too, after a restore as well (the gateway's
    // own record of it goes with its database).
    if (run->source == VerificationRun::Source::Backup && !run->backupCheck.isEmpty()) {
        const QJsonObject entry{{QStringLiteral("name"), run->fileName},
            {QStringLiteral("sha256"), run->manifestSha256}, {QStringLiteral("size_bytes"), run->fileSize}};
        if (const auto record = BackupVerificationStore::fromAnswer(run->backupCheck, entry, run->fileSha256))
            BackupVerificationStore(*context().settings).remember(*record);
    }
    // "Finished" once the operator can see it, table included.
    connect(m_result, &ChainResultView::runShown, this, [this, run] { Q_EMIT verificationFinished(run); },
        Qt::SingleShotConnection);
    m_result->showRun(run);
    setRunning(false);
}

void ChainVerificationPage::cancelWork()
{
    if (m_fileProgress)
        m_fileProgress->requestCancel();
    m_live->cancel();
    m_backupCheck->cancel();
}

bool ChainVerificationPage::exportJson(const QString &path, QString *error) const
{
    if (!m_result->run()) {
        *error = tr("There is no result to save yet.");
        return false;
    }
    return VerificationReportWriter::writeJson(*m_result->run(), path, error);
}

bool ChainVerificationPage::exportPdf(const QString &path, QString *error) const
{
    if (!m_result->run()) {
        *error = tr("There is no result to save yet.");
        return false;
    }
    return VerificationReportWriter::writePdf(*m_result->run(), path, error);
}

void ChainVerificationPage::exportTo(bool pdf)
{
    VerificationRunPtr run = m_result->run();
    if (!run)
        return;
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(QStringLiteral("aegis-verification-%1.%2")
                                                .arg(Timestamp::compact(run->finishedAt),
                                                    pdf ? QStringLiteral("pdf") : QStringLiteral("json")));
    const QString path = QFileDialog::getSaveFileName(this, pdf ? tr("Save PDF report") : tr("Save JSON result"),
        suggested, pdf ? tr("PDF (*.pdf)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    m_message->showMessage(StatusColors::Status::Neutral, tr("Saving %1…").arg(path));
    struct Written
    {
        bool ok = false;
        QString error;
    };
    BackgroundTask::run<Written>(this,
        [run, path, pdf] {
            Written written;
            written.ok = pdf ? VerificationReportWriter::writePdf(*run, path, &written.error)
                             : VerificationReportWriter::writeJson(*run, path, &written.error);
            return written;
        },
        [this, path](Written written) {
            if (written.ok)
                m_message->showMessage(StatusColors::Status::Good, tr("Saved %1.").arg(path));
            else
                m_message->showMessage(StatusColors::Status::Bad, written.error);
        });
}

} // namespace aegis::console
