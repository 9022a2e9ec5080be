#pragma once

#include "console/connection/ConnectionProfile.h"
#include "console/restore/RestoreDependencies.h"
#include "console/restore/RestoreWizard.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/integration/restore/RestoreScenario.h"

#include <QString>

#include <memory>

namespace aegis::console {
class RestorePage;
}

namespace aegis::test {

// One console and one restore story: the real gateway in an installation's
// layout (RestoreScenario: db/aegisagent.db, db/admin.token, backups/) with
// evidence, a backup and newer evidence; a connection profile pointing the
// console at it, managed service control (the console stops and starts the
// gateway binary itself); helpers to walk the wizard as an operator would.
class RestoreConsole
{
public:
    explicit RestoreConsole(const QString &name);
    ~RestoreConsole();

    RestoreScenario &scenario() { return *m_scenario; }
    ConsoleHarness &harness() { return *m_harness; }
    console::MainWindow &window() { return m_harness->window(); }
    console::RestorePage *page();

    // Gateway, evidence (2 tenants), a backup through the gateway, newer
    // evidence. The states served at the backup and afterwards are kept.
    bool prepare(QString *error);
    const ServedState &atBackup() const { return m_atBackup; }
    const ServedState &newer() const { return m_newer; }

    // The profile: database, backup directory (empty: catalog backups are
    // downloaded), managed control; saved, selected and connected.
    console::ConnectionProfile profile(bool withBackupDirectory) const;
    bool connect(const console::ConnectionProfile &profile, QString *error);
    // Saved and selected with its token, for a console that starts later.
    void store(const console::ConnectionProfile &profile);

    // Opens the wizard from the Restore page.
    console::RestoreWizard *openWizard(QString *error);
    // Presses Next (or "Restore now") once it is enabled.
    static bool next(console::RestoreWizard *wizard, int expectedPage, QString *error);

    static QString shot(QWidget *widget, const QString &name);

private:
    std::unique_ptr<ConsoleHarness> m_harness;
    std::unique_ptr<RestoreScenario> m_scenario;
    ServedState m_atBackup;
    ServedState m_newer;
};

} // namespace aegis::test
