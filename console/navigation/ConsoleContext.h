#pragma once

#include <QString>
#include <QVariantMap>

#include <functional>

class QSettings;

namespace aegis::console {

class GatewaySession;

// What every page gets: the gateway session, the settings, and a way to
// hand work to another page ("verify this backup's chain").
struct ConsoleContext
{
    GatewaySession *session = nullptr;
    QSettings *settings = nullptr;
    std::function<void(const QString &pageId, const QVariantMap &request)> openPage;
};

} // namespace aegis::console
