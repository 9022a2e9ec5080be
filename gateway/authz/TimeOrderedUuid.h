#pragma once

#include <QString>

namespace aegis::TimeOrderedUuid {

// A UUID version 7 (RFC 9562): milliseconds since the epoch, then random
// bits. Used for decision ids: new rows land at the end of the id index
// instead of on a random page, so a batch of authorizations writes a few
// index pages to the WAL rather than one per decision. (Receipt ids stay
// version 4, as RECEIPTS.md prescribes.)
QString generate();

} // namespace aegis::TimeOrderedUuid
