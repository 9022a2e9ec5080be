#pragma once

#include "gateway/http/HttpExchange.h"

#include <QString>

#include <optional>

namespace aegis {

// limit, cursor and order of a list endpoint (API.md "Pagination"). The
// cursor is opaque to clients; inside it is the row number ("num") of the
// last row sent, which VACUUM and restores preserve. Clients that page by
// position (the reference SDK sends offset=) get `offset` rows skipped;
// a cursor is the better way, because rows added meanwhile do not shift it.
struct PageRequest
{
    int limit = 50;
    qint64 after = -1;   // num of the last row of the previous page; -1: first page
    qint64 offset = 0;   // rows to skip after the cursor's position
    bool ascending = false;

    // Answers 400 and returns nullopt for a bad limit, cursor or order.
    static std::optional<PageRequest> parse(const HttpExchange &exchange, bool allowOrder = true);

    static QByteArray encodeCursor(qint64 num);
    static std::optional<qint64> decodeCursor(const QString &cursor);

    // "num < ? ORDER BY num DESC" or the ascending twin, for a table alias.
    QString whereClause(const QString &column) const;
    QString orderClause(const QString &column) const;
    // "LIMIT <limit + 1> OFFSET <offset>": one row more than a page tells
    // whether there is a next one.
    QString limitClause() const;
};

} // namespace aegis
