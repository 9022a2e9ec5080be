#pragma once

namespace aegis {

// What a step's progress counts, so that whoever shows it picks the words
// (sizes, receipts, seconds waited) from the unit, not from the text.
enum class ProgressUnit
{
    Bytes,        // hashing, copying
    Receipts,     // verifying receipt chains
    Milliseconds  // of the allowed wait (stop, start, readiness, rollback)
};

} // namespace aegis
