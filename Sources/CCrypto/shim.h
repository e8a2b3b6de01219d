#ifndef WHOCARD_CCRYPTO_SHIM_H
#define WHOCARD_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
