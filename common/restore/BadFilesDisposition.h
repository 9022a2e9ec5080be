#pragma once

#include <QString>

#include <optional>

namespace aegis {

// What happens to the <db>.bad-* files once the restore is verified
// (RESTORE_AND_DRILL.md step 8). Keep is the default: the operator decides
// later, when the cause of the trouble is understood.
enum class BadFilesDisposition
{
    Keep,
    Archive, // moved to the backup directory under a dated name
    Delete
};

namespace BadFilesDispositions {
QString name(BadFilesDisposition disposition);
std::optional<BadFilesDisposition> fromName(const QString &name);
} // namespace BadFilesDispositions

} // namespace aegis
