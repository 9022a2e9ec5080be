#include "console/pages/OverviewPage.h"

#include "common/backup/BackupKind.h"
#include "common/client/GatewayReply.h"
#include "common/drill/DrillHistory.h"
#include "common/util/Timestamp.h"
#include "console/connection/GatewaySession.h"
#include "console/drill/DrillHistoryLocation.h"
#include "console/drill/LastDrill.h"
#include "console/navigation/PageId.h"
#include "console/pages/BackupAge.h"
#include "console/util/Format.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"

#include <QApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

QString count(const QJsonValue &value)
{
    if (!value.isDouble())
        return Format::unknown();
    return QLocale().toString(qint64(value.toDouble()));
}

} // namespace

OverviewPage::OverviewPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_updated(new QLabel(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
{
    auto *title = new QLabel(tr("Overview"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);
    m_refresh->setToolTip(tr("Refresh now (F5)"));
    connect(m_refresh, &QPushButton::clicked, this, &OverviewPage::refresh);
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_updated);
    header->addWidget(m_refresh);

    m_staleNotice = new MessagePanel(this);
    m_staleNotice->setObjectName(QStringLiteral("staleNotice"));

    auto *gateway = new InfoCard(tr("Gateway"), this);
    m_health = gateway->addBadgeRow(tr("Health:"), QStringLiteral("healthBadge"));
    m_database = gateway->addRow(tr("Database:"));
    m_version = gateway->addRow(tr("Version:"), QStringLiteral("versionValue"));
    m_schema = gateway->addRow(tr("Schema version:"), QStringLiteral("schemaValue"));

    auto *ready = new InfoCard(tr("Readiness"), this);
    m_ready = ready->addBadgeRow(tr("Ready:"), QStringLiteral("readyBadge"));
    m_checkDatabase = ready->addBadgeRow(tr("Database:"), QStringLiteral("checkDatabase"));
    m_checkMigrations = ready->addBadgeRow(tr("Migrations:"), QStringLiteral("checkMigrations"));
    m_checkWritable = ready->addBadgeRow(tr("Writable:"), QStringLiteral("checkWritable"));
    m_checkWorkers = ready->addBadgeRow(tr("Workers:"), QStringLiteral("checkWorkers"));
    m_checkRunning = ready->addBadgeRow(tr("Running:"), QStringLiteral("checkRunning"));
    for (StatusBadge *check : {m_checkDatabase, m_checkMigrations, m_checkWritable, m_checkWorkers, m_checkRunning})
        check->setPlain(true);

    auto *evidence = new InfoCard(tr("Evidence"), this);
    m_tenants = evidence->addRow(tr("Tenants:"), QStringLiteral("tenantsValue"));
    m_agents = evidence->addRow(tr("Agents:"), QStringLiteral("agentsValue"));
    m_decisions = evidence->addRow(tr("Decisions:"), QStringLiteral("decisionsValue"));
    m_receipts = evidence->addRow(tr("Receipts:"), QStringLiteral("receiptsValue"));
    m_newestDecision = evidence->addRow(tr("Newest decision:"), QStringLiteral("newestDecisionValue"));

    auto *backup = new InfoCard(tr("Newest backup"), this);
    m_backupAge = backup->addBadgeRow(tr("Age:"), QStringLiteral("backupAgeBadge"));
    m_backupName = backup->addRow(tr("Name:"), QStringLiteral("backupName"));
    m_backupTime = backup->addRow(tr("Taken:"));
    m_backupSize = backup->addRow(tr("Size:"));
    // Next to the newest backup: has anyone proven lately that it restores?
    m_lastDrill = backup->addBadgeRow(tr("Last drill:"), QStringLiteral("lastDrillBadge"));
    auto *goBackups = new QPushButton(tr("Go to &backups"), backup);
    connect(goBackups, &QPushButton::clicked, this, [this] { this->context().openPage(PageId::Backups, {}); });
    backup->addWidgetRow(goBackups);

    auto *verification = new InfoCard(tr("Last chain verification"), this);
    m_verification = verification->addBadgeRow(tr("Result:"), QStringLiteral("verificationBadge"));
    m_verificationTime = verification->addRow(tr("Finished:"));
    m_verificationScope = verification->addRow(tr("Scope:"));
    auto *verifyNow = new QPushButton(tr("&Verify the live chains now"), verification);
    connect(verifyNow, &QPushButton::clicked, this, [this] {
        this->context().openPage(PageId::Verification, {{QStringLiteral("source"), QStringLiteral("live")},
                                                            {QStringLiteral("start"), true}});
    });
    verification->addWidgetRow(verifyNow);

    auto *chains = new InfoCard(tr("Receipt chains"), this);
    m_chains = new QTableWidget(0, 4, chains);
    m_chains->setObjectName(QStringLiteral("chainsTable"));
    m_chains->setHorizontalHeaderLabels({tr("Tenant"), tr("Receipts"), tr("Head seq"), tr("Head hash")});
    m_chains->verticalHeader()->setVisible(false);
    m_chains->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_chains->horizontalHeader()->setStretchLastSection(true);
    m_chains->setMinimumHeight(fontMetrics().lineSpacing() * 5);
    chains->addWidgetRow(m_chains);

    auto *grid = new QGridLayout;
    grid->addWidget(gateway, 0, 0);
    grid->addWidget(ready, 0, 1);
    grid->addWidget(evidence, 1, 0);
    grid->addWidget(backup, 1, 1);
    grid->addWidget(verification, 2, 0);
    grid->addWidget(chains, 2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addLayout(grid);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_staleNotice);
    layout->addWidget(scroll, 1);

    // What only the gateway's answers say: greyed when it stops answering.
    // Health (it says "unreachable" itself), readiness (cleared) and the
    // last drill (read here) stay as they are.
    m_fromGateway = {m_version, m_schema, m_tenants, m_agents, m_decisions, m_receipts, m_newestDecision,
        m_backupAge, m_backupName, m_backupTime, m_backupSize, m_verification, m_verificationTime,
        m_verificationScope, m_chains};

    const int seconds = context.settings->value(QStringLiteral("overview/refreshSeconds"), 15).toInt();
    m_timer.setInterval(qMax(1, seconds) * 1000);
    connect(&m_timer, &QTimer::timeout, this, &OverviewPage::refresh);
    clearValues();
}

void OverviewPage::connectionChanged()
{
    ++m_generation;
    m_pending = 0;
    clearValues();
    m_lastSuccess = QDateTime();
    m_summaryAt = QDateTime();
    showStale(false);
    m_timer.start();
    refresh();
}

void OverviewPage::cancelWork()
{
    m_timer.stop();
}

void OverviewPage::clearValues()
{
    m_health->setStatus(Status::Neutral, tr("Not checked yet"));
    m_ready->setStatus(Status::Neutral, tr("Not checked yet"));
    m_backupAge->setStatus(Status::Neutral, Format::unknown());
    m_verification->setStatus(Status::Neutral, Format::unknown());
    m_lastDrill->setStatus(Status::Neutral, Format::unknown());
    for (StatusBadge *check : {m_checkDatabase, m_checkMigrations, m_checkWritable, m_checkWorkers, m_checkRunning})
        check->setStatus(Status::Neutral, Format::unknown());
    for (QLabel *label : {m_database, m_version, m_schema, m_tenants, m_agents, m_decisions,
             m_receipts, m_newestDecision, m_backupName, m_backupTime, m_backupSize, m_verificationTime,
             m_verificationScope})
        label->setText(Format::unknown());
    m_chains->setRowCount(0);
    m_updated->setText(session().isConfigured() ? tr("Loading…") : tr("Not connected"));
}

void OverviewPage::refresh()
{
    if (!session().isConfigured())
        return;
    showLastDrill();
    if (m_pending > 0)
        return;
    m_anySuccess = false;
    m_summaryFresh = false;
    m_refresh->setEnabled(false);
    request(QStringLiteral("/health"), &OverviewPage::onHealth);
    request(QStringLiteral("/readyz"), &OverviewPage::onReady);
    request(QStringLiteral("/v1/version"), &OverviewPage::onVersion);
    request(QStringLiteral("/v1/admin/summary"), &OverviewPage::onSummary);
}

void OverviewPage::showLastDrill()
{
    // The history is a local directory of small reports: read at once.
    const QList<DrillHistory::Entry> history = DrillHistory(DrillHistoryLocation::forProfile(session().profile())).load();
    std::optional<DrillReport> last;
    if (!history.isEmpty())
        last = history.first().report;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_lastDrill->setStatus(LastDrill::status(last, now), LastDrill::describe(last, now));
}

void OverviewPage::request(const QString &path, void (OverviewPage::*handler)(GatewayReply &))
{
    ++m_pending;
    GatewayReply *reply = session().get(path, this);
    connect(reply, &GatewayReply::finished, this, [this, reply, handler, generation = m_generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        (this->*handler)(*reply);
        finishOne();
    });
}

void OverviewPage::finishOne()
{
    if (--m_pending > 0)
        return;
    m_refresh->setEnabled(true);
    const QString interval = tr("refreshes every %n s", nullptr, m_timer.interval() / 1000);
    if (m_anySuccess) {
        m_lastSuccess = QDateTime::currentDateTime();
        m_updated->setText(tr("Updated %1 · %2").arg(m_lastSuccess.toString(QStringLiteral("HH:mm:ss")), interval));
    } else if (m_lastSuccess.isValid()) {
        m_updated->setText(tr("No answer · last good data from %1 · %2")
                               .arg(m_lastSuccess.toString(QStringLiteral("HH:mm:ss")), interval));
    } else {
        m_updated->setText(tr("No answer from the gateway · %1").arg(interval));
    }
    showStale(!m_summaryFresh && m_summaryAt.isValid());
    Q_EMIT refreshed();
}

void OverviewPage::onHealth(GatewayReply &reply)
{
    const QJsonObject body = reply.json().object();
    if (reply.status() == 0) {
        QString why;
        switch (reply.failure()) {
        case GatewayReply::Failure::Refused:
            why = tr("connection refused");
            break;
        case GatewayReply::Failure::Timeout:
            why = tr("no answer in time");
            break;
        case GatewayReply::Failure::HostNotFound:
            why = tr("host not found");
            break;
        case GatewayReply::Failure::Tls:
            why = tr("TLS failure");
            break;
        default:
            why = tr("network error");
            break;
        }
        m_health->setStatus(Status::Bad, tr("Unreachable (%1)").arg(why));
        m_health->setToolTip(reply.errorText() + QLatin1Char('\n') + reply.detail());
        m_database->setText(Format::unknown());
        return;
    }
    m_anySuccess = true;
    const bool healthy = body.value(QStringLiteral("status")).toString() == QLatin1String("healthy");
    m_health->setStatus(healthy ? Status::Good : Status::Bad, healthy ? tr("Healthy") : tr("Unhealthy"));
    m_health->setToolTip(QString());
    const QString db = body.value(QStringLiteral("db")).toString();
    m_database->setText(db == QLatin1String("up") ? tr("up") : tr("down: the database cannot be read"));
    if (m_version->text() == Format::unknown())
        m_version->setText(body.value(QStringLiteral("version")).toString());
}

void OverviewPage::onReady(GatewayReply &reply)
{
    const QJsonObject body = reply.json().object();
    if (reply.status() == 0 || body.isEmpty()) {
        m_ready->setStatus(Status::Bad, reply.status() == 0 ? tr("Unknown: no answer") : tr("Unknown"));
        for (StatusBadge *check : {m_checkDatabase, m_checkMigrations, m_checkWritable, m_checkWorkers, m_checkRunning})
            check->setStatus(Status::Neutral, Format::unknown());
        return;
    }
    const bool ready = body.value(QStringLiteral("status")).toString() == QLatin1String("ready");
    m_ready->setStatus(ready ? Status::Good : Status::Bad, ready ? tr("Ready") : tr("Not ready"));
    const QJsonObject reasons = body.value(QStringLiteral("reasons")).toObject();
    const QJsonArray failingList = body.value(QStringLiteral("failing")).toArray();
    // Each check in its own row: ✔ and what it found, or ✖ and the
    // gateway's reason, in the failure colour.
    auto show = [&](StatusBadge *check, const QString &name, bool ok, const QString &okText) {
        const bool failing = !ok || failingList.contains(QJsonValue(name));
        check->setStatus(failing ? Status::Bad : Status::Good,
            failing ? reasons.value(name).toString(tr("failing")) : okText);
    };
    show(m_checkDatabase, QStringLiteral("db"), body.value(QStringLiteral("db")).toString() == QLatin1String("up"), tr("up"));
    show(m_checkMigrations, QStringLiteral("migrations"), true, body.value(QStringLiteral("migrations")).toString());
    show(m_checkWritable, QStringLiteral("writable"), true, tr("yes"));
    if (body.contains(QStringLiteral("workers")))
        show(m_checkWorkers, QStringLiteral("workers"), true, tr("running"));
    show(m_checkRunning, QStringLiteral("shutting_down"), true, tr("yes, not shutting down"));
    const QJsonValue schema = body.value(QStringLiteral("schema_version"));
    if (schema.isDouble())
        m_schema->setText(tr("%1 (database)").arg(schema.toInt()));
}

void OverviewPage::onVersion(GatewayReply &reply)
{
    if (!reply.ok())
        return;
    const QJsonObject body = reply.json().object();
    m_version->setText(body.value(QStringLiteral("version")).toString());
    const int binarySchema = body.value(QStringLiteral("schema_version")).toInt();
    const QString current = m_schema->text();
    if (current == Format::unknown())
        m_schema->setText(tr("%1 (gateway)").arg(binarySchema));
    else if (!current.contains(QLatin1String("gateway")))
        m_schema->setText(tr("%1, gateway serves %2").arg(current).arg(binarySchema));
}

void OverviewPage::onSummary(GatewayReply &reply)
{
    if (reply.status() == 0)
        return; // no answer: what it said last stays, greyed (showStale)
    if (!reply.ok()) {
        // An older gateway without /v1/admin/summary: counts stay "—" and
        // the newest backup comes from the catalog.
        const QString why = reply.status() == 404 ? tr("This gateway does not report counts (no /v1/admin/summary).")
                                                  : reply.errorText();
        for (QLabel *label : {m_tenants, m_agents, m_decisions, m_receipts}) {
            label->setText(Format::unknown());
            label->setToolTip(why);
        }
        if (reply.status() == 404) {
            request(QStringLiteral("/v1/admin/backups"), &OverviewPage::onBackups);
        }
        return;
    }
    m_anySuccess = true;
    m_summaryFresh = true;
    m_summaryAt = QDateTime::currentDateTimeUtc();
    const QJsonObject body = reply.json().object();
    m_tenants->setText(count(body.value(QStringLiteral("tenants"))));
    m_agents->setText(count(body.value(QStringLiteral("agents"))));
    m_decisions->setText(count(body.value(QStringLiteral("decisions"))));
    m_receipts->setText(count(body.value(QStringLiteral("receipts"))));
    for (QLabel *label : {m_tenants, m_agents, m_decisions, m_receipts})
        label->setToolTip(QString());
    const QString newest = body.value(QStringLiteral("newest_decision_at")).toString();
    m_newestDecision->setText(newest.isEmpty()
            ? tr("none yet")
            : Format::timeAndAge(newest, QDateTime::currentDateTimeUtc()));
    m_newestDecision->setToolTip(newest.isEmpty() ? QString() : Format::utcTime(newest));
    showNewestBackup(body.value(QStringLiteral("last_backup")).toObject());
    showLastVerification(body.value(QStringLiteral("last_chain_verification")));
    showChains(body.value(QStringLiteral("chains")).toObject());
}

void OverviewPage::showStale(bool stale)
{
    for (QWidget *value : std::as_const(m_fromGateway))
        value->setEnabled(!stale);
    if (!stale) {
        m_staleNotice->clear();
        return;
    }
    m_staleNotice->showMessage(Status::Warning,
        tr("Not current: the gateway has not answered since %1. The values in grey are what it said then; the "
           "newest backup, the last verification and the counts may have changed since.")
            .arg(Format::localTime(m_summaryAt)));
}

void OverviewPage::onBackups(GatewayReply &reply)
{
    if (!reply.ok())
        return;
    // An older gateway's stand-in for the summary: as fresh as it.
    m_summaryFresh = true;
    m_summaryAt = QDateTime::currentDateTimeUtc();
    // The old databases restores set aside are in the catalog too: not backups.
    showNewestBackup(BackupKinds::newestBackup(reply.json().array()));
}

void OverviewPage::showNewestBackup(const QJsonObject &backup)
{
    if (backup.isEmpty()) {
        m_backupAge->setStatus(Status::Bad, tr("No backup yet: take one now"));
        m_backupName->setText(tr("none"));
        m_backupTime->setText(Format::unknown());
        m_backupSize->setText(Format::unknown());
        return;
    }
    const QString created = backup.value(QStringLiteral("created_at")).toString();
    const QDateTime time = Timestamp::parse(created);
    const BackupAge policy = BackupAge::fromSettings(*context().settings);
    if (time.isValid()) {
        const qint64 age = time.secsTo(QDateTime::currentDateTimeUtc());
        m_backupAge->setStatus(policy.status(age), policy.describe(age));
    } else {
        m_backupAge->setStatus(Status::Warning, tr("Unknown age"));
    }
    m_backupName->setText(backup.value(QStringLiteral("name")).toString());
    m_backupTime->setText(Format::localTime(created));
    m_backupTime->setToolTip(Format::utcTime(created));
    m_backupSize->setText(Format::bytes(qint64(backup.value(QStringLiteral("size_bytes")).toDouble(-1))));
}

void OverviewPage::showLastVerification(const QJsonValue &value)
{
    const QJsonObject last = value.toObject();
    if (last.isEmpty()) {
        m_verification->setStatus(Status::Warning, tr("Never verified since the gateway's database was created"));
        m_verificationTime->setText(Format::unknown());
        m_verificationScope->setText(Format::unknown());
        return;
    }
    const bool verified = last.value(QStringLiteral("verified")).toBool();
    const qint64 receipts = qint64(last.value(QStringLiteral("receipt_count")).toDouble());
    if (verified && receipts > 0)
        m_verification->setStatus(Status::Good, tr("Intact: %n receipt(s) verified", nullptr, int(receipts)));
    else if (verified)
        m_verification->setStatus(Status::Warning, tr("No receipts: nothing was verified"));
    else
        m_verification->setStatus(Status::Bad, tr("FAILED: a chain is broken, open Chain verification"));
    const QString finished = last.value(QStringLiteral("finished_at")).toString();
    m_verificationTime->setText(Format::timeAndAge(finished, QDateTime::currentDateTimeUtc()));
    m_verificationTime->setToolTip(Format::utcTime(finished));
    const QString tenant = last.value(QStringLiteral("tenant_id")).toString();
    m_verificationScope->setText(tenant.isEmpty() ? tr("all tenants") : tr("tenant %1").arg(tenant));
}

void OverviewPage::showChains(const QJsonObject &chains)
{
    m_chains->setRowCount(0);
    for (auto it = chains.begin(); it != chains.end(); ++it) {
        const QJsonObject chain = it.value().toObject();
        const QJsonObject head = chain.value(QStringLiteral("head")).toObject();
        const int row = m_chains->rowCount();
        m_chains->insertRow(row);
        m_chains->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_chains->setItem(row, 1, new QTableWidgetItem(count(chain.value(QStringLiteral("count")))));
        m_chains->setItem(row, 2, new QTableWidgetItem(head.isEmpty() ? Format::unknown()
                                                                      : count(head.value(QStringLiteral("seq")))));
        // Whole where the card is wide enough, cut at its end where not.
        auto *hash = new QTableWidgetItem(head.isEmpty() ? tr("(empty chain)")
                                                         : head.value(QStringLiteral("receipt_hash")).toString());
        hash->setToolTip(head.value(QStringLiteral("receipt_hash")).toString());
        m_chains->setItem(row, 3, hash);
    }
    for (int column = 0; column < 3; ++column)
        m_chains->resizeColumnToContents(column);
}

} // namespace aegis::console
