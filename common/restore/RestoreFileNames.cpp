#include "common/restore/RestoreFileNames.h"

#include "common/util/Timestamp.h"

#include <QDateTime>
#include <QFileInfo>

namespace aegis {

RestoreFileNames::RestoreFileNames(QString databasePath, qint64 stamp)
    : m_database(std::move(databasePath))
    , m_stamp(stamp)
{
}

QString RestoreFileNames::stampText(qint64 stamp)
{
    return Timestamp::compact(QDateTime::fromSecsSinceEpoch(stamp, Qt::UTC));
}

QStringList RestoreFileNames::roles()
{
    return {QStringLiteral("db"), QStringLiteral("wal"), QStringLiteral("shm"), QStringLiteral("journal")};
}

QString RestoreFileNames::suffix(const QString &role)
{
    if (role == QLatin1String("db"))
        return {};
    return QLatin1Char('-') + role;
}

QString RestoreFileNames::live(const QString &role) const
{
    return m_database + suffix(role);
}

QString RestoreFileNames::aside(const QString &role) const
{
    return m_database + QStringLiteral(".bad-%1").arg(stampText(m_stamp)) + suffix(role);
}

QString RestoreFileNames::failed(const QString &role) const
{
    return m_database + QStringLiteral(".failed-restore-%1").arg(stampText(m_stamp)) + suffix(role);
}

QString RestoreFileNames::temporary() const
{
    const QFileInfo info(m_database);
    return info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".restore-%1.partial").arg(stampText(m_stamp));
}

QString RestoreFileNames::report() const
{
    return m_database + QStringLiteral(".restore-%1.report.json").arg(stampText(m_stamp));
}

QString RestoreFileNames::directory() const
{
    return QFileInfo(m_database).absolutePath();
}

QString RestoreFileNames::journal(const QString &databasePath)
{
    return databasePath + QStringLiteral(".restore-journal.json");
}

} // namespace aegis
