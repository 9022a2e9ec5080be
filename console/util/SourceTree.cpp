#include "console/util/SourceTree.h"

#include <QDir>
#include <QFileInfo>

namespace aegis::console {

QString SourceTree::rootAbove(const QString &applicationDirectory)
{
    if (applicationDirectory.isEmpty())
        return QString();
    // build/<preset>/console is three levels down; a little more leeway
    // for a build directory of one's own.
    QDir dir(applicationDirectory);
    for (int level = 0; level < 5 && dir.cdUp(); ++level) {
        if (QFileInfo(dir.filePath(QStringLiteral("scripts/run.sh"))).isFile()
            && QFileInfo(dir.filePath(QStringLiteral("docs/runbooks"))).isDir())
            return dir.absolutePath();
    }
    return QString();
}

} // namespace aegis::console
