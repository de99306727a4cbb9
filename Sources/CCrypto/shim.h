#ifndef BROADCASTD_CCRYPTO_SHIM_H
#define BROADCASTD_CCRYPTO_SHIM_H

#include <openssl/hmac.h>
#include <openssl/evp.h>

#endif
