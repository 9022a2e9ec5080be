#include "console/util/Runbooks.h"

#include "console/util/SourceTree.h"

#include <QDir>
#include <QFileInfo>

namespace aegis::console {

namespace {

struct Known
{
    const char *file;
    const char *title;
};

// packaging/CMakeLists.txt installs these beside README.md; the repository
// keeps them in docs/runbooks.
constexpr Known known[] = {
    {"restore.md", QT_TRANSLATE_NOOP("Runbooks", "The guided restore")},
    {"backup-and-restore.md", QT_TRANSLATE_NOOP("Runbooks", "Backups and restore")},
    {"dr-drill.md", QT_TRANSLATE_NOOP("Runbooks", "Disaster-recovery drills")},
    {"approvals.md", QT_TRANSLATE_NOOP("Runbooks", "Approvals")},
};

} // namespace

QStringList Runbooks::searched(const Inputs &inputs)
{
    QStringList directories;
    if (!inputs.installedDirectory.isEmpty())
        directories << inputs.installedDirectory;
    if (const QString root = SourceTree::rootAbove(inputs.applicationDirectory); !root.isEmpty())
        directories << QDir(root).filePath(QStringLiteral("docs/runbooks"));
    return directories;
}

QList<Runbooks::Entry> Runbooks::find(const Inputs &inputs)
{
    const QStringList directories = searched(inputs);
    QList<Entry> out;
    for (const Known &runbook : known) {
        for (const QString &directory : directories) {
            const QFileInfo file(QDir(directory).filePath(QLatin1String(runbook.file)));
            if (file.isFile()) {
                out.append({tr(runbook.title), file.absoluteFilePath()});
                break;
            }
        }
    }
    return out;
}

} // namespace aegis::console
