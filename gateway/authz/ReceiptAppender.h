#pragma once

#include "common/crypto/Ed25519Signer.h"
#include "common/receipts/ReceiptBody.h"

#include <QString>

#include <optional>

namespace aegis {

class StatementCache;

// Where a receipt landed in its tenant's chain.
struct AppendedReceipt
{
    qint64 seq = 0;
    QString receiptHash;
    QString prevReceiptHash;
    QString signature;       // empty when unsigned
    QString signerPublicKey;
    QString signerKeyId;
};

// Appends one receipt to a tenant's chain, on the writer thread, inside the
// writer's transaction: reads the head, links the body to it, hashes (and
// signs) it, inserts the row. Because only the writer appends, and it does
// so inside one transaction with the head read, a chain can never fork.
// Every kind of evidence (decisions, approvals) goes through here so that
// all receipts of a chain are made by one set of rules.
class ReceiptAppender
{
public:
    explicit ReceiptAppender(std::optional<Ed25519Signer> signer);

    // `body.eventId` and `body.ts` are the caller's; `prevReceiptHash` is
    // set here. `decisionId` is the envelope's link to a decision row.
    bool append(StatementCache &db, const QString &tenantId, ReceiptBody body, const QString &decisionId,
                AppendedReceipt *out, QString *error) const;

    bool isSigning() const { return m_signer.has_value(); }

    static QString newReceiptId();

private:
    std::optional<Ed25519Signer> m_signer;
};

} // namespace aegis
