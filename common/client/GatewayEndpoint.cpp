#include "common/client/GatewayEndpoint.h"

namespace aegis {

QUrl GatewayEndpoint::url(const QString &path) const
{
    QUrl url = baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(base + (question < 0 ? path : path.left(question)), QUrl::StrictMode);
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    return url;
}

} // namespace aegis
