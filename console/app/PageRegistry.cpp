#include "console/app/PageRegistry.h"

#include "console/app/ConsoleIcons.h"
#include "console/drill/DrillsPage.h"
#include "console/pages/ActivityPage.h"
#include "console/pages/ApprovalsPage.h"
#include "console/pages/BackupsPage.h"
#include "console/pages/ChainVerificationPage.h"
#include "console/pages/OverviewPage.h"
#include "console/restore/RestorePage.h"

namespace aegis::console {

QList<PageRegistry::Entry> PageRegistry::pages()
{
    return {
        {Overview, tr("Overview"), tr("Health, readiness, counts, newest backup, last chain verification"),
            ConsoleIcons::page(Overview),
            [](ConsoleContext &context, QWidget *parent) { return new OverviewPage(context, parent); }},
        {Activity, tr("Agents & decisions"), tr("Agents, decisions and their receipts"),
            ConsoleIcons::page(Activity),
            [](ConsoleContext &context, QWidget *parent) { return new ActivityPage(context, parent); }},
        {Approvals, tr("Approvals"), tr("Calls waiting for a person: approve or reject the exact call"),
            ConsoleIcons::page(Approvals),
            [](ConsoleContext &context, QWidget *parent) { return new ApprovalsPage(context, parent); }},
        {Backups, tr("Backups"), tr("Take, verify, download and delete backups"),
            ConsoleIcons::page(Backups),
            [](ConsoleContext &context, QWidget *parent) { return new BackupsPage(context, parent); }},
        {Verification, tr("Chain verification"), tr("Verify receipt chains: live, a backup, or a file"),
            ConsoleIcons::page(Verification),
            [](ConsoleContext &context, QWidget *parent) { return new ChainVerificationPage(context, parent); }},
        {Restore, tr("Restore"), tr("Guided restore of a backup"),
            ConsoleIcons::page(Restore),
            [](ConsoleContext &context, QWidget *parent) { return new RestorePage(context, parent); }},
        {Drills, tr("Drills"), tr("Disaster-recovery drills: prove a backup restores, keep the history"),
            ConsoleIcons::page(Drills),
            [](ConsoleContext &context, QWidget *parent) { return new DrillsPage(context, parent); }},
    };
}

} // namespace aegis::console
