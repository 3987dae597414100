// build/pve-sim: runs the Proxmox VE simulator until SIGINT/SIGTERM. stdout gets the connection
// settings as PROXMOX_* lines (a .env file proxmox-mcp can read); stderr gets the logs.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "fault_injection.h"
#include "pvesim/simulator.h"
#include "ssh_node.h"

namespace {

// The address a client should dial: a wildcard bind is reachable on loopback.
std::string client_host(const std::string& bind) {
  if (bind == "0.0.0.0") return "127.0.0.1";
  if (bind == "::") return "::1";
  return bind;
}

// Where the SSH nodes go (--ssh-authorized-key, --ssh-known-hosts-out).
struct SshOptions {
  std::string authorized_key;
  std::string client_key_out;
  std::string known_hosts_out;
  [[nodiscard]] bool wanted() const { return !authorized_key.empty() || !client_key_out.empty(); }
};

// The command line; --cert-out and -v land in `cert_out` and `verbose`.
void add_options(CLI::App& app, pvesim::Options& options, std::string& cert_out, bool& verbose,
                 SshOptions& ssh) {
  app.add_option("--port", options.port, "TCP port to listen on (0 = pick a free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--bind", options.bind, "address to listen on")->capture_default_str();
  app.add_option("--seed", options.seed,
                 "seeded cluster: small (3 nodes), standalone (1 node, no cluster), empty, or "
                 "large (32 nodes, 10000 guests)")
      ->capture_default_str();
  app.add_option("--task-ms", options.task_ms, "how long each simulated task runs, in ms")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--fault", options.faults,
                 std::string("inject a fault; repeatable. ") + pvesim::kFaultHelp +
                     ". Faults can also be set and cleared at run time through /__sim/faults "
                     "(see sim/README.md)")
      ->type_name("KIND:SCOPE[:ARG]");
  app.add_option("--cert-out", cert_out,
                 "write the server certificate (PEM) to this file, for clients that verify "
                 "against a CA file");
  app.add_option("--auth-delay-ms", options.auth_failure_delay_ms,
                 "delay every 401 answer (real PVE: about 3000)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--loose-types", options.loose_types,
               "send the values real PVE sends in two JSON forms (numbers as strings, 0/1 as "
               "booleans) in the form pve-sim otherwise does not use, to prove a client reads "
               "both (also PVESIM_LOOSE_TYPES=1)");
  app.add_flag("-v,--verbose", verbose, "log every request on stderr");
  app.add_option("--ssh-authorized-key", ssh.authorized_key,
                 "serve SSH on each online node (a port each, printed as PVESIM_SSH_NODES), "
                 "accepting this public key only; `pct exec` there runs a few simulated "
                 "programs (echo, hostname, uname, cat, sleep, yes, true, false) in the node's "
                 "running containers");
  app.add_option("--ssh-client-key-out", ssh.client_key_out,
                 "serve SSH as --ssh-authorized-key does, for a key made now whose private half "
                 "is written to this file");
  app.add_option("--ssh-known-hosts-out", ssh.known_hosts_out,
                 "write the SSH nodes' host keys to this file, in known_hosts format");
}

// The connection settings as KEY=value lines on stdout, usable as a .env file for proxmox-mcp.
void print_settings(pvesim::Simulator& sim, const std::string& host) {
  std::cout << "PROXMOX_HOST=" << host << "\n"
            << "PROXMOX_PORT=" << sim.port() << "\n"
            << "PROXMOX_USER=" << sim.token_user() << "\n"
            << "PROXMOX_TOKEN_NAME=" << sim.token_name() << "\n"
            << "PROXMOX_TOKEN_VALUE=" << sim.token_secret() << "\n"
            << "PROXMOX_FINGERPRINT=" << sim.fingerprint() << "\n"
            << "PVESIM_AUDITOR_TOKEN=auditor@pve!ro=" << sim.auditor_token_secret() << "\n"
            << "PVESIM_OPERATOR_TOKEN=operator@pve!ops=" << sim.operator_token_secret() << "\n"
            << "PVESIM_SUPPORT_TOKEN=support@pve!power=" << sim.token_secret("support@pve!power")
            << "\n"
            << "PVESIM_CPU_TOKEN=cputuner@pve!cpu=" << sim.token_secret("cputuner@pve!cpu") << "\n"
            << "PVESIM_ROOT_PASSWORD=" << sim.user_password("root@pam") << "\n"
            << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
  pvesim::Options options;
  options.quiet = true;
  bool verbose = false;
  CLI::App app{
      "pve-sim: a stateful HTTPS Proxmox VE API simulator checked against the official "
      "API schema"};
  std::string cert_out;
  SshOptions ssh;
  add_options(app, options, cert_out, verbose, ssh);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help, or the error with a hint
    return rc == 0 ? 0 : 2;
  }
  options.quiet = !verbose;

  // Block the stop signals in every thread; the main thread collects them with sigwait().
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    pvesim::Simulator sim(options);
    sim.start();
    if (!cert_out.empty()) {
      std::ofstream out(cert_out, std::ios::trunc);
      out << sim.ca_pem();
      if (!out.flush()) throw std::runtime_error("cannot write the certificate to " + cert_out);
    }
    const std::string host = client_host(options.bind);
    std::unique_ptr<pvesim::SshNodes> ssh_nodes;
    if (ssh.wanted()) {
      ssh_nodes =
          std::make_unique<pvesim::SshNodes>(sim, host, ssh.authorized_key, ssh.client_key_out);
      std::string nodes;
      std::ofstream known_hosts;
      if (!ssh.known_hosts_out.empty()) known_hosts.open(ssh.known_hosts_out, std::ios::trunc);
      for (const pvesim::SshNodeAddress& node : ssh_nodes->addresses()) {
        nodes += (nodes.empty() ? "" : ",") + node.node + "=" + node.address;
        known_hosts << node.known_hosts_line << "\n";
      }
      if (!ssh.known_hosts_out.empty() && !known_hosts.flush()) {
        throw std::runtime_error("cannot write the SSH host keys to " + ssh.known_hosts_out);
      }
      std::cout << "PVESIM_SSH_NODES=" << nodes << "\n";
    }
    print_settings(sim, host);
    std::cerr << "pve-sim: listening on https://"
              << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":"
              << sim.port() << "/api2/json (seed " << options.seed << "); stop with Ctrl-C\n";
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    sim.stop();
    std::cerr << "pve-sim: stopped\n";
    // SSH connections may still be open in their threads: they end with the process.
    if (ssh_nodes) std::_Exit(0);
  } catch (const std::exception& e) {
    std::cerr << "pve-sim: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
