#include "pve/client.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/curl_library.h"
#include "pve/encoding.h"
#include "pve/error.h"
#include "pve/fingerprint.h"
#include "pve/handle_pool.h"
#include "pve/response.h"
#include "pve/text.h"
#include "pve/tls_check.h"
#include "pve/transport_error.h"

namespace pve {

namespace {

constexpr std::size_t kMaxIdleHandles = 8;
// Far above any real answer (a 10,000-guest /cluster/resources is under 3 MiB); stops a runaway
// or hostile server from exhausting memory.
constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024 * 1024;
// A reason phrase is a few words; curl accepts header lines of up to 100 KiB.
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
  if (!is_host(options.host)) {
    throw std::invalid_argument("PROXMOX_HOST '" + options.host +
                                "' is not a host name or IP address");
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
  if (!options.fingerprint.empty() && !is_fingerprint(options.fingerprint)) {
    throw std::invalid_argument(
        "PROXMOX_FINGERPRINT '" + options.fingerprint +
        "' is not a SHA-256 fingerprint: expected 32 upper-case hex byte pairs like AB:CD:EF:… as "
        "shown in the Proxmox UI under Node → System → Certificates");
  }
  if (options.connect_timeout_ms <= 0 || options.timeout_ms <= 0) {
    throw std::invalid_argument("Proxmox timeouts must be positive");
  }
}

std::string strip_brackets(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* userdata) {
  auto* handle = static_cast<EasyHandle*>(userdata);
  // Returning less than offered makes curl stop with CURLE_WRITE_ERROR.
  if (handle->body.size() + size * count > kMaxBodyBytes) return 0;
  handle->body.append(data, size * count);
  return size * count;
}

// Keeps the reason phrase of the last status line: PVE writes its message there, and 401, 501
// and the 59x proxy errors have no body.
std::size_t read_header(char* data, std::size_t size, std::size_t count, void* userdata) {
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    auto* handle = static_cast<EasyHandle*>(userdata);
    handle->reason.clear();
    const std::size_t code_start = line.find(' ');
    const std::size_t reason_start =
        code_start == std::string_view::npos ? code_start : line.find(' ', code_start + 1);
    if (reason_start != std::string_view::npos) {
      std::string_view reason = line.substr(reason_start + 1);
      while (!reason.empty() && (reason.back() == '\r' || reason.back() == '\n')) {
        reason.remove_suffix(1);
      }
      handle->reason = std::string(reason.substr(0, kMaxReasonBytes));
    }
  }
  return size * count;
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

struct Client::Impl {
  ClientOptions options;
  std::string host;  // without brackets
  std::string base_url;
  std::string endpoint;  // "host:port" for messages
  std::string token_id;
  // Built with the first handle, so that libcurl is loaded only when a request is made;
  // read-only afterwards and shared by all handles.
  curl_slist* headers = nullptr;
  std::once_flag headers_built;
  HandlePool pool;

  explicit Impl(ClientOptions opts)
      : options(std::move(opts)),
        host(strip_brackets(options.host)),
        base_url(pve::base_url(host, options.port)),
        endpoint(host_port(host, options.port)),
        token_id(options.user + "!" + options.token_name),
        pool([this] { return make_handle(); }, kMaxIdleHandles) {}

