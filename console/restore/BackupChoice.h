#pragma once

#include <QJsonObject>
#include <QString>

namespace aegis::console {

// The backup the operator picked on the first page: an entry of the
// gateway's catalog (the file lives on the gateway's machine) or a file on
// this computer.
struct BackupChoice
{
    enum class Source
    {
        Catalog,
        File
    };

    Source source = Source::Catalog;
    QJsonObject entry; // the catalog entry (name, path, sha256, size_bytes, tenants, counts, ...)
    QString filePath;  // a local .db

    bool isEmpty() const { return source == Source::Catalog ? entry.isEmpty() : filePath.isEmpty(); }
    // "before-upgrade.db": what the pages call it.
    QString name() const;
};

// Where the chosen backup is on this computer, ready for the preflight.
struct LocalBackup
{
    QString backupPath;
    // Empty: the engine looks for <backup>.manifest.json itself.
    QString manifestPath;
    bool downloaded = false;
    // How the file got here, for the operator ("downloaded, digest checked").
    QString note;
};

} // namespace aegis::console
