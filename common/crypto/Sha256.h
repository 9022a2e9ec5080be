#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>

struct evp_md_ctx_st;

namespace aegis {

// SHA-256 through OpenSSL EVP (the fast path with SHA extensions; backups
// are hashed by the gigabyte).
class Sha256
{
public:
    // bytesDone, bytesTotal (-1 when the size is unknown).
    using Progress = std::function<void(qint64, qint64)>;
    // Polled between chunks; true stops the work.
    using Cancelled = std::function<bool()>;

    struct FileResult
    {
        bool ok = false;
        bool cancelled = false;
        QString hex;   // when ok
        QString error; // when !ok and !cancelled
        qint64 bytes = 0;
    };

    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(QByteArrayView bytes);
    // The 32-byte digest; the hasher starts over afterwards.
    QByteArray result();
    QString resultHex();

    static QByteArray digest(QByteArrayView bytes);
    static QString hex(QByteArrayView bytes);
    static FileResult hashFile(const QString &path, const Progress &progress = {}, const Cancelled &cancelled = {});

private:
    struct ContextDeleter
    {
        void operator()(evp_md_ctx_st *context) const;
    };
    std::unique_ptr<evp_md_ctx_st, ContextDeleter> m_context;
};

} // namespace aegis
