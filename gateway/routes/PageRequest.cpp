#include "gateway/routes/PageRequest.h"

namespace aegis {

std::optional<PageRequest> PageRequest::parse(const HttpExchange &exchange, bool allowOrder)
{
    PageRequest page;
    const QUrlQuery &query = exchange.request().query;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        page.limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || page.limit < 1 || page.limit > 200) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("limit must be a whole number from 1 to 200")));
            return std::nullopt;
        }
    }
    if (query.hasQueryItem(QStringLiteral("cursor"))) {
        const auto after = decodeCursor(query.queryItemValue(QStringLiteral("cursor")));
        if (!after) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("cursor is not one this gateway gave out")));
            return std::nullopt;
        }
        page.after = *after;
    }
    if (query.hasQueryItem(QStringLiteral("offset"))) {
        bool ok = false;
        page.offset = query.queryItemValue(QStringLiteral("offset")).toLongLong(&ok);
        if (!ok || page.offset < 0 || page.offset > 100'000'000) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("offset must be a whole number from 0 to 100000000")));
            return std::nullopt;
        }
        if (page.offset > 0 && page.after >= 0) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("give cursor or offset, not both")));
            return std::nullopt;
        }
    }
    if (query.hasQueryItem(QStringLiteral("order"))) {
        const QString order = query.queryItemValue(QStringLiteral("order"));
        if (!allowOrder || (order != QLatin1String("asc") && order != QLatin1String("desc"))) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("order must be asc or desc")));
            return std::nullopt;
        }
        page.ascending = order == QLatin1String("asc");
    }
    return page;
}

QByteArray PageRequest::encodeCursor(qint64 num)
{
    const QByteArray plain = QByteArray("n:") + QByteArray::number(num);
    return plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<qint64> PageRequest::decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("n:"))
        return std::nullopt;
    bool ok = false;
    const qint64 num = decoded.decoded.mid(2).toLongLong(&ok);
    if (!ok || num < 0)
        return std::nullopt;
    return num;
}

QString PageRequest::whereClause(const QString &column) const
{
    if (after < 0)
        return QStringLiteral("1");
    return QStringLiteral("%1 %2 %3").arg(column, ascending ? QStringLiteral(">") : QStringLiteral("<")).arg(after);
}

QString PageRequest::orderClause(const QString &column) const
{
    return QStringLiteral("%1 %2").arg(column, ascending ? QStringLiteral("ASC") : QStringLiteral("DESC"));
}

QString PageRequest::limitClause() const
{
    return QStringLiteral("LIMIT %1 OFFSET %2").arg(limit + 1).arg(offset);
}

} // namespace aegis
