#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QIODevice;

namespace aegis::console {

// Reads the receipts of a chain export ({"canon_version":…,"tenant_id":…,
// "receipts":[…]}) one at a time, as JSON text, from a device: a long chain
// is verified with flat memory instead of being parsed whole. It only finds
// the array and cuts its elements; each element is then parsed strictly.
class ExportStreamReader
{
public:
    // chunkBytes: how much is read at a time (small in tests, to cut
    // receipts across reads).
    explicit ExportStreamReader(QIODevice *device, qint64 chunkBytes = 1 << 20);

    // The next receipt's JSON text; nullopt at the end of the array, or on
    // a malformed stream (error() says why).
    std::optional<QByteArray> next();
    QString error() const { return m_error; }
    qint64 bytesRead() const { return m_consumed; }

private:
    int get();
    void unget() { --m_pos; --m_consumed; }
    bool findArray();
    bool fail(const QString &what);

    QIODevice *m_device;
    qint64 m_chunkBytes;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_consumed = 0;
    bool m_inArray = false;
    bool m_done = false;
    bool m_first = true;
    QString m_error;
};

} // namespace aegis::console
