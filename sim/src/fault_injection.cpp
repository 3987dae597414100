#include "fault_injection.h"

#include <regex>
#include <stdexcept>

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
};

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

[[noreturn]] void bad(const std::string& spec, const std::string& why) {
  throw std::invalid_argument("bad fault '" + spec + "': " + why);
}

}  // namespace

const char* const kFaultHelp =
    "faults (KIND:SCOPE[:ARG]): offline:NODE (595 No route to host), latency:SCOPE:MS, "
    "error:SCOPE[:MESSAGE] (500), truncate:SCOPE (JSON body cut in half), reset:SCOPE "
    "(connection closed without an answer), cert (a different TLS certificate). SCOPE is * "
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
    case FaultKind::kCert:
      break;
  }
  return fault;
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
