// `proxmox-mcp doctor` against pve-sim: each check's line, and where it stops.
#include <chrono>
#include <sstream>

#include "setup/doctor.h"
#include "sim_fixture.h"

namespace integration {
namespace {

class Doctor : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    config_.host = "127.0.0.1";
    config_.port = sim_->port();
    config_.user = sim_->token_user();
    config_.token_name = sim_->token_name();
    config_.token_secret = sim_->token_secret();
    config_.fingerprint = sim_->fingerprint();
  }

  // The lines doctor prints for config_, and its exit code.
  std::pair<int, std::vector<std::string>> run() {
    setup::DoctorInput input;
    input.config = &config_;
    input.options.host = config_.host;
    input.options.more_hosts = config_.more_hosts;
    input.options.port = config_.port;
    input.options.user = config_.user;
    input.options.token_name = config_.token_name;
    input.options.token_secret = config_.token_secret;
    input.options.fingerprint = config_.fingerprint;
    input.options.insecure = config_.insecure_tls;
    input.options.connect_timeout_ms = 2000;
    std::ostringstream out;
    const int code = setup::run_doctor(input, out);
    std::vector<std::string> lines;
    std::istringstream text(out.str());
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    return {code, lines};
  }

  // Another token, in elevated mode with `toolsets`.
  void elevated_with(const std::string& user, const std::string& name, const std::string& secret,
                     const std::string& toolsets) {
    config_.user = user;
    config_.token_name = name;
    config_.token_secret = secret;
    config_.allow_elevated = true;
    config_.toolsets = toolsets;
  }

  std::string where() const { return "127.0.0.1:" + std::to_string(sim_->port()); }

  config::Config config_;
};

TEST_F(Doctor, FullTokenPassesEveryCheck) {
  config_.allow_elevated = true;
  const auto [code, lines] = run();
  EXPECT_EQ(code, 0);
  EXPECT_EQ(lines,
            (std::vector<std::string>{
                "ok    configuration " + where() +
                    ", token root@pam!mcpserver, elevated mode, 74 tools enabled",
                "ok    DNS           127.0.0.1 is 127.0.0.1",
                "ok    TCP           connected to " + where(),
                "ok    TLS           certificate SHA-256 " + sim_->fingerprint() + ", pinned",
                "ok    token         root@pam!mcpserver accepted; Proxmox VE 9.2.11",
                "ok    clock         within 5 s of the server's",
                "ok    privileges    the token holds what all 74 enabled tools need"}));
}

// Each API host is checked; with others to fall back on, one that cannot be reached is a
// warning (pve-sim listens on 127.0.0.1 only: the same port on 127.0.0.2 refuses).
TEST_F(Doctor, EveryHostIsCheckedAndADownOneIsAWarning) {
  config_.host = "127.0.0.2";
  config_.more_hosts = {"127.0.0.1"};
  const auto [code, lines] = run();
  EXPECT_EQ(code, 0);
  const std::string port = std::to_string(sim_->port());
  ASSERT_GE(lines.size(), 6U);
  EXPECT_EQ(lines[0], "ok    configuration 127.0.0.2,127.0.0.1:" + port +
                          ", token root@pam!mcpserver, basic mode, 24 tools enabled");
  EXPECT_EQ(lines[1], "ok    DNS           127.0.0.2 is 127.0.0.2");
  EXPECT_TRUE(lines[2].starts_with("warn  TCP           cannot connect to 127.0.0.2:" + port))
      << lines[2];
  EXPECT_EQ(lines[3], "ok    DNS           127.0.0.1 is 127.0.0.1");
  EXPECT_EQ(lines[4], "ok    TCP           connected to " + where());
  EXPECT_EQ(lines[5],
            "ok    TLS           certificate SHA-256 " + sim_->fingerprint() + ", pinned");
  // None answering is a failure.
  config_.host = "127.0.0.2";
  config_.more_hosts = {"127.0.0.3"};
  const auto [none_code, none_lines] = run();
  EXPECT_EQ(none_code, 1);
  EXPECT_EQ(none_lines.back(), "FAIL  hosts         none of the API hosts answered");
}

TEST_F(Doctor, LimitedTokenNamesTheToolsAndTheMissingPrivileges) {
  elevated_with("auditor@pve", "ro", sim_->auditor_token_secret(), "snapshots");
  const auto [code, lines] = run();
  EXPECT_EQ(code, 1);
  ASSERT_EQ(lines.size(), 13u);
  EXPECT_EQ(lines[6], "FAIL  privileges    proxmox_create_snapshot_vm needs VM.Snapshot on /vms");
  EXPECT_EQ(lines[8],
            "FAIL  privileges    proxmox_rollback_snapshot_vm needs VM.Snapshot.Rollback on /vms");
  EXPECT_EQ(lines[12],
            "FAIL  privileges    6 of 8 enabled tools lack privileges — add them to the role "
            "that the token's and its user's ACLs grant: pveum role modify ROLE --append 1 "
            "--privs \"VM.Snapshot,VM.Snapshot.Rollback\", or make a role with `proxmox-mcp "
            "bootstrap`, or disable the tools (PROXMOX_DISABLED_TOOLS)");
}

