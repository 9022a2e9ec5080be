#pragma once

#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/ChainVerificationReport.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace aegis {

// ChainListVerifier's verdict on a JSON file (an export, a list, a page of
// GET /v1/receipts), read as a stream: the file is mapped, parsed once by
// the strict JsonParser with its receipts handed over one at a time, and
// the pages already read are given back, so memory stays flat however
// large the file (docs/design/verifier.md). Same rules, same report and
// same parse errors (with their byte offsets) as parsing the file whole.
//
// Receipts are verified as they come. When that order is not the chain
// order (a group whose seqs go down, a "tenant_id" or "canon_version"
// after the receipts), or when rows must come tenant by tenant for
// onReceipt, a second pass indexes the receipts (offset and seq, a few
// bytes each) and verifies them group by group in chain order.
class ChainFileVerifier
{
public:
    enum class Failure
    {
        Unreadable,  // the file cannot be opened or read; text is the system's reason
        InvalidJson, // text says where: "<what> at byte <offset>"
        WrongShape   // valid JSON, but not receipts
    };
    struct Error
    {
        Failure failure = Failure::Unreadable;
        QString text;
    };

    static std::optional<ChainVerificationReport> verifyFile(const QString &path,
        const ChainListVerifier::Options &options, Error *error);
    // The same over bytes in memory.
    static std::optional<ChainVerificationReport> verifyBytes(QByteArrayView bytes,
        const ChainListVerifier::Options &options, Error *error);
};

} // namespace aegis
