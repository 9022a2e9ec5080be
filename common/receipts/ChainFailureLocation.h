#pragma once

#include "common/receipts/ChainFailure.h"

#include <QString>

#include <optional>

namespace aegis {

// Where a chain failure is, as one text that every report uses (the
// console's chain and backup pages, its PDF, aegis-verify-receipts): the
// seq and the tenant first, then any seqs that are missing or repeated
// there. The index (0-based position as read) appears only when the
// receipt has no seq, because then it is all there is.
class ChainFailureLocation
{
public:
    // Seqs missing before the failing receipt, or one seq present twice.
    struct SeqProblem
    {
        enum class Kind
        {
            Missing,   // first .. last are not in the chain
            Duplicate, // first (== last) appears twice in a row
            Backwards  // the seq goes down: first comes after last
        };
        Kind kind = Kind::Missing;
        qint64 first = 0;
        qint64 last = 0;
    };

    // From the typed failure alone (seq, previous seq, expected/actual).
    static std::optional<SeqProblem> seqProblem(const ChainFailure &failure);

    // "seq 41 of tenant acme (seq 40 is missing)",
    // "seq 7 of tenant acme (seq 7 appears twice)",
    // "after seq 150 of tenant acme (seqs 151 to 155 are missing)",
    // "the 3rd receipt of tenant acme (it has no seq)".
    // An empty tenant id is left out.
    static QString text(const ChainFailure &failure, const QString &tenantId);
    // "seq 40 is missing", "seqs 40 to 42 are missing", "seq 7 appears twice",
    // "seq 20 comes after seq 41".
    static QString seqProblemText(const SeqProblem &problem);
};

} // namespace aegis
