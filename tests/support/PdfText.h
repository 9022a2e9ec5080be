#pragma once

#include <QString>

namespace aegis::test {

// A PDF's text as an auditor's tools read it: poppler's pdftotext -layout,
// which keeps the page's columns side by side. A hash wrapped inside a
// narrow table cell comes out interleaved with its neighbours' text, so
// hashes are asserted here as an auditor would copy them: the 64 digits in
// order with nothing but line breaks, spaces or zero-width spaces between.
class PdfText
{
public:
    // Empty when pdftotext is missing (available() says which) or fails.
    static QString layout(const QString &pdf);
    static bool available();
    // Whether `hash` can be read whole out of `text`.
    static bool containsHash(const QString &text, const QString &hash);
};

} // namespace aegis::test
