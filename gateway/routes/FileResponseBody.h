#pragma once

#include "gateway/http/HttpResponse.h"

#include <QFile>

namespace aegis {

// A file sent as it is read, a piece at a time: a multi-gigabyte backup
// costs the gateway one piece of memory per download.
class FileResponseBody : public ResponseBody
{
public:
    explicit FileResponseBody(const QString &path);
    bool open(QString *error);
    // Opened on a worker thread, read on the HTTP thread: the file object
    // (a QObject) follows to the thread that will use and delete it.
    void moveToThread(QThread *thread) { m_file.moveToThread(thread); }

    qint64 size() const override { return m_size; }
    bool read(QByteArray *out, qint64 maxBytes, QString *error) override;

private:
    QFile m_file;
    qint64 m_size = 0;
    qint64 m_sent = 0;
};

} // namespace aegis
