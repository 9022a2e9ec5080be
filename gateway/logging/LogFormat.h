#pragma once

namespace aegis {

// AEGIS_LOG_FORMAT: plain lines for journald and people (the default), or
// one JSON object per line for log pipelines.
enum class LogFormat { Text, Json };

} // namespace aegis
