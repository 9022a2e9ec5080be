#pragma once

#include <QByteArray>

namespace aegis::AgentToken {

// "agent_tok_" and 32 lowercase hex digits (128 random bits). Shown to the
// caller once; the database keeps only its SHA-256.
QByteArray generate();

} // namespace aegis::AgentToken
