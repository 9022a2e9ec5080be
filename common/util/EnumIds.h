#pragma once

#include <QLatin1String>
#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace aegis {

// A typed value's stable name in JSON (a report's "kind": "copied") and
// back, both read from one table per enum, so that the two directions
// cannot disagree.
template <typename Enum, std::size_t N>
using EnumIdTable = std::array<std::pair<Enum, const char *>, N>;

// The value's name; empty for a value the table lacks.
template <typename Enum, std::size_t N>
QString enumId(const EnumIdTable<Enum, N> &table, Enum value)
{
    for (const auto &[candidate, id] : table) {
        if (candidate == value)
            return QLatin1String(id);
    }
    return {};
}

// The value named `id`; nullopt for a name the table lacks.
template <typename Enum, std::size_t N>
std::optional<Enum> enumFromId(const EnumIdTable<Enum, N> &table, const QString &id)
{
    for (const auto &[candidate, text] : table) {
        if (id == QLatin1String(text))
            return candidate;
    }
    return std::nullopt;
}

} // namespace aegis
