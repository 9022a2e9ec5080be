#pragma once

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// The console's PDF reports (verification, restore): HTML printed to A4,
// made so that an auditor can copy what matters out of the PDF intact.
class ReportHtml
{
    Q_DECLARE_TR_FUNCTIONS(ReportHtml)

public:
    // A full hash in a small fixed font. Placed where it has a line of its
    // own (64 digits fit the page's width), so it is never broken: an
    // auditor copies it whole. A narrower place still wraps it rather than
    // clip it (see writePdf).
    static QString hash(const QString &hex, const QString &colour = QString());

    // Prints `html` to the PDF at `path`. Anything longer than its line (a
    // hash, a path) breaks anywhere instead of running off the page, and no
    // ligatures are set: "ff" in a hash or "fi" in a path would otherwise
    // be copied (and read by pdftotext) as one character.
    static bool writePdf(const QString &html, const QString &title, const QString &path, QString *error);
};

} // namespace aegis::console
