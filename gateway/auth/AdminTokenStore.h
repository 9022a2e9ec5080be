#pragma once

#include <QByteArray>
#include <QString>

namespace aegis {

// The admin token when AEGIS_ADMIN_TOKEN is not set: read from a file, or
// generated once (256 random bits) and written there with mode 0600 before
// anything else can read it.
class AdminTokenStore
{
public:
    struct Result
    {
        QByteArray token;
        bool generated = false;
        QString error;
    };

    static Result loadOrCreate(const QString &path);
};

} // namespace aegis
