#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace aegis {

// A request copied out of the server's own objects before the handler
// returns, so that work on another thread never touches the server's
// per-socket request (which it reuses for the next request).
struct HttpRequest
{
    QByteArray method;          // exactly as sent; HEAD is answered as GET without a body
    QByteArray target;          // request-target as sent, percent-encoding intact
    QString path;               // the encoded path part of the target
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    QElapsedTimer received;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool isHead() const { return method == "HEAD"; }
};

} // namespace aegis
