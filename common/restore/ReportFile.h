#pragma once

#include <QJsonObject>
#include <QString>

namespace aegis {

// Where one file is after a restore, and what it is: a line of the
// report's "files". The kind decides; the words come from describe().
struct ReportFile
{
    enum class Kind
    {
        Restored,       // the live database, now a copy of the backup
        OriginalAside,  // a file in use before the restore, kept under its .bad name
        OriginalBack,   // a file in use before the restore, back under its live name (rolled back)
        RolledBackCopy, // the restored copy that was rolled back, kept as .failed-restore
        Disposed        // an original after the finish's keep/archive/delete (BadFilesDisposal's words)
    };

    Kind kind = Kind::Restored;
    QString role;   // "db", "wal", "shm"
    QString path;
    QString sha256; // empty when not known
    QJsonObject recorded; // Disposed: BadFilesDisposal's own record (what, path, note, ...), kept as it wrote it

    bool isOriginal() const { return kind == Kind::OriginalAside || kind == Kind::Disposed; }
    static QString kindId(Kind kind);
    // "original db (before the restore)", "restored database (copy of the backup)", ...
    QString describe() const;
    // {what (words), kind, role, path, sha256}
    QJsonObject toJson() const;
    static ReportFile disposed(const QJsonObject &disposal);
};

} // namespace aegis
