#include "console/connection/TokenStore.h"

namespace aegis::console {

TokenStore::TokenStore(Mode mode, FileTokenVault files, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_files(std::move(files))
{
}

QString TokenStore::locationText(Location location)
{
    switch (location) {
    case Location::None:
        return tr("not stored");
    case Location::Keychain:
        return tr("system keychain");
    case Location::File:
        return tr("file readable only by you");
    }
    return QString();
}

QString TokenStore::fileWarning(const QString &profileId) const
{
    return tr("No keychain service is available, so the admin token is kept in %1, a file only your user "
              "can read. Anyone with access to your account can read it.")
        .arg(m_files.filePath(profileId));
}

TokenStore::Result TokenStore::readFile(const QString &profileId, const QString &keychainProblem) const
{
    Result result;
    QString error;
    const auto token = m_files.read(profileId, &error);
    if (token) {
        result.token = *token;
        result.location = Location::File;
        result.warning = fileWarning(profileId);
        result.detail = keychainProblem;
    } else if (!error.isEmpty()) {
        result.error = tr("The stored admin token cannot be read.");
        result.detail = error;
    }
    return result;
}

TokenStore::Result TokenStore::writeFile(const QString &profileId, const QByteArray &token,
    const QString &keychainProblem)
{
    Result result;
    QString error;
    if (!m_files.write(profileId, token, &error)) {
        result.error = tr("The admin token could not be stored.");
        result.detail = keychainProblem.isEmpty() ? error : keychainProblem + QLatin1Char('\n') + error;
        return result;
    }
    result.token = token;
    result.location = Location::File;
    result.warning = fileWarning(profileId);
    result.detail = keychainProblem;
    return result;
}

void TokenStore::read(const QString &profileId, Callback done)
{
    if (m_mode == Mode::FileOnly) {
        done(readFile(profileId, QString()));
        return;
    }
    m_keychain.read(profileId, [this, profileId, done = std::move(done)](const KeychainTokenVault::Outcome &outcome) {
        if (outcome.ok) {
            Result result;
            result.token = outcome.token;
            result.location = Location::Keychain;
            done(result);
            return;
        }
        // Not in the keychain, or no keychain: a token stored earlier on
        // a machine without one is in the file.
        done(readFile(profileId, outcome.notFound ? QString() : outcome.error));
    });
}

void TokenStore::write(const QString &profileId, const QByteArray &token, Callback done)
{
    if (m_mode == Mode::FileOnly) {
        done(writeFile(profileId, token, QString()));
        return;
    }
    m_keychain.write(profileId, token,
        [this, profileId, token, done = std::move(done)](const KeychainTokenVault::Outcome &outcome) {
            if (outcome.ok) {
                // A copy from a time without keychain would linger otherwise.
                m_files.remove(profileId);
                Result result;
                result.token = token;
                result.location = Location::Keychain;
                done(result);
                return;
            }
            done(writeFile(profileId, token, tr("Keychain: %1").arg(outcome.error)));
        });
}

void TokenStore::remove(const QString &profileId)
{
    m_files.remove(profileId);
    if (m_mode == Mode::KeychainFirst)
        m_keychain.remove(profileId, [](const KeychainTokenVault::Outcome &) {});
}

} // namespace aegis::console
