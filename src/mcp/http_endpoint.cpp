#include "mcp/http_endpoint.h"

#include "ossl/openssl.h"

#include <algorithm>
#include <cctype>

#include "mcp/jsonrpc.h"
#include "mcp/protocol_version.h"
#include "mcp/wire_codec.h"

namespace mcp {
namespace {

using nlohmann::json;

// Header values come from the client: bounded and on one line before they reach an answer.
std::string shown(std::string value) {
  constexpr std::size_t kLongest = 200;
  if (value.size() > kLongest) value = value.substr(0, kLongest) + "...";
  std::replace_if(
      value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, '?');
  return value;
}

http::Response json_answer(int status, const json& message) {
  http::Response r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = jsonrpc::serialize(message);
  return r;
}

http::Response error_answer(int status, int code, std::string message, json id = nullptr,
                            json data = nullptr) {
  return json_answer(status, jsonrpc::make_error(id, code, std::move(message), std::move(data)));
}

http::Response header_mismatch(const json& id, const std::string& header,
                               const std::string& problem) {
  return error_answer(400, jsonrpc::kHeaderMismatch,
                      "Bad Request: the request headers and body disagree: " + problem, id,
                      json{{"mismatch", {{"header", header}, {"body", problem}}}});
}

// The host part of a Host header or of an Origin's authority: port and brackets' contents kept
// as sent, lower-cased.
std::string host_of(std::string authority) {
  authority = http::lower_ascii(std::move(authority));
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    return close == std::string::npos ? authority : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

// The host an Origin ("scheme://host[:port]") names; "" when it is not of that form ("null").
std::string origin_host(const std::string& origin) {
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string::npos) return "";
  const std::string authority = origin.substr(scheme + 3);
  if (authority.find('/') != std::string::npos || authority.find('@') != std::string::npos) {
    return "";
  }
  return host_of(authority);
}

// True when an Accept header admits `type` (exactly, by its family wildcard, or */*).
bool accepts(const std::string& accept, const std::string& type) {
  const std::string family = type.substr(0, type.find('/')) + "/*";
  std::size_t pos = 0;
  const std::string all = http::lower_ascii(accept);
  while (pos <= all.size()) {
    std::size_t end = all.find(',', pos);
    if (end == std::string::npos) end = all.size();
    std::string item = all.substr(pos, end - pos);
    item = item.substr(0, item.find(';'));
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == type || item == family || item == "*/*") return true;
    pos = end + 1;
  }
  return false;
}

// An Mcp-Name value: plain, or RFC 2047-style "=?base64?...?=" for names that are not ASCII.
std::optional<std::string> decode_name_header(const std::string& value) {
  static const std::string kPrefix = "=?base64?";
  static const std::string kSuffix = "?=";
  if (value.rfind(kPrefix, 0) != 0) return value;
  if (value.size() < kPrefix.size() + kSuffix.size() ||
      value.compare(value.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return std::nullopt;
  }
  const std::string encoded =
      value.substr(kPrefix.size(), value.size() - kPrefix.size() - kSuffix.size());
  if (encoded.size() % 4 != 0) return std::nullopt;
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int n = ossl::openssl().EVP_DecodeBlock(
      reinterpret_cast<unsigned char*>(decoded.data()),
      reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  if (!encoded.empty() && encoded.back() == '=') ++padding;
  if (encoded.size() > 1 && encoded[encoded.size() - 2] == '=') ++padding;
  decoded.resize(static_cast<std::size_t>(n) - padding);
  return decoded;
}

using jsonrpc::member;

// The protocol version a message's _meta names, or "" (a legacy message, or not a request).
std::string meta_version(const jsonrpc::Incoming& in) {
  const json& v = member(member(in.params, "_meta"), kMetaProtocolVersion);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// What Mcp-Name must repeat for a method, or nullptr when the method has no name header.
const char* named_param(const std::string& method) {
  if (method == "tools/call" || method == "prompts/get") return "name";
  if (method == "resources/read") return "uri";
  return nullptr;
}

http::Response text_answer(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  r.body = std::move(body);
  return r;
}

}  // namespace

HttpEndpoint::HttpEndpoint(ServerCore& core, BearerTokens tokens, Principal anonymous,
                           HttpEndpointOptions options)
    : core_(core),
      tokens_(std::move(tokens)),
      anonymous_(std::move(anonymous)),
      options_(std::move(options)),
      sessions_(options_.max_sessions, options_.max_sessions_per_token, options_.session_idle) {}

HttpEndpoint::~HttpEndpoint() {
  close();
}

bool HttpEndpoint::host_allowed(const std::string& host) const {
  const std::string name = host_of(host);
  return !name.empty() && std::find(options_.allowed_hosts.begin(), options_.allowed_hosts.end(),
                                    name) != options_.allowed_hosts.end();
}

void HttpEndpoint::close() {
  std::vector<std::shared_ptr<Session>> open;
  {
    // Set first: a session is added to either table only while closing_ is false (under this
    // lock), so every one is in them by the time they are emptied below.
    std::lock_guard lock(live_mutex_);
    closing_ = true;
    open.assign(ephemeral_.begin(), ephemeral_.end());
  }
  std::vector<std::shared_ptr<Session>> legacy = sessions_.take_all();
  open.insert(open.end(), legacy.begin(), legacy.end());
  for (const auto& session : open) session->close();
}

http::Response HttpEndpoint::handle(const http::Request& request, const http::Peer& peer) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  {
    std::lock_guard lock(live_mutex_);
    if (closing_) {
      http::Response r = text_answer(503, "proxmox-mcp is stopping\n");
      r.close_connection = true;
      return r;
    }
  }
  if (path == "/healthz") {
    // For process managers: no token, no data.
    if (request.method != "GET" && request.method != "HEAD") return text_answer(405, "");
    return text_answer(200, "ok\n");
  }
  // DNS rebinding: a web page's script reaching this loopback server names the page's host.
  if (!host_allowed(request.header("host"))) {
    return error_answer(403, jsonrpc::kInvalidRequest,
                        "Forbidden: Host '" + shown(request.header("host")) +
                            "' is not allowed (see --allowed-hosts)");
  }
  if (request.has_header("origin") && !host_allowed(origin_host(request.header("origin")))) {
    return error_answer(403, jsonrpc::kInvalidRequest,
                        "Forbidden: Origin '" + shown(request.header("origin")) +
                            "' is not allowed (see --allowed-hosts)");
  }
  if (path != options_.path) {
    return error_answer(404, jsonrpc::kInvalidRequest,
                        "Not Found: MCP is served at " + options_.path);
  }
  Principal principal = anonymous_;
  if (!tokens_.empty()) {
    const std::string authorization = request.header("authorization");
    const bool bearer = http::lower_ascii(authorization.substr(0, 7)) == "bearer ";
    std::optional<Principal> found =
        bearer ? tokens_.verify(authorization.substr(7)) : std::nullopt;
    if (!found) {
      http::Response r = error_answer(
          401, jsonrpc::kInvalidRequest,
          bearer ? "Unauthorized: the bearer token is not valid"
                 : "Unauthorized: send the access token as 'Authorization: Bearer <token>'");
      r.headers.emplace_back("WWW-Authenticate",
                             bearer ? R"(Bearer realm="proxmox-mcp", error="invalid_token")"
                                    : R"(Bearer realm="proxmox-mcp")");
      return r;
    }
    principal = std::move(*found);
  }
  if (request.method == "DELETE") return end_session(request, principal);
  if (request.method != "POST") {
    http::Response r = error_answer(405, jsonrpc::kInvalidRequest,
                                    "Method Not Allowed: MCP requests are POSTed to " +
                                        options_.path + "; this server opens no GET stream");
    r.headers.emplace_back("Allow", "POST, DELETE");
    return r;
  }
  return serve_post(request, peer, principal);
}

http::Response HttpEndpoint::serve_post(const http::Request& request, const http::Peer& peer,
                                        const Principal& principal) {
  const std::string content_type = http::lower_ascii(request.header("content-type"));
  if (content_type.substr(0, content_type.find(';')) != "application/json") {
    return error_answer(415, jsonrpc::kInvalidRequest,
                        "Unsupported Media Type: the body must be application/json");
  }
  const std::string accept = request.header("accept");
  if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
    return error_answer(
        406, jsonrpc::kInvalidRequest,
        "Not Acceptable: the client must accept both application/json and text/event-stream");
  }
  jsonrpc::Incoming in = jsonrpc::parse(request.body);
  // Not JSON, or not a JSON-RPC message: answered as such in either era, before any session.
  if (in.kind == jsonrpc::Kind::kInvalid) return json_answer(400, in.error);
  // 2026-07-28 requests say so in _meta (and the header); everything else is legacy.
  const bool modern =
      in.kind != jsonrpc::Kind::kBatch &&
      (!meta_version(in).empty() || request.header("mcp-protocol-version") == kModernVersion);
  if (modern) return serve_modern(request, peer, principal, std::move(in));
  return serve_legacy(request, peer, principal, std::move(in));
}

http::Response HttpEndpoint::serve_modern(const http::Request& request, const http::Peer& peer,
                                          const Principal& principal, jsonrpc::Incoming in) {
  // The headers repeat the body so that proxies can route on them: they must agree with it.
  if (in.kind == jsonrpc::Kind::kRequest || in.kind == jsonrpc::Kind::kNotification) {
    const std::string version = meta_version(in);
    if (version.empty()) {
      // The header claims 2026-07-28, whose requests carry their own envelope.
      const std::string key(kMetaProtocolVersion);
      return error_answer(400, jsonrpc::kInvalidParams,
                          "Invalid _meta envelope for protocol revision " +
                              std::string(kModernVersion) + ": " + key + ": missing",
                          in.id, json{{"envelope", {{"key", key}, {"problem", "missing"}}}});
    }
    const std::string header_version = request.header("mcp-protocol-version");
    if (!request.has_header("mcp-protocol-version")) {
      return header_mismatch(in.id, "(missing)",
                             "the body carries _meta protocolVersion \"" + shown(version) +
                                 "\" but the required MCP-Protocol-Version header is absent");
    }
    if (header_version != version) {
      return header_mismatch(in.id, shown(header_version),
                             "MCP-Protocol-Version \"" + shown(header_version) +
                                 "\" differs from the body's _meta protocolVersion \"" +
                                 shown(version) + "\"");
    }
    if (!request.has_header("mcp-method")) {
      return header_mismatch(in.id, "(missing)",
                             "the body carries method \"" + shown(in.method) +
                                 "\" but the required Mcp-Method header is absent");
    }
    if (request.header("mcp-method") != in.method) {
      return header_mismatch(in.id, shown(request.header("mcp-method")),
                             "Mcp-Method \"" + shown(request.header("mcp-method")) +
                                 "\" differs from the body's method \"" + shown(in.method) + "\"");
    }
    if (const char* key = named_param(in.method)) {
      const json& value = member(in.params, key);
      const std::string body_name = value.is_string() ? value.get<std::string>() : "";
      const std::string where = std::string("params.") + key;
      if (!request.has_header("mcp-name")) {
        return header_mismatch(in.id, "(missing)",
                               "the body carries " + where + "=\"" + shown(body_name) +
                                   "\" but the required Mcp-Name header is absent");
      }
      const std::optional<std::string> name = decode_name_header(request.header("mcp-name"));
      if (!name || *name != body_name) {
        return header_mismatch(in.id, shown(request.header("mcp-name")),
                               "Mcp-Name \"" + shown(request.header("mcp-name")) +
                                   "\" differs from the body's " + where + " \"" +
                                   shown(body_name) + "\"");
      }
    }
  }
  auto session = std::make_shared<Session>(core_, *principal.tools, principal.name);
  {
    std::lock_guard lock(live_mutex_);
    if (closing_) return text_answer(503, "proxmox-mcp is stopping\n");
    ephemeral_.insert(session);
  }
  auto out = std::make_shared<ExchangeOutbox>(/*modern=*/true);
  session->handle(std::move(in), out);
  return answer(session, out, peer, {}, /*ephemeral=*/true);
}

http::Response HttpEndpoint::serve_legacy(const http::Request& request, const http::Peer& peer,
                                          const Principal& principal, jsonrpc::Incoming in) {
  if (request.has_header("mcp-protocol-version")) {
    const std::string version = request.header("mcp-protocol-version");
    if (!parse_revision(version) || *parse_revision(version) == Revision::k2026_07_28) {
      return error_answer(400, jsonrpc::kInvalidRequest,
                          "Bad Request: unsupported MCP-Protocol-Version '" + shown(version) + "'",
                          in.id);
    }
  }
  const bool initialize = in.kind == jsonrpc::Kind::kRequest && in.method == "initialize";
  std::shared_ptr<Session> session;
  http::Headers headers;
  if (initialize) {
    session = std::make_shared<Session>(core_, *principal.tools, principal.name);
  } else {
    const std::string id = request.header("mcp-session-id");
    if (id.empty()) {
      return error_answer(400, jsonrpc::kInvalidRequest,
                          "Bad Request: Mcp-Session-Id header is required (send initialize "
                          "first)",
                          in.id);
    }
    session = sessions_.find(id, principal.id);
    if (!session) {
      return error_answer(
          404, jsonrpc::kInvalidRequest,
          "Not Found: no session '" + shown(id) + "' (it ended or expired); send initialize again",
          in.id);
    }
  }
  auto out = std::make_shared<ExchangeOutbox>(/*modern=*/false);
  session->handle(std::move(in), out);
  if (initialize) {
    if (!session->initialized()) return answer(session, out, peer, {}, /*ephemeral=*/false);
    std::string id;
    {
      std::lock_guard lock(live_mutex_);  // see close()
      if (!closing_) id = sessions_.add(session, principal.id);
    }
    if (id.empty()) {
      session->close();
      return error_answer(503, jsonrpc::kInvalidRequest,
                          "Service Unavailable: too many sessions are open; try again later");
    }
    headers.emplace_back("Mcp-Session-Id", id);
  }
  return answer(session, out, peer, std::move(headers), /*ephemeral=*/false);
}

http::Response HttpEndpoint::end_session(const http::Request& request, const Principal& principal) {
  const std::string id = request.header("mcp-session-id");
  if (id.empty()) {
    return error_answer(400, jsonrpc::kInvalidRequest,
                        "Bad Request: DELETE ends a session: send its Mcp-Session-Id");
  }
  if (!sessions_.remove(id, principal.id)) {
    return error_answer(404, jsonrpc::kInvalidRequest, "Not Found: no session '" + shown(id) + "'");
  }
  return text_answer(204, "");
}

void HttpEndpoint::finish(const std::shared_ptr<Session>& session, bool ephemeral) {
  if (!ephemeral) return;
  session->close();
  std::lock_guard lock(live_mutex_);
  ephemeral_.erase(session);
}

http::Response HttpEndpoint::answer(const std::shared_ptr<Session>& session,
                                    const std::shared_ptr<ExchangeOutbox>& out,
                                    const http::Peer& peer, http::Headers headers, bool ephemeral) {
  ExchangeOutbox::Shape shape = ExchangeOutbox::Shape::kUndecided;
  while ((shape = out->shape(options_.poll)) == ExchangeOutbox::Shape::kUndecided) {
    if (peer.gone()) {
      // In 2026-07-28 a closed stream is the cancellation; in the legacy era nobody is left to
      // read the response either (streams are not resumed), so the call stops waiting.
      out->close();
      finish(session, ephemeral);
      http::Response r;
      r.drop_connection = true;  // nobody reads an answer now
      return r;
    }
  }
  if (shape == ExchangeOutbox::Shape::kWhole) {
    std::optional<ExchangeOutbox::Message> message = out->next(std::chrono::milliseconds(0));
    finish(session, ephemeral);
    http::Response r;
    if (message) {
      r = json_answer(message->http_status, nullptr);
      r.body = std::move(message->text);
    } else {
      r = text_answer(202, "");  // notifications and responses only: nothing to answer
      r.headers.clear();
    }
    r.headers.insert(r.headers.end(), headers.begin(), headers.end());
    return r;
  }
  http::Response r;
  r.headers = {{"Content-Type", "text/event-stream"},
               {"Cache-Control", "no-cache, no-transform"},
               {"X-Accel-Buffering", "no"}};
  r.headers.insert(r.headers.end(), headers.begin(), headers.end());
  r.stream = [this, session, out, ephemeral](http::BodyWriter& writer) {
    auto last_write = std::chrono::steady_clock::now();
    while (true) {
      if (auto message = out->next(options_.poll)) {
        if (!writer.write("event: message\ndata: " + message->text + "\n\n")) {
          out->close();
          break;
        }
        last_write = std::chrono::steady_clock::now();
        continue;
      }
      if (out->finished()) break;
      if (writer.gone()) {
        out->close();
        break;
      }
      if (std::chrono::steady_clock::now() - last_write >= options_.keepalive) {
        writer.write(": keep-alive\n\n");
        last_write = std::chrono::steady_clock::now();
      }
    }
    finish(session, ephemeral);
  };
  return r;
}

}  // namespace mcp
