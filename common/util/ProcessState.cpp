#include "common/util/ProcessState.h"

#include <QFile>

namespace aegis::ProcessState {

namespace {

QByteArray statLine(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    return stat.open(QIODevice::ReadOnly) ? stat.readAll() : QByteArray();
}

} // namespace

State of(qint64 pid)
{
    const QByteArray line = statLine(pid);
    // "pid (comm) S ...": the command may hold spaces and parentheses, so
    // the state is found after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close <= 0 || line.size() <= close + 2)
        return State::Gone;
    return line.at(close + 2) == 'Z' ? State::Zombie : State::Running;
}

QString describe(qint64 pid)
{
    const QByteArray line = statLine(pid);
    return line.isEmpty() ? QStringLiteral("gone") : QString::fromUtf8(line);
}

} // namespace aegis::ProcessState
