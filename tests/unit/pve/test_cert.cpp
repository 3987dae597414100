#include "test_cert.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

namespace pve_test {

namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

void add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

}  // namespace

TestCert make_cert(const std::string& common_name, const std::vector<std::string>& alt_names) {
  TestCert out;
  out.key.reset(EVP_EC_gen("P-256"), EVP_PKEY_free);
  check(out.key != nullptr, "EVP_EC_gen");
  out.cert.reset(X509_new(), X509_free);
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24 * 30);
  X509_set_pubkey(cert, out.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  if (!alt_names.empty()) {
    std::string sans;
    for (const auto& alt : alt_names) sans += (sans.empty() ? "" : ",") + alt;
    add_extension(cert, NID_subject_alt_name, sans);
  }
  check(X509_sign(cert, out.key.get(), EVP_sha256()) > 0, "X509_sign");

  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  out.cert_pem.assign(data, static_cast<std::size_t>(length));
  BIO_free(bio);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  X509_digest(cert, EVP_sha256(), digest, &digest_length);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned int i = 0; i < digest_length; ++i) {
    if (i > 0) out.fingerprint.push_back(':');
    out.fingerprint.push_back(kHex[digest[i] >> 4]);
    out.fingerprint.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

std::string write_temp_file(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("unit_pve_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace pve_test
