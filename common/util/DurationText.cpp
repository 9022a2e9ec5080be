#include "common/util/DurationText.h"

#include <QRegularExpression>

#include <limits>

namespace aegis::DurationText {

namespace {

struct Unit
{
    const char *suffix;
    qint64 milliseconds;
};

constexpr Unit units[] = {
    {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1},
};

} // namespace

std::optional<std::chrono::milliseconds> parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\d{1,12})\s*(ms|s|m|h|d)?\s*$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 amount = m.captured(1).toLongLong();
    const QString suffix = m.captured(2).isEmpty() ? QStringLiteral("s") : m.captured(2);
    for (const Unit &unit : units) {
        if (suffix == QLatin1String(unit.suffix)) {
            if (amount > std::numeric_limits<qint64>::max() / unit.milliseconds)
                return std::nullopt;
            return std::chrono::milliseconds(amount * unit.milliseconds);
        }
    }
    return std::nullopt;
}

QString format(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms == 0)
        return QStringLiteral("0s");
    for (const Unit &unit : units) {
        if (ms % unit.milliseconds == 0)
            return QString::number(ms / unit.milliseconds) + QLatin1String(unit.suffix);
    }
    return QString::number(ms) + QStringLiteral("ms");
}

} // namespace aegis::DurationText
