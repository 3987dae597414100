// doctor's order of checks, and those below the API: configuration, DNS, TCP, TLS.
#include "setup/doctor.h"

#include <memory>
#include <stdexcept>

#include "config/config.h"
#include "setup/doctor_checks.h"
#include "setup/joined.h"
#include "setup/server_policy.h"
#include "tools/catalog.h"
#include "tools/container_exec.h"

namespace setup {

namespace {

std::string pin_advice(const std::string& presented) {
  return "PROXMOX_FINGERPRINT=" + presented +
         " (compare it with `pvenode cert info` on the node before you pin it)";
}

}  // namespace

std::vector<std::string> enabled_tools(const config::Config& config) {
  policy::Policy policy(policy_settings(config).settings);
  std::vector<std::string> out;
  for (const policy::ToolMeta& tool : tools::tool_metas()) {
    // Container commands are the server's only with the SSH settings.
    if (tool.name == tools::kContainerCommandTool && config.ssh_key.empty()) continue;
    if (policy.allowed(tool)) out.push_back(tool.name);
  }
  return out;
}

bool check_config(const DoctorInput& input, DoctorReport& report) {
  for (const std::string& warning : input.config_warnings) report.warn("configuration", warning);
  if (input.config == nullptr) {
    report.fail("configuration", input.config_problem + " (see proxmox-mcp --help)");
    return false;
  }
  const config::Config& config = *input.config;
  if (const std::string problem = policy_settings(config).problem; !problem.empty()) {
    report.fail("configuration", problem + " (the server refuses to start with it)");
    return false;
  }
  const std::string mode = config.allow_elevated ? "elevated" : "basic";
  report.ok("configuration",
            (config.demo ? "demo cluster at " : "") + joined(pve::all_hosts(input.options), ",") +
                ":" + std::to_string(input.options.port) + ", token " + input.options.user + "!" +
                input.options.token_name + ", " + mode + " mode, " +
                std::to_string(enabled_tools(config).size()) + " tools enabled");
  return true;
}

// `down` reports a host that cannot be reached: a failure when it is the only one, a warning
// when the cluster has other API hosts to fall back on.
using Down = void (DoctorReport::*)(std::string_view, const std::string&);

bool check_network(const pve::ClientOptions& options, DoctorReport& report, Down down) {
  const Resolution resolution = resolve(options.host, options.port);
  if (resolution.addresses.empty()) {
    (report.*down)("DNS", "cannot resolve " + options.host + " (" + resolution.error +
                              ") — check PROXMOX_HOST and the resolver (getent hosts " +
                              options.host + ")");
    return false;
  }
  report.ok("DNS", options.host + " is " + joined(resolution.addresses, ", "));
  const std::string where = options.host + ":" + std::to_string(options.port);
  const std::string refused =
      tcp_connect(resolution.addresses, options.port, options.connect_timeout_ms);
  if (!refused.empty()) {
    (report.*down)("TCP", "cannot connect to " + where + " (" + refused +
                              ") — check PROXMOX_PORT (8006 by default), that pveproxy runs "
                              "(systemctl status pveproxy) and that no firewall is in the way");
    return false;
  }
  report.ok("TCP", "connected to " + where);
  return true;
}

std::optional<TlsProbe> check_tls(const pve::ClientOptions& options, DoctorReport& report,
                                  Down down) {
  const TlsProbe seen = tls_probe(options, true);
  if (seen.presented.empty()) {
    // The server moves on from a host without a handshake, as from one without a connection.
    (report.*down)("TLS", "no TLS handshake with " + options.host + ":" +
                              std::to_string(options.port) + " (" + seen.error +
                              ") — is this the Proxmox API port?");
    return std::nullopt;
  }
  const TlsProbe probe = tls_probe(options, false);
  const std::string certificate = "certificate SHA-256 " + seen.presented;
  if (!options.fingerprint.empty()) {
    if (!probe.accepted) {
      report.fail("TLS", "the server's " + certificate + " is not PROXMOX_FINGERPRINT " +
                             options.fingerprint +
                             " — if the certificate was renewed, pin the "
                             "new one: " +
                             pin_advice(seen.presented));
      return std::nullopt;
    }
    report.ok("TLS", certificate + ", pinned");
  } else if (options.insecure) {
    report.warn("TLS", certificate +
                           " NOT verified (PROXMOX_INSECURE_TLS): anyone on the path "
                           "can read the token — pin it instead: " +
                           pin_advice(seen.presented));
  } else if (!probe.accepted) {
    report.fail("TLS", certificate + " is not trusted (" + probe.error + ") — pin it: " +
                           pin_advice(seen.presented) + ", or name its CA in PROXMOX_CA_FILE");
    return std::nullopt;
  } else {
    report.ok("TLS", certificate + ", verified; to pin it: PROXMOX_FINGERPRINT=" + seen.presented);
  }
  return probe;
}

// The first host that passed every check, and what its handshake showed.
struct PassedHost {
  std::string host;
  TlsProbe probe;
};

// Every API host in turn: each must present a certificate the settings accept (a wrong pin on a
// host the server falls back to would fail only when it is needed), but with several, one that
// cannot be reached is a warning.
std::optional<PassedHost> check_hosts(const pve::ClientOptions& options, DoctorReport& report) {
  const std::vector<std::string> hosts = pve::all_hosts(options);
  const Down down = hosts.size() == 1 ? &DoctorReport::fail : &DoctorReport::warn;
  std::optional<PassedHost> first;
  for (const std::string& host : hosts) {
    pve::ClientOptions one = options;
    one.host = host;
    one.more_hosts.clear();
    if (!check_network(one, report, down)) continue;
    std::optional<TlsProbe> probe = check_tls(one, report, down);
    if (probe && !first) first = PassedHost{host, std::move(*probe)};
  }
  if (!first && hosts.size() > 1) report.fail("hosts", "none of the API hosts answered");
  return first;
}

int run_doctor(const DoctorInput& input, std::ostream& out) {
  DoctorReport report(out);
  if (!check_config(input, report)) return 1;
  const std::optional<PassedHost> passed = check_hosts(input.options, report);
  if (!passed) return 1;
  // The token is checked through the host that passed, then the others: the server's own order
  // would stop at a first host whose certificate failed.
  pve::ClientOptions options = input.options;
  options.more_hosts.clear();
  for (const std::string& host : pve::all_hosts(input.options)) {
    if (host != passed->host) options.more_hosts.push_back(host);
  }
  options.host = passed->host;
  std::unique_ptr<pve::Client> client;
  try {
    client = std::make_unique<pve::Client>(options);
  } catch (const std::invalid_argument& e) {
    report.fail("token", e.what());
    return 1;
  }
  const std::optional<int> pve = check_token(*client, report);
  check_clock(passed->probe, report);
  if (pve) {
    check_privileges(*client, *input.config, *pve, report);
    check_ssh(*client, *input.config, report);
  }
  return report.failed() ? 1 : 0;
}

std::string doctor_help() {
  return "Usage: proxmox-mcp doctor [the server's flags]\n\n"
         "Checks the configuration the server would use (flags, environment, .env files),\n"
         "then in order: that PROXMOX_HOST resolves, that its port accepts a connection, the\n"
         "TLS handshake (printing the certificate's SHA-256 fingerprint to pin), each for\n"
         "every host PROXMOX_HOST lists (with several, one that cannot be reached is a\n"
         "warning), that the\n"
         "token is accepted, the clock against the server's, and for each enabled tool\n"
         "whether the token holds the privileges it needs (GET /access/permissions). One\n"
         "line per check: ok, warn or FAIL, and what to do. Checks that depend on a failed\n"
         "one are skipped. --demo checks the embedded simulated cluster; with a clusters\n"
         "file (PROXMOX_CLUSTERS), each of its clusters is checked in turn.\n\n"
         "Exit status: 0 when nothing failed (warnings allowed), 1 when a check failed.\n";
}

}  // namespace setup
