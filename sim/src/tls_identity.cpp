// Self-signed certificate generation with OpenSSL 3.
#include "tls_identity.h"

#include "ossl/openssl.h"

#include <stdexcept>

namespace pvesim {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("TLS certificate: ") + what + " failed");
}

void add_extension(X509* cert, int nid, const char* value) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  ssl.X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = ssl.X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(ext != nullptr, "extension");
  const int ok = ssl.X509_add_ext(cert, ext, -1);
  ssl.X509_EXTENSION_free(ext);
  require(ok == 1, "X509_add_ext");
}

}  // namespace

TlsIdentity TlsIdentity::generate() {
  const ossl::OpenSsl& ssl = ossl::openssl();
  TlsIdentity id;
  id.key_.reset(ssl.EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", const_cast<char*>("P-256")));
  require(id.key_ != nullptr, "EVP_EC_gen");
  id.cert_.reset(ssl.X509_new());
  X509* cert = id.cert_.get();
  require(cert != nullptr, "X509_new");
  require(ssl.X509_set_version(cert, 2) == 1, "X509_set_version");
  unsigned char serial[16];
  require(ssl.RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7F;  // a positive serial number
  BIGNUM* bn = ssl.BN_bin2bn(serial, sizeof serial, nullptr);
  require(bn != nullptr && ssl.BN_to_ASN1_INTEGER(bn, ssl.X509_get_serialNumber(cert)) != nullptr,
          "serial");
  ssl.BN_free(bn);
  require(ssl.X509_gmtime_adj(ssl.X509_getm_notBefore(cert), -3600) != nullptr, "notBefore");
  require(ssl.X509_gmtime_adj(ssl.X509_getm_notAfter(cert), 365L * 24 * 3600) != nullptr,
          "notAfter");
  X509_NAME* name = ssl.X509_get_subject_name(cert);
  require(ssl.X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>("pve-sim"), -1, -1,
                                         0) == 1,
          "subject");
  require(ssl.X509_set_issuer_name(cert, name) == 1, "issuer");
  require(ssl.X509_set_pubkey(cert, id.key_.get()) == 1, "X509_set_pubkey");
  // CA:TRUE lets clients use the certificate itself as the trust anchor (a CA file).
  add_extension(cert, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_extension(cert, NID_ext_key_usage, "serverAuth");
  add_extension(cert, NID_subject_key_identifier, "hash");
  add_extension(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  require(ssl.X509_sign(cert, id.key_.get(), ssl.EVP_sha256()) > 0, "X509_sign");
  return id;
}

std::string certificate_fingerprint(X509* cert) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  require(ssl.X509_digest(cert, ssl.EVP_sha256(), digest, &len) == 1, "X509_digest");
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    if (i > 0) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

std::string TlsIdentity::fingerprint_sha256() const {
  return certificate_fingerprint(cert_.get());
}

std::string TlsIdentity::certificate_pem() const {
  const ossl::OpenSsl& ssl = ossl::openssl();
  BIO* bio = ssl.BIO_new(ssl.BIO_s_mem());
  require(bio != nullptr && ssl.PEM_write_bio_X509(bio, cert_.get()) == 1, "PEM_write_bio_X509");
  char* data = nullptr;
  const long len = ssl.BIO_ctrl(bio, BIO_CTRL_INFO, 0, reinterpret_cast<char*>(&data));
  std::string pem(data, static_cast<size_t>(len));
  ssl.BIO_free(bio);
  return pem;
}

}  // namespace pvesim
