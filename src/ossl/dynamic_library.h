// A shared library opened when first needed, and its functions looked up by name: how OpenSSL
// (ossl/openssl.h) and zlib (pve/gzip.h) are loaded.
#pragma once

#include <string>

namespace ossl {

class DynamicLibrary {
 public:
  // Opens `soname` for the process's life (never unloaded: handles and callbacks into it live
  // until exit). On failure problem() says why.
  explicit DynamicLibrary(const char* soname);

  // Sets `slot` to the function `name`; false, with problem() set, when the library is not open
  // or lacks it. Once a lookup failed, later ones fail too, so problem() names the first.
  template <typename Function>
  bool resolve(const char* name, Function& slot) {
    void* found = symbol(name);
    // POSIX guarantees that a data pointer from dlsym converts to the function's pointer type.
    if (found != nullptr) slot = reinterpret_cast<Function>(found);
    return found != nullptr;
  }

  // Empty while everything asked for was found.
  [[nodiscard]] const std::string& problem() const { return problem_; }

 private:
  void* symbol(const char* name);

  std::string soname_;
  void* handle_ = nullptr;
  std::string problem_;
};

}  // namespace ossl
