// The Approvals page against the real gateway, offscreen, as a reviewer
// uses it: the queue with its count in the navigation, the exact call of
// the selected approval, Approve after a confirmation showing that call
// (and nothing when the confirmation is cancelled), Reject with a reason,
// the history, the reviewer's name remembered, and the queue refreshing on
// its own. Screenshots go to test-artifacts/console.
#include "console/app/PageRegistry.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/ApprovalsPage.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/gui/ModalAnswer.h"
#include "tests/support/GatewayApi.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ApprovalsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    std::unique_ptr<GatewayApi> api;
    QByteArray agentToken;
    ApprovalsPage *page = nullptr;

    QString request(const QString &action, const QString &branch)
    {
        const auto answer = api->asAgent(agentToken).post(QStringLiteral("/v1/authorize"), GatewayApi::githubCallBody(action, branch));
        return answer.json().value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString();
    }

    QJsonObject approval(const QString &id)
    {
        return api->admin().get(QStringLiteral("/v1/approvals/") + id).json();
    }

    QString navigationText()
    {
        auto *navigation = harness->window().findChild<QListWidget *>(QStringLiteral("navigation"));
        for (int i = 0; i < navigation->count(); ++i) {
            if (navigation->item(i)->data(Qt::UserRole).toString() == PageRegistry::Approvals)
                return navigation->item(i)->text();
        }
        return {};
    }

    bool select(const QString &id)
    {
        const int row = page->pending()->find(QStringLiteral("approval_id"), id);
        if (row < 0)
            return false;
        page->pendingTable()->selectRow(row);
        return true;
    }

    QPushButton *button(const char *name) { return page->findChild<QPushButton *>(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        harness = std::make_unique<ConsoleHarness>(QStringLiteral("approvals"));
        harness->settings().setValue(QStringLiteral("approvals/refreshSeconds"), 1);
        QString error;
        QVERIFY2(harness->startGateway(&error), qPrintable(error));
        api = std::make_unique<GatewayApi>(harness->gateway().adminClient());
        agentToken = api->registerAgent(QStringLiteral("release-bot"));
        QVERIFY(!agentToken.isEmpty());
        QVERIFY2(harness->connectThroughFirstStart(&error), qPrintable(error));
        page = qobject_cast<ApprovalsPage *>(harness->window().page(PageRegistry::Approvals));
        QVERIFY(page);
    }

    void cleanupTestCase()
    {
        harness.reset();
    }

    void approveAfterConfirmingTheExactCall()
    {
        const QString merge = request(QStringLiteral("merge_pull_request"), QStringLiteral("main"));
        const QString tag = request(QStringLiteral("create_tag"), QStringLiteral("v2.1"));
        harness->window().showPage(PageRegistry::Approvals);
        QTRY_COMPARE_WITH_TIMEOUT(page->pending()->rowCount(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(navigationText(), QStringLiteral("Approvals (2)"), 15000);
        QCOMPARE(page->pending()->row(0).value(QStringLiteral("approval_id")).toString(), tag); // newest first

        QVERIFY(select(merge));
        const QString shown = page->findChild<QPlainTextEdit *>(QStringLiteral("approvalDetail"))->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("merge_pull_request")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("%1base_branch%1: %1main%1").arg(QLatin1Char('"'))), qPrintable(shown));
        QVERIFY(shown.contains(approval(merge).value(QStringLiteral("action_hash")).toString()));
        // Without a name nobody can decide: the evidence must say who did.
        QVERIFY(!button("approveButton")->isEnabled());
        auto *name = page->findChild<QLineEdit *>(QStringLiteral("approverName"));
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("Dana Reviewer"));
        QVERIFY(button("approveButton")->isEnabled());
        QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("approvalReason")), QStringLiteral("diff reviewed"));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("approvals-pending"));

        // Cancelled at the confirmation: nothing is sent.
        answerNextModal(QStringLiteral("Cancel"));
        QTest::mouseClick(button("approveButton"), Qt::LeftButton);
        QCOMPARE(approval(merge).value(QStringLiteral("status")).toString(), QStringLiteral("created"));

        QSignalSpy answered(page, &ApprovalsPage::decisionAnswered);
        answerNextModal(QStringLiteral("Approve"), QStringLiteral("approvals-confirm"));
        QTest::mouseClick(button("approveButton"), Qt::LeftButton);
        QVERIFY(answered.wait(15000));
        QCOMPARE(answered.first().first().toBool(), true);
        const QJsonObject approved = approval(merge);
        QCOMPARE(approved.value(QStringLiteral("status")).toString(), QStringLiteral("APPROVED"));
        QCOMPARE(approved.value(QStringLiteral("approver_user_id")).toString(), QStringLiteral("Dana Reviewer"));
        QCOMPARE(approved.value(QStringLiteral("reason")).toString(), QStringLiteral("diff reviewed"));
        QTRY_COMPARE_WITH_TIMEOUT(page->pending()->rowCount(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(navigationText(), QStringLiteral("Approvals (1)"), 15000);
        QVERIFY(page->history()->find(QStringLiteral("approval_id"), merge) >= 0);
        QCOMPARE(harness->settings().value(QStringLiteral("approvals/approver")).toString(), QStringLiteral("Dana Reviewer"));
    }

    void rejectWithAReason()
    {
        const QString tag = page->pending()->row(0).value(QStringLiteral("approval_id")).toString();
        QVERIFY(select(tag));
        auto *reason = page->findChild<QLineEdit *>(QStringLiteral("approvalReason"));
        reason->clear();
        QTest::keyClicks(reason, QStringLiteral("tags wait for the release"));
        QSignalSpy answered(page, &ApprovalsPage::decisionAnswered);
        QTest::mouseClick(button("rejectButton"), Qt::LeftButton);
        QVERIFY(answered.wait(15000));
        const QJsonObject rejected = approval(tag);
        QCOMPARE(rejected.value(QStringLiteral("status")).toString(), QStringLiteral("REJECTED"));
        QCOMPARE(rejected.value(QStringLiteral("reason")).toString(), QStringLiteral("tags wait for the release"));
        QTRY_COMPARE_WITH_TIMEOUT(page->pending()->rowCount(), 0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(navigationText(), QStringLiteral("Approvals"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(page->history()->rowCount(), 2, 15000);
        page->tabs()->setCurrentIndex(1);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("approvals-history"));
        page->tabs()->setCurrentIndex(0);
    }

    void newRequestsAppearOnTheirOwn()
    {
        harness->window().showPage(PageRegistry::Overview);
        const QString deploy = request(QStringLiteral("deploy"), QStringLiteral("prod"));
        // No refresh asked for: the page's own timer finds it, and the
        // navigation tells the operator while another page is shown.
        QTRY_COMPARE_WITH_TIMEOUT(navigationText(), QStringLiteral("Approvals (1)"), 15000);
        QVERIFY(page->pending()->find(QStringLiteral("approval_id"), deploy) >= 0);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("approvals-badge"));
    }
};

QTEST_MAIN(ApprovalsTest)
#include "ApprovalsTest.moc"