  ~Impl() {
    if (headers != nullptr) curl().slist_free_all(headers);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void build_headers() {
    const std::string authorization =
        "Authorization: PVEAPIToken=" + token_id + "=" + options.token_secret;
    for (const std::string& header :
         {authorization, std::string("Accept: application/json"), std::string("Expect:")}) {
      curl_slist* grown = curl().slist_append(headers, header.c_str());
      if (grown == nullptr) {
        curl().slist_free_all(headers);
        headers = nullptr;
        throw std::runtime_error("out of memory building the Proxmox request headers");
      }
      headers = grown;
    }
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

  std::unique_ptr<EasyHandle> make_handle() {
    (void)curl();  // a libcurl that cannot be loaded throws here, not inside call_once
    std::call_once(headers_built, [this] { build_headers(); });
    if (!options.fingerprint.empty() && !curl_uses_openssl()) {
      throw Error(ErrorKind::kTransport, 0, "",
                  "PROXMOX_FINGERPRINT needs libcurl built with OpenSSL 3; use PROXMOX_CA_FILE "
                  "instead");
    }
    auto handle = std::make_unique<EasyHandle>();
    handle->tls = tls_check();
    CURL* easy = handle->curl;
    CURLcode rc = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
      if (rc == CURLE_OK) rc = curl().easy_setopt(easy, option, value);
    };
    set(CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: required with threads
    set(CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    set(CURLOPT_TIMEOUT_MS, options.timeout_ms);
    set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));  // keeps reason phrases
    set(CURLOPT_ACCEPT_ENCODING, "");
    set(CURLOPT_HTTPHEADER, headers);
    set(CURLOPT_FOLLOWLOCATION, 0L);
    // Refuses an oversized answer from its Content-Length, before downloading it.
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxBodyBytes));
    set(CURLOPT_TCP_KEEPALIVE, 1L);
    set(CURLOPT_ERRORBUFFER, handle->error_buffer);
    set(CURLOPT_WRITEFUNCTION, write_body);
    set(CURLOPT_WRITEDATA, static_cast<void*>(handle.get()));
    set(CURLOPT_HEADERFUNCTION, read_header);
    set(CURLOPT_HEADERDATA, static_cast<void*>(handle.get()));
    if (rc == CURLE_OK) rc = configure_tls(easy, &handle->tls);
    if (rc != CURLE_OK) {
      throw Error(ErrorKind::kTransport, 0, curl().easy_strerror(rc),
                  std::string("libcurl rejected a setting: ") + curl().easy_strerror(rc));
    }
    return handle;
  }

  // One attempt; fills `reply` or returns the curl failure.
  CURLcode perform(EasyHandle& handle, const std::string& method, const std::string& url,
                   const std::string* form_body, HttpReply& reply) {
    handle.body.clear();
    handle.reason.clear();
    handle.error_buffer[0] = '\0';
    handle.tls.reset_observation();
    CURL* easy = handle.curl;
    curl().easy_setopt(easy, CURLOPT_URL, url.c_str());
    if (form_body == nullptr) {
      // GET and DELETE: parameters are in the URL and no body is sent (PVE answers 501 to one).
      curl().easy_setopt(easy, CURLOPT_HTTPGET, 1L);
      curl().easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method == "GET" ? nullptr : method.c_str());
    } else {
      // POST and PUT: form body; curl labels it application/x-www-form-urlencoded.
      curl().easy_setopt(easy, CURLOPT_POST, 1L);
      curl().easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(form_body->size()));
      curl().easy_setopt(easy, CURLOPT_POSTFIELDS, form_body->c_str());
      curl().easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method == "POST" ? nullptr : method.c_str());
    }
    const CURLcode rc = curl().easy_perform(easy);
    // The body string must not be referenced after this call returns.
    curl().easy_setopt(easy, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
    if (rc != CURLE_OK) return rc;
    long status = 0;
    curl().easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    reply.status = static_cast<int>(status);
    reply.reason = handle.reason;
    reply.body = std::move(handle.body);
    return CURLE_OK;
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
    const bool has_body = method == "POST" || method == "PUT";
    const std::string encoded = encode_params(params);
    std::string url = base_url + path;
    if (!has_body && !encoded.empty()) url += "?" + encoded;
    Exchange answer{RequestInfo{method, path, endpoint, token_id}, HttpReply{}};
    const RequestInfo& info = answer.info;
    HttpReply& reply = answer.reply;
    // Only a GET is repeated, and only once: the others may have been applied already.
    const int attempts = method == "GET" ? 2 : 1;
    for (int attempt = 1;; ++attempt) {
      HandlePool::Lease handle = pool.acquire();
      const CURLcode rc = perform(*handle, method, url, has_body ? &encoded : nullptr, reply);
      if (rc == CURLE_OK) break;
      if (attempt < attempts && retryable_for_get(rc, handle->tls)) continue;
      long sent = 0;
      curl().easy_getinfo(handle->curl, CURLINFO_REQUEST_SIZE, &sent);
      TransportFailure failure{rc, handle->error_buffer, options.connect_timeout_ms,
                               options.timeout_ms, sent > 0};
      if (failure.detail.empty()) failure.detail = curl().easy_strerror(rc);
      throw transport_error(info, failure, handle->tls);
    }

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

  std::optional<std::vector<std::string>> cluster_nodes() {
    try {
      return node_names(data_of(request_unredacted("GET", "/nodes", {}, false)));
    } catch (const Error&) {
      return std::nullopt;
    }
  }
};

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
