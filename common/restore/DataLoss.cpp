#include "common/restore/DataLoss.h"

#include "common/db/ReadOnlyDatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace aegis {

QJsonObject DataLoss::toJson() const
{
    QJsonObject out{{QStringLiteral("known"), known}};
    if (!known) {
        out.insert(QStringLiteral("reason"), unknownReason);
        return out;
    }
    QJsonObject tenants;
    for (const auto &[tenant, count] : receiptsByTenant)
        tenants.insert(tenant, count);
    out.insert(QStringLiteral("decisions"), decisions);
    out.insert(QStringLiteral("receipts"), receipts);
    out.insert(QStringLiteral("agents"), agents);
    out.insert(QStringLiteral("receipts_by_tenant"), tenants);
    out.insert(QStringLiteral("diverged_tenants"), QJsonArray::fromStringList(divergedTenants));
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
    for (const auto &[tenant, count] : receiptsByTenant) {
        if (count > 0)
            parts.append(QStringLiteral("%1: %2").arg(tenant).arg(count));
    }
    QString text = QStringLiteral("%1 decision(s) and %2 receipt(s) newer than the backup")
                       .arg(decisions)
                       .arg(receipts);
    if (!parts.isEmpty())
        text += QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
    if (agents > 0)
        text += QStringLiteral("; %1 agent(s) registered since").arg(agents);
    if (!divergedTenants.isEmpty())
        text += QStringLiteral("; the live chain of %1 is not a continuation of the backup's")
                    .arg(divergedTenants.join(QStringLiteral(", ")));
    return text;
}

DataLoss DataLoss::measure(const QString &livePath, const DatabaseSummary &backup)
{
    DataLoss loss;
    if (!QFileInfo::exists(livePath)) {
        loss.known = true;
        loss.unknownReason.clear();
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

    QSqlQuery newer(database.db());
    newer.prepare(QStringLiteral("SELECT count(*) FROM decisions WHERE created_at > ?"));
    newer.addBindValue(backup.newestDecisionAt);
    if (!newer.exec() || !newer.next()) {
        loss.unknownReason = QStringLiteral("the live decisions cannot be counted: %1")
                                 .arg(ReadOnlyDatabase::describe(newer.lastError()));
        return loss;
    }
    loss.decisions = newer.value(0).toLongLong();
    newer.finish();

    QSqlQuery atSeq(database.db());
    atSeq.prepare(QStringLiteral("SELECT receipt_hash FROM receipts WHERE tenant_id = ? AND seq = ?"));
    for (const auto &[tenant, liveHead] : live->heads) {
        const auto backupHead = backup.heads.find(tenant);
        const qint64 backupCount = backupHead == backup.heads.end() ? 0 : backupHead->second.count;
        qint64 lost = std::max<qint64>(0, liveHead.count - backupCount);
        if (backupHead != backup.heads.end() && backupHead->second.seq) {
            atSeq.addBindValue(tenant);
            atSeq.addBindValue(*backupHead->second.seq);
            const bool same = atSeq.exec() && atSeq.next()
                && atSeq.value(0).toString() == backupHead->second.receiptHash;
            atSeq.finish();
            if (!same) {
                loss.divergedTenants.append(tenant);
                lost = liveHead.count;
            }
        }
        loss.receiptsByTenant[tenant] = lost;
        loss.receipts += lost;
    }
    loss.known = true;
    return loss;
}

} // namespace aegis
