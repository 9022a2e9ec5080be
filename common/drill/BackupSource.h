#pragma once

#include <QString>

namespace aegis {

// Which backup a drill restores: `--backup fresh|latest|NAME|FILE`.
struct BackupSource
{
    enum class Kind
    {
        Fresh,  // POST /v1/admin/backup on the production gateway, then fetched
        Latest, // the newest entry of the gateway's catalog
        Named,  // a catalog entry by name
        File    // a local file (its manifest beside it)
    };

    Kind kind = Kind::Fresh;
    QString value; // the name or the path

    // "fresh", "latest", a path (contains '/' or names an existing file),
    // otherwise a catalog name.
    static BackupSource parse(const QString &text);
    static QString kindId(Kind kind);
};

} // namespace aegis
