#pragma once

#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptBody.h"

#include <QString>

struct sqlite3;

namespace aegis::test {

// Builds a test database with the real schema (migrations/*.sql) and valid
// receipt chains in it, through the sqlite3 C API (no QSqlDatabase
// connection names, no thread affinity). Receipts are deterministic: the
// same calls give the same bytes.
//
//   ReceiptChainBuilder builder(scratch.filePath("aegis.db"));
//   QVERIFY2(builder.open(), qPrintable(builder.errorString()));
//   QVERIFY(builder.addTenant("acme"));
//   QVERIFY(builder.addReceipts("acme", 100));
//   const ExpectedHeads heads = builder.heads();   // the manifest's "tenants"
//   builder.close();                               // before others read the file
class ReceiptChainBuilder
{
public:
    struct Options
    {
        // journal_mode=WAL persists in the file, as on a gateway database.
        bool walMode = false;
        // SQLite's text encoding for a new file ("UTF-16le"); empty: UTF-8,
        // as the gateway makes them.
        QString textEncoding;
        // Receipt ts values are base + seq seconds, microseconds kept at 0.
        QString baseTime = QStringLiteral("2026-11-26T09:00:00Z");
    };

    explicit ReceiptChainBuilder(const QString &path);
    ReceiptChainBuilder(const QString &path, Options options);
    ~ReceiptChainBuilder();
    ReceiptChainBuilder(const ReceiptChainBuilder &) = delete;
    ReceiptChainBuilder &operator=(const ReceiptChainBuilder &) = delete;

    // Creates the file (it must not exist) and applies the migrations.
    bool open();
    // Flushes and closes: the file is complete and has no side files.
    void close();
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    bool addTenant(const QString &tenantId);
    // Appends count valid receipts to the tenant's chain in one transaction.
    // agentId defaults to "agent-<tenant>".
    bool addReceipts(const QString &tenantId, int count, const QString &agentId = QString());
    // Signs every unsigned receipt as the gateway does with
    // AEGIS_RECEIPT_SIGNING_KEY=keySpec (RECEIPTS.md, "Signing").
    bool signReceipts(const QString &keySpec);
    // Every tenant of the tenants table (including "default") with count
    // and head, as a backup manifest records them.
    ExpectedHeads heads();
    // Any SQL (for tampering); statements separated by ';' run in turn.
    bool exec(const QString &sql);

    // The body the builder writes for a tenant's seq (prev hash as given).
    ReceiptBody bodyFor(const QString &tenantId, qint64 seq, const QString &agentId,
        const QString &prevReceiptHash) const;

private:
    bool fail(const QString &what);
    bool applyMigration(const QString &file);

    QString m_path;
    Options m_options;
    sqlite3 *m_db = nullptr;
    QString m_error;
};

} // namespace aegis::test
