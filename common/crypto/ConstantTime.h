#pragma once

#include <QByteArrayView>

namespace aegis {

class ConstantTime
{
public:
    // Equality of a presented credential and a stored one without a timing
    // signal: both sides are hashed to 32 bytes first (so neither the
    // length nor the position of the first difference shows), then the
    // digests are compared with CRYPTO_memcmp.
    static bool equals(QByteArrayView a, QByteArrayView b);
};

} // namespace aegis
