#include "console/restore/ChooseBackupPage.h"

#include "common/backup/LocalBackupCatalog.h"
#include "common/client/GatewayReply.h"
#include "common/util/Timestamp.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/RestoreWizard.h"
#include "console/util/BackgroundTask.h"
#include "console/util/Format.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QButtonGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

qint64 ageSeconds(const QJsonObject &backup)
{
    const QDateTime created = Timestamp::parse(backup.value(QStringLiteral("created_at")).toString());
    return created.isValid() ? created.secsTo(QDateTime::currentDateTimeUtc()) : -1;
}

} // namespace

QString ChooseBackupPage::catalogSourceText()
{
    return tr("From the gateway's backup &catalog");
}

ChooseBackupPage::ChooseBackupPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setObjectName(QStringLiteral("chooseBackupPage"));
    setTitle(tr("Choose the backup to restore"));
    setSubTitle(tr("Nothing is changed until you confirm on a later page. The database in use now is never deleted: "
                   "it is kept beside the restored one."));

    m_targetCard = new InfoCard(tr("The restore goes into"), this);
    m_database = m_targetCard->addRow(tr("Database:"), QStringLiteral("targetDatabase"));
    m_gateway = m_targetCard->addRow(tr("Gateway:"));
    m_service = m_targetCard->addRow(tr("Stopped and started by:"));
    m_problem = new MessagePanel(this);
    m_problem->setObjectName(QStringLiteral("targetProblem"));
    QPushButton *edit = m_problem->addAction(tr("&Edit connection…"));
    edit->setObjectName(QStringLiteral("editConnectionButton"));
    connect(edit, &QPushButton::clicked, m_wizard, [this] {
        // The connection dialog belongs to the main window: this wizard
        // closes, and opens again from the Restore page once it is fixed.
        m_wizard->QWizard::reject();
        Q_EMIT m_wizard->editConnectionRequested();
    });

    m_catalogRadio = new QRadioButton(catalogSourceText(), this);
    m_catalogRadio->setObjectName(QStringLiteral("catalogSource"));
    m_fileRadio = new QRadioButton(tr("A backup &file on this computer"), this);
    m_fileRadio->setObjectName(QStringLiteral("fileSource"));
    auto *sources = new QButtonGroup(this);
    sources->addButton(m_catalogRadio);
    sources->addButton(m_fileRadio);
    m_catalogRadio->setChecked(true);

    m_model = new JsonArrayModel(
        {
            // An archived pre-restore database can be restored, but it is
            // not a backup anyone took: say so where the choice is made.
            {tr("Name"), [](const QJsonObject &b) {
                 const QString name = b.value(QStringLiteral("name")).toString();
                 return b.value(QStringLiteral("kind")).toString() == QLatin1String("pre-restore")
                     ? ChooseBackupPage::tr("%1 (old database set aside by a restore)").arg(name)
                     : name;
             },
                [](const QJsonObject &b) -> std::optional<Status> {
                    return b.value(QStringLiteral("kind")).toString() == QLatin1String("pre-restore")
                        ? std::optional<Status>(Status::Warning)
                        : std::nullopt;
                }},
            JsonColumn::time(tr("Taken"), QStringLiteral("created_at")),
            {tr("Age"), [](const QJsonObject &b) { return Format::age(ageSeconds(b)); }, {}},
            {tr("Size"), [](const QJsonObject &b) { return Format::bytes(qint64(b.value(QStringLiteral("size_bytes")).toDouble(-1))); }, {}},
            {tr("Manifest"), [](const QJsonObject &b) { return b.value(QStringLiteral("has_manifest")).toBool() ? tr("yes") : tr("no"); },
                [](const QJsonObject &b) -> std::optional<Status> {
                    return b.value(QStringLiteral("has_manifest")).toBool() ? std::nullopt : std::optional<Status>(Status::Warning);
                }},
            {tr("Last verification"), [](const QJsonObject &b) {
                 const QJsonObject last = b.value(QStringLiteral("last_verification")).toObject();
                 // Read from the directory: what the gateway recorded is not known.
                 if (b.value(QStringLiteral("source")).toString() == QLatin1String("local"))
                     return Format::unknown();
                 if (last.isEmpty())
                     return tr("never");
                 return last.value(QStringLiteral("restorable")).toBool() ? tr("✔ restorable") : tr("✖ NOT restorable");
             },
                [](const QJsonObject &b) -> std::optional<Status> {
                    const QJsonObject last = b.value(QStringLiteral("last_verification")).toObject();
                    if (last.isEmpty())
                        return std::nullopt;
                    return last.value(QStringLiteral("restorable")).toBool() ? Status::Good : Status::Bad;
                }},
        },
        this);
    m_table = RecordTable::create(m_model, this);
    m_table->setObjectName(QStringLiteral("restoreCatalog"));
    m_table->setAlternatingRowColors(true);
    m_table->setAccessibleName(tr("Backups in the gateway's catalog"));
    m_catalogMessage = new MessagePanel(this);
    m_reload = new QPushButton(tr("Re&load"), this);
    m_reload->setToolTip(tr("Load the catalog again"));

    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("backupFile"));
    m_file->setPlaceholderText(tr("/var/lib/aegis/backups/aegis-20261126T093000Z.db"));
    m_file->setAccessibleName(tr("Backup file"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_manifestLabel = new QLabel(this);
    m_manifestLabel->setObjectName(QStringLiteral("manifestNote"));
    m_manifestLabel->setWordWrap(true);

    auto *catalogHeader = new QHBoxLayout;
    catalogHeader->addWidget(m_catalogRadio);
    catalogHeader->addStretch(1);
    catalogHeader->addWidget(m_reload);
    auto *fileRow = new QHBoxLayout;
    fileRow->setContentsMargins(24, 0, 0, 0);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    auto *catalogBox = new QVBoxLayout;
    catalogBox->setContentsMargins(24, 0, 0, 0);
    catalogBox->addWidget(m_catalogMessage);
    catalogBox->addWidget(m_table, 1);
    auto *manifestRow = new QHBoxLayout;
    manifestRow->setContentsMargins(24, 0, 0, 0);
    manifestRow->addWidget(m_manifestLabel);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_targetCard);
    layout->addWidget(m_problem);
    layout->addSpacing(6);
    layout->addLayout(catalogHeader);
    layout->addLayout(catalogBox, 1);
    layout->addWidget(m_fileRadio);
    layout->addLayout(fileRow);
    layout->addLayout(manifestRow);

    connect(m_catalogRadio, &QRadioButton::toggled, this, &ChooseBackupPage::updateSources);
    connect(m_reload, &QPushButton::clicked, this, &ChooseBackupPage::loadCatalog);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ChooseBackupPage::completeChanged);
    connect(m_table, &QTableView::doubleClicked, m_wizard, &QWizard::next);
    connect(m_file, &QLineEdit::textChanged, this, [this] {
        updateFileNote();
        Q_EMIT completeChanged();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString start = m_file->text().isEmpty() ? m_wizard->target().backupDirectory : m_file->text();
        const QString file = QFileDialog::getOpenFileName(this, tr("Backup file"), start,
            tr("Aegis backups (*.db);;All files (*)"));
        if (!file.isEmpty())
            useFile(file);
    });
    updateSources();
}

