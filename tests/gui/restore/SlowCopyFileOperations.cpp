#include "tests/gui/restore/SlowCopyFileOperations.h"

#include <QDeadlineTimer>
#include <QThread>

namespace aegis::test {

bool SlowCopyFileOperations::copyDurably(const QString &from, const QString &to, const Progress &progress,
                                         const Cancelled &cancelled, QString *writtenSha256, QString *error)
{
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (cancelled && cancelled()) {
            if (error)
                *error = QStringLiteral("the copy of %1 was cancelled").arg(from);
            return false;
        }
        if (progress)
            progress(0, 1);
        QThread::msleep(20);
    }
    return PosixFileOperations::copyDurably(from, to, progress, cancelled, writtenSha256, error);
}

} // namespace aegis::test
