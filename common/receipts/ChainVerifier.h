#pragma once

#include "common/json/JsonValue.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptCheck.h"
#include "common/receipts/TenantChainResult.h"

#include <QString>

#include <optional>

namespace aegis {

// Verifies one tenant's receipts fed one at a time in chain order (oldest
// first), by the rules of RECEIPTS.md "Verifying a list". It keeps only the
// previous receipt's hash and seq, so memory stays flat however long the
// chain. The first failure is recorded; later receipts still get a status.
class ChainVerifier
{
public:
    struct Options
    {
        // The first receipt must be the chain's genesis (prev_receipt_hash
        // "" and, when it has a seq, seq 1). Without it a list is a slice
        // whose first link is taken as given, unless its first seq is 1.
        bool requireGenesis = false;
        // From a manifest: adds truncated and diverged. Only meaningful when
        // the whole chain is read.
        std::optional<ExpectedHead> expectedHead;
    };

    explicit ChainVerifier(const QString &tenantId, Options options);
    explicit ChainVerifier(const QString &tenantId = QString());

    // Called once per receipt, after it was checked.
    void setReceiptCallback(ReceiptCallback callback) { m_callback = std::move(callback); }

    void add(const JsonValue &receipt);
    // After the last receipt: checks the expected head's count and seq.
    void finish();

    qint64 count() const { return m_result.count; }
    bool failed() const { return m_result.firstFailure.has_value(); }
    const TenantChainResult &result() const { return m_result; }

private:
    void record(ReceiptCheck &check, ChainFailure::Kind kind, const QString &expected, const QString &actual,
        const QString &message);

    QString m_tenantId;
    Options m_options;
    ReceiptCallback m_callback;
    TenantChainResult m_result;
    // Of the previous receipt as read; nullopt when it had none usable.
    std::optional<QString> m_prevHash;
    std::optional<qint64> m_prevSeq;
    bool m_sawExpectedHead = false;
    bool m_finished = false;
};

} // namespace aegis
