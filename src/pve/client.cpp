#include "pve/client.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/connection_pool.h"
#include "pve/encoding.h"
#include "pve/error.h"
#include "pve/fingerprint.h"
#include "pve/https_connection.h"
#include "pve/response.h"
#include "pve/text.h"
#include "pve/tls_check.h"
#include "pve/transport_error.h"

namespace pve {

namespace {

constexpr std::size_t kMaxIdleConnections = 8;
// A write is never sent twice, so it goes out only on a connection that was in use moments ago:
// one idle for longer may have been closed by Proxmox in the meantime.
constexpr std::chrono::milliseconds kWriteReuseWindow{2000};
// A GET, which may be sent again, goes on any connection idle for less than this (libcurl's
// default): older ones may have been dropped silently by a firewall or NAT on the way.
constexpr std::chrono::milliseconds kAnyReuseWindow{118'000};
// Far above any real answer (a 10,000-guest /cluster/resources is under 3 MiB); stops a runaway
// or hostile server from exhausting memory.
constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024 * 1024;
// A reason phrase is a few words; a hostile one may run to the 256 KiB a head may have.
constexpr std::size_t kMaxReasonBytes = 1024;

bool has_control_characters(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7F;
  });
}

bool all_of(std::string_view text, bool (*allowed)(char)) {
  return std::all_of(text.begin(), text.end(), allowed);
}

bool is_ip_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

bool is_host_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

// A bracketed or bare IPv6 address, an IPv4 address or a DNS name: nothing that could change
// the URL's path, port or user part. Written by hand: a std::regex costs more to build than the
// rest of the start.
bool is_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return all_of(host.substr(1, host.size() - 2), is_ip_char);
  }
  if (host.find(':') != std::string_view::npos) return all_of(host, is_ip_char);
  return !host.empty() && all_of(host, is_host_name_char);
}

// A letter, then at least one letter, digit, '.', '-' or '_': a realm or a token name.
bool is_realm_or_token_name(std::string_view text) {
  return text.size() >= 2 && std::isalpha(static_cast<unsigned char>(text.front())) != 0 &&
         all_of(text.substr(1), is_host_name_char);
}

// name@realm; the name may hold '@' (the realm is after the last one) but no white space, ':'
// or '/'.
bool is_user_id(std::string_view user) {
  const std::size_t at = user.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  const auto name_char = [](char c) {
    return c != ':' && c != '/' && std::isspace(static_cast<unsigned char>(c)) == 0;
  };
  return all_of(user.substr(0, at), name_char) && is_realm_or_token_name(user.substr(at + 1));
}

// Rejects settings that would build a wrong URL or header, with a line naming the setting.
// The secret itself is never echoed.
void validate(const ClientOptions& options) {
  for (const std::string& host : all_hosts(options)) {
    if (!is_host(host)) {
      throw std::invalid_argument("PROXMOX_HOST '" + host + "' is not a host name or IP address");
    }
  }
  if (options.port < 1 || options.port > 65535) {
    throw std::invalid_argument("PROXMOX_PORT " + std::to_string(options.port) +
                                " is not a TCP port (1-65535)");
  }
  if (!is_user_id(options.user)) {
    throw std::invalid_argument("PROXMOX_USER '" + options.user +
                                "' is not a Proxmox user id like root@pam");
  }
  if (!is_realm_or_token_name(options.token_name)) {
    throw std::invalid_argument("PROXMOX_TOKEN_NAME '" + options.token_name +
                                "' is not a Proxmox API token name like mcpserver");
  }
  if (has_control_characters(options.token_secret)) {
    throw std::invalid_argument("PROXMOX_TOKEN_VALUE contains control characters");
  }
  if (!options.fingerprint.empty() && !is_fingerprint_list(options.fingerprint)) {
    throw std::invalid_argument(
        "PROXMOX_FINGERPRINT '" + options.fingerprint +
        "' is not a SHA-256 fingerprint: expected 32 upper-case hex byte pairs like AB:CD:EF:… as "
        "shown in the Proxmox UI under Node → System → Certificates");
  }
  if (options.connect_timeout_ms <= 0 || options.timeout_ms <= 0) {
    throw std::invalid_argument("Proxmox timeouts must be positive");
  }
}

