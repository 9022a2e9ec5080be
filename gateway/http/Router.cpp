#include "gateway/http/Router.h"

#include <QUrl>

namespace aegis {

namespace {

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

} // namespace

void Router::add(const QList<QByteArray> &methods, const QString &pattern, RouteHandler handler)
{
    Route route;
    route.methods = methods;
    route.pattern = pattern;
    route.segments = pattern.split(QLatin1Char('/')).mid(1);
    for (const QString &segment : std::as_const(route.segments)) {
        if (!isPlaceholder(segment))
            ++route.literals;
    }
    route.handler = std::move(handler);
    m_routes.append(std::move(route));
}

Router::Match Router::match(const QByteArray &method, const QString &encodedPath) const
{
    Match result;
    if (!encodedPath.startsWith(QLatin1Char('/')))
        return result;
    const QStringList raw = encodedPath.split(QLatin1Char('/')).mid(1);
    const QByteArray effective = method == "HEAD" ? QByteArray("GET") : method;

    // Among the routes whose shape fits the path, the most literal ones decide.
    int best = -1;
    QList<const Route *> candidates;
    QList<RouteParams> candidateParams;
    for (const Route &route : m_routes) {
        if (route.segments.size() != raw.size() || route.literals < best)
            continue;
        RouteParams params;
        bool fits = true;
        for (qsizetype i = 0; i < raw.size() && fits; ++i) {
            const QString &expected = route.segments.at(i);
            if (isPlaceholder(expected)) {
                const QString value = QUrl::fromPercentEncoding(raw.at(i).toUtf8());
                fits = !value.isEmpty();
                params.insert(expected.mid(1, expected.size() - 2), value);
            } else {
                fits = raw.at(i) == expected;
            }
        }
        if (!fits)
            continue;
        if (route.literals > best) {
            best = route.literals;
            candidates.clear();
            candidateParams.clear();
        }
        candidates.append(&route);
        candidateParams.append(params);
    }
    if (candidates.isEmpty())
        return result;

    QList<QByteArray> allowed;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const Route *route = candidates.at(i);
        if (route->methods.contains(effective)) {
            result.kind = Match::Kind::Found;
            result.handler = &route->handler;
            result.pattern = route->pattern;
            result.params = candidateParams.at(i);
            return result;
        }
        for (const QByteArray &m : route->methods) {
            if (!allowed.contains(m))
                allowed.append(m);
            if (m == "GET" && !allowed.contains("HEAD"))
                allowed.append("HEAD");
        }
    }
    result.kind = Match::Kind::MethodNotAllowed;
    result.pattern = candidates.first()->pattern;
    result.allow = allowed.join(", ");
    return result;
}

} // namespace aegis
