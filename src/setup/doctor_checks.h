// The checks run_doctor runs in order; each reports its line and says whether the next may run.
#pragma once

#include <optional>
#include <string>

#include "setup/doctor.h"
#include "setup/doctor_network.h"
#include "setup/doctor_report.h"

namespace setup {

// The enabled tools by the configuration's mode and toolsets, in catalogue order.
std::vector<std::string> enabled_tools(const config::Config& config);

bool check_config(const DoctorInput& input, DoctorReport& report);
bool check_network(const pve::ClientOptions& options, DoctorReport& report);
// The handshake with the configured verification; the probe (for its Date header) or nothing.
std::optional<TlsProbe> check_tls(const pve::ClientOptions& options, DoctorReport& report);

// GET /version with the token; the cluster's major version, or nothing.
std::optional<int> check_token(pve::Client& client, DoctorReport& report);
void check_clock(const TlsProbe& probe, DoctorReport& report);
void check_privileges(pve::Client& client, const config::Config& config, int pve,
                      DoctorReport& report);
// With container commands set up: each online node's shell, its host key and the login.
void check_ssh(pve::Client& client, const config::Config& config, DoctorReport& report);

}  // namespace setup
