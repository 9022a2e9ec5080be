#include "gateway/authz/TimeOrderedUuid.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

#include <array>

namespace aegis::TimeOrderedUuid {

QString generate()
{
    std::array<quint8, 16> bytes{};
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 0; i < 6; ++i)
        bytes[std::size_t(i)] = quint8(ms >> (8 * (5 - i)));
    // Bytes 8..15 are random; written one by one (a quint32 store into a
    // byte array would be misaligned and break aliasing rules).
    const quint64 randomB = QRandomGenerator::system()->generate64();
    for (std::size_t i = 0; i < 8; ++i)
        bytes[8 + i] = quint8(randomB >> (8 * i));
    const quint32 randomA = QRandomGenerator::system()->generate();
    bytes[6] = quint8(0x70 | (randomA & 0x0f));
    bytes[7] = quint8(randomA >> 8);
    bytes[8] = quint8(0x80 | (bytes[8] & 0x3f));
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(bytes.data()), 16))
        .toString(QUuid::WithoutBraces);
}

} // namespace aegis::TimeOrderedUuid
