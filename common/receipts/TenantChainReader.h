#pragma once

#include "common/db/SqliteStatement.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptRowHasher.h"
#include "common/receipts/SignatureCheckPool.h"
#include "common/receipts/TenantChainResult.h"

#include <QString>

#include <functional>
#include <optional>

struct sqlite3;

namespace aegis {

// Reads one tenant's receipts from a database connection in seq order and
// verifies them, row by row, without building a JsonValue for an ordinary
// row: the column bytes go straight into the canonical text and its hash
// (ReceiptRowHasher), and an intact, linked row is taken by
// ChainVerifier::addIntact. A row that is anything else (a failure, a
// column of an unexpected type, text that is not UTF-8, a callback to
// make) goes through ChainVerifier::add as a JsonValue, which words the
// verdict: one set of rules, two speeds. A signed row on the fast lane has
// its signature checked by the SignatureCheckPool, on other threads.
//
// One per connection and thread; it reuses its statement, buffer and
// digest context from tenant to tenant.
class TenantChainReader
{
public:
    struct Range
    {
        std::optional<QString> from; // normalised RFC 3339 bounds on ts
        std::optional<QString> to;
    };

    struct Outcome
    {
        TenantChainResult result;
        qint64 rows = 0;
        bool stopped = false; // everyRow asked to stop
        std::optional<QString> error;
    };

    // Signed receipts on the fast lane go to signatures, named by the
    // chain number given to verify().
    TenantChainReader(sqlite3 *db, const Range &range, SignatureCheckPool &signatures);

    bool isValid() const { return m_query.isValid(); }
    QString error() const { return m_query.error(); }

    // everyRow is called after each row; false stops the run (the result
    // then covers the rows read, and finish() is not applied).
    Outcome verify(qint64 chain, const QString &tenantId, const ChainVerifier::Options &options,
        const ReceiptCallback &onReceipt, const std::function<bool()> &everyRow);

private:
    static QByteArray selectSql(const Range &range);
    JsonValue rowAsJson() const;
    // A column of the current row as its type and stored UTF-8 bytes.
    SqliteStatement::Cell cell(int column) const;

    Range m_range;
    SignatureCheckPool &m_signatures;
    SqliteStatement m_query;
    // Columns are then read in one call each, as stored; a database in
    // UTF-16 (only a hand-made one) is read through SQLite's conversion.
    bool m_utf8Database;
    ReceiptRowHasher m_hasher;
};

} // namespace aegis
