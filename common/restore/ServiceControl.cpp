#include "common/restore/ServiceControl.h"

namespace aegis {

QString ServiceControl::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Systemd:
        return QStringLiteral("systemd");
    case Kind::Command:
        return QStringLiteral("command");
    case Kind::Managed:
        return QStringLiteral("managed");
    case Kind::Manual:
        return QStringLiteral("manual");
    }
    return {};
}

} // namespace aegis