// operator@pve!ops holds PVEVMAdmin on /vms/100 only: a warning, not a failure.
TEST_F(Doctor, PrivilegesOnSomeGuestsOnlyAreAWarning) {
  elevated_with("operator@pve", "ops", sim_->operator_token_secret(), "lifecycle");
  config_.disabled_tools = "proxmox_clone_vm,proxmox_clone_lxc";
  const auto [code, lines] = run();
  EXPECT_EQ(code, 0);
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(lines[6],
            "warn  privileges    proxmox_start_vm needs VM.PowerMgmt on /vms (held only on "
            "/vms/100)");
}

TEST_F(Doctor, WrongFingerprintStopsAtTlsAndShowsTheOneToPin) {
  config_.fingerprint = std::string(95, 'A');
  for (size_t i = 2; i < config_.fingerprint.size(); i += 3) config_.fingerprint[i] = ':';
  const auto [code, lines] = run();
  EXPECT_EQ(code, 1);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3], "FAIL  TLS           the server's certificate SHA-256 " +
                          sim_->fingerprint() + " is not PROXMOX_FINGERPRINT " +
                          config_.fingerprint +
                          " — if the certificate was renewed, pin the new one: "
                          "PROXMOX_FINGERPRINT=" +
                          sim_->fingerprint() +
                          " (compare it with `pvenode cert info` on the node before you pin it)");
  for (const auto& r : requests())
    ADD_FAILURE() << "sent " << std::get<1>(r) << " over a refused pin";
}

// pve-sim's certificate is self-signed, as a Proxmox node's is: not trusted without a pin.
TEST_F(Doctor, UntrustedCertificateFailsWithTheFingerprintToPin) {
  config_.fingerprint.clear();
  auto [code, lines] = run();
  EXPECT_EQ(code, 1);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_TRUE(lines[3].starts_with("FAIL  TLS           certificate SHA-256 " +
                                   sim_->fingerprint() + " is not trusted ("))
      << lines[3];
  EXPECT_TRUE(lines[3].ends_with(") — pin it: PROXMOX_FINGERPRINT=" + sim_->fingerprint() +
                                 " (compare it with `pvenode cert info` on the node before you "
                                 "pin it), or name its CA in PROXMOX_CA_FILE"))
      << lines[3];
  // Verification off: a warning with the same advice, and the checks go on.
  config_.insecure_tls = true;
  std::tie(code, lines) = run();
  EXPECT_EQ(code, 0);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_TRUE(lines[3].starts_with("warn  TLS           certificate SHA-256 " +
                                   sim_->fingerprint() + " NOT verified (PROXMOX_INSECURE_TLS)"))
      << lines[3];
}

TEST_F(Doctor, UnreachablePortFailsFastAtTcp) {
  config_.port = 1;
  const auto start = std::chrono::steady_clock::now();
  const auto [code, lines] = run();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(code, 1);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2],
            "FAIL  TCP           cannot connect to 127.0.0.1:1 (Connection refused) — check "
            "PROXMOX_PORT (8006 by default), that pveproxy runs (systemctl status pveproxy) and "
            "that no firewall is in the way");
}

TEST_F(Doctor, WrongSecretFailsAtTheTokenButStillChecksTheClock) {
  config_.token_secret = "00000000-0000-0000-0000-000000000000";
  const auto [code, lines] = run();
  EXPECT_EQ(code, 1);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[4],
            "FAIL  token         Proxmox refused root@pam!mcpserver — check PROXMOX_USER, "
            "PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE (`pveum user token list USER` on the node "
            "lists the tokens)");
  EXPECT_EQ(lines[5], "ok    clock         within 5 s of the server's");
}

TEST_F(Doctor, InvalidConfigurationIsTheFirstAndOnlyLine) {
  setup::DoctorInput input;
  input.config_problem = "PROXMOX_HOST is not set (required unless --demo)";
  std::ostringstream out;
  EXPECT_EQ(setup::run_doctor(input, out), 1);
  EXPECT_EQ(out.str(),
            "FAIL  configuration PROXMOX_HOST is not set (required unless --demo) (see "
            "proxmox-mcp --help)\n");
}

}  // namespace
}  // namespace integration
