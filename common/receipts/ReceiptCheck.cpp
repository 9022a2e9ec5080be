#include "common/receipts/ReceiptCheck.h"

namespace aegis {

QString ReceiptCheck::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("OK");
    case Status::Tampered:
        return QStringLiteral("TAMPERED");
    case Status::Broken:
        return QStringLiteral("BROKEN");
    case Status::Malformed:
        return QStringLiteral("MALFORMED");
    }
    return QString();
}

} // namespace aegis
