#include "common/drill/pdf/DrillPdfWriter.h"

#include "common/drill/DrillText.h"
#include "common/util/Timestamp.h"

#include <QFileInfo>
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextOption>

#include <cmath>
#include <functional>

#include <vector>

namespace aegis {

namespace {

constexpr int TextFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWrapAnywhere;

// Words break between words; a hash or a path longer than its cell breaks
// anywhere rather than run out of it.
QTextOption wrapping()
{
    QTextOption option(Qt::AlignLeft | Qt::AlignTop);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return option;
}

QString when(const QDateTime &at)
{
    return at.isValid() ? Timestamp::seconds(at) : DrillText::tr("unknown");
}

// Rows that never clip: each is measured, and starts a new page when it
// would not fit, with the table's header repeated.
class Page
{
public:
    Page(QPdfWriter &writer, QPainter &painter)
        : m_writer(writer)
        , m_painter(painter)
        , m_width(painter.viewport().width())
        , m_height(painter.viewport().height())
    {
    }

    int width() const { return m_width; }
    int y() const { return m_y; }
    int index() const { return m_index; }
    void advance(int by) { m_y += by; }

    void ensure(int height, const std::function<void()> &afterBreak = {})
    {
        if (m_y + height <= m_height || m_y == 0)
            return;
        m_writer.newPage();
        ++m_index;
        m_y = 0;
        if (afterBreak)
            afterBreak();
    }

    int measure(const QRect &box, const QString &text) const
    {
        return int(std::ceil(m_painter.boundingRect(QRectF(box.x(), 0, box.width(), 1 << 20), text, wrapping()).height()));
    }

    // One row of cells with the given widths; returns its height.
    // `fonts`: one per cell; the last one serves the cells after it.
    int row(const std::vector<int> &widths, const QStringList &cells, const std::vector<QFont> &fonts,
            const std::function<void()> &header = {}, const QColor &background = Qt::transparent)
    {
        const auto fontFor = [&](size_t i) -> const QFont & { return fonts[std::min(i, fonts.size() - 1)]; };
        m_painter.setFont(fonts.front());
        const int pad = m_painter.fontMetrics().height() / 4;
        int height = 0;
        int x = 0;
        for (size_t i = 0; i < widths.size(); ++i) {
            m_painter.setFont(fontFor(i));
            height = std::max(height, measure(QRect(x + pad, 0, widths[i] - 2 * pad, 0), cells.value(int(i))));
            x += widths[i];
        }
        height += 2 * pad;
        ensure(height, header);
        if (background != Qt::transparent)
            m_painter.fillRect(QRect(0, m_y, m_width, height), background);
        x = 0;
        for (size_t i = 0; i < widths.size(); ++i) {
            m_painter.setFont(fontFor(i));
            m_painter.drawText(QRectF(x + pad, m_y + pad, widths[i] - 2 * pad, height), cells.value(int(i)), wrapping());
            x += widths[i];
        }
        m_painter.setPen(QColor(0xbb, 0xbb, 0xbb));
        m_painter.drawLine(0, m_y + height, m_width, m_y + height);
        m_painter.setPen(Qt::black);
        m_y += height;
        return height;
    }

private:
    QPdfWriter &m_writer;
    QPainter &m_painter;
    int m_width;
    int m_height;
    int m_y = 0;
    int m_index = 0;
};

} // namespace

bool DrillPdfWriter::write(const DrillReport &report, const QString &jsonSha256, const QString &path, QString *error)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setResolution(150);
    writer.setTitle(DrillText::tr("Aegis disaster-recovery drill %1").arg(when(report.startedAt)));
    writer.setCreator(QStringLiteral("aegis-drill %1").arg(report.drillVersion));
    QPainter painter;
    if (!painter.begin(&writer)) {
        *error = DrillText::tr("cannot write the PDF %1").arg(path);
        return false;
    }
    Page page(writer, painter);
    const int width = page.width();

