#include "gateway/auth/AgentToken.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace aegis::AgentToken {

QByteArray generate()
{
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1)
        throw std::runtime_error("no secure random source for an agent token");
    QByteArray token("agent_tok_");
    token.append(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
    return token;
}

} // namespace aegis::AgentToken
