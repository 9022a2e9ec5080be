#include "tests/support/TestCertificate.h"

#include <QDir>
#include <QFile>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace aegis::test {

namespace {

QByteArray toPem(int (*write)(BIO *, void *), void *object)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!write(bio.get(), object))
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

TestCertificate TestCertificate::create(const QString &directory)
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
    if (!key || !cert)
        return {};
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("aegis-test"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        if (!extension)
            return {};
        X509_add_ext(cert.get(), extension, -1);
        X509_EXTENSION_free(extension);
    }
    if (!X509_sign(cert.get(), key.get(), EVP_sha256()))
        return {};

    const QByteArray certPem = toPem([](BIO *bio, void *x) { return PEM_write_bio_X509(bio, static_cast<X509 *>(x)); },
                                     cert.get());
    const QByteArray keyPem = toPem(
        [](BIO *bio, void *k) {
            return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY *>(k), nullptr, nullptr, 0, nullptr, nullptr);
        },
        key.get());
    TestCertificate out;
    const QDir dir(directory);
    if (certPem.isEmpty() || keyPem.isEmpty() || !writeFile(dir.filePath(QStringLiteral("cert.pem")), certPem)
        || !writeFile(dir.filePath(QStringLiteral("key.pem")), keyPem))
        return out;
    out.certificatePath = dir.filePath(QStringLiteral("cert.pem"));
    out.keyPath = dir.filePath(QStringLiteral("key.pem"));
    return out;
}

} // namespace aegis::test
