#pragma once

#include "console/connection/ServiceControl.h"

#include <QString>
#include <QUrl>

class QSettings;

namespace aegis::console {

// One gateway the operator works with. Everything here is safe to keep in
// QSettings; the admin token is not here on purpose (TokenStore keeps it).
struct ConnectionProfile
{
    // Stable key for the settings group and the keychain entry: renaming a
    // profile must not orphan its token.
    QString id;
    QString name;
    QUrl url = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    // PEM file of a private CA or self-signed certificate, for HTTPS.
    QString caCertificatePath;
    // For local operations (restore, drills, offline checks).
    QString databasePath;
    QString backupDirectory;
    ServiceControl service;

    static QString newId();
    bool isEmpty() const { return id.isEmpty(); }

    // Reads and writes the current group of `settings`.
    void save(QSettings &settings) const;
    static ConnectionProfile load(QSettings &settings, const QString &id);

    bool operator==(const ConnectionProfile &other) const = default;
};

} // namespace aegis::console
