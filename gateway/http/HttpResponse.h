#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

namespace aegis {

// A body produced piece by piece while it is sent (file downloads, chain
// exports), so that memory does not grow with what is sent.
class ResponseBody
{
public:
    virtual ~ResponseBody() = default;
    // Total length if known in advance, or -1 to send it chunked.
    virtual qint64 size() const = 0;
    // Appends the next piece (at most `maxBytes`) to `out`. Returns false on
    // an error; an empty piece with true means the end.
    virtual bool read(QByteArray *out, qint64 maxBytes, QString *error) = 0;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    std::shared_ptr<ResponseBody> stream; // when set, sent instead of `body`

    HttpResponse &withHeader(QByteArray name, QByteArray value)
    {
        headers.append({std::move(name), std::move(value)});
        return *this;
    }

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    static HttpResponse rawJson(int status, QByteArray json);
    static HttpResponse noContent();
    // The one error shape of API.md: {"error": code, "message": text, "status": n}.
    static HttpResponse error(int status, const QString &message);
    static HttpResponse error(int status, const QByteArray &code, const QString &message);

    // A complete error answer with Retry-After and Connection: close, for a
    // connection refused before any request is read from it.
    static QByteArray refusalBytes(int status, const QString &message, int retryAfterSeconds);

    // The stable machine code for a status ("not_found" for 404, …).
    static QByteArray errorCode(int status);
    static QByteArray reasonPhrase(int status);
};

} // namespace aegis
