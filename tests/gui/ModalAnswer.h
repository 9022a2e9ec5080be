#pragma once

#include <QString>

namespace aegis::test {

// Answers the next modal dialog (a QMessageBox opened with exec()) by
// clicking the button whose text, without mnemonics, is `buttonText`. Call
// before the code that opens it; the answer is queued and waits until the
// dialog is up. A screenshot of it is saved first when `screenshotName` is
// given.
void answerNextModal(const QString &buttonText, const QString &screenshotName = QString());

} // namespace aegis::test
