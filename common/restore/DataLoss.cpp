#include "common/restore/DataLoss.h"

#include "common/db/ReadOnlyDatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <memory>

namespace aegis {

namespace {

// The receipt hash at one seq of one tenant's chain; empty when there is none.
class ChainReader
{
public:
    explicit ChainReader(QSqlDatabase db)
        : m_query(db)
    {
        m_query.prepare(QStringLiteral("SELECT receipt_hash FROM receipts WHERE tenant_id = ? AND seq = ?"));
    }

    QString hashAt(const QString &tenant, qint64 seq)
    {
        m_query.addBindValue(tenant);
        m_query.addBindValue(seq);
        const QString hash = m_query.exec() && m_query.next() ? m_query.value(0).toString() : QString();
        m_query.finish();
        return hash;
    }

private:
    QSqlQuery m_query;
};

// How many receipts, from seq 1, two chains share. Each receipt's hash
// covers the previous one's, so once the chains part they never meet again:
// a binary search finds the last shared seq.
qint64 commonPrefix(ChainReader &live, ChainReader &backup, const QString &tenant, qint64 upTo)
{
    qint64 low = 0;
    qint64 high = upTo;
    while (low < high) {
        const qint64 mid = (low + high + 1) / 2;
        const QString hash = live.hashAt(tenant, mid);
        if (!hash.isEmpty() && hash == backup.hashAt(tenant, mid))
            low = mid;
        else
            high = mid - 1;
    }
    return low;
}

} // namespace

QList<TenantLoss> DataLoss::losing() const
{
    QList<TenantLoss> out;
    for (const TenantLoss &tenant : tenants) {
        if (tenant.diverged)
            out.append(tenant);
    }
    for (const TenantLoss &tenant : tenants) {
        if (!tenant.diverged && tenant.losesSomething())
            out.append(tenant);
    }
    return out;
}

QJsonObject DataLoss::toJson() const
{
    QJsonObject out{{QStringLiteral("known"), known}};
    if (!known) {
        out.insert(QStringLiteral("reason"), unknownReason);
        return out;
    }
    QJsonObject byTenant;
    for (const auto &[tenant, count] : receiptsByTenant)
        byTenant.insert(tenant, count);
    QJsonArray tenantList;
    for (const TenantLoss &tenant : tenants)
        tenantList.append(tenant.toJson());
    out.insert(QStringLiteral("decisions"), decisions);
    out.insert(QStringLiteral("receipts"), receipts);
    out.insert(QStringLiteral("agents"), agents);
    out.insert(QStringLiteral("receipts_by_tenant"), byTenant);
    out.insert(QStringLiteral("diverged_tenants"), QJsonArray::fromStringList(divergedTenants));
    out.insert(QStringLiteral("tenants"), tenantList);
    if (!liveNewestDecisionAt.isEmpty())
        out.insert(QStringLiteral("live_newest_decision_at"), liveNewestDecisionAt);
    return out;
}

QString DataLoss::describe() const
{
    if (!known)
        return QStringLiteral("unknown: %1").arg(unknownReason);
    if (isNone())
        return QStringLiteral("nothing: the live database holds nothing newer than the backup");
    QStringList parts;
    for (const TenantLoss &tenant : losing()) {
        QString part = tenant.decisions == tenant.receipts
            ? QStringLiteral("%1: %2 decision(s) with their receipts").arg(tenant.tenant).arg(tenant.decisions)
            : QStringLiteral("%1: %2 receipt(s), %3 decision(s)").arg(tenant.tenant).arg(tenant.receipts).arg(tenant.decisions);
        if (tenant.diverged) {
            part += tenant.commonUnknown
                ? QStringLiteral(" (its live chain is not a continuation of the backup's; the whole live chain is counted)")
                : QStringLiteral(" (its live chain is not a continuation of the backup's: they part after receipt %1)")
                      .arg(tenant.commonCount);
        }
        parts << part;
    }
    QString text = parts.isEmpty() ? QStringLiteral("no decisions or receipts")
                                   : QStringLiteral("no longer served: %1").arg(parts.join(QStringLiteral("; ")));
    if (agents > 0)
        text += QStringLiteral("; %1 agent(s) registered since the backup").arg(agents);
    return text;
}

DataLoss DataLoss::measure(const QString &livePath, const DatabaseSummary &backup, const QString &backupPath)
{
    DataLoss loss;
    if (!QFileInfo::exists(livePath)) {
        loss.known = true;
        return loss;
    }
    ReadOnlyDatabase database(livePath);
    if (!database.isOpen()) {
        loss.unknownReason = QStringLiteral("the live database cannot be read: %1").arg(database.error());
        return loss;
    }
    QString error;
    const auto live = DatabaseInspector::inspect(database.db(), DatabaseInspector::Check::None, &error);
    if (!live) {
        loss.unknownReason = QStringLiteral("the live database cannot be read: %1").arg(error);
        return loss;
    }
    loss.liveNewestDecisionAt = live->newestDecisionAt;
    loss.agents = std::max<qint64>(0, live->agents - backup.agents);

    std::unique_ptr<ReadOnlyDatabase> backupDatabase;
    if (!backupPath.isEmpty() && QFileInfo::exists(backupPath)) {
        backupDatabase = std::make_unique<ReadOnlyDatabase>(backupPath);
        if (!backupDatabase->isOpen())
            backupDatabase.reset();
    }
    ChainReader liveChain(database.db());
    std::unique_ptr<ChainReader> backupChain;
    if (backupDatabase)
        backupChain = std::make_unique<ChainReader>(backupDatabase->db());

    QSqlQuery decided(database.db());
    decided.prepare(QStringLiteral("SELECT count(*) FROM decisions d JOIN receipts r ON r.event_id = d.receipt_id "
                                   "WHERE r.tenant_id = ? AND r.seq > ?"));
    for (const auto &[name, liveHead] : live->heads) {
        TenantLoss tenant;
        tenant.tenant = name;
        tenant.liveCount = liveHead.count;
        const auto backupHead = backup.heads.find(name);
        if (backupHead != backup.heads.end()) {
            const ExpectedHead &head = backupHead->second;
            tenant.backupCount = head.count;
            const bool continues = head.count == 0
                || (head.seq && head.count <= liveHead.count && liveChain.hashAt(name, *head.seq) == head.receiptHash);
            if (continues)
                tenant.commonCount = head.count;
            else if (backupChain)
                tenant.commonCount = commonPrefix(liveChain, *backupChain, name, std::min(head.count, liveHead.count));
            else
                tenant.commonUnknown = true;
            tenant.diverged = !tenant.commonUnknown ? tenant.commonCount < std::min(head.count, liveHead.count)
                                                     : true;
        }
        tenant.receipts = std::max<qint64>(0, tenant.liveCount - tenant.commonCount);
        decided.addBindValue(name);
        decided.addBindValue(tenant.commonCount);
        if (!decided.exec() || !decided.next()) {
            loss.unknownReason = QStringLiteral("the live decisions cannot be counted: %1")
                                     .arg(ReadOnlyDatabase::describe(decided.lastError()));
            return loss;
        }
        tenant.decisions = decided.value(0).toLongLong();
        decided.finish();
        loss.tenants.append(tenant);
        loss.receiptsByTenant[name] = tenant.receipts;
        loss.receipts += tenant.receipts;
        loss.decisions += tenant.decisions;
        if (tenant.diverged)
            loss.divergedTenants.append(name);
    }
    loss.known = true;
    return loss;
}

} // namespace aegis
