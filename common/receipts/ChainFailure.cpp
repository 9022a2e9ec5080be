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

std::optional<ChainFailure::Kind> ChainFailure::kindFromName(const QString &name)
{
    for (Kind kind : {Kind::HashMismatch, Kind::BrokenLink, Kind::SeqGap, Kind::Malformed, Kind::Truncated,
             Kind::Diverged, Kind::BadSignature}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
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
    if (previousSeq)
        out.insert(QStringLiteral("previous_seq"), *previousSeq);
    return out;
}

std::optional<ChainFailure> ChainFailure::fromJson(const QJsonObject &object)
{
    const auto kind = kindFromName(object.value(QStringLiteral("kind")).toString());
    if (!kind)
        return std::nullopt;
    const auto integer = [&object](const char *key) -> std::optional<qint64> {
        const QJsonValue value = object.value(QLatin1String(key));
        return value.isDouble() ? std::optional<qint64>(qint64(value.toDouble())) : std::nullopt;
    };
    ChainFailure failure;
    failure.kind = *kind;
    failure.index = integer("index").value_or(0);
    failure.seq = integer("seq");
    failure.previousSeq = integer("previous_seq");
    const QJsonValue receiptId = object.value(QStringLiteral("receipt_id"));
    if (receiptId.isString())
        failure.receiptId = receiptId.toString();
    failure.expected = object.value(QStringLiteral("expected")).toString();
    failure.actual = object.value(QStringLiteral("actual")).toString();
    return failure;
}

} // namespace aegis
