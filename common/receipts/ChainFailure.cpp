#include "common/receipts/ChainFailure.h"

namespace aegis {

QString ChainFailure::kindName(Kind kind)
{
    switch (kind) {
    case Kind::HashMismatch:
        return QStringLiteral("hash_mismatch");
    case Kind::BrokenLink:
        return QStringLiteral("broken_link");
    case Kind::SeqGap:
        return QStringLiteral("seq_gap");
    case Kind::Malformed:
        return QStringLiteral("malformed");
    case Kind::Truncated:
        return QStringLiteral("truncated");
    case Kind::Diverged:
        return QStringLiteral("diverged");
    case Kind::BadSignature:
        return QStringLiteral("bad_signature");
    }
    return QString();
}

QString ChainFailure::summary() const
{
    QString what;
    switch (kind) {
    case Kind::HashMismatch:
        what = QStringLiteral("hash mismatch");
        break;
    case Kind::BrokenLink:
        what = QStringLiteral("broken link");
        break;
    case Kind::SeqGap:
        what = QStringLiteral("seq gap");
        break;
    case Kind::Malformed:
        what = QStringLiteral("malformed receipt");
        break;
    case Kind::Truncated:
        what = QStringLiteral("chain truncated");
        break;
    case Kind::Diverged:
        what = QStringLiteral("chain diverged");
        break;
    case Kind::BadSignature:
        what = QStringLiteral("bad signature");
        break;
    }
    QString text = what + QStringLiteral(" at index ") + QString::number(index);
    if (receiptId && !receiptId->isEmpty())
        text += QStringLiteral(" (receipt ") + *receiptId + QLatin1Char(')');
    else if (kind == Kind::Truncated)
        text += QStringLiteral(" (expected %1 receipts, found %2)").arg(expected, actual);
    return text;
}

QJsonObject ChainFailure::toJson() const
{
    QJsonObject out;
    out.insert(QStringLiteral("index"), index);
    out.insert(QStringLiteral("seq"), seq ? QJsonValue(*seq) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("receipt_id"), receiptId ? QJsonValue(*receiptId) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("kind"), kindName(kind));
    out.insert(QStringLiteral("expected"), expected);
    out.insert(QStringLiteral("actual"), actual);
    return out;
}

} // namespace aegis
