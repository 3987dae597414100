#include "cluster_sha1.h"

#include "ossl/openssl.h"

#include <array>
#include <memory>
#include <stdexcept>

namespace pvesim {

std::string sha1_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  if (ossl::openssl().EVP_Digest(data.data(), data.size(), md.data(), &md_len,
                                 ossl::openssl().EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(md_len * 2);
  for (unsigned int i = 0; i < md_len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0x0F]);
  }
  return out;
}

}  // namespace pvesim
