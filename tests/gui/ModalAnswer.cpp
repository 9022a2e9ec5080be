#include "tests/gui/ModalAnswer.h"

#include "tests/gui/ConsoleHarness.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

namespace aegis::test {

namespace {

void tryAnswer(const QString &buttonText, const QString &screenshotName, int attempts)
{
    QWidget *modal = QApplication::activeModalWidget();
    if (!modal) {
        if (attempts > 0)
            QTimer::singleShot(20, qApp, [=] { tryAnswer(buttonText, screenshotName, attempts - 1); });
        return;
    }
    if (!screenshotName.isEmpty())
        ConsoleHarness::screenshot(modal, screenshotName);
    for (QAbstractButton *button : modal->findChildren<QAbstractButton *>()) {
        QString text = button->text();
        text.remove(QLatin1Char('&'));
        if (text == buttonText) {
            button->click();
            return;
        }
    }
    // Not found: close it so that the test fails on its assertions rather
    // than hanging in exec().
    modal->close();
}

} // namespace

void answerNextModal(const QString &buttonText, const QString &screenshotName)
{
    QTimer::singleShot(0, qApp, [=] { tryAnswer(buttonText, screenshotName, 250); });
}

} // namespace aegis::test
