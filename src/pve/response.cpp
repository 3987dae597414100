#include "pve/response.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "pve/encoding.h"
#include "pve/text.h"

namespace pve {

namespace {

// What Proxmox says goes into one-line texts for a model and a person. A hostile or broken
// server can send megabytes where a sentence belongs; these bound what is kept.
constexpr std::size_t kMaxMessageBytes = 1000;
constexpr std::size_t kMaxErrorEntries = 20;
constexpr std::size_t kMaxErrorEntryBytes = 300;
constexpr std::size_t kExcerptBytes = 60;

// A CR, LF or other control character ends a line: PVE joins several messages with "\n", and a
// hostile server can put any of them anywhere. An error text is one line.
bool is_line_break(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c < 0x20 ? ch != '\t' : c == 0x7F;
}

bool has_line_break(std::string_view text) {
  return std::any_of(text.begin(), text.end(), is_line_break);
}

std::string one_line(std::string_view text, const std::string& separator = "; ") {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end_it =
        std::find_if(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(), is_line_break);
    const auto end = static_cast<std::size_t>(end_it - text.begin());
    std::string part(trim(text.substr(start, end - start)));
    if (!part.empty()) {
      if (!out.empty()) out += separator;
      out += part;
    }
    start = end + 1;
  }
  return out;
}

// The start of a body that is not JSON (an HTML page, garbage): ASCII only, so that the error
// text stays valid UTF-8 whatever the bytes were.
// The secret is redacted before the cut, so that no part of it survives at the edge.
std::string printable_excerpt(const std::string& body, std::size_t limit, std::string_view secret) {
  std::string out;
  for (char ch : redact(body.substr(0, limit + secret.size()), secret).substr(0, limit)) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(c >= 0x20 && c < 0x7F ? ch : ' ');
  }
  return std::string(trim(out));
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<nlohmann::json> parse_json(const std::string& body) {
  if (json_depth(body, kMaxJsonDepth) > kMaxJsonDepth) return std::nullopt;
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

// PVE's own words: the body's `message` (PVE ≥ 8.3), else the status line's reason phrase
// (401, 501, 595/596 and older versions have no body message).
std::string pve_message(const HttpReply& reply, const std::optional<nlohmann::json>& body) {
  if (body && body->is_object()) {
    auto it = body->find("message");
    if (it != body->end() && it->is_string()) {
      std::string message = clip(trim(it->get_ref<const std::string&>()), kMaxMessageBytes);
      if (!message.empty()) return message;
    }
  }
  return clip(trim(reply.reason), kMaxMessageBytes);
}

std::map<std::string, std::string> errors_map(const std::optional<nlohmann::json>& body) {
  std::map<std::string, std::string> errors;
  if (!body || !body->is_object()) return errors;
  auto it = body->find("errors");
  if (it == body->end() || !it->is_object()) return errors;
  for (const auto& [key, value] : it->items()) {
    if (errors.size() == kMaxErrorEntries) {
      errors["…"] = std::to_string(it->size() - kMaxErrorEntries) + " more not shown";
      break;
    }
    const std::string text = value.is_string() ? value.get<std::string>()
                                               : value.dump().substr(0, kMaxErrorEntryBytes + 1);
    errors[clip(key, kMaxErrorEntryBytes)] = clip(trim(text), kMaxErrorEntryBytes);
  }
  return errors;
}

// "(HTTP 595: No route to host)" or "(HTTP 595)".
std::string status_note(int status, const std::string& message) {
  std::string note = "(HTTP " + std::to_string(status);
  if (!message.empty()) note += ": " + one_line(message);
  return note + ")";
}

std::string request_text(const RequestInfo& request) {
  return request.method + " " + request.path;
}

Error auth_error(const RequestInfo& request, const std::string& message) {
  return Error(ErrorKind::kAuth, 401, message,
               "authentication failed for API token " + request.token_id +
                   ": the token is wrong, expired or deleted");
}

// "Permission check failed (/vms/100, VM.PowerMgmt)": the path and the privileges.
std::optional<std::pair<std::string_view, std::string_view>> privilege_on_path(
    std::string_view message) {
  static constexpr std::string_view kPrefix = "Permission check failed (";
  if (!message.starts_with(kPrefix) || !message.ends_with(')')) return std::nullopt;
  const std::string_view inner =
      message.substr(kPrefix.size(), message.size() - kPrefix.size() - 1);
  const std::size_t comma = inner.find(", ");
  if (comma == 0 || comma == std::string_view::npos) return std::nullopt;
  const std::string_view path = inner.substr(0, comma);
  const std::string_view privileges = inner.substr(comma + 2);
  if (path.find_first_of(",()") != std::string_view::npos || privileges.empty() ||
      privileges.find_first_of("()") != std::string_view::npos || has_line_break(inner)) {
    return std::nullopt;
  }
  return std::pair{path, privileges};
}

Error permission_error(const RequestInfo& request, const std::string& message) {
  if (auto parsed = privilege_on_path(message)) {
    std::string privileges(parsed->second);
    // "Datastore.Audit|Datastore.AllocateSpace" means any one of them would do.
    for (std::size_t at = privileges.find('|'); at != std::string::npos;
         at = privileges.find('|', at)) {
      privileges.replace(at, 1, " or ");
    }
    return Error(ErrorKind::kPermission, 403, message,
                 "the API token lacks " + privileges + " on " + std::string(parsed->first));
  }
  std::string detail = message.empty() ? status_note(403, "") : one_line(message);
  return Error(ErrorKind::kPermission, 403, message,
               "permission denied for API token " + request.token_id + " on " +
                   request_text(request) + ": " + detail);
}

Error bad_request_error(const RequestInfo& request, int status, const std::string& message,
                        std::map<std::string, std::string> errors) {
  std::string headline = one_line(message);
  while (!headline.empty() && headline.back() == '.') headline.pop_back();
  if (headline.empty()) headline = "Proxmox rejected " + request_text(request);
  std::string details;
  for (const auto& [key, text] : errors) {
    if (!details.empty()) details += "; ";
    details += one_line(key, " ") + ": " + one_line(text, " ");
  }
  std::string actionable =
      details.empty() ? headline + " " + status_note(status, "") : headline + ": " + details;
  return Error(ErrorKind::kBadRequest, status, message, actionable, std::move(errors));
}

// 500 "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist" is how PVE says
// that a guest is missing.
std::optional<Error> missing_guest_error(int status, const std::string& message) {
  static constexpr std::string_view kStart = "Configuration file 'nodes/";
  static constexpr std::string_view kEnd = ".conf' does not exist";
  const std::size_t start = message.find(kStart);
  if (start == std::string::npos) return std::nullopt;
  std::string_view file = std::string_view(message).substr(start + kStart.size());
  const std::size_t end = file.find(kEnd);
  if (end == std::string_view::npos) return std::nullopt;
  file = file.substr(0, end);  // "pve1/qemu-server/999"
  const std::size_t first = file.find('/');
  const std::size_t last = file.rfind('/');
  if (first == 0 || first == std::string_view::npos || first == last) return std::nullopt;
  const std::string_view node = file.substr(0, first);
  const std::string_view type = file.substr(first + 1, last - first - 1);
  const std::string_view vmid = file.substr(last + 1);
  const bool digits = !vmid.empty() && std::all_of(vmid.begin(), vmid.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (node.find('\'') != std::string_view::npos || has_line_break(node) ||
      (type != "qemu-server" && type != "lxc") || !digits) {
    return std::nullopt;
  }
  const std::string guest = type == "lxc" ? "CT " : "VM ";
  return Error(ErrorKind::kNotFound, status, message,
               guest + std::string(vmid) + " not found on node " + std::string(node));
}

// The node named by 596 "no such cluster node 'x'" (any case) or 500 "hostname lookup 'x'
// failed"; nullopt when the message is neither.
std::optional<std::string> node_in_message(int status, const std::string& message) {
  if (status == 596) {
    static constexpr std::string_view kMarker = "no such cluster node ";
    const std::size_t at = lower(message).find(kMarker);
    if (at == std::string::npos) return std::nullopt;
    std::string_view rest = std::string_view(message).substr(at + kMarker.size());
    if (rest.starts_with('\'')) rest.remove_prefix(1);
    const auto end = std::find_if(rest.begin(), rest.end(), [](char c) {
      return c == '\'' || c == ' ' || c == '\t' || is_line_break(c);
    });
    return std::string(rest.begin(), end);
  }
  if (status != 500) return std::nullopt;
  static constexpr std::string_view kMarker = "hostname lookup '";
  const std::size_t at = message.find(kMarker);
  if (at == std::string::npos) return std::nullopt;
  const std::string_view rest = std::string_view(message).substr(at + kMarker.size());
  const std::size_t quote = rest.find('\'');
  if (quote == std::string_view::npos || !rest.substr(quote).starts_with("' failed") ||
      has_line_break(rest.substr(0, quote))) {
    return std::nullopt;
  }
  return std::string(rest.substr(0, quote));
}

Error node_offline_error(const RequestInfo& request, int status, const std::string& message) {
  const std::string node = node_of_path(request.path);
  const std::string who = node.empty() ? "a cluster node" : "node " + node;
  return Error(ErrorKind::kNodeOffline, status, message,
               who + " is offline or unreachable " + status_note(status, message));
}

Error server_error(const RequestInfo& request, int status, const std::string& message) {
  if (message.empty()) {
    return Error(ErrorKind::kServer, status, message,
                 "Proxmox failed " + request_text(request) + " " + status_note(status, ""));
  }
  return Error(ErrorKind::kServer, status, message, one_line(message));
}

}  // namespace

std::string node_of_path(const std::string& path) {
  static const std::string kPrefix = "/nodes/";
  if (path.rfind(kPrefix, 0) != 0) return "";
  std::size_t end = path.find_first_of("/?", kPrefix.size());
  if (end == std::string::npos) end = path.size();
  return percent_decode(path.substr(kPrefix.size(), end - kPrefix.size()));
}

nlohmann::json parse_envelope(const RequestInfo& request, const HttpReply& reply,
                              std::string_view secret) {
  const std::string where = "Proxmox at " + request.endpoint + " sent ";
  if (json_depth(reply.body, kMaxJsonDepth) > kMaxJsonDepth) {
    throw Error(ErrorKind::kProtocol, reply.status, "",
                where + "a response to " + request_text(request) + " nested deeper than " +
                    std::to_string(kMaxJsonDepth) + " levels");
  }
  std::optional<nlohmann::json> body = parse_json(reply.body);
  if (!body) {
    std::string excerpt = printable_excerpt(reply.body, kExcerptBytes, secret);
    throw Error(ErrorKind::kProtocol, reply.status, "",
                where + "a response to " + request_text(request) + " that is not valid JSON" +
                    (excerpt.empty() ? " (empty body)" : ": '" + excerpt + "'"));
  }
  if (!body->is_object() || !body->contains("data")) {
    throw Error(ErrorKind::kProtocol, reply.status, "",
                where + "a response to " + request_text(request) + " without a 'data' field");
  }
  return std::move(*body);
}

std::optional<std::string> unknown_node(const RequestInfo& request, const HttpReply& reply) {
  if (reply.status != 596 && reply.status != 500) return std::nullopt;
  std::optional<std::string> named =
      node_in_message(reply.status, pve_message(reply, parse_json(reply.body)));
  if (!named) return std::nullopt;
  // The path names the node exactly as the caller spelled it; the message is the fallback.
  std::string node = node_of_path(request.path);
  return node.empty() ? std::move(named) : std::move(node);
}

std::optional<std::string> suggest_node(const std::string& node,
                                        const std::vector<std::string>& cluster_nodes) {
  const std::string wanted = lower(node);
  const std::string short_name = wanted.substr(0, wanted.find('.'));
  for (const auto& candidate : cluster_nodes) {
    if (lower(candidate) == wanted) return candidate;
  }
  for (const auto& candidate : cluster_nodes) {
    if (lower(candidate) == short_name) return candidate;
  }
  return std::nullopt;
}

namespace {

// "; cluster nodes: pve1, pve2 (did you mean 'pve1'?)", or "" for an empty list.
std::string cluster_nodes_note(const std::string& node,
                               const std::vector<std::string>& cluster_nodes) {
  if (cluster_nodes.empty()) return "";
  std::string note = "; cluster nodes: ";
  bool first = true;
  for (const auto& name : cluster_nodes) {
    if (has_line_break(name)) continue;  // a hostile /nodes answer; the text stays one line
    if (!first) note += ", ";
    note += name;
    first = false;
  }
  if (auto suggestion = suggest_node(node, cluster_nodes); suggestion && *suggestion != node) {
    note += " (did you mean '" + *suggestion + "'?)";
  }
  return note;
}

}  // namespace

Error node_not_found(const std::string& node,
                     const std::optional<std::vector<std::string>>& cluster_nodes,
                     const HttpReply& reply) {
  const std::string message = pve_message(reply, parse_json(reply.body));
  std::string actionable = "node '" + node + "' not found";
  if (cluster_nodes && !cluster_nodes->empty()) {
    actionable += cluster_nodes_note(node, *cluster_nodes);
  } else {
    actionable += " " + status_note(reply.status, message);
  }
  return Error(ErrorKind::kNotFound, reply.status, message, actionable);
}

Error node_not_found(const std::string& node, const std::vector<std::string>& cluster_nodes) {
  return Error(ErrorKind::kNotFound, 0, "",
               "node '" + node + "' not found" + cluster_nodes_note(node, cluster_nodes));
}

Error http_error(const RequestInfo& request, const HttpReply& reply) {
  const std::optional<nlohmann::json> body = parse_json(reply.body);
  const std::string message = pve_message(reply, body);
  const int status = reply.status;
  if (status == 401) return auth_error(request, message);
  if (status == 403) return permission_error(request, message);
  if (status == 400) return bad_request_error(request, status, message, errors_map(body));
  if (status == 404) {
    return Error(ErrorKind::kNotFound, status, message,
                 "not found: " + request_text(request) + " " + status_note(status, message));
  }
  if (status == 501) {
    return Error(ErrorKind::kNotImplemented, status, message,
                 "this Proxmox VE server does not support " + request_text(request) + " " +
                     status_note(status, message));
  }
  if (status >= 595 && status <= 599) return node_offline_error(request, status, message);
  if (auto missing = missing_guest_error(status, message)) return *missing;
  if (status >= 500 && lower(message).find("does not exist") != std::string::npos) {
    return Error(ErrorKind::kNotFound, status, message, one_line(message));
  }
  if (status >= 500) return server_error(request, status, message);
  if (status >= 400) {
    return Error(ErrorKind::kBadRequest, status, message,
                 "Proxmox rejected " + request_text(request) + " " + status_note(status, message),
                 errors_map(body));
  }
  return Error(ErrorKind::kProtocol, status, message,
               "Proxmox at " + request.endpoint + " answered " + request_text(request) +
                   " with an unexpected " + status_note(status, message));
}

}  // namespace pve
