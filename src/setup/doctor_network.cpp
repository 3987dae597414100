// getaddrinfo, a non-blocking connect bounded by poll, and one libcurl request whose TLS is
// checked by pve::configure_tls as the client's are.
#include "setup/doctor_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <curl/curl.h>

#include "pve/curl_library.h"
#include "pve/encoding.h"
#include "pve/error.h"
#include "pve/tls_check.h"

namespace setup {

namespace {

// One attempt; "" when the connection was made.
std::string connect_once(const std::string& address, int port, long timeout_ms) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return "not an address";
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::strerror(errno);
  std::string reason;
  if (connect(fd, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) {
    reason = std::strerror(errno);
  } else {
    pollfd waiting{fd, POLLOUT, 0};
    const int ready = poll(&waiting, 1, static_cast<int>(timeout_ms));
    int error = 0;
    socklen_t length = sizeof error;
    if (ready == 0) {
      reason = "no answer within " + std::to_string(timeout_ms) + " ms";
    } else if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
      reason = std::strerror(errno);
    } else if (error != 0) {
      reason = std::strerror(error);
    }
  }
  close(fd);
  return reason;
}

size_t discard(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

size_t read_date(char* data, size_t size, size_t count, void* user) {
  const std::string line(data, size * count);
  if (line.size() > 5 && strncasecmp(line.c_str(), "date:", 5) == 0) {
    const time_t when = pve::curl().getdate(line.substr(5).c_str(), nullptr);
    if (when != -1) *static_cast<std::optional<std::time_t>*>(user) = when;
  }
  return size * count;
}

pve::TlsCheck tls_settings(const pve::ClientOptions& options, bool observe) {
  pve::TlsCheck check;
  if (observe || !options.fingerprint.empty()) {
    check.mode = pve::TlsMode::kPinned;
    check.expected = observe ? "" : options.fingerprint;
  } else if (options.insecure) {
    check.mode = pve::TlsMode::kInsecure;
  } else {
    check.ca_file = options.ca_file;
  }
  return check;
}

}  // namespace

Resolution resolve(const std::string& host, int port) {
  Resolution out;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    out.error = gai_strerror(rc);
    return out;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        a->ai_family == AF_INET6
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr);
    if (inet_ntop(a->ai_family, raw, text, sizeof text) == nullptr) continue;
    if (std::find(out.addresses.begin(), out.addresses.end(), text) == out.addresses.end()) {
      out.addresses.emplace_back(text);
    }
  }
  return out;
}

std::string tcp_connect(const std::vector<std::string>& addresses, int port, long timeout_ms) {
  std::string reason = "no address";
  for (const std::string& address : addresses) {
    reason = connect_once(address, port, timeout_ms);
    if (reason.empty()) return reason;
  }
  return reason;
}

TlsProbe tls_probe(const pve::ClientOptions& options, bool observe) {
  TlsProbe probe;
  const pve::CurlLibrary* lib = nullptr;
  try {
    lib = &pve::curl();
  } catch (const pve::Error& e) {
    probe.error = e.what();
    return probe;
  }
  std::unique_ptr<CURL, void (*)(CURL*)> easy(lib->easy_init(), lib->easy_cleanup);
  if (!easy) {
    probe.error = "libcurl could not start";
    return probe;
  }
  pve::TlsCheck check = tls_settings(options, observe);
  const std::string url = pve::base_url(options.host, options.port) + "/api2/json/version";
  CURL* c = easy.get();
  lib->easy_setopt(c, CURLOPT_URL, url.c_str());
  lib->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  lib->easy_setopt(c, CURLOPT_TIMEOUT_MS, options.timeout_ms);
  lib->easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  lib->easy_setopt(c, CURLOPT_HEADERFUNCTION, read_date);
  lib->easy_setopt(c, CURLOPT_HEADERDATA, &probe.server_date);
  CURLcode rc = pve::configure_tls(c, &check);
  if (rc == CURLE_OK) rc = lib->easy_perform(c);
  probe.accepted = rc == CURLE_OK;
  probe.presented = check.presented;
  if (!probe.accepted) probe.error = lib->easy_strerror(rc);
  return probe;
}

}  // namespace setup
