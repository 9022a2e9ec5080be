#include "gateway/routes/EvidenceQuery.h"

#include "common/db/SqliteStatement.h"
#include "common/receipts/EvidenceJson.h"
#include "gateway/storage/StatementCache.h"

namespace aegis {

namespace {

struct Filter
{
    QString column;
    QString value;
};

} // namespace

QString EvidenceQuery::tenantFor(const HttpExchange &exchange, const Principal &principal, const QString &fallback)
{
    if (!principal.isAdmin())
        return principal.tenantId;
    const QString tenant = exchange.request().query.queryItemValue(QStringLiteral("tenant_id"));
    return tenant.isEmpty() ? fallback : tenant;
}

void EvidenceQuery::respondWithPage(StatementCache &db, const HttpExchange &exchange, const Principal &principal,
                                    Kind kind)
{
    const auto page = PageRequest::parse(exchange);
    if (!page)
        return;
    const QUrlQuery &query = exchange.request().query;
    QList<Filter> filters;
    const QString tenant = tenantFor(exchange, principal, QString());
    if (!tenant.isEmpty())
        filters.append({QStringLiteral("tenant_id"), tenant});
    if (kind == Kind::Decisions) {
        const QString agent = principal.confinedAgent();
        if (!agent.isEmpty())
            filters.append({QStringLiteral("agent_id"), agent});
        for (const char *name : {"agent_id", "decision"}) {
            const QString value = query.queryItemValue(QLatin1String(name));
            if (!value.isEmpty() && (agent.isEmpty() || qstrcmp(name, "agent_id") != 0))
                filters.append({QLatin1String(name), value});
        }
    }

    const bool decisions = kind == Kind::Decisions;
    QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                      .arg(decisions ? EvidenceJson::decisionColumns() : EvidenceJson::receiptColumns(),
                           decisions ? QStringLiteral("decisions") : QStringLiteral("receipts"),
                           page->whereClause(QStringLiteral("num")));
    for (const Filter &filter : filters)
        sql += QStringLiteral(" AND %1 = ?").arg(filter.column);
    sql += QStringLiteral(" ORDER BY %1 %2").arg(page->orderClause(QStringLiteral("num")), page->limitClause());

    // Not cached: the cursor is part of the SQL text.
    SqliteStatement rows(db.handle(), sql.toUtf8().constData());
    if (!rows.isValid()) {
        exchange.respond(HttpResponse::error(500, rows.error()));
        return;
    }
    for (int i = 0; i < filters.size(); ++i)
        rows.bind(i + 1, filters.at(i).value);
    const int numColumn = rows.columnCount() - 1;
    JsonValue array = JsonValue::array();
    qint64 lastNum = -1;
    bool more = false;
    while (rows.next()) {
        if (array.size() == page->limit) {
            more = true;
            break;
        }
        array.append(decisions ? EvidenceJson::decision(rows) : EvidenceJson::receipt(rows));
        lastNum = rows.integer(numColumn);
    }
    if (rows.failed()) {
        exchange.respond(HttpResponse::error(500, rows.error()));
        return;
    }
    HttpResponse response = HttpResponse::rawJson(200, EvidenceJson::serialize(array));
    if (more)
        response.withHeader("X-Next-Cursor", PageRequest::encodeCursor(lastNum));
    exchange.respond(response);
}

void EvidenceQuery::respondWithOne(StatementCache &db, const HttpExchange &exchange, const Principal &principal,
                                   Kind kind, const QString &id)
{
    const bool decisions = kind == Kind::Decisions;
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
                            .arg(decisions ? EvidenceJson::decisionColumns() : EvidenceJson::receiptColumns(),
                                 decisions ? QStringLiteral("decisions") : QStringLiteral("receipts"),
                                 decisions ? QStringLiteral("id") : QStringLiteral("event_id"));
    SqliteStatement row(db.handle(), sql.toUtf8().constData());
    row.bind(1, id);
    const bool hasRow = row.isValid() && row.next();
    if (!row.isValid() || row.failed()) {
        exchange.respond(HttpResponse::error(500, row.error()));
        return;
    }
    const JsonValue found = !hasRow     ? JsonValue()
                            : decisions ? EvidenceJson::decision(row)
                                        : EvidenceJson::receipt(row);
    // Another tenant's evidence does not exist for an agent, nor another
    // agent's for a frozen one.
    const QString agent = principal.confinedAgent();
    if (found.isNull() || (!principal.isAdmin() && found.value("tenant_id").toString() != principal.tenantId)
        || (!agent.isEmpty() && (!decisions || found.value("agent_id").toString() != agent))) {
        exchange.respond(HttpResponse::error(
            404, QStringLiteral("no %1 with id %2").arg(decisions ? QStringLiteral("decision") : QStringLiteral("receipt"), id)));
        return;
    }
    exchange.respond(HttpResponse::rawJson(200, EvidenceJson::serialize(found)));
}

} // namespace aegis
