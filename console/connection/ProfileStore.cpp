#include "console/connection/ProfileStore.h"

#include <QSettings>

namespace aegis::console {

namespace {

const QString Group = QStringLiteral("profiles");
const QString CurrentKey = QStringLiteral("currentProfile");

} // namespace

ProfileStore::ProfileStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> out;
    m_settings->beginGroup(Group);
    const QStringList ids = m_settings->childGroups();
    for (const QString &id : ids) {
        m_settings->beginGroup(id);
        out.append(ConnectionProfile::load(*m_settings, id));
        m_settings->endGroup();
    }
    m_settings->endGroup();
    std::sort(out.begin(), out.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return out;
}

ConnectionProfile ProfileStore::profile(const QString &id) const
{
    if (id.isEmpty())
        return {};
    m_settings->beginGroup(Group);
    const bool exists = m_settings->childGroups().contains(id);
    ConnectionProfile out;
    if (exists) {
        m_settings->beginGroup(id);
        out = ConnectionProfile::load(*m_settings, id);
        m_settings->endGroup();
    }
    m_settings->endGroup();
    return out;
}

void ProfileStore::save(const ConnectionProfile &profile)
{
    m_settings->beginGroup(Group);
    m_settings->beginGroup(profile.id);
    profile.save(*m_settings);
    m_settings->endGroup();
    m_settings->endGroup();
    m_settings->sync();
    Q_EMIT changed();
}

void ProfileStore::remove(const QString &id)
{
    m_settings->beginGroup(Group);
    m_settings->remove(id);
    m_settings->endGroup();
    if (currentId() == id)
        m_settings->remove(CurrentKey);
    m_settings->sync();
    Q_EMIT changed();
}

QString ProfileStore::currentId() const
{
    return m_settings->value(CurrentKey).toString();
}

void ProfileStore::setCurrentId(const QString &id)
{
    m_settings->setValue(CurrentKey, id);
    m_settings->sync();
}

} // namespace aegis::console
