#include "ossl/openssl.h"

#include <string>

#include "ossl/dynamic_library.h"

namespace ossl {

namespace {

struct Loaded {
  OpenSsl functions{};
  std::string problem;  // empty when loaded
};

Loaded load() {
  // The soname of the OpenSSL we compile against (Debian's libssl3). libcrypto.so.3 comes with it
  // as its dependency, and a lookup in libssl's handle finds libcrypto's functions too.
  DynamicLibrary library("libssl.so.3");
  Loaded loaded;
#define PMCP_OPENSSL_RESOLVE(name) library.resolve(#name, loaded.functions.name);
  PMCP_OPENSSL_FUNCTIONS(PMCP_OPENSSL_RESOLVE)
#undef PMCP_OPENSSL_RESOLVE
  loaded.problem = library.problem();
  return loaded;
}

}  // namespace

const OpenSsl& openssl() {
  static const Loaded loaded = load();  // thread-safe once, kept for the process's life
  if (!loaded.problem.empty()) {
    throw Unavailable("cannot use OpenSSL: " + loaded.problem +
                      " (install Debian's libssl3 package)");
  }
  return loaded.functions;
}

std::array<unsigned char, 32> sha256(std::string_view data) {
  std::array<unsigned char, 32> digest{};
  openssl().SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return digest;
}

}  // namespace ossl
