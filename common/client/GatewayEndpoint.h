#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace aegis {

// Where a gateway is and how to speak to it.
struct GatewayEndpoint
{
    QUrl baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    QByteArray token;           // admin token; never logged
    QString caCertificatePath;  // for HTTPS with a private CA or a self-signed certificate
    int timeoutMs = 15000;

    QUrl url(const QString &path) const;
};

} // namespace aegis
