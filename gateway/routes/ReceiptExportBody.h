#pragma once

#include "gateway/http/HttpResponse.h"
#include "gateway/storage/ScopedConnection.h"

#include <QString>

#include <memory>

namespace aegis {

class Database;
class SqliteStatement;

// GET /v1/receipts/export as a stream: the tenant's chain, oldest first, in
// the aegis-jcs-1 export form, read in batches by seq while it is sent, so
// memory stays flat whatever the chain's length. The chain is pinned at its
// head when the export starts: receipts appended meanwhile are not included,
// and what is sent is always a whole chain prefix. The pin is a seq bound,
// not a snapshot: each batch is one short statement, finished before read()
// returns, so no read transaction stays open while a slow client takes the
// answer (it would keep a checkpoint from resetting the WAL).
class ReceiptExportBody : public ResponseBody
{
public:
    // nullptr with *error when the database cannot be read.
    static std::shared_ptr<ReceiptExportBody> open(Database &database, const QString &tenantId, QString *error);
    ~ReceiptExportBody() override;

    qint64 size() const override { return -1; }
    bool read(QByteArray *out, qint64 maxBytes, QString *error) override;

private:
    ReceiptExportBody(Database &database, QString tenantId);

    std::unique_ptr<ScopedConnection> m_connection;
    // Reads the stored bytes (what was hashed); reset after each batch so
    // that no read transaction stays open between batches. Declared after
    // the connection: it is finalized first.
    std::unique_ptr<SqliteStatement> m_batch;
    QString m_tenantId;
    qint64 m_lastSeq = 0;
    qint64 m_headSeq = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_first = true;
};

} // namespace aegis
