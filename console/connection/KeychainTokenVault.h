#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace aegis::console {

// Admin tokens in the system keychain (Secret Service, KWallet) through
// QtKeychain. Asynchronous: a keychain may ask the user to unlock it.
class KeychainTokenVault : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        bool ok = false;
        bool notFound = false; // the keychain works but holds no such entry
        QByteArray token;
        QString error; // the keychain's own words, for the details
    };
    using Callback = std::function<void(const Outcome &)>;

    explicit KeychainTokenVault(QObject *parent = nullptr);

    static QString serviceName();

    void read(const QString &profileId, Callback done);
    void write(const QString &profileId, const QByteArray &token, Callback done);
    void remove(const QString &profileId, Callback done);
};

} // namespace aegis::console
