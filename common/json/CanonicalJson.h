#pragma once

#include "common/json/JsonValue.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace aegis {

// aegis-jcs-1 (RECEIPTS.md): the exact bytes of Python's
//   json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
// for the value v that json.loads would have made of the same input.
class CanonicalJson
{
public:
    // nullopt, with the reason in *error, for what the reference refuses:
    // numbers beyond the double range (1e400 reads as inf), strings that are
    // not valid UTF-8, and nesting deeper than MaxDepth.
    static std::optional<QByteArray> serialize(const JsonValue &value, QString *error = nullptr);
    // sha256_hex(canonical(value)).
    static std::optional<QString> hash(const JsonValue &value, QString *error = nullptr);
    // 64 lowercase hex characters of SHA-256 over bytes.
    static QString sha256Hex(const QByteArray &bytes);

    static constexpr int MaxDepth = 1000; // Python's default recursion limit
};

} // namespace aegis