    // Qt's shaper sets no ligatures in letter-spaced text: "ff" in a hash
    // or "fi" in a path would otherwise be copied (and read by pdftotext)
    // as one character. The spacing itself is too small to see.
    QFont title(QStringLiteral("DejaVu Sans"));
    title.setLetterSpacing(QFont::AbsoluteSpacing, 0.05);
    title.setPointSizeF(17);
    title.setBold(true);
    QFont heading = title;
    heading.setPointSizeF(12.5);
    QFont body = title;
    body.setBold(false);
    body.setPointSizeF(9);
    QFont bold = body;
    bold.setBold(true);
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(8);

    painter.setFont(title);
    const QString titleText = DrillText::tr("Aegis disaster-recovery drill");
    const int titleHeight = page.measure(QRect(0, 0, width, 0), titleText);
    painter.drawText(QRect(0, 0, width, titleHeight), TextFlags, titleText);
    page.advance(titleHeight + titleHeight / 3);

    // The summary box: the verdict an auditor reads first.
    const bool passed = report.passed();
    const QColor accent = passed ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x1e, 0x1e);
    const QString verdict = DrillText::verdict(report);
    // Labels narrow: a hash in a sentence of the value column fits its line.
    const std::vector<int> summaryColumns{width * 25 / 100, width - width * 25 / 100};
    const QList<QStringList> summary = {
        {DrillText::tr("Result"), verdict},
        {DrillText::tr("Reason (evidence)"), report.passed() ? DrillText::tr("every step and check passed") : report.failureDetail},
        {DrillText::tr("Backup"), report.backupName},
        {DrillText::tr("Backup sha256"), report.backupSha256},
        {DrillText::tr("Backup taken at"), when(report.backupTakenAt)},
        {DrillText::tr("Recovery point"), DrillText::duration(report.recoveryPointMs)
             + (report.maxRecoveryPointMs ? DrillText::tr(" (limit %1)").arg(DrillText::duration(*report.maxRecoveryPointMs)) : QString())},
        {DrillText::tr("Recovery time"), DrillText::duration(report.recoveryTimeMs)
             + (report.maxRecoveryTimeMs ? DrillText::tr(" (limit %1)").arg(DrillText::duration(*report.maxRecoveryTimeMs)) : QString())},
        {DrillText::tr("Drill started / finished"), QStringLiteral("%1 / %2").arg(when(report.startedAt), when(report.finishedAt))},
        {DrillText::tr("Host"), QStringLiteral("%1, %2").arg(report.host, report.os)},
        {DrillText::tr("Versions"), DrillText::tr("aegis-drill %1, gateway %2, Qt %3")
                                        .arg(report.drillVersion, report.gatewayVersion.isEmpty() ? DrillText::tr("unknown") : report.gatewayVersion,
                                             report.qtVersion)},
        {DrillText::tr("Production gateway (untouched)"), report.productionUrl},
        {DrillText::tr("Throwaway gateway"), report.throwawayBind.isEmpty() ? DrillText::tr("not started") : report.throwawayBind},
        {DrillText::tr("JSON report sha256"), jsonSha256},
    };
    const int boxTop = page.y();
    const int boxPage = page.index();
    painter.fillRect(QRect(0, boxTop, width, 8), accent);
    page.advance(10);
    for (const QStringList &line : summary) {
        const bool hash = line.at(0).contains(QLatin1String("sha256"));
        const bool first = &line == &summary.first();
        page.row(summaryColumns, line, {bold, hash ? mono : (first ? bold : body)});
    }
    painter.setPen(QPen(accent, 3));
    if (page.index() == boxPage)
        painter.drawRect(QRect(0, boxTop, width, page.y() - boxTop));
    painter.setPen(Qt::black);
    page.advance(titleHeight / 2);

    // Steps.
    // A step's detail (often with a hash in it) has a row of its own under
    // the step, across the page: in a narrow column a hash wraps into
    // pieces beside the other columns' words, and cannot be copied back.
    const std::vector<int> stepColumns{width * 5 / 100, width * 50 / 100, width * 25 / 100, width - width * 80 / 100};
    const std::vector<int> detailColumns{width * 5 / 100, width - width * 5 / 100};
    // A row of one line, padding included: a step or a check is kept on
    // one page with the rows under it.
    painter.setFont(body);
    const int lineHeight = page.measure(QRect(0, 0, width, 0), QStringLiteral("X")) * 3 / 2;
    const QStringList stepHeader{QStringLiteral("#"), DrillText::tr("Step"), DrillText::tr("Result"), DrillText::tr("Time")};
    const auto stepHeading = [&] { page.row(stepColumns, stepHeader, {bold}, {}, QColor(0xee, 0xee, 0xee)); };
    painter.setFont(heading);
    page.ensure(page.measure(QRect(0, 0, width, 0), QStringLiteral("X")) * 4);
    const int headingHeight = page.measure(QRect(0, 0, width, 0), DrillText::tr("Steps"));
    painter.drawText(QRect(0, page.y(), width, headingHeight), TextFlags, DrillText::tr("Steps"));
    page.advance(headingHeight);
    stepHeading();
    for (const DrillStepRecord &record : report.steps) {
        const bool bad = record.outcome == DrillStepRecord::Outcome::Failed || record.outcome == DrillStepRecord::Outcome::Cancelled;
        const QColor background = bad ? QColor(0xfb, 0xe3, 0xe3) : QColor(Qt::transparent);
        page.ensure(2 * lineHeight, stepHeading);
        page.row(stepColumns,
                 {QString::number(DrillSteps::number(record.step)), DrillText::stepTitle(record.step),
                  DrillText::outcome(record.outcome),
                  record.outcome == DrillStepRecord::Outcome::Skipped ? QString() : DrillText::duration(record.durationMs)},
                 {body}, stepHeading, background);
        if (!record.detail.isEmpty())
            page.row(detailColumns, {QString(), record.detail}, {body}, stepHeading, background);
    }
    page.advance(titleHeight / 2);

    // Checks.
    // Expected and found each on a line of their own under the check, in
    // the fixed font: a 64-digit hash fits the line whole.
    const std::vector<int> checkColumns{width * 80 / 100, width - width * 80 / 100};
    const std::vector<int> valueColumns{width * 5 / 100, width * 13 / 100, width - width * 18 / 100};
    const QStringList checkHeader{DrillText::tr("Check"), DrillText::tr("Result")};
    const auto checkHeading = [&] { page.row(checkColumns, checkHeader, {bold}, {}, QColor(0xee, 0xee, 0xee)); };
    painter.setFont(heading);
    page.ensure(headingHeight * 4);
    painter.drawText(QRect(0, page.y(), width, headingHeight), TextFlags, DrillText::tr("Checks"));
    page.advance(headingHeight);
    checkHeading();
    for (const DrillCheck &check : report.checks) {
        const QColor background = check.passed ? QColor(Qt::transparent) : QColor(0xfb, 0xe3, 0xe3);
        page.ensure(3 * lineHeight, checkHeading);
        page.row(checkColumns,
                 {DrillText::checkTitle(check),
                  check.passed ? (check.warning ? DrillText::tr("passed (warning)") : DrillText::tr("passed")) : DrillText::tr("FAILED")},
                 {body}, checkHeading, background);
        page.row(valueColumns, {QString(), DrillText::tr("expected"), check.expected}, {body, body, mono}, checkHeading, background);
        page.row(valueColumns, {QString(), DrillText::tr("found"), check.found}, {body, body, mono}, checkHeading, background);
    }
    if (!painter.end()) {
        *error = DrillText::tr("cannot finish the PDF %1").arg(path);
        return false;
    }
    if (QFileInfo(path).size() <= 0) {
        *error = DrillText::tr("the PDF %1 is empty").arg(path);
        return false;
    }
    return true;
}

} // namespace aegis
