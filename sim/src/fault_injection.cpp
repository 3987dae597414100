#include "fault_injection.h"

#include <algorithm>
#include <random>
#include <regex>
#include <stdexcept>
#include <string_view>

namespace pvesim {

namespace {

struct KindName {
  FaultKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {FaultKind::kOffline, "offline"}, {FaultKind::kLatency, "latency"},
    {FaultKind::kError, "error"},     {FaultKind::kTruncate, "truncate"},
    {FaultKind::kReset, "reset"},     {FaultKind::kCert, "cert"},
    {FaultKind::kStatus, "status"},   {FaultKind::kHostile, "hostile"},
};

constexpr const char* kDefaultMessage = "pve-sim: injected fault";

struct HostileName {
  Hostile what;
  const char* name;
};
constexpr HostileName kHostiles[] = {
    {Hostile::kLongText, "long-text"}, {Hostile::kDeepJson, "deep-json"},
    {Hostile::kHugeUpid, "huge-upid"}, {Hostile::kHugeBody, "huge-body"},
    {Hostile::kBinary, "binary"},      {Hostile::kEchoAuth, "echo-auth"},
};

// long-text[:CODE]: the texts PVE really sends with each code, their variable part blown up.
// 100,000 characters still fit the 256 KiB a client reads of an answer's head (the status line).
struct LongText {
  int status;
  std::string (*message)();
};
const LongText kLongTexts[] = {
    {403, [] { return "Permission check failed (" + std::string(100'000, 'x') + ", VM.Audit)"; }},
    {500,
     [] {
       const std::string host(30'000, 'x');
       return "hostname lookup '" + host + "' failed - failed to get address info for: " + host +
              ": Name or service not known";
     }},
    {401, [] { return "Authentication failed! " + std::string(100'000, 'x'); }},
    {596, [] { return "no such cluster node '" + std::string(100'000, 'x') + "'"; }},
};
constexpr int kDefaultLongTextStatus = 403;

constexpr size_t kHugeUpidLength = 100'000;
constexpr size_t kHugeBodyBytes = size_t{80} * 1024 * 1024;
constexpr size_t kBinaryBytes = 64 * 1024;
constexpr size_t kDeepJsonLevels = 1'000'000;

const char* kind_name(FaultKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

bool is_method(const std::string& s) {
  return s == "GET" || s == "POST" || s == "PUT" || s == "DELETE";
}

bool is_node_name(const std::string& s) {
  static const std::regex node_re("[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?");
  return std::regex_match(s, node_re);
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    const size_t next = path.find('/', pos);
    const size_t end = next == std::string::npos ? path.size() : next;
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool pattern_matches(const std::string& pattern, const std::string& path) {
  const auto want = segments(pattern);
  const auto have = segments(path);
  if (want.size() > have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool placeholder = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (!placeholder && want[i] != have[i]) return false;
  }
  return true;
}

// The node a path is about (/nodes/NODE/…), else pve1 (the small seed's first node); only a
// valid node name, since it goes into hand-built JSON.
std::string node_of(const std::string& path) {
  const auto parts = segments(path);
  const bool named = parts.size() >= 2 && parts[0] == "nodes" && is_node_name(parts[1]);
  return named ? parts[1] : "pve1";
}

// A UPID's fields around its id ("UPID:NODE:0001E240:00A1B2C3:67450000:qmstart:ID:root@pam:").
constexpr std::string_view kUpidFields = ":0001E240:00A1B2C3:67450000:qmstart:";
constexpr std::string_view kUpidUser = ":root@pam:";

// The id that makes the node's UPID kHugeUpidLength characters long.
std::string huge_upid_id(const std::string& node) {
  const size_t fixed = 5 + node.size() + kUpidFields.size() + kUpidUser.size();
  return std::string(fixed < kHugeUpidLength ? kHugeUpidLength - fixed : 1, '1');
}

bool parse_status(const std::string& text, int& status) {
  if (text.size() != 3 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  status = std::stoi(text);
  return status >= 400 && status <= 599;
}

[[noreturn]] void bad(const std::string& spec, const std::string& why) {
  throw std::invalid_argument("bad fault '" + spec + "': " + why);
}

// status:SCOPE:CODE[:MESSAGE]
void parse_status_argument(const std::string& spec, Fault& fault) {
  const size_t colon = fault.arg.find(':');
  if (!parse_status(fault.arg.substr(0, colon), fault.status)) {
    bad(spec, "status needs an HTTP error code (400-599) as ARG");
  }
  fault.message = colon == std::string::npos ? kDefaultMessage : fault.arg.substr(colon + 1);
  if (fault.message.empty() || fault.message.find_first_of("\r\n") != std::string::npos) {
    bad(spec, "the message must be one non-empty line");
  }
}

// hostile:SCOPE:WHAT, and for long-text an optional :CODE
void parse_hostile_argument(const std::string& spec, Fault& fault) {
  const size_t colon = fault.arg.find(':');
  const std::string what = fault.arg.substr(0, colon);
  bool found = false;
  for (const auto& h : kHostiles) {
    if (what == h.name) {
      fault.hostile = h.what;
      found = true;
    }
  }
  if (!found) {
    bad(spec,
        "hostile needs long-text, deep-json, huge-upid, huge-body, binary or echo-auth as ARG");
  }
  if (fault.hostile != Hostile::kLongText) {
    if (colon != std::string::npos) bad(spec, what + " takes nothing after it");
    return;
  }
  fault.status = kDefaultLongTextStatus;
  if (colon == std::string::npos) return;
  const bool known = parse_status(fault.arg.substr(colon + 1), fault.status) &&
                     std::any_of(std::begin(kLongTexts), std::end(kLongTexts),
                                 [&](const LongText& t) { return t.status == fault.status; });
  if (!known) bad(spec, "long-text takes the code 403, 500, 401 or 596");
}

// The ARG each kind takes (or refuses), once the scope is known to be valid.
void parse_argument(const std::string& spec, Fault& fault) {
  switch (fault.kind) {
    case FaultKind::kOffline:
      if (!is_node_name(fault.scope) || is_method(fault.scope)) {
        bad(spec, "offline needs a node name");
      }
      if (!fault.arg.empty()) bad(spec, "offline takes no argument");
      break;
    case FaultKind::kLatency: {
      const bool digits = !fault.arg.empty() && fault.arg.size() <= 6 &&
                          fault.arg.find_first_not_of("0123456789") == std::string::npos;
      if (!digits) bad(spec, "latency needs milliseconds (0-999999) as ARG");
      fault.latency_ms = std::stoi(fault.arg);
      break;
    }
    case FaultKind::kError:
      if (fault.arg.find_first_of("\r\n") != std::string::npos) {
        bad(spec, "the message must be one line");
      }
      break;
    case FaultKind::kTruncate:
    case FaultKind::kReset:
      if (!fault.arg.empty()) bad(spec, std::string(kind_name(fault.kind)) + " takes no argument");
      break;
    case FaultKind::kStatus:
      parse_status_argument(spec, fault);
      break;
    case FaultKind::kHostile:
      parse_hostile_argument(spec, fault);
      break;
    case FaultKind::kCert:
      break;
  }
}

}  // namespace

const char* const kFaultHelp =
    "faults (KIND:SCOPE[:ARG]): offline:NODE (595 No route to host), latency:SCOPE:MS, "
    "error:SCOPE[:MESSAGE] (500), truncate:SCOPE (JSON body cut in half), reset:SCOPE "
    "(connection closed without an answer), cert (a different TLS certificate), "
    "status:SCOPE:CODE[:MESSAGE] (HTTP CODE 400-599 with PVE's error shape; 401, 501 and "
    "595-599 carry MESSAGE only in the reason phrase), hostile:SCOPE:WHAT with WHAT "
    "long-text[:CODE] "
    "(an error text of 100,000 characters; CODE 403 by default, or 500, 401, 596), deep-json "
    "(200 {\"data\": and 1,000,000 '['), huge-upid (POSTs answer a 100,000-character UPID, GET "
    ".../tasks lists one), huge-body (a 200 of 80 MiB), binary (64 KiB of random bytes, 200) "
    "or echo-auth (502 repeating the request's Authorization header). SCOPE is * "
    "(everything), a method (GET, POST, PUT, DELETE), a path prefix such as "
    "/nodes/{node}/qemu ({x} matches one segment) or a node name";

std::string Fault::spec() const {
  std::string out = std::string(kind_name(kind)) + ":" + scope;
  if (!arg.empty()) out += ":" + arg;
  return out;
}

bool Fault::matches(const std::string& method, const std::string& path) const {
  if (scope == "*") return true;
  if (is_method(scope)) return method == scope;
  if (scope.starts_with("/")) return pattern_matches(scope, path);
  return pattern_matches("/nodes/" + scope, path);
}

Fault parse_fault(const std::string& spec) {
  const size_t c1 = spec.find(':');
  const std::string kind_text = spec.substr(0, c1);
  const size_t c2 = c1 == std::string::npos ? std::string::npos : spec.find(':', c1 + 1);
  Fault fault;
  fault.scope = c1 == std::string::npos ? "" : spec.substr(c1 + 1, c2 - c1 - 1);
  fault.arg = c2 == std::string::npos ? "" : spec.substr(c2 + 1);
  bool known = false;
  for (const auto& k : kKinds) {
    if (kind_text == k.name) {
      fault.kind = k.kind;
      known = true;
    }
  }
  if (!known) bad(spec, "unknown kind '" + kind_text + "'");
  if (fault.kind == FaultKind::kCert) {
    if (!(fault.scope.empty() || fault.scope == "*") || !fault.arg.empty()) {
      bad(spec, "cert applies to the whole server: write cert or cert:*");
    }
    fault.scope = std::string(1, '*');  // not = "*": GCC 12 -O2 raises a false -Wrestrict
    return fault;
  }
  if (fault.scope.empty()) bad(spec, "missing SCOPE");
  if (fault.scope != "*" && !is_method(fault.scope) && !fault.scope.starts_with("/") &&
      !is_node_name(fault.scope)) {
    bad(spec, "SCOPE must be *, a method, a /path or a node name");
  }
  parse_argument(spec, fault);
  return fault;
}

bool injects_error(const Fault& fault) {
  return fault.kind == FaultKind::kError || fault.kind == FaultKind::kStatus ||
         (fault.kind == FaultKind::kHostile &&
          (fault.hostile == Hostile::kLongText || fault.hostile == Hostile::kEchoAuth));
}

InjectedError injected_error(const Fault& fault, const std::string& authorization) {
  InjectedError out;
  if (fault.kind == FaultKind::kStatus) {
    out.status = fault.status;
    out.message = fault.message;
  } else if (fault.kind == FaultKind::kHostile && fault.hostile == Hostile::kEchoAuth) {
    // What a misconfigured reverse proxy's error page does: the secret comes straight back.
    out.status = 502;
    out.message = "Bad Gateway: upstream refused the request with Authorization: " + authorization;
  } else if (fault.kind == FaultKind::kHostile) {
    out.status = fault.status;
    for (const auto& t : kLongTexts) {
      if (t.status == fault.status) out.message = t.message();
    }
  } else {
    out.message = fault.arg.empty() ? kDefaultMessage : fault.arg;
  }
  out.reason_only = out.status == 401 || out.status == 501 || out.status >= 595;
  return out;
}

std::optional<std::string> hostile_body(const Fault& fault, const std::string& method,
                                        const std::string& path) {
  switch (fault.hostile) {
    case Hostile::kLongText:
    case Hostile::kEchoAuth:
      return std::nullopt;  // errors, see injected_error
    case Hostile::kDeepJson:
      return "{\"data\":" + std::string(kDeepJsonLevels, '[');
    case Hostile::kHugeBody:
      return "{\"data\":\"" + std::string(kHugeBodyBytes - 11, 'x') + "\"}";
    case Hostile::kBinary: {
      std::mt19937 random(20261126);  // fixed: the same bytes every time
      std::string body(kBinaryBytes, '\0');
      for (char& c : body) c = static_cast<char>(random() & 0xFF);
      return body;
    }
    case Hostile::kHugeUpid: {
      const std::string node = node_of(path);
      const std::string id = huge_upid_id(node);
      const std::string upid =
          "UPID:" + node + std::string(kUpidFields) + id + std::string(kUpidUser);
      if (method == "POST") return "{\"data\":\"" + upid + "\"}";
      const auto parts = segments(path);
      if (method != "GET" || parts.empty() || parts.back() != "tasks") return std::nullopt;
      return "{\"data\":[{\"upid\":\"" + upid + "\",\"node\":\"" + node +
             "\",\"pid\":123456,\"pstart\":10597059,\"starttime\":1732576256,"
             "\"type\":\"qmstart\",\"id\":\"" +
             id + "\",\"user\":\"root@pam\",\"status\":\"OK\",\"endtime\":1732576260}]}";
    }
  }
  return std::nullopt;
}

void FaultSet::add(const Fault& fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(fault);
}

void FaultSet::clear() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

std::vector<Fault> FaultSet::list() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

std::optional<Fault> FaultSet::match(FaultKind kind, const std::string& method,
                                     const std::string& path) const {
  std::lock_guard lock(mutex_);
  for (const auto& f : faults_) {
    if (f.kind == kind && f.matches(method, path)) return f;
  }
  return std::nullopt;
}

}  // namespace pvesim
