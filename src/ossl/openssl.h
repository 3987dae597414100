// OpenSSL (libssl.so.3 with libcrypto.so.3), loaded when first needed instead of at exec.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <array>
#include <stdexcept>
#include <string_view>

namespace ossl {

// Every OpenSSL function we call. Mapping and relocating libcrypto and libssl at exec cost about
// 3 ms of a 20 ms start and 3 MiB of resident memory, and a stdio server that is only asked
// tools/list needs neither: digests, HMACs, TLS and the demo's certificate come later, if at all.
// OpenSSL's function-like macros (SSL_CTX_set_min_proto_version, BIO_get_mem_data, EVP_EC_gen)
// name the real functions, so call sites spell them out through these instead.
#define PMCP_OPENSSL_FUNCTIONS(X)       \
  X(BIO_ctrl)                           \
  X(BIO_free)                           \
  X(BIO_new)                            \
  X(BIO_new_file)                       \
  X(BIO_s_mem)                          \
  X(BN_bin2bn)                          \
  X(BN_free)                            \
  X(BN_to_ASN1_INTEGER)                 \
  X(CRYPTO_memcmp)                      \
  X(ERR_clear_error)                    \
  X(ERR_peek_last_error)                \
  X(ERR_reason_error_string)            \
  X(EVP_DecodeBlock)                    \
  X(EVP_Digest)                         \
  X(EVP_DigestFinal_ex)                 \
  X(EVP_DigestInit_ex)                  \
  X(EVP_DigestUpdate)                   \
  X(EVP_EncodeBlock)                    \
  X(EVP_MD_CTX_free)                    \
  X(EVP_MD_CTX_new)                     \
  X(EVP_PKEY_Q_keygen)                  \
  X(EVP_PKEY_free)                      \
  X(EVP_sha1)                           \
  X(EVP_sha256)                         \
  X(HMAC)                               \
  X(PEM_read_bio_PrivateKey)            \
  X(PEM_write_bio_X509)                 \
  X(RAND_bytes)                         \
  X(SHA256)                             \
  X(SSL_CTX_check_private_key)          \
  X(SSL_CTX_ctrl)                       \
  X(SSL_CTX_free)                       \
  X(SSL_CTX_get0_param)                 \
  X(SSL_CTX_load_verify_locations)      \
  X(SSL_CTX_new)                        \
  X(SSL_CTX_set_cert_verify_callback)   \
  X(SSL_CTX_set_default_verify_paths)   \
  X(SSL_CTX_set_options)                \
  X(SSL_CTX_set_verify)                 \
  X(SSL_CTX_use_PrivateKey)             \
  X(SSL_CTX_use_certificate)            \
  X(SSL_CTX_use_certificate_chain_file) \
  X(SSL_accept)                         \
  X(SSL_connect)                        \
  X(SSL_ctrl)                           \
  X(SSL_free)                           \
  X(SSL_get_error)                      \
  X(SSL_get_ex_data)                    \
  X(SSL_get_ex_data_X509_STORE_CTX_idx) \
  X(SSL_get_verify_result)              \
  X(SSL_new)                            \
  X(SSL_pending)                        \
  X(SSL_read)                           \
  X(SSL_set1_host)                      \
  X(SSL_set_ex_data)                    \
  X(SSL_set_fd)                         \
  X(SSL_shutdown)                       \
  X(SSL_write)                          \
  X(TLS_client_method)                  \
  X(TLS_server_method)                  \
  X(X509V3_EXT_conf_nid)                \
  X(X509V3_set_ctx)                     \
  X(X509_EXTENSION_free)                \
  X(X509_NAME_add_entry_by_txt)         \
  X(X509_STORE_CTX_get0_cert)           \
  X(X509_STORE_CTX_get_ex_data)         \
  X(X509_STORE_CTX_set_error)           \
  X(X509_VERIFY_PARAM_set_flags)        \
  X(X509_add_ext)                       \
  X(X509_digest)                        \
  X(X509_free)                          \
  X(X509_get_serialNumber)              \
  X(X509_get_subject_name)              \
  X(X509_getm_notAfter)                 \
  X(X509_getm_notBefore)                \
  X(X509_gmtime_adj)                    \
  X(X509_new)                           \
  X(X509_set_issuer_name)               \
  X(X509_set_pubkey)                    \
  X(X509_set_version)                   \
  X(X509_sign)                          \
  X(X509_verify_cert)                   \
  X(X509_verify_cert_error_string)

struct OpenSsl {
#define PMCP_OPENSSL_SLOT(name) decltype(&::name) name = nullptr;
  PMCP_OPENSSL_FUNCTIONS(PMCP_OPENSSL_SLOT)
#undef PMCP_OPENSSL_SLOT
};

// OpenSSL could not be loaded; what() names the loader's reason and the Debian package.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads libssl.so.3 (and through it libcrypto.so.3) on first use, thread-safe, for the process's
// life. Throws Unavailable when it cannot.
const OpenSsl& openssl();

// The SHA-256 digest of `data`; throws Unavailable as openssl() does.
std::array<unsigned char, 32> sha256(std::string_view data);

}  // namespace ossl
