#include "console/widgets/DigestLabel.h"

#include "console/util/Format.h"
#include "console/util/StatusColors.h"

#include <QEvent>
#include <QFontDatabase>

namespace aegis::console {

DigestLabel::DigestLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    render();
}

void DigestLabel::setDigests(const QString &fileSha256, const QString &manifestSha256)
{
    m_file = fileSha256;
    m_manifest = manifestSha256;
    render();
}

void DigestLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    // The colour is the palette's: a switch to dark must repaint it.
    if (event->type() == QEvent::PaletteChange)
        render();
}

void DigestLabel::render()
{
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family().toHtmlEscaped();
    const auto hash = [&fixed](const QString &hex) {
        return QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(fixed, hex.toHtmlEscaped());
    };
    if (differs()) {
        const QString bad = StatusColors::foreground(StatusColors::Status::Bad, palette()).name();
        setText(QStringLiteral("<div style=\"color:%1\">%2<br>%3 %4<br>%5 %6</div>")
                    .arg(bad, tr("✖ The file is not the one its manifest recorded: it changed after it was taken.")
                                  .toHtmlEscaped(),
                        tr("file:").toHtmlEscaped(), hash(m_file), tr("manifest:").toHtmlEscaped(), hash(m_manifest)));
        setAccessibleDescription(tr("file %1, manifest %2: they differ").arg(m_file, m_manifest));
        return;
    }
    const QString known = m_file.isEmpty() ? m_manifest : m_file;
    if (known.isEmpty()) {
        setText(Format::unknown().toHtmlEscaped());
        return;
    }
    QString note;
    if (!m_file.isEmpty() && !m_manifest.isEmpty())
        note = tr("(the file's, as its manifest recorded)");
    else if (m_file.isEmpty())
        note = tr("(as the manifest recorded; the file itself not hashed yet)");
    else
        note = tr("(the file's; no manifest to compare with)");
    setText(hash(known) + QStringLiteral(" ") + note.toHtmlEscaped());
    setAccessibleDescription(known);
}

} // namespace aegis::console
