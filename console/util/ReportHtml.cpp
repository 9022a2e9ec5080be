#include "console/util/ReportHtml.h"

#include <QFile>
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextOption>

namespace aegis::console {

QString ReportHtml::hash(const QString &hex, const QString &colour)
{
    const QString style = colour.isEmpty() ? QString() : QStringLiteral(";color:%1").arg(colour);
    return QStringLiteral("<span style=\"font-family:monospace;font-size:8pt%1\">%2</span>").arg(style, hex.toHtmlEscaped());
}

bool ReportHtml::writePdf(const QString &html, const QString &title, const QString &path, QString *error)
{
    {
        QPdfWriter writer(path);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("aegis-console %1").arg(QStringLiteral(AEGIS_VERSION)));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        QTextDocument document;
        QTextOption option = document.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        document.setDefaultTextOption(option);
        // Qt's shaper sets no ligatures in letter-spaced text; the spacing
        // itself is too small to see.
        QFont font = document.defaultFont();
        font.setLetterSpacing(QFont::AbsoluteSpacing, 0.05);
        document.setDefaultFont(font);
        document.setHtml(html);
        document.print(&writer);
    }
    // QPdfWriter reports nothing; a file that is not there (or empty) is
    // the only sign of failure.
    QFile check(path);
    if (!check.exists() || check.size() == 0) {
        *error = tr("%1 could not be written.").arg(path);
        return false;
    }
    return true;
}

} // namespace aegis::console
