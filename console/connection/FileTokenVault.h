#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace aegis::console {

// Admin tokens in files readable only by the operator (mode 0600 in a 0700
// directory), for machines where no keychain service runs. The console says
// so visibly whenever it uses this.
class FileTokenVault
{
public:
    explicit FileTokenVault(QString directory = defaultDirectory());

    // ~/.config/aegis-console/tokens (QStandardPaths' application config).
    static QString defaultDirectory();

    QString directory() const { return m_directory; }
    QString filePath(const QString &profileId) const;

    bool write(const QString &profileId, const QByteArray &token, QString *error);
    // nullopt with an empty *error when no token is stored; nullopt with a
    // reason when the file exists but cannot be read.
    std::optional<QByteArray> read(const QString &profileId, QString *error) const;
    bool remove(const QString &profileId);
    bool contains(const QString &profileId) const;

private:
    QString m_directory;
};

} // namespace aegis::console
