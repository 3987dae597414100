#include "pve/curl_library.h"

#include <mutex>
#include <string>

#include "ossl/dynamic_library.h"
#include "pve/error.h"

namespace pve {

namespace {

// The soname of the libcurl we compile against (Debian's libcurl4, built with OpenSSL).
constexpr const char* kSoname = "libcurl.so.4";

struct Loaded {
  CurlLibrary functions{};
  std::string problem;  // empty when loaded
};

Loaded load() {
  ossl::DynamicLibrary library(kSoname);
  Loaded loaded;
  CurlLibrary& f = loaded.functions;
  const bool all = library.resolve("curl_global_init", f.global_init) &&
                   library.resolve("curl_easy_init", f.easy_init) &&
                   library.resolve("curl_easy_setopt", f.easy_setopt) &&
                   library.resolve("curl_easy_perform", f.easy_perform) &&
                   library.resolve("curl_easy_getinfo", f.easy_getinfo) &&
                   library.resolve("curl_easy_cleanup", f.easy_cleanup) &&
                   library.resolve("curl_easy_strerror", f.easy_strerror) &&
                   library.resolve("curl_slist_append", f.slist_append) &&
                   library.resolve("curl_slist_free_all", f.slist_free_all) &&
                   library.resolve("curl_version_info", f.version_info) &&
                   library.resolve("curl_getdate", f.getdate);
  if (!all) {
    loaded.problem = library.problem();
    return loaded;
  }
  // Once, before any other thread uses libcurl: curl_global_init is not thread-safe.
  const CURLcode rc = f.global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    loaded.problem = std::string("curl_global_init failed: ") + f.easy_strerror(rc);
  }
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
