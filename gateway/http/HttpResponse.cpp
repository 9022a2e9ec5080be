#include "gateway/http/HttpResponse.h"

#include <QJsonDocument>

namespace aegis {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return rawJson(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::json(int status, const QJsonArray &array)
{
    return rawJson(status, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::rawJson(int status, QByteArray json)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(json);
    return response;
}

HttpResponse HttpResponse::noContent()
{
    HttpResponse response;
    response.status = 204;
    response.contentType.clear();
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return error(status, errorCode(status), message);
}

HttpResponse HttpResponse::error(int status, const QByteArray &code, const QString &message)
{
    QJsonObject object{
        {QStringLiteral("error"), QString::fromLatin1(code)},
        {QStringLiteral("message"), message},
        {QStringLiteral("status"), status},
    };
    return json(status, object);
}

QByteArray HttpResponse::refusalBytes(int status, const QString &message, int retryAfterSeconds)
{
    const QByteArray body = error(status, message).body;
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nRetry-After: " + QByteArray::number(retryAfterSeconds) + "\r\nConnection: close\r\n\r\n" + body;
}

QByteArray HttpResponse::errorCode(int status)
{
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 422: return "unprocessable";
    case 429: return "too_many_requests";
    case 431: return "header_too_large";
    case 501: return "not_implemented";
    case 503: return "unavailable";
    case 507: return "insufficient_storage";
    default: return status >= 500 ? "internal" : "bad_request";
    }
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return status >= 500 ? "Server Error" : "Status";
    }
}

} // namespace aegis
