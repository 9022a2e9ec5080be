#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// The first thing wrong with one tenant's chain.
struct ChainFailure
{
    enum class Kind
    {
        HashMismatch, // a receipt's content does not give its receipt_hash: it was edited
        BrokenLink,   // prev_receipt_hash is not the previous receipt's hash: dropped, inserted or reordered
        SeqGap,       // seq does not follow the previous seq
        Malformed,    // not a receipt at all: not an object, no 64-hex receipt_hash, ...
        Truncated,    // fewer receipts than a manifest recorded
        Diverged,     // the receipt at a manifest head's seq has another hash
        BadSignature  // a receipt's signature does not verify with its signer_public_key
    };

    Kind kind = Kind::Malformed;
    qint64 index = 0; // 0-based within the tenant's chain as read
    std::optional<qint64> seq;
    // The seq of the receipt read just before this one (for truncated: the
    // last one read). With seq it names what is missing or repeated: seq 41
    // after seq 39 means seq 40 is missing, even when the verifier saw a
    // broken link first. Unset at the chain's first receipt or without seqs.
    std::optional<qint64> previousSeq;
    std::optional<QString> receiptId; // event_id, when known
    // "actual" is always what is stored; "expected" what it should be:
    //   hash_mismatch  recomputed hash / stored receipt_hash
    //   broken_link    previous receipt's receipt_hash ("" at genesis) / prev_receipt_hash
    //   seq_gap        previous seq + 1 / seq
    //   malformed      a description of what was due / what was found
    //   truncated      receipt count the manifest recorded / receipts found
    //   diverged       manifest head hash / hash found at that seq
    //   bad_signature  a description naming the signer_public_key / the signature
    QString expected;
    QString actual;
    QString message; // one plain sentence for people

    // "hash_mismatch", "broken_link", ...
    static QString kindName(Kind kind);
    // The reverse of kindName; nullopt for a name it does not give.
    static std::optional<Kind> kindFromName(const QString &name);
    // "hash mismatch at index 1 (receipt <id>)": the verify-chain "error".
    QString summary() const;
    // {"index","seq","receipt_id","kind","expected","actual"} as in API.md,
    // plus "previous_seq" when it is known.
    QJsonObject toJson() const;
    // The reverse of toJson (a gateway's answer); nullopt when "kind" is not
    // one of the kinds. "message" is not in the JSON and stays empty.
    static std::optional<ChainFailure> fromJson(const QJsonObject &object);
};

} // namespace aegis