std::vector<std::string> node_names(const nlohmann::json& nodes) {
  std::vector<std::string> names;
  if (!nodes.is_array()) return names;
  for (const auto& node : nodes) {
    if (node.is_object() && node.contains("node") && node["node"].is_string()) {
      names.push_back(node["node"].get<std::string>());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A server or proxy that echoes request headers into an error page would hand the secret back
// to us; it must not travel further inside an error text.
Error redacted(const Error& error, const std::string& secret) {
  std::map<std::string, std::string> errors;
  for (const auto& [key, value] : error.errors()) {
    errors[redact(key, secret)] = redact(value, secret);
  }
  Error copy(error.kind(), error.status(), redact(error.pve_message(), secret),
             redact(error.what(), secret), std::move(errors));
  copy.set_outcome_unknown(error.outcome_unknown());
  return copy;
}

// The envelope's `data`, moved out: a copy of a large or deep answer is wasted time and, since
// nlohmann::json copies recursively, stack.
nlohmann::json data_of(nlohmann::json envelope) {
  return std::move(envelope["data"]);
}

}  // namespace

// One API host of the cluster, with its own kept-alive connections.
struct Host {
  std::string name;           // without brackets
  std::string endpoint;       // "host:port" for messages and the Host header
  std::string fixed_headers;  // Host, Authorization, Accept, Accept-Encoding, User-Agent
  ConnectionPool pool{kMaxIdleConnections};
  // Until when it is skipped after it could not be reached (steady clock ticks; 0: not resting).
  std::atomic<HttpsConnection::Clock::rep> rests_until{0};

  Host(const std::string& host, int port, const std::string& authorization)
      : name(bare_host(host)),
        endpoint(host_port(name, port)),
        fixed_headers("Host: " + endpoint + "\r\n" + authorization) {}

  [[nodiscard]] bool resting(HttpsConnection::Clock::time_point now) const {
    return now.time_since_epoch().count() < rests_until.load();
  }
};

// Nothing was sent, and the host itself is the problem: the next host may answer. A refused
// certificate is not: it is a setting to fix, or someone in the way, and must be said.
bool unreachable(const TransportFailure& failure) {
  return !failure.request_sent && before_request(failure.code) &&
         failure.code != Failure::kCaFile && failure.code != Failure::kTlsRefused;
}

struct Client::Impl {
  ClientOptions options;
  std::string token_id;
  std::vector<std::unique_ptr<Host>> hosts;
  // Made with the first connection, so that OpenSSL is loaded only when a request is made.
  std::mutex context_mutex;
  TlsContext context;

  explicit Impl(ClientOptions opts)
      : options(std::move(opts)), token_id(options.user + "!" + options.token_name) {
    const std::string authorization = "Authorization: PVEAPIToken=" + token_id + "=" +
                                      options.token_secret +
                                      "\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n"
                                      "User-Agent: proxmox-mcp\r\n";
    for (const std::string& host : all_hosts(options)) {
      hosts.push_back(std::make_unique<Host>(host, options.port, authorization));
    }
  }

  // The hosts in the order to try them: those not resting as given, then the resting ones (all
  // may be back by now).
  std::vector<Host*> host_order() const {
    const auto now = HttpsConnection::Clock::now();
    // Each host's state read once: another request may change it meanwhile, and a host read as
    // resting in one pass and not in the other would be tried twice, or not at all.
    std::vector<std::pair<Host*, bool>> states;
    states.reserve(hosts.size());
    for (const auto& host : hosts) states.emplace_back(host.get(), host->resting(now));
    std::stable_partition(states.begin(), states.end(),
                          [](const auto& state) { return !state.second; });
    std::vector<Host*> order;
    order.reserve(states.size());
    for (const auto& state : states) order.push_back(state.first);
    return order;
  }

  TlsCheck tls_check() const {
    TlsCheck check;
    if (!options.fingerprint.empty()) {
      check.mode = TlsMode::kPinned;
      check.expected = options.fingerprint;
    } else if (options.insecure) {
      check.mode = TlsMode::kInsecure;
    } else {
      check.mode = TlsMode::kVerify;
      check.ca_file = options.ca_file;
    }
    return check;
  }

  // The shared TLS context, made on first use; null with `problem` set when the CA file is
  // unusable (tried again with the next request, so that a fixed file is picked up).
  SSL_CTX* tls_context(std::string& problem) {
    const std::lock_guard lock(context_mutex);
    if (!context) {
      try {
        context = make_client_context(tls_check(), problem);
      } catch (const ossl::Unavailable& e) {
        throw Error(ErrorKind::kTransport, 0, e.what(), e.what());
      }
    }
    return context.get();
  }

  static std::string request_text(const Host& host, const std::string& method,
                                  const std::string& target, const std::string* form_body) {
    std::string text;
    text.reserve(method.size() + target.size() + host.fixed_headers.size() + 128 +
                 (form_body == nullptr ? 0 : form_body->size()));
    text.append(method)
        .append(" ")
        .append(target)
        .append(" HTTP/1.1\r\n")
        .append(host.fixed_headers);
    if (form_body != nullptr) {
      text.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
          .append(std::to_string(form_body->size()))
          .append("\r\n\r\n")
          .append(*form_body);
    } else {
      // GET and DELETE: parameters are in the URL and no body is sent (PVE answers 501 to one).
      text.append("\r\n");
    }
    return text;
  }

  // One attempt: on a kept-alive connection when there is one, else on a new one.
  TransportFailure attempt(Host& host, const std::string& method, const std::string& request,
                           HttpReply& reply, TlsCheck& tls) {
    const auto deadline =
        HttpsConnection::Clock::now() + std::chrono::milliseconds(options.timeout_ms);
    TransportFailure failure{Failure::kNone, "", options.connect_timeout_ms, options.timeout_ms,
                             false};
    std::unique_ptr<HttpsConnection> connection =
        host.pool.take(method == "GET" ? kAnyReuseWindow : kWriteReuseWindow);
    if (!connection) {
      std::string problem;
      SSL_CTX* ctx = tls_context(problem);
      if (ctx == nullptr) {
        failure.code = Failure::kCaFile;
        failure.detail = problem;
        return failure;
      }
      Outcome opened;
      connection = HttpsConnection::open(host.name, options.port, ctx, tls,
                                         options.connect_timeout_ms, deadline, opened);
      if (!connection) {
        failure.code = opened.failure;
        failure.detail = std::move(opened.detail);
        return failure;
      }
    }
    const Outcome outcome = connection->exchange(request, deadline, kMaxBodyBytes, reply);
    if (outcome.failure == Failure::kNone) {
      reply.reason.resize(std::min(reply.reason.size(), kMaxReasonBytes));
      host.pool.give_back(std::move(connection));
      return failure;
    }
    failure.code = outcome.failure;
    failure.detail = outcome.detail;
    // Even a kept-alive connection that broke before any answer may have delivered the request.
    failure.request_sent = true;
    return failure;
  }

  nlohmann::json request(const std::string& method, const std::string& path, const Params& params) {
    try {
      return request_unredacted(method, path, params, true);
    } catch (const Error& error) {
      throw redacted(error, options.token_secret);
    }
  }

  std::optional<std::vector<Row>> rows(const std::string& path, const Params& params,
                                       RowKeys keys) {
    try {
      const Exchange answer = exchange("GET", path, params, true);
      RowsRead read = read_rows(answer.reply.body, keys, kMaxJsonDepth);
      if (read.read) return std::move(read.rows);
      // Not an envelope it can read: the document parse says what is wrong, or reads it.
      return rows_of(data_of(parse_envelope(answer.info, answer.reply, options.token_secret)),
                     keys);
    } catch (const Error& error) {
      throw redacted(error, options.token_secret);
    }
  }

  nlohmann::json request_unredacted(const std::string& method, const std::string& raw_path,
                                    const Params& params, bool resolve_unknown_node) {
    const Exchange answer = exchange(method, raw_path, params, resolve_unknown_node);
    try {
      return parse_envelope(answer.info, answer.reply, options.token_secret);
    } catch (const Error& error) {
      // Proxmox accepted the write; only its answer (a task id, say) is lost.
      if (method != "GET") throw outcome_unknown(error);
      throw;
    }
  }

  // A request and its successful (2xx) answer, unparsed; any other answer is thrown as an Error.
  struct Exchange {
    RequestInfo info;
    HttpReply reply;
  };

  Exchange exchange(const std::string& method, const std::string& raw_path, const Params& params,
                    bool resolve_unknown_node) {
    const std::string path = raw_path.starts_with("/") ? raw_path : "/" + raw_path;
    // The path goes on the request line as it is: a space or line break would change the
    // request (callers percent-encode what they insert).
    if (std::any_of(path.begin(), path.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; })) {
      throw Error(ErrorKind::kBadRequest, 0, "",
                  "refused to send a Proxmox API path with a space or control character in it");
    }
    const bool has_body = method == "POST" || method == "PUT";
    const std::string encoded = encode_params(params);
    Exchange answer{RequestInfo{method, path, "", token_id}, HttpReply{}};
    const RequestInfo& info = answer.info;
    HttpReply& reply = answer.reply;
    const std::string target =
        std::string(kApiRoot) + path + (has_body || encoded.empty() ? "" : "?" + encoded);
    send(answer, target, has_body ? &encoded : nullptr);

    if (reply.status >= 200 && reply.status < 300) return answer;
    // Redacted whole, before any text of it is cut to length.
    reply.body = redact(std::move(reply.body), options.token_secret);
    reply.reason = redact(std::move(reply.reason), options.token_secret);
    if (resolve_unknown_node) {
      if (std::optional<std::string> node = unknown_node(info, reply)) {
        throw node_not_found(*node, cluster_nodes(), reply);
      }
    }
    throw http_error(info, reply);
  }

  // Sends the request to the first host that answers: a host that cannot be reached rests and the
  // next is tried; any other failure (the request may have reached Proxmox) is thrown at once.
  void send(Exchange& answer, const std::string& target, const std::string* form_body) {
    const std::string& method = answer.info.method;
    std::vector<Error> unreached;
    for (Host* host : host_order()) {
      answer.info.endpoint = host->endpoint;
      const std::string request = request_text(*host, method, target, form_body);
      // Only a GET is repeated, and only once: the others may have been applied already.
      const int attempts = method == "GET" ? 2 : 1;
      for (int attempt_number = 1;; ++attempt_number) {
        TlsCheck tls = tls_check();
        const TransportFailure failure = attempt(*host, method, request, answer.reply, tls);
        if (failure.code == Failure::kNone) {
          host->rests_until.store(0);
          return;
        }
        if (attempt_number < attempts && retryable_for_get(failure.code)) continue;
        // A request that reached a host is not sent to another, a GET included: some reads
        // consume what they read (a guest agent's exec-status), and a node that hangs behind
        // every host (its storage, say) would make each host wait the whole timeout in turn.
        if (hosts.size() == 1 || !unreachable(failure)) {
          throw transport_error(answer.info, failure, tls);
        }
        host->rests_until.store(
            (HttpsConnection::Clock::now() + Client::kHostRest).time_since_epoch().count());
        unreached.push_back(transport_error(answer.info, failure, tls));
        break;
      }
    }
    std::string text =
        "none of the " + std::to_string(unreached.size()) + " Proxmox hosts could be reached: ";
    for (std::size_t i = 0; i < unreached.size(); ++i) {
      text += (i == 0 ? "" : "; ") + std::string(unreached[i].what());
    }
    throw Error(unreached.back().kind(), 0, unreached.back().pve_message(), text);
  }

  std::optional<std::vector<std::string>> cluster_nodes() {
    try {
      return node_names(data_of(request_unredacted("GET", "/nodes", {}, false)));
    } catch (const Error&) {
      return std::nullopt;
    }
  }
};

std::vector<std::string> all_hosts(const ClientOptions& options) {
  std::vector<std::string> hosts{options.host};
  hosts.insert(hosts.end(), options.more_hosts.begin(), options.more_hosts.end());
  return hosts;
}

Client::Client(ClientOptions options) {
  try {
    validate(options);
  } catch (const std::invalid_argument& error) {
    // A secret pasted into the wrong setting is still a secret.
    throw std::invalid_argument(redact(error.what(), options.token_secret));
  }
  impl_ = std::make_unique<Impl>(std::move(options));
}

Client::~Client() = default;

nlohmann::json Client::get(const std::string& path, const Params& params) {
  return data_of(impl_->request("GET", path, params));
}

nlohmann::json Client::post(const std::string& path, const Params& params) {
  return data_of(impl_->request("POST", path, params));
}

nlohmann::json Client::put(const std::string& path, const Params& params) {
  return data_of(impl_->request("PUT", path, params));
}

nlohmann::json Client::del(const std::string& path, const Params& params) {
  return data_of(impl_->request("DELETE", path, params));
}

nlohmann::json Client::get_envelope(const std::string& path, const Params& params) {
  return impl_->request("GET", path, params);
}

std::optional<std::vector<Row>> Client::get_rows(const std::string& path, const Params& params,
                                                 RowKeys keys) {
  return impl_->rows(path, params, keys);
}

std::string Client::token_id() const {
  return impl_->token_id;
}

}  // namespace pve
