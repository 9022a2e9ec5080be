#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace aegis {

// One exchange with the gateway, as the restore engine needs to tell it
// apart: an HTTP answer of any status means a process is there.
struct ProbeReply
{
    enum class Transport
    {
        Answered,  // an HTTP status came back
        Refused,   // nothing listens (connection refused, host down)
        TimedOut,  // silence: something may be there, hung
        Failed     // another transport failure (TLS, reset)
    };

    Transport transport = Transport::Failed;
    int status = 0;
    QByteArray body;
    QString error; // for people; never contains the token

    bool answered() const { return transport == Transport::Answered; }
    bool ok() const { return answered() && status >= 200 && status < 300; }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    // "HTTP 503: database down", "connection refused", ...
    QString describe() const;
};

// The gateway's HTTP API as the restore engine uses it: probes, spot checks
// and chain verification. Injected so that every answer (and every silence)
// can be staged in a test. The real one is HttpGatewayProbe.
class GatewayProbe
{
public:
    virtual ~GatewayProbe() = default;

    virtual ProbeReply get(const QString &path, int timeoutMs) = 0;
    virtual ProbeReply post(const QString &path, const QByteArray &json, int timeoutMs) = 0;
    // For plans and reports: "http://127.0.0.1:8080".
    virtual QString describe() const = 0;
};

} // namespace aegis
