#pragma once

#include <QStringView>

namespace aegis::Glob {

// Policy patterns: `*` matches any run of characters (including none and
// including "/"), `?` exactly one; everything else matches itself. No
// character classes, no escapes: tool and action names are plain words, and
// a pattern an operator cannot read at a glance has no place in a policy.
bool matches(QStringView pattern, QStringView text);

} // namespace aegis::Glob
