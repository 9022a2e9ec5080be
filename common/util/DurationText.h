#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace aegis::DurationText {

// Durations as operators write them in environment files: "250ms", "30s",
// "5m", "6h", "2d", or a bare number of seconds. Anything else (negative,
// fractional, unknown unit, overflow) is rejected rather than guessed.
std::optional<std::chrono::milliseconds> parse(const QString &text);

// The shortest exact form of a duration in the same notation ("6h", "90s").
QString format(std::chrono::milliseconds duration);

} // namespace aegis::DurationText
