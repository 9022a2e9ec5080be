#include "tests/gui/restore/RestoreConsole.h"

#include "console/app/PageRegistry.h"
#include "console/connection/GatewaySession.h"
#include "console/connection/ProfileStore.h"
#include "console/restore/RestorePage.h"

#include <QAbstractButton>
#include <QFile>
#include <QPushButton>
#include <QtTest>

namespace aegis::test {

RestoreConsole::RestoreConsole(const QString &name)
    : m_harness(std::make_unique<ConsoleHarness>(name + QStringLiteral("-console")))
    , m_scenario(std::make_unique<RestoreScenario>(name))
{
}

RestoreConsole::~RestoreConsole()
{
    // The window (and any wizard) first, then every gateway a restore started.
    m_harness.reset();
    m_scenario.reset();
}

console::RestorePage *RestoreConsole::page()
{
    return qobject_cast<console::RestorePage *>(window().page(console::PageRegistry::Restore));
}

bool RestoreConsole::prepare(QString *error)
{
    if (!m_scenario->startGateway() || !m_scenario->addEvidence(3) || !m_scenario->takeBackup(QStringLiteral("before-upgrade.db"))) {
        *error = m_scenario->lastError();
        return false;
    }
    m_atBackup = m_scenario->served();
    if (!(m_atBackup == m_scenario->manifestState())) {
        *error = QStringLiteral("served at the backup: %1; manifest: %2")
                     .arg(m_atBackup.describe(), m_scenario->manifestState().describe());
        return false;
    }
    if (!m_scenario->addEvidence(2)) {
        *error = m_scenario->lastError();
        return false;
    }
    m_newer = m_scenario->served();
    return true;
}

console::ConnectionProfile RestoreConsole::profile(bool withBackupDirectory) const
{
    console::ConnectionProfile profile;
    profile.id = console::ConnectionProfile::newId();
    profile.name = QStringLiteral("Restore test gateway");
    profile.url = QUrl(m_scenario->url());
    profile.databasePath = m_scenario->database();
    if (withBackupDirectory)
        profile.backupDirectory = m_scenario->dir() + QStringLiteral("/backups");
    profile.service.kind = console::ServiceControl::Kind::Managed;
    profile.service.gatewayBinary = RestoreScenario::gatewayBinary();
    return profile;
}

void RestoreConsole::store(const console::ConnectionProfile &profile)
{
    QFile token(m_scenario->tokenFile());
    const QByteArray secret = token.open(QIODevice::ReadOnly) ? token.readAll().trimmed() : QByteArray();
    bool written = false;
    m_harness->tokens().write(profile.id, secret, [&written](const console::TokenStore::Result &) { written = true; });
    if (!QTest::qWaitFor([&written] { return written; }, 5000))
        qWarning("the token was not stored in time");
    console::ProfileStore store(&m_harness->settings());
    store.save(profile);
    store.setCurrentId(profile.id);
}

bool RestoreConsole::connect(const console::ConnectionProfile &profile, QString *error)
{
    QFile token(m_scenario->tokenFile());
    if (!token.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no admin token at %1").arg(m_scenario->tokenFile());
        return false;
    }
    const QByteArray secret = token.readAll().trimmed();
    console::MainWindow &w = window();
    w.profiles()->save(profile);
    w.profiles()->setCurrentId(profile.id);
    console::TokenStore::Result stored;
    stored.token = secret;
    stored.location = console::TokenStore::Location::File;
    w.session()->setConnection(profile, secret, stored);
    if (!QTest::qWaitFor([&w] { return w.session()->state().kind == console::ConnectionState::Kind::Connected; }, 15000)) {
        *error = QStringLiteral("not connected: %1").arg(w.session()->state().message);
        return false;
    }
    return true;
}

console::RestoreWizard *RestoreConsole::openWizard(QString *error)
{
    window().showPage(console::PageRegistry::Restore);
    console::RestorePage *restore = page();
    if (!restore) {
        *error = QStringLiteral("no Restore page");
        return nullptr;
    }
    if (!QTest::qWaitFor([restore] { return restore->startButton()->isEnabled(); }, 10000)) {
        *error = QStringLiteral("the Restore page does not let a restore start");
        return nullptr;
    }
    restore->startButton()->click();
    console::RestoreWizard *wizard = restore->wizard();
    if (!wizard || !QTest::qWaitForWindowExposed(wizard)) {
        *error = QStringLiteral("the wizard did not open");
        return nullptr;
    }
    return wizard;
}

bool RestoreConsole::next(console::RestoreWizard *wizard, int expectedPage, QString *error)
{
    QAbstractButton *button = wizard->button(wizard->currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
    if (!QTest::qWaitFor([button] { return button->isEnabled() && button->isVisible(); }, 120000)) {
        *error = QStringLiteral("Next stays disabled on page %1").arg(wizard->currentId());
        return false;
    }
    button->click();
    if (!QTest::qWaitFor([wizard, expectedPage] { return wizard->currentId() == expectedPage; }, 5000)) {
        *error = QStringLiteral("page %1 instead of %2").arg(wizard->currentId()).arg(expectedPage);
        return false;
    }
    return true;
}

QString RestoreConsole::shot(QWidget *widget, const QString &name)
{
    QTest::qWait(50);
    // Windows (the main window, the wizard at each page) are also looked
    // at in the smallest and a large size, light and dark; the 200 % runs
    // keep their single pictures.
    if (widget->isWindow() && qEnvironmentVariableIsEmpty("QT_SCALE_FACTOR")) {
        const QString problems = ConsoleHarness::screenshotEverySize(widget, QStringLiteral("restore-") + name);
        if (!problems.isEmpty())
            QTest::qFail(qPrintable(problems), __FILE__, __LINE__);
    }
    return ConsoleHarness::screenshot(widget, QStringLiteral("restore-") + name);
}

} // namespace aegis::test
