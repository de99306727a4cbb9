#ifndef BROADCASTD_CCRYPTO_SHIM_H
#define BROADCASTD_CCRYPTO_SHIM_H

#include <openssl/hmac.h>
#include <openssl/evp.h>

// One call for the only MAC we need, so Swift never handles EVP_MD pointers.
// Returns 1 on success and writes exactly 32 bytes to `out`.
static inline int bcd_hmac_sha256(const void *key, int key_length,
                                  const unsigned char *data, size_t data_length,
                                  unsigned char *out) {
    unsigned int out_length = 0;
    const unsigned char *result = HMAC(EVP_sha256(), key, key_length, data, data_length, out, &out_length);
    return result != NULL && out_length == 32;
}

#endif
