#include "tests/support/PdfText.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>

namespace aegis::test {

bool PdfText::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty();
}

QString PdfText::layout(const QString &pdf)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf,
                                                QStringLiteral("-")});
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString();
    return QString::fromUtf8(process.readAllStandardOutput());
}

bool PdfText::containsHash(const QString &text, const QString &hash)
{
    if (hash.isEmpty())
        return false;
    // Between two digits: only what a wrap leaves (white space, a zero-width
    // space or joiner, a soft hyphen), never another column's words.
    static const QString gap = QStringLiteral("[\\s\\x{200B}\\x{200C}\\x{200D}\\x{2060}\\x{00AD}]*");
    QStringList digits;
    for (const QChar digit : hash)
        digits << QRegularExpression::escape(QString(digit));
    const QRegularExpression whole(digits.join(gap), QRegularExpression::CaseInsensitiveOption);
    return whole.match(text).hasMatch();
}

} // namespace aegis::test
