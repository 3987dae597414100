// getaddrinfo, a connection bounded by the connect timeout, and one HTTPS request whose TLS is
// checked as the client's requests are.
#include "setup/doctor_network.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "http/connect.h"
#include "pve/encoding.h"
#include "pve/https_connection.h"
#include "pve/tls_check.h"

namespace setup {

namespace {

using Clock = std::chrono::steady_clock;

// One attempt at one numeric address; "" when the connection was made.
std::string connect_once(const std::string& address, int port, long timeout_ms) {
  const http::Connected connected =
      http::connect_tcp(address, port, Clock::now() + std::chrono::milliseconds(timeout_ms));
  if (connected.fd >= 0) {
    close(connected.fd);
    return "";
  }
  return connected.failure == http::Connected::Failure::kTimeout
             ? "no answer within " + std::to_string(timeout_ms) + " ms"
             : connected.reason;
}

// The Date header's time: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), as pveproxy writes it.
std::optional<std::time_t> http_date(const std::string& text) {
  std::tm parts{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&parts);
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
  pve::TlsCheck check = tls_settings(options, observe);
  try {
    std::string problem;
    const pve::TlsContext context = pve::make_client_context(check, problem);
    if (!context) {
      probe.error = "cannot use the CA file '" + check.ca_file + "': " + problem;
      return probe;
    }
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
    const std::string host = pve::bare_host(options.host);
    pve::Outcome outcome;
    const std::unique_ptr<pve::HttpsConnection> connection = pve::HttpsConnection::open(
        host, options.port, context.get(), check, options.connect_timeout_ms, deadline, outcome);
    probe.presented = check.presented;
    if (connection) {
      pve::HttpReply reply;
      http::Headers headers;
      outcome = connection->exchange(
          "GET " + std::string(pve::kApiRoot) + "/version HTTP/1.1\r\nHost: " +
              pve::host_port(host, options.port) + "\r\nConnection: close\r\n\r\n",
          deadline, std::size_t{1} << 20, reply, &headers);
      const std::string date = http::field(headers, "date");
      if (!date.empty()) probe.server_date = http_date(date);
    }
    probe.accepted = connection && outcome.failure == pve::Failure::kNone;
    if (!probe.accepted) probe.error = outcome.detail;
  } catch (const ossl::Unavailable& e) {
    probe.error = e.what();
  }
  return probe;
}

}  // namespace setup
