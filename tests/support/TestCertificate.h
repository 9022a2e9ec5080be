#pragma once

#include <QString>

namespace aegis::test {

// A self-signed certificate for 127.0.0.1 and localhost, written as PEM
// (certificate and unencrypted key) into `directory`: for tests that need
// the gateway to serve HTTPS. Made with OpenSSL's API, so no openssl
// command is needed.
struct TestCertificate
{
    QString certificatePath;
    QString keyPath;

    static TestCertificate create(const QString &directory);
    bool isValid() const { return !certificatePath.isEmpty(); }
};

} // namespace aegis::test