void ChooseBackupPage::initializePage()
{
    showTarget();
    if (!m_loaded)
        loadCatalog();
    else if (!m_preselect.isEmpty())
        selectBackup(m_preselect);
}

void ChooseBackupPage::showTarget()
{
    const RestoreTarget &target = m_wizard->target();
    m_database->setText(target.databasePath.isEmpty() ? tr("(not set)") : target.databasePath);
    m_gateway->setText(target.gatewayUrl());
    m_service->setText(target.service.describe());
    const QStringList problems = target.problems();
    if (problems.isEmpty()) {
        m_problem->clear();
    } else {
        m_problem->showMessage(Status::Bad,
            tr("This connection cannot restore yet. %1 Add it under Edit connection, then open the restore again.")
                .arg(problems.join(QLatin1Char(' '))));
    }
    Q_EMIT completeChanged();
}

void ChooseBackupPage::loadCatalog()
{
    if (!m_wizard->session().isConfigured()) {
        m_catalogMessage->showMessage(Status::Warning, tr("Not connected to a gateway: choose a backup file instead."));
        return;
    }
    delete m_reply;
    m_catalogMessage->showMessage(Status::Neutral, tr("Loading the gateway's backup catalog…"));
    m_reply = m_wizard->session().get(QStringLiteral("/v1/admin/backups?limit=200"), this);
    connect(m_reply, &GatewayReply::finished, this, [this, reply = m_reply.data()] {
        reply->deleteLater();
        m_loaded = true;
        if (!reply->ok()) {
            if (reply->failure() == GatewayReply::Failure::Cancelled)
                return;
            if (!m_wizard->target().backupDirectory.isEmpty()) {
                listLocally(reply->errorText(), reply->detail());
                return;
            }
            m_catalogMessage->showMessage(Status::Bad,
                tr("The backup catalog could not be loaded: %1 You can still choose a backup file.").arg(reply->errorText()),
                reply->detail());
            Q_EMIT catalogFinished();
            return;
        }
        m_catalogRadio->setText(catalogSourceText());
        showRows(reply->json().array());
        if (!reply->json().array().isEmpty())
            m_catalogMessage->clear();
        Q_EMIT catalogFinished();
    });
}

