#include "common/restore/ReportFile.h"

namespace aegis {

QString ReportFile::kindId(Kind kind)
{
    switch (kind) {
    case Kind::Restored:
        return QStringLiteral("restored");
    case Kind::OriginalAside:
        return QStringLiteral("original_aside");
    case Kind::OriginalBack:
        return QStringLiteral("original_back");
    case Kind::RolledBackCopy:
        return QStringLiteral("rolled_back_copy");
    case Kind::Disposed:
        break;
    }
    return QStringLiteral("disposed");
}

QString ReportFile::describe() const
{
    switch (kind) {
    case Kind::Restored:
        return QStringLiteral("restored database (copy of the backup)");
    case Kind::OriginalAside:
        return QStringLiteral("original %1 (before the restore)").arg(role);
    case Kind::OriginalBack:
        return QStringLiteral("original %1, back in place").arg(role);
    case Kind::RolledBackCopy:
        return QStringLiteral("restored copy %1 that was rolled back").arg(role);
    case Kind::Disposed:
        break;
    }
    const QString what = recorded.value(QStringLiteral("what")).toString();
    return what.isEmpty() ? QStringLiteral("original %1").arg(role) : what;
}

QJsonObject ReportFile::toJson() const
{
    QJsonObject out = recorded;
    out.insert(QStringLiteral("what"), describe());
    out.insert(QStringLiteral("kind"), kindId(kind));
    out.insert(QStringLiteral("path"), path);
    if (!role.isEmpty())
        out.insert(QStringLiteral("role"), role);
    if (!sha256.isEmpty())
        out.insert(QStringLiteral("sha256"), sha256);
    return out;
}

ReportFile ReportFile::disposed(const QJsonObject &disposal)
{
    ReportFile out;
    out.kind = Kind::Disposed;
    out.role = disposal.value(QStringLiteral("role")).toString();
    out.path = disposal.value(QStringLiteral("path")).toString();
    out.sha256 = disposal.value(QStringLiteral("sha256")).toString();
    out.recorded = disposal;
    return out;
}

} // namespace aegis
