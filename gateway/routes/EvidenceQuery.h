#pragma once

#include "gateway/auth/Principal.h"
#include "gateway/http/HttpExchange.h"
#include "gateway/routes/PageRequest.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace aegis {

class StatementCache;

// One page of decisions or receipts, newest first unless asked otherwise,
// confined to the agent's tenant for an agent. Shared by both lists so the
// rules (filters, cursor, X-Next-Cursor, tenant confinement) are written once.
class EvidenceQuery
{
public:
    enum class Kind { Decisions, Receipts };

    // Filters taken from the query string: for decisions agent_id and
    // decision; for both tenant_id (admin only; an agent sees its own).
    static void respondWithPage(StatementCache &db, const HttpExchange &exchange, const Principal &principal, Kind kind);

    // One row by id, or 404 (also for another tenant's row when the caller
    // is an agent).
    static void respondWithOne(StatementCache &db, const HttpExchange &exchange, const Principal &principal, Kind kind,
                               const QString &id);

    // The tenant a request is about: an agent's own; for an admin the
    // tenant_id parameter, or `fallback` when absent.
    static QString tenantFor(const HttpExchange &exchange, const Principal &principal, const QString &fallback);
};

} // namespace aegis
