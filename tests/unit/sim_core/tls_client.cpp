// OpenSSL client used by the sim_core tests (no certificate verification: the tests compare
// fingerprints instead).
#include "tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "tls_identity.h"

namespace pvesim::testing {

std::string RawResponse::header(const std::string& name) const {
  std::string want = name;
  std::transform(want.begin(), want.end(), want.begin(), ::tolower);
  for (const auto& [k, v] : headers) {
    std::string key = k;
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    if (key == want) return v;
  }
  return "";
}

namespace {

// Whether `raw` holds a whole answer: its head and as many body bytes as Content-Length says (a
// keep-alive answer is over then, while the connection stays open).
bool answer_complete(const std::string& raw) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  std::string head = raw.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  const size_t at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return false;
  const size_t length = std::stoul(head.substr(at + 17));
  return raw.size() - head_end - 4 >= length;
}

}  // namespace

RawResponse send_raw(int port, const std::string& request, bool until_close) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, "localhost");
  if (SSL_connect(ssl) != 1) throw std::runtime_error("TLS handshake failed");
  RawResponse res;
  X509* peer = SSL_get1_peer_certificate(ssl);
  res.peer_fingerprint = certificate_fingerprint(peer);
  X509_free(peer);
  SSL_write(ssl, request.data(), static_cast<int>(request.size()));
  std::string raw;
  char buf[16384];
  int n = 0;
  while ((until_close || !answer_complete(raw)) && (n = SSL_read(ssl, buf, sizeof buf)) > 0) {
    raw.append(buf, static_cast<size_t>(n));
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);

  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("no response head: " + raw);
  const std::string head = raw.substr(0, head_end);
  res.body = raw.substr(head_end + 4);
  const size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  res.status = std::stoi(status_line.substr(9, 3));
  res.reason = status_line.size() > 13 ? status_line.substr(13) : "";
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    const std::string line = head.substr(pos, next - pos);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      res.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    pos = next + 2;
  }
  return res;
}

RawResponse send_request(int port, const std::string& method, const std::string& target,
                         const std::string& authorization, const std::string& body,
                         const std::string& content_type, bool close_connection) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n";
  if (close_connection) req += "Connection: close\r\n";
  if (!authorization.empty()) req += "Authorization: " + authorization + "\r\n";
  if (!content_type.empty()) req += "Content-Type: " + content_type + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  return send_raw(port, req, close_connection);
}

}  // namespace pvesim::testing
