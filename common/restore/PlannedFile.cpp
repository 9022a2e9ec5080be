#include "common/restore/PlannedFile.h"

namespace aegis {

QString PlannedFile::actionName(Action action)
{
    switch (action) {
    case Action::Move:
        return QStringLiteral("move");
    case Action::Copy:
        return QStringLiteral("copy");
    case Action::Rename:
        return QStringLiteral("rename");
    case Action::Create:
        return QStringLiteral("create");
    }
    return {};
}

QJsonObject PlannedFile::toJson() const
{
    QJsonObject out{{QStringLiteral("action"), actionName(action)}, {QStringLiteral("to"), to}};
    if (!from.isEmpty())
        out.insert(QStringLiteral("from"), from);
    if (bytes >= 0)
        out.insert(QStringLiteral("bytes"), bytes);
    if (!note.isEmpty())
        out.insert(QStringLiteral("note"), note);
    return out;
}

} // namespace aegis
