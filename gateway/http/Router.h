#pragma once

#include "gateway/http/HttpExchange.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace aegis {

using RouteParams = QHash<QString, QString>;
using RouteHandler = std::function<void(const HttpExchange &exchange, const RouteParams &params)>;

// Path routing by segments, not regular expressions: "/v1/admin/backups/{name}"
// matches exactly four segments, and a placeholder takes one whole
// percent-decoded segment, so "%2F" inside a name reaches the handler as
// "/" (and is refused there as a bad name) instead of changing the route.
// A literal segment beats a placeholder; a known path with the wrong method
// is 405 with Allow; HEAD is served by GET routes.
class Router
{
public:
    void add(const QList<QByteArray> &methods, const QString &pattern, RouteHandler handler);

    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
        const RouteHandler *handler = nullptr;
        QString pattern;
        RouteParams params;
        QByteArray allow;
    };

    Match match(const QByteArray &method, const QString &encodedPath) const;

private:
    struct Route
    {
        QList<QByteArray> methods;
        QString pattern;
        QStringList segments;
        int literals = 0;
        RouteHandler handler;
    };

    QList<Route> m_routes;
};

} // namespace aegis
