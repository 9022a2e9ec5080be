#pragma once

#include "console/connection/FileTokenVault.h"
#include "console/connection/KeychainTokenVault.h"

#include <QObject>

#include <functional>

namespace aegis::console {

// Where a profile's admin token lives: the system keychain when one runs,
// otherwise a file only the operator can read (with a visible warning).
// Never QSettings.
class TokenStore : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        KeychainFirst,
        FileOnly // no keychain at all (tests, or an operator's explicit choice)
    };
    enum class Location
    {
        None,
        Keychain,
        File
    };
    struct Result
    {
        QByteArray token;
        Location location = Location::None;
        QString warning; // shown to the operator when the file is used
        QString error;   // the token could not be stored or read
        QString detail;  // the keychain's or the file system's own words
    };
    using Callback = std::function<void(const Result &)>;

    explicit TokenStore(Mode mode, FileTokenVault files = FileTokenVault(), QObject *parent = nullptr);

    Mode mode() const { return m_mode; }
    const FileTokenVault &files() const { return m_files; }

    void read(const QString &profileId, Callback done);
    void write(const QString &profileId, const QByteArray &token, Callback done);
    void remove(const QString &profileId);

    static QString locationText(Location location);

private:
    Result readFile(const QString &profileId, const QString &keychainProblem) const;
    Result writeFile(const QString &profileId, const QByteArray &token, const QString &keychainProblem);
    QString fileWarning(const QString &profileId) const;

    Mode m_mode;
    FileTokenVault m_files;
    KeychainTokenVault m_keychain;
};

} // namespace aegis::console
