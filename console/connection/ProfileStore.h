#pragma once

#include "console/connection/ConnectionProfile.h"

#include <QList>
#include <QObject>

class QSettings;

namespace aegis::console {

// The operator's connection profiles in QSettings (never their tokens).
class ProfileStore : public QObject
{
    Q_OBJECT

public:
    explicit ProfileStore(QSettings *settings, QObject *parent = nullptr);

    QList<ConnectionProfile> profiles() const;
    ConnectionProfile profile(const QString &id) const;
    bool isEmpty() const { return profiles().isEmpty(); }

    void save(const ConnectionProfile &profile);
    void remove(const QString &id);

    // The profile the console opens with.
    QString currentId() const;
    void setCurrentId(const QString &id);

Q_SIGNALS:
    void changed();

private:
    QSettings *m_settings;
};

} // namespace aegis::console
