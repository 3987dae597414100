#include "pve/curl_library.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "pve/error.h"

namespace pve {

namespace {

// The soname of the libcurl we compile against (Debian's libcurl4, built with OpenSSL).
constexpr const char* kSoname = "libcurl.so.4";

struct Loaded {
  CurlLibrary functions{};
  std::string problem;  // empty when loaded
};

template <typename Function>
bool resolve(void* library, const char* name, Function& slot, std::string& problem) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    problem = std::string(kSoname) + " has no " + name;
    return false;
  }
  // POSIX guarantees that a data pointer from dlsym converts to the function's pointer type.
  slot = reinterpret_cast<Function>(symbol);
  return true;
}

Loaded load() {
  Loaded loaded;
  // RTLD_NODELETE: handles and callbacks live until exit; the library is never unloaded.
  void* library = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (library == nullptr) {
    const char* why = dlerror();
    loaded.problem = why != nullptr ? why : std::string(kSoname) + " could not be loaded";
    return loaded;
  }
  CurlLibrary& f = loaded.functions;
  std::string& problem = loaded.problem;
  const bool all = resolve(library, "curl_global_init", f.global_init, problem) &&
                   resolve(library, "curl_easy_init", f.easy_init, problem) &&
                   resolve(library, "curl_easy_setopt", f.easy_setopt, problem) &&
                   resolve(library, "curl_easy_perform", f.easy_perform, problem) &&
                   resolve(library, "curl_easy_getinfo", f.easy_getinfo, problem) &&
                   resolve(library, "curl_easy_cleanup", f.easy_cleanup, problem) &&
                   resolve(library, "curl_easy_strerror", f.easy_strerror, problem) &&
                   resolve(library, "curl_slist_append", f.slist_append, problem) &&
                   resolve(library, "curl_slist_free_all", f.slist_free_all, problem) &&
                   resolve(library, "curl_version_info", f.version_info, problem) &&
                   resolve(library, "curl_getdate", f.getdate, problem);
  if (!all) return loaded;
  // Once, before any other thread uses libcurl: curl_global_init is not thread-safe.
  const CURLcode rc = f.global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) problem = std::string("curl_global_init failed: ") + f.easy_strerror(rc);
  return loaded;
}

}  // namespace

const CurlLibrary& curl() {
  static const Loaded loaded = load();  // thread-safe once, kept for the process's life
  if (!loaded.problem.empty()) {
    throw Error(
        ErrorKind::kTransport, 0, loaded.problem,
        "cannot make HTTPS requests: " + loaded.problem + " (install Debian's libcurl4 package)");
  }
  return loaded.functions;
}

}  // namespace pve
