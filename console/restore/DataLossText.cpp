#include "console/restore/DataLossText.h"

#include <QStringList>

namespace aegis::console {

QString DataLossText::amount(qint64 decisions, qint64 receipts)
{
    if (decisions == receipts)
        return decisions == 1 ? tr("1 decision and its receipt") : tr("%L1 decisions and their receipts").arg(decisions);
    // Receipts without a decision row (older data, or a database made by hand).
    return (receipts == 1 ? tr("1 receipt") : tr("%L1 receipts").arg(receipts))
        + (decisions == 1 ? tr(" (1 decision)") : tr(" (%L1 decisions)").arg(decisions));
}

QString DataLossText::agentsGone(qint64 agents)
{
    return agents == 1 ? tr("1 agent registered since the backup will be gone.")
                       : tr("%L1 agents registered since the backup will be gone.").arg(agents);
}

QString DataLossText::tenant(const TenantLoss &tenant)
{
    QString text = tenant.receipts > 0 || tenant.decisions > 0
        ? tr("%1: %2").arg(tenant.tenant, amount(tenant.decisions, tenant.receipts))
        : tenant.tenant;
    if (!tenant.diverged)
        return text;
    if (tenant.commonUnknown)
        return text + tr(" — its chain in use now is NOT a continuation of the backup's (where the two part could not "
                         "be read, so its whole chain is counted)");
    if (tenant.commonCount == 0)
        return text + tr(" — its chain in use now is NOT a continuation of the backup's: the two share no receipt; "
                         "the backup's chain of %L1 replaces it")
                          .arg(tenant.backupCount);
    return text + tr(" — its chain in use now is NOT a continuation of the backup's: the two part after receipt %1 of "
                     "the backup's %2")
                      .arg(tenant.commonCount)
                      .arg(tenant.backupCount);
}

QString DataLossText::plan(const DataLoss &loss, const QString &aside)
{
    if (!loss.known)
        return tr("What will be lost cannot be counted: %1. Decisions and receipts recorded after the backup was taken "
                  "will no longer be served; they stay in %2.")
            .arg(loss.unknownReason, aside);
    if (loss.isNone())
        return tr("Nothing will be lost: the database in use holds nothing newer than the backup.");
    QStringList lines;
    if (loss.receipts > 0 || loss.decisions > 0)
        lines << tr("After the restore the gateway will no longer serve %1:").arg(amount(loss.decisions, loss.receipts));
    for (const TenantLoss &tenant : loss.losing())
        lines << tr("• %1.").arg(DataLossText::tenant(tenant));
    if (loss.agents > 0)
        lines << agentsGone(loss.agents);
    lines << tr("Nothing is deleted: the database in use now is kept as %1.").arg(aside);
    return lines.join(QLatin1Char('\n'));
}

QString DataLossText::confirm(const DataLoss &loss, const QString &aside)
{
    if (!loss.known)
        return tr("What the database in use holds beyond the backup could not be counted.");
    if (loss.isNone())
        return tr("Nothing will be lost.");
    QStringList tenants;
    for (const TenantLoss &tenant : loss.losing())
        tenants << DataLossText::tenant(tenant);
    QString text = tr("No longer served after the restore: %1.").arg(tenants.join(QStringLiteral("; ")));
    if (loss.agents > 0)
        text += QLatin1Char(' ') + agentsGone(loss.agents);
    return text + QLatin1Char(' ') + tr("They stay in %1.").arg(aside);
}

} // namespace aegis::console
