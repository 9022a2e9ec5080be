#include "console/pages/BackupsPage.h"

#include "common/backup/BackupKind.h"
#include "common/client/GatewayReply.h"
#include "common/util/Timestamp.h"
#include "console/backup/BackupDownload.h"
#include "console/backup/TakeBackupDialog.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/navigation/PageId.h"
#include "console/pages/BackupAge.h"
#include "console/util/Format.h"
#include "console/verification/BackupCheckWords.h"
#include "console/widgets/DigestLabel.h"
#include "console/widgets/ElasticColumn.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/ProgressPanel.h"
#include "console/widgets/RecordTable.h"
#include "console/widgets/StatusBadge.h"

#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

qint64 ageSeconds(const QJsonObject &backup)
{
    const QDateTime created = Timestamp::parse(backup.value(QStringLiteral("created_at")).toString());
    return created.isValid() ? created.secsTo(QDateTime::currentDateTimeUtc()) : -1;
}

QString lastVerificationText(const QJsonObject &backup)
{
    const QJsonObject last = backup.value(QStringLiteral("last_verification")).toObject();
    if (last.isEmpty())
        return BackupsPage::tr("never");
    const QString when = Format::localTime(last.value(QStringLiteral("verified_at")).toString());
    return last.value(QStringLiteral("restorable")).toBool() ? BackupsPage::tr("✔ restorable (%1)").arg(when)
                                                              : BackupsPage::tr("✖ NOT restorable (%1)").arg(when);
}

QString kindText(BackupKind kind)
{
    switch (kind) {
    case BackupKind::Manual:
        return BackupsPage::tr("manual");
    case BackupKind::Automatic:
        return BackupsPage::tr("automatic");
    case BackupKind::PreRestore:
        return BackupsPage::tr("old database (set aside by a restore)");
    }
    return {};
}

// The backups newest first, then the old databases restores set aside: they
// are listed apart, below every backup.
QJsonArray backupsFirst(const QJsonArray &catalog)
{
    QJsonArray backups;
    QJsonArray setAside;
    for (const QJsonValue &entry : catalog)
        (BackupKinds::ofCatalogEntry(entry.toObject()) == BackupKind::PreRestore ? setAside : backups).append(entry);
    for (const QJsonValue &entry : std::as_const(setAside))
        backups.append(entry);
    return backups;
}

} // namespace

BackupsPage::BackupsPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_verifications(*context.settings)
    , m_download(new BackupDownload(session(), this))
{
    QLayout *toolbar = buildToolbar();
    m_model = buildModel(BackupAge::fromSettings(*context.settings));
    m_table = RecordTable::create(m_model, this);
    m_table->setObjectName(QStringLiteral("backupTable"));
    m_table->setAlternatingRowColors(true);
    // Long names (an archived old database's) would push the Kind column
    // behind a scrollbar at 1024 px: the name gives way instead.
    m_nameFit = ElasticColumn::install(m_table, 0);

    m_message = new MessagePanel(this);
    m_message->setObjectName(QStringLiteral("backupMessage"));
    m_progress = new ProgressPanel(this);
    buildDetail();

    // The catalog gets the full width (its columns are what an operator
    // scans); the selected backup's detail sits below it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connectControls();
    showSelected();
}

