#include "common/crypto/Sha256.h"

#include <QFile>

#include <openssl/evp.h>

namespace aegis {

namespace {

constexpr qint64 ChunkBytes = 1 << 20;

} // namespace

void Sha256::ContextDeleter::operator()(evp_md_ctx_st *context) const
{
    EVP_MD_CTX_free(context);
}

Sha256::Sha256()
    : m_context(EVP_MD_CTX_new())
{
    // Allocation or init failure leaves nothing sensible to hash with.
    if (!m_context || EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) != 1)
        qFatal("OpenSSL could not initialise SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::addData(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        EVP_DigestUpdate(m_context.get(), bytes.data(), size_t(bytes.size()));
}

QByteArray Sha256::result()
{
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context.get(), reinterpret_cast<unsigned char *>(out.data()), &length);
    out.resize(length);
    EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr);
    return out;
}

QString Sha256::resultHex()
{
    return QString::fromLatin1(result().toHex());
}

QByteArray Sha256::digest(QByteArrayView bytes)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_Digest(bytes.data(), size_t(bytes.size()), reinterpret_cast<unsigned char *>(out.data()), &length,
        EVP_sha256(), nullptr);
    return out;
}

QString Sha256::hex(QByteArrayView bytes)
{
    return QString::fromLatin1(digest(bytes).toHex());
}

Sha256::FileResult Sha256::hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled)
{
    FileResult out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return out;
    }
    const qint64 total = file.isSequential() ? -1 : file.size();
    Sha256 hasher;
    QByteArray buffer(ChunkBytes, Qt::Uninitialized);
    while (true) {
        if (cancelled && cancelled()) {
            out.cancelled = true;
            return out;
        }
        const qint64 n = file.read(buffer.data(), ChunkBytes);
        if (n < 0) {
            out.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return out;
        }
        if (n == 0)
            break;
        hasher.addData(QByteArrayView(buffer.constData(), n));
        out.bytes += n;
        if (progress)
            progress(out.bytes, total);
    }
    out.hex = hasher.resultHex();
    out.ok = true;
    return out;
}

} // namespace aegis
