#pragma once

#include "common/json/JsonValue.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptCheck.h"
#include "common/receipts/TenantChainResult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <optional>
#include <string>

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

    // A receipt whose body the caller has hashed already (the database
    // path, the file path's scanner), as views of its bytes: nothing is
    // copied.
    struct StoredReceipt
    {
        qint64 seq = 0;
        bool hasSeq = true; // false: no seq field (an export)
        QByteArrayView receiptHash;
        QByteArrayView prevReceiptHash; // a null view for SQL NULL
        QByteArrayView eventId;         // a null view for SQL NULL
        const std::array<char, 64> *recomputedHash = nullptr;
    };
    // Takes the receipt when it is intact and linked (nothing to record, no
    // callback to make) and returns true; otherwise changes nothing and
    // returns false, and the caller hands the same receipt to add(). This
    // keeps one set of rules: the fast path only ever accepts what add()
    // would accept without a word.
    bool addIntact(const StoredReceipt &receipt);
    // After the last receipt: checks the expected head's count and seq.
    void finish();

    // A failure found after the receipt went by (a signature checked on
    // another thread, SignatureCheckPool) joins the result as add() would
    // have recorded it: the failure of the lower index is the first one.
    static void addLateFailure(TenantChainResult &result, const ChainFailure &failure);

    QString tenantId() const { return m_tenantId; }
    qint64 count() const { return m_result.count; }
    bool failed() const { return m_result.firstFailure.has_value(); }
    const TenantChainResult &result() const
    {
        flushHead();
        return m_result;
    }

private:
    void record(ReceiptCheck &check, ChainFailure::Kind kind, const QString &expected, const QString &actual,
        const QString &message);
    // The head taken by addIntact() is kept as bytes until someone asks:
    // a QString per receipt would cost more than its hash.
    void flushHead() const;
    QString prevHashText() const { return QString::fromLatin1(m_prevHash.data(), qsizetype(m_prevHash.size())); }

    QString m_tenantId;
    Options m_options;
    QByteArray m_expectedHeadHash; // UTF-8 of m_options.expectedHead's hash
    ReceiptCallback m_callback;
    mutable TenantChainResult m_result;
    // Of the previous receipt as read (64 hex); unset when it had none usable.
    bool m_hasPrevHash = false;
    std::array<char, 64> m_prevHash{};
    std::optional<qint64> m_prevSeq;
    mutable bool m_headPending = false;
    std::array<char, 64> m_headHash{};
    qint64 m_headSeq = 0;
    bool m_headHasSeq = false;
    std::string m_headReceiptId;
    bool m_sawExpectedHead = false;
    bool m_finished = false;
};

} // namespace aegis
