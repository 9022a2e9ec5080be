#pragma once

#include <QJsonArray>
#include <QString>

namespace aegis {

// A backup directory read on this computer, in the shape of the gateway's
// catalog (GET /v1/admin/backups), for when the gateway is down and cannot
// list it: each backup with its manifest's fields when the manifest beside
// it reads, newest first. `path` is the file's absolute path here and
// `source` is "local", so that a reader can tell it from the gateway's
// answer (no verification results, nothing the gateway recorded).
class LocalBackupCatalog
{
public:
    static QJsonArray list(const QString &directory);
};

} // namespace aegis
