// Fuzz target of the backup-name rules (BackupName::problem), which stand
// between a name in a request (POST /v1/admin/backups "filename", the {name}
// of every backup route) and a path the gateway writes, serves or deletes.
// The property: no accepted name resolves outside the backup directory, nor
// onto a name the gateway keeps for itself. Each file the gateway makes
// from a name (the backup, its manifest, its ".NAME.partial" copy in
// progress and SQLite's "-journal" beside that) is checked the way
// BackupService builds it: QDir(directory).absoluteFilePath/filePath.
#include "common/backup/BackupName.h"

#include <QDir>
#include <QFileInfo>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using aegis::BackupName;

void require(bool condition, const char *property, const QString &name)
{
    if (!condition) {
        std::fprintf(stderr, "BackupName property violated: %s (name: %s)\n", property, qPrintable(name));
        std::abort();
    }
}

// The file `path` resolves to, lexically (no file needs to exist): its
// directory must be exactly `directory` and its own name non-empty.
void requireInside(const QString &directory, const QString &path, const QString &name)
{
    const QString clean = QDir::cleanPath(path);
    const QFileInfo info(clean);
    require(info.absolutePath() == directory, "the file lies directly in the backup directory", name);
    require(!info.fileName().isEmpty() && info.fileName() != QLatin1String(".")
                && info.fileName() != QLatin1String(".."),
            "the file has a name of its own", name);
    require(clean == path, "the path needs no cleaning (no . or .. or // in it)", name);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Requests carry names as UTF-8 (JSON strings, percent-decoded paths).
    const QString name = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString problem = BackupName::problem(name);
    if (!problem.isEmpty())
        return 0;

    require(name.toUtf8().size() <= BackupName::MaxBytes, "an accepted name fits a file name", name);
    require(!name.startsWith(QLatin1Char('.')), "names starting with . stay reserved for copies in progress", name);
    require(!name.endsWith(QStringLiteral(".manifest.json")) && !name.endsWith(QStringLiteral(".partial")),
            "an accepted name is never another backup's manifest or copy", name);

    static const QString directory = QStringLiteral("/var/lib/aegis/backups");
    const QDir dir(directory);
    requireInside(directory, dir.absoluteFilePath(name), name);
    requireInside(directory, dir.absoluteFilePath(BackupName::manifestName(name)), name);
    const QString partial = dir.filePath(QLatin1Char('.') + name + QStringLiteral(".partial"));
    requireInside(directory, partial, name);
    requireInside(directory, partial + QStringLiteral("-journal"), name);
    require(BackupName::problem(BackupName::manifestName(name)).size() > 0, "a manifest name is never a backup name",
            name);
    return 0;
}
