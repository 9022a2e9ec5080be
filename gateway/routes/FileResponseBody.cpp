#include "gateway/routes/FileResponseBody.h"

namespace aegis {

FileResponseBody::FileResponseBody(const QString &path)
    : m_file(path)
{
}

bool FileResponseBody::open(QString *error)
{
    if (!m_file.open(QIODevice::ReadOnly)) {
        *error = m_file.errorString();
        return false;
    }
    // Content-Length is promised up front: the size the file has now.
    m_size = m_file.size();
    return true;
}

bool FileResponseBody::read(QByteArray *out, qint64 maxBytes, QString *error)
{
    const qint64 wanted = qMin(maxBytes, m_size - m_sent);
    if (wanted <= 0)
        return true;
    const QByteArray piece = m_file.read(wanted);
    if (piece.isEmpty()) {
        // Shorter than promised: the client must see a cut connection, not
        // a complete-looking file.
        *error = QStringLiteral("%1 became shorter while it was being sent").arg(m_file.fileName());
        return false;
    }
    m_sent += piece.size();
    out->append(piece);
    return true;
}

} // namespace aegis
