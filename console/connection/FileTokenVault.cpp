#include "console/connection/FileTokenVault.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace aegis::console {

namespace {

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerDirectory = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner;

} // namespace

FileTokenVault::FileTokenVault(QString directory)
    : m_directory(std::move(directory))
{
}

QString FileTokenVault::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).filePath(QStringLiteral("tokens"));
}

QString FileTokenVault::filePath(const QString &profileId) const
{
    return QDir(m_directory).filePath(profileId + QStringLiteral(".token"));
}

bool FileTokenVault::write(const QString &profileId, const QByteArray &token, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        *error = QCoreApplication::translate("FileTokenVault", "Cannot create %1.").arg(m_directory);
        return false;
    }
    QFile::setPermissions(m_directory, OwnerDirectory);
    const QString target = filePath(profileId);
    const QString temporary = target + QStringLiteral(".new");
    QFile::remove(temporary);
    QFile file(temporary);
    // Created 0600 from the first byte: there is no moment at which another
    // user could open it.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly)) {
        *error = QCoreApplication::translate("FileTokenVault", "Cannot write %1: %2").arg(temporary, file.errorString());
        return false;
    }
    if (file.write(token) != token.size() || !file.flush()) {
        *error = QCoreApplication::translate("FileTokenVault", "Cannot write %1: %2").arg(temporary, file.errorString());
        file.close();
        QFile::remove(temporary);
        return false;
    }
    file.close();
    // rename(2) replaces the old file in one step.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0) {
        *error = QCoreApplication::translate("FileTokenVault", "Cannot replace %1: %2")
                     .arg(target, QString::fromLocal8Bit(std::strerror(errno)));
        QFile::remove(temporary);
        return false;
    }
    return true;
}

std::optional<QByteArray> FileTokenVault::read(const QString &profileId, QString *error) const
{
    error->clear();
    QFile file(filePath(profileId));
    if (!file.exists())
        return std::nullopt;
    // A token file someone else can read is a leaked token; tighten it at
    // once rather than keep using it silently.
    if (file.permissions() & ~(OwnerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser))
        file.setPermissions(OwnerOnly);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("FileTokenVault", "Cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return file.readAll().trimmed();
}

bool FileTokenVault::remove(const QString &profileId)
{
    return QFile::remove(filePath(profileId));
}

bool FileTokenVault::contains(const QString &profileId) const
{
    return QFile::exists(filePath(profileId));
}

} // namespace aegis::console