// The page's title and what can be done with the catalog.
QLayout *BackupsPage::buildToolbar()
{
    auto *title = new QLabel(tr("Backups"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);

    m_take = new QPushButton(tr("&Take backup…"), this);
    m_take->setObjectName(QStringLiteral("takeBackupButton"));
    m_take->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_take->setToolTip(tr("Take a backup now (Ctrl+B)"));
    m_verify = new QPushButton(tr("&Verify"), this);
    m_verify->setToolTip(tr("Ask the gateway to re-read this backup: is it restorable?"));
    m_verifyChain = new QPushButton(tr("Verify &chain in detail"), this);
    m_verifyChain->setToolTip(tr("Download a copy and show its receipt chains on the Chain verification page"));
    m_downloadButton = new QPushButton(tr("&Download…"), this);
    m_delete = new QPushButton(tr("De&lete…"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch(1);
    buttons->addWidget(m_take);
    buttons->addWidget(m_verify);
    buttons->addWidget(m_verifyChain);
    buttons->addWidget(m_downloadButton);
    buttons->addWidget(m_delete);
    return buttons;
}

// The catalog's columns; ages beyond the policy stand out.
JsonArrayModel *BackupsPage::buildModel(const BackupAge &policy)
{
    return new JsonArrayModel(
        {
            JsonColumn::field(tr("Name"), QStringLiteral("name")),
            JsonColumn::time(tr("Taken"), QStringLiteral("created_at")),
            {tr("Age"), [](const QJsonObject &b) { return Format::age(ageSeconds(b)); },
                [policy](const QJsonObject &b) -> std::optional<Status> {
                    const qint64 age = ageSeconds(b);
                    // An old database's age is not the backups' age.
                    if (age < 0 || BackupKinds::ofCatalogEntry(b) == BackupKind::PreRestore)
                        return std::nullopt;
                    const Status status = policy.status(age);
                    return status == Status::Good ? std::nullopt : std::optional<Status>(status);
                }},
            {tr("Size"), [](const QJsonObject &b) { return Format::bytes(qint64(b.value(QStringLiteral("size_bytes")).toDouble(-1))); }, {}},
            JsonColumn::field(tr("Schema"), QStringLiteral("schema_version")),
            {tr("Manifest"), [](const QJsonObject &b) { return b.value(QStringLiteral("has_manifest")).toBool() ? tr("yes") : tr("no"); },
                [](const QJsonObject &b) -> std::optional<Status> {
                    return b.value(QStringLiteral("has_manifest")).toBool() ? std::nullopt : std::optional<Status>(Status::Warning);
                }},
            {tr("Last verification"), [](const QJsonObject &b) { return lastVerificationText(b); },
                [](const QJsonObject &b) -> std::optional<Status> {
                    const QJsonObject last = b.value(QStringLiteral("last_verification")).toObject();
                    if (last.isEmpty())
                        return std::nullopt;
                    return last.value(QStringLiteral("restorable")).toBool() ? Status::Good : Status::Bad;
                }},
            {tr("Kind"), [](const QJsonObject &b) { return kindText(BackupKinds::ofCatalogEntry(b)); },
                [](const QJsonObject &b) -> std::optional<Status> {
                    // Not a backup of this database: never mistaken for one.
                    return BackupKinds::ofCatalogEntry(b) == BackupKind::PreRestore ? std::optional<Status>(Status::Warning)
                                                                                   : std::nullopt;
                }},
        },
        this);
}

void BackupsPage::buildDetail()
{
    m_detail = new InfoCard(tr("Selected backup"), this);
    m_detailName = m_detail->addRow(tr("Name:"));
    m_detailPath = m_detail->addRow(tr("On the gateway:"));
    m_detailSha = new DigestLabel(m_detail);
    m_detailSha->setObjectName(QStringLiteral("backupSha256"));
    m_detail->form()->addRow(tr("SHA-256:"), m_detailSha);
    m_detailContents = m_detail->addRow(tr("Contents:"));
    m_detailGateway = m_detail->addRow(tr("Made by:"));
    m_verifyBadge = m_detail->addBadgeRow(tr("Restorable:"), QStringLiteral("restorableBadge"));
    m_verifyChecks = m_detail->addRow(tr("Checks:"), QStringLiteral("verifyChecks"));
}

void BackupsPage::connectControls()
{
    connect(m_take, &QPushButton::clicked, this, &BackupsPage::openTakeBackup);
    connect(m_verify, &QPushButton::clicked, this, &BackupsPage::verifySelected);
    connect(m_verifyChain, &QPushButton::clicked, this, [this] {
        const QString name = selectedBackup().value(QStringLiteral("name")).toString();
        if (!name.isEmpty())
            this->context().openPage(PageId::Verification, {{QStringLiteral("source"), QStringLiteral("backup")},
                                                               {QStringLiteral("backup"), name},
                                                               {QStringLiteral("start"), true}});
    });
    connect(m_downloadButton, &QPushButton::clicked, this, [this] { downloadSelected(); });
    connect(m_delete, &QPushButton::clicked, this, &BackupsPage::deleteSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BackupsPage::showSelected);
    connect(m_progress, &ProgressPanel::cancelRequested, m_download, &BackupDownload::cancel);
    connect(m_download, &BackupDownload::progress, m_progress, &ProgressPanel::setValue);
    connect(m_download, &BackupDownload::finished, this, [this](bool ok, const QString &text, const QString &detail) {
        m_progress->finish();
        m_message->showMessage(ok ? Status::Good : Status::Bad, text, detail);
        updateButtons();
        Q_EMIT downloadFinished(ok);
    });
}

QString BackupsPage::apiPath(const QString &name, const QString &suffix) const
{
    return QStringLiteral("/v1/admin/backups/") + QString::fromLatin1(QUrl::toPercentEncoding(name)) + suffix;
}

void BackupsPage::connectionChanged()
{
    cancelWork();
    m_loaded = false;
    m_model->setRows({});
    m_message->clear();
    showSelected();
    if (isVisible())
        refresh();
}

void BackupsPage::pageShown()
{
    if (!m_loaded)
        refresh();
}

void BackupsPage::cancelWork()
{
    m_download->cancel();
}

void BackupsPage::refresh()
{
    if (!session().isConfigured())
        return;
    m_loaded = true;
    delete m_catalogReply;
    m_catalogReply = session().get(QStringLiteral("/v1/admin/backups?limit=200"), this);
    connect(m_catalogReply, &GatewayReply::finished, this, [this, reply = m_catalogReply.data()] {
        reply->deleteLater();
        onCatalog(*reply);
    });
}

void BackupsPage::onCatalog(GatewayReply &reply)
{
    if (!reply.ok()) {
        if (reply.failure() == GatewayReply::Failure::Cancelled)
            return;
        if (reply.status() == 404)
            m_message->showMessage(Status::Warning,
                tr("This gateway has no backup catalog (GET /v1/admin/backups is not there): it is older than "
                   "this console."),
                reply.detail());
        else
            m_message->showMessage(Status::Bad, tr("The backup catalog could not be loaded: %1").arg(reply.errorText()),
                reply.detail());
        return;
    }
    const QString selected = m_selectAfterLoad.isEmpty() ? selectedBackup().value(QStringLiteral("name")).toString()
                                                         : m_selectAfterLoad;
    m_selectAfterLoad.clear();
    // The gateway forgets its verifications when a restore puts an older
    // database in place; this console's records of them are merged in.
    const QJsonArray rows = backupsFirst(m_verifications.merged(reply.json().array()));
    m_model->setRows(rows);
    m_table->resizeColumnsToContents();
    m_nameFit->fit();
    if (rows.isEmpty() && m_message->text().isEmpty()) {
        m_message->showMessage(Status::Warning,
            tr("There is no backup yet. Take one now: it takes a moment and the gateway keeps serving."));
    }
    if (!selectBackup(selected) && !rows.isEmpty())
        m_table->selectRow(0);
    showSelected();
    Q_EMIT catalogLoaded();
}

bool BackupsPage::selectBackup(const QString &name)
{
    const int row = name.isEmpty() ? -1 : m_model->find(QStringLiteral("name"), name);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
    return true;
}

QJsonObject BackupsPage::selectedBackup() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->row(current.row()) : QJsonObject();
}

void BackupsPage::updateButtons()
{
    const bool selected = !selectedBackup().isEmpty();
    const bool connected = session().isConfigured();
    m_take->setEnabled(connected);
    m_verify->setEnabled(selected && !m_verifyReply);
    m_verifyChain->setEnabled(selected);
    m_downloadButton->setEnabled(selected && !m_download->isRunning());
    m_delete->setEnabled(selected);
}

void BackupsPage::showSelected()
{
    const QJsonObject backup = selectedBackup();
    updateButtons();
    m_detail->setVisible(!backup.isEmpty());
    if (backup.isEmpty())
        return;
    m_detailName->setText(backup.value(QStringLiteral("name")).toString());
    m_detailPath->setText(backup.value(QStringLiteral("path")).toString());
    const auto remembered = m_verifications.find(backup);
    m_detailSha->setDigests(remembered ? remembered->fileSha256 : QString(),
        backup.value(QStringLiteral("sha256")).toString());
    const QJsonObject counts = backup.value(QStringLiteral("counts")).toObject();
    QStringList contents;
    if (!counts.isEmpty()) {
        contents << tr("agents: %1, decisions: %2, receipts: %3")
                        .arg(Format::value(counts.value(QStringLiteral("agents"))),
                            Format::value(counts.value(QStringLiteral("decisions"))),
                            Format::value(counts.value(QStringLiteral("receipts"))));
    }
    const QJsonObject tenants = backup.value(QStringLiteral("tenants")).toObject();
    for (auto it = tenants.begin(); it != tenants.end(); ++it) {
        const QJsonObject tenant = it.value().toObject();
        const QJsonObject head = tenant.value(QStringLiteral("head")).toObject();
        contents << tr("tenant %1: %2 receipts, head seq %3 (%4)")
                        .arg(it.key(), Format::value(tenant.value(QStringLiteral("count"))),
                            Format::value(head.value(QStringLiteral("seq"))),
                            Format::shortHash(head.value(QStringLiteral("receipt_hash")).toString()));
    }
    if (!backup.value(QStringLiteral("has_manifest")).toBool())
        contents << tr("no manifest: this file was put there by hand, or its manifest was lost");
    m_detailContents->setText(contents.isEmpty() ? Format::unknown() : contents.join(QLatin1Char('\n')));
    m_detailGateway->setText(tr("aegis-gateway %1 (database schema %2)")
                                 .arg(Format::value(backup.value(QStringLiteral("gateway_version"))),
                                     Format::value(backup.value(QStringLiteral("schema_version")))));
    const QJsonObject last = backup.value(QStringLiteral("last_verification")).toObject();
    if (last.isEmpty()) {
        m_verifyBadge->setStatus(Status::Neutral, tr("not verified yet: press Verify"));
    } else {
        const bool restorable = last.value(QStringLiteral("restorable")).toBool();
        m_verifyBadge->setStatus(restorable ? Status::Good : Status::Bad,
            restorable ? tr("yes (verified %1)").arg(Format::localTime(last.value(QStringLiteral("verified_at")).toString()))
                       : tr("NO (verified %1)").arg(Format::localTime(last.value(QStringLiteral("verified_at")).toString())));
    }
    m_verifyChecks->setText(Format::unknown());
}

TakeBackupDialog *BackupsPage::openTakeBackup()
{
    if (!session().isConfigured())
        return nullptr;
    auto *dialog = new TakeBackupDialog(session(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TakeBackupDialog::backupTaken, this, [this](const QJsonObject &answer) {
        const QString name = answer.value(QStringLiteral("name")).toString(
            QFileInfo(answer.value(QStringLiteral("path")).toString()).fileName());
        m_message->showMessage(Status::Good,
            tr("Backup %1 taken: %2 in %3 s. Verify it to know that it can be restored.")
                .arg(name, Format::bytes(qint64(answer.value(QStringLiteral("size_bytes")).toDouble(-1))))
                .arg(answer.value(QStringLiteral("duration_ms")).toDouble() / 1000.0, 0, 'f', 1),
            tr("path     %1\nsha256   %2\nmanifest %3")
                .arg(answer.value(QStringLiteral("path")).toString(), answer.value(QStringLiteral("sha256")).toString(),
                    answer.value(QStringLiteral("manifest")).toString()));
        m_selectAfterLoad = name;
        refresh();
    });
    dialog->open();
    return dialog;
}

void BackupsPage::verifySelected()
{
    const QJsonObject entry = selectedBackup();
    const QString name = entry.value(QStringLiteral("name")).toString();
    if (name.isEmpty() || m_verifyReply)
        return;
    m_progress->busy(tr("The gateway is re-reading %1: checksum, integrity, schema, receipt chains…").arg(name));
    m_verifyBadge->setStatus(Status::Neutral, tr("verifying…"));
    m_verifyReply = session().post(apiPath(name, QStringLiteral("/verify")), QByteArrayLiteral("{}"), this);
    updateButtons();
    connect(m_verifyReply, &GatewayReply::finished, this, [this, reply = m_verifyReply.data(), name, entry] {
        reply->deleteLater();
        m_verifyReply = nullptr;
        m_progress->finish();
        updateButtons();
        if (!reply->ok()) {
            if (reply->failure() != GatewayReply::Failure::Cancelled)
                m_message->showMessage(Status::Bad, tr("%1 could not be verified: %2").arg(name, reply->errorText()),
                    reply->detail());
            showSelected();
            return;
        }
        const QJsonObject answer = reply->json().object();
        if (const auto record = BackupVerificationStore::fromAnswer(answer, entry))
            m_verifications.remember(*record);
        m_selectAfterLoad = name;
        refresh();
        // Shown once the catalog (with its new "last verification") is back.
        connect(this, &BackupsPage::catalogLoaded, this, [this, answer] { showVerification(answer); },
            Qt::SingleShotConnection);
        Q_EMIT verified(answer);
    });
}

void BackupsPage::showVerification(const QJsonObject &answer)
{
    const QString name = answer.value(QStringLiteral("name")).toString();
    const bool restorable = answer.value(QStringLiteral("restorable")).toBool();
    const QStringList lines = BackupCheckWords::lines(answer);
    if (selectedBackup().value(QStringLiteral("name")).toString() == name) {
        m_verifyBadge->setStatus(restorable ? Status::Good : Status::Bad,
            restorable ? tr("YES: this backup can be restored") : tr("NO: do not restore this backup"));
        m_verifyChecks->setText(lines.join(QLatin1Char('\n')));
    }
    m_message->showMessage(restorable ? Status::Good : Status::Bad,
        restorable ? tr("%1 is restorable: every check passed.").arg(name)
                   : tr("%1 is NOT restorable. See the checks beside the list.").arg(name),
        QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Indented)));
}

void BackupsPage::downloadSelected(const QString &folder)
{
    const QJsonObject backup = selectedBackup();
    if (backup.isEmpty() || m_download->isRunning())
        return;
    QString target = folder;
    if (target.isEmpty()) {
        const QString start = context().settings->value(QStringLiteral("backups/downloadFolder"),
            QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)).toString();
        target = QFileDialog::getExistingDirectory(this, tr("Download %1 to").arg(backup.value(QStringLiteral("name")).toString()), start);
        if (target.isEmpty())
            return;
        context().settings->setValue(QStringLiteral("backups/downloadFolder"), target);
    }
    const QString name = backup.value(QStringLiteral("name")).toString();
    const QString path = QDir(target).filePath(name);
    if (QFileInfo::exists(path)) {
        const auto answer = QMessageBox::question(this, tr("Replace the file?"),
            tr("%1 already exists. Replace it with the backup from the gateway?").arg(path),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    m_message->clear();
    m_progress->busy(tr("Downloading %1…").arg(name));
    m_progress->setText(tr("Downloading %1 to %2…").arg(name, target));
    m_download->start(backup, target);
    updateButtons();
}

void BackupsPage::deleteSelected()
{
    const QJsonObject backup = selectedBackup();
    const QString name = backup.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return;
    QMessageBox confirm(QMessageBox::Warning, tr("Delete backup"),
        tr("Delete the backup %1 from the gateway?").arg(name), QMessageBox::NoButton, this);
    confirm.setInformativeText(tr("The file and its manifest are removed from the gateway's backup directory. "
                                  "This cannot be undone."));
    QPushButton *remove = confirm.addButton(tr("&Delete backup"), QMessageBox::DestructiveRole);
    QPushButton *keep = confirm.addButton(tr("&Keep it"), QMessageBox::RejectRole);
    confirm.setDefaultButton(keep);
    confirm.setEscapeButton(keep);
    confirm.setObjectName(QStringLiteral("deleteConfirmation"));
    confirm.exec();
    if (confirm.clickedButton() != remove)
        return;
    GatewayReply *reply = session().deleteResource(apiPath(name), this);
    connect(reply, &GatewayReply::finished, this, [this, reply, name] {
        reply->deleteLater();
        if (!reply->ok()) {
            if (reply->failure() != GatewayReply::Failure::Cancelled)
                m_message->showMessage(Status::Bad, tr("%1 was not deleted: %2").arg(name, reply->errorText()),
                    reply->detail());
            return;
        }
        m_message->showMessage(Status::Good, tr("Backup %1 and its manifest were deleted.").arg(name));
        refresh();
        Q_EMIT deleted(name);
    });
}

} // namespace aegis::console