void ChooseBackupPage::listLocally(const QString &why, const QString &detail)
{
    // The gateway cannot list its backups (it is down, at 3 a.m. the usual
    // reason to restore), but this computer can read the directory: the
    // same rows, from the files and their manifests.
    const QString directory = m_wizard->target().backupDirectory;
    m_catalogRadio->setText(tr("From the backup &catalog, read from the backup directory"));
    m_catalogMessage->showMessage(Status::Neutral, tr("Reading the backup directory %1…").arg(directory));
    BackgroundTask::run<QJsonArray>(this, [directory] { return LocalBackupCatalog::list(directory); },
        [this, why, detail, directory](QJsonArray rows) {
            showRows(rows);
            if (rows.isEmpty()) {
                m_catalogMessage->showMessage(Status::Warning,
                    tr("%1 The backup directory %2 holds no backup this computer can read: choose a backup file "
                       "instead.").arg(why, directory),
                    detail);
            } else {
                m_catalogMessage->showMessage(Status::Warning,
                    tr("%1 The backups below were read from %2 on this computer, with the manifest beside each "
                       "(the checks compare the backup with it); what the gateway recorded about them, such as "
                       "verification results, is not known.").arg(why, directory),
                    detail);
            }
            Q_EMIT catalogFinished();
        });
}

void ChooseBackupPage::showRows(const QJsonArray &rows)
{
    m_model->setRows(rows);
    m_table->resizeColumnsToContents();
    if (rows.isEmpty())
        m_catalogMessage->showMessage(Status::Warning, tr("The gateway has no backup yet. Choose a backup file instead."));
    if (!m_preselect.isEmpty())
        selectBackup(m_preselect);
    else if (!rows.isEmpty() && !m_table->selectionModel()->hasSelection())
        m_table->selectRow(0);
    Q_EMIT completeChanged();
}

void ChooseBackupPage::useCatalog()
{
    m_catalogRadio->setChecked(true);
}

bool ChooseBackupPage::selectBackup(const QString &name)
{
    const int row = m_model->find(QStringLiteral("name"), name);
    if (row < 0)
        return false;
    m_catalogRadio->setChecked(true);
    m_table->selectRow(row);
    m_preselect.clear();
    return true;
}

void ChooseBackupPage::useFile(const QString &path)
{
    m_fileRadio->setChecked(true);
    m_file->setText(path);
}

void ChooseBackupPage::updateSources()
{
    const bool catalog = m_catalogRadio->isChecked();
    m_table->setEnabled(catalog);
    m_reload->setEnabled(catalog);
    m_file->setEnabled(!catalog);
    m_browse->setEnabled(!catalog);
    updateFileNote();
    Q_EMIT completeChanged();
}

void ChooseBackupPage::updateFileNote()
{
    const QString path = m_file->text().trimmed();
    if (m_catalogRadio->isChecked() || path.isEmpty()) {
        m_manifestLabel->clear();
        return;
    }
    const QFileInfo info(path);
    if (!info.isFile()) {
        m_manifestLabel->setText(tr("There is no file at this path."));
        return;
    }
    const QString manifest = info.absoluteFilePath() + QStringLiteral(".manifest.json");
    if (QFileInfo::exists(manifest)) {
        m_manifestLabel->setText(tr("✔ Its manifest is beside it (%1): the backup is checked against the record made "
                                    "when it was taken.")
                                     .arg(QFileInfo(manifest).fileName()));
    } else {
        m_manifestLabel->setText(tr("⚠ No manifest beside it (%1 is missing): its contents cannot be compared with a "
                                    "record made when it was taken. You will be asked to go on knowingly.")
                                     .arg(QFileInfo(manifest).fileName()));
    }
}

bool ChooseBackupPage::isComplete() const
{
    if (!m_wizard->target().isUsable())
        return false;
    if (m_catalogRadio->isChecked())
        return m_table->selectionModel()->hasSelection();
    return QFileInfo(m_file->text().trimmed()).isFile();
}

bool ChooseBackupPage::validatePage()
{
    BackupChoice choice;
    if (m_catalogRadio->isChecked()) {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return false;
        choice.source = BackupChoice::Source::Catalog;
        choice.entry = m_model->row(rows.first().row());
    } else {
        choice.source = BackupChoice::Source::File;
        choice.filePath = QFileInfo(m_file->text().trimmed()).absoluteFilePath();
    }
    m_wizard->state().choice = choice;
    return true;
}

} // namespace aegis::console
