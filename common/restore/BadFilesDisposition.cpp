#include "common/restore/BadFilesDisposition.h"

namespace aegis::BadFilesDispositions {

QString name(BadFilesDisposition disposition)
{
    switch (disposition) {
    case BadFilesDisposition::Keep:
        return QStringLiteral("keep");
    case BadFilesDisposition::Archive:
        return QStringLiteral("archive");
    case BadFilesDisposition::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

std::optional<BadFilesDisposition> fromName(const QString &text)
{
    for (BadFilesDisposition d : {BadFilesDisposition::Keep, BadFilesDisposition::Archive, BadFilesDisposition::Delete}) {
        if (text == name(d))
            return d;
    }
    return std::nullopt;
}

} // namespace aegis::BadFilesDispositions
