#include "common/crypto/ConstantTime.h"

#include "common/crypto/Sha256.h"

#include <openssl/crypto.h>

namespace aegis {

bool ConstantTime::equals(QByteArrayView a, QByteArrayView b)
{
    const QByteArray da = Sha256::digest(a);
    const QByteArray db = Sha256::digest(b);
    return CRYPTO_memcmp(da.constData(), db.constData(), size_t(da.size())) == 0;
}

} // namespace aegis
