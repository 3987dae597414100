// The fields whose JSON form varies, with the evidence for the other form: a recorded answer or
// the Proxmox sources for the numbers and texts; for the 0/1 flags only client libraries that
// accept true/false as well (no recorded PVE answer has them as booleans). pve-sim sends the
// form of the PVE 9 sources; --loose-types the other one.
#include "loose_types.h"

namespace pvesim {
namespace {

constexpr LooseForm kText = LooseForm::kNumberText;
constexpr LooseForm kFlag = LooseForm::kFlag;

constexpr const char* kOldQemuIds =
    "strings up to PVE 6.4, numbers since qemu-server ad2cad72 (2021); recorded: fog-proxmox "
    "PVE 6.2 (third_party/pve-captures), bpg/terraform-provider-proxmox #655, telegraf #9938";
constexpr const char* kOldLxcStatus =
    "strings before pve-container 8808fb6 \"vm status: force int where appropriate\" (2021); "
    "recorded: fog-proxmox PVE 6.2, bpg/terraform-provider-proxmox #621";
constexpr const char* kOldLxcIndex =
    "strings up to pve-container 5.0.8 (config_list's hash keys), numbers since 81aa4bd (2023); "
    "recorded: fog-proxmox PVE 6.2, Starttoaster/proxmox-exporter #47";
constexpr const char* kLxcPressure =
    "text for containers (pve-container 275807b reads avg10 without numifying it), numbers for "
    "VMs (qemu-server 213200ef: `* 1`)";
constexpr const char* kNumberKeys =
    "check_type keeps number-typed config values as the text it read (\"1.5\"); clients "
    "accept both (bpg CustomFloat64, go-proxmox StringOrFloat64)";
constexpr const char* kClientFlags =
    "1/0 from Perl; true/false not recorded from PVE, but clients accept it (bpg CustomBool, "
    "go-proxmox IntOrBool) and so must we";

}  // namespace

const std::vector<LooseField>& loose_fields() {
  static const std::vector<LooseField> fields = {
      {"/nodes/{node}/qemu", "*.vmid", kText, kOldQemuIds},
      {"/nodes/{node}/qemu", "*.pid", kText, kOldQemuIds},
      {"/nodes/{node}/qemu/{vmid}/status/current", "vmid", kText, kOldQemuIds},
      {"/nodes/{node}/qemu/{vmid}/status/current", "pid", kText, kOldQemuIds},
      {"/nodes/{node}/qemu/{vmid}/status/current", "nics.*.netin", kText,
       "strings in PVE 6.2 (recorded: fog-proxmox)"},
      {"/nodes/{node}/qemu/{vmid}/status/current", "nics.*.netout", kText,
       "strings in PVE 6.2 (recorded: fog-proxmox)"},
      {"/nodes/{node}/qemu/{vmid}/status/current", "agent", kFlag, kClientFlags},
      {"/nodes/{node}/qemu/{vmid}/status/current", "spice", kFlag, kClientFlags},
      {"/nodes/{node}/qemu/{vmid}/status/current", "template", kFlag, kClientFlags},
      {"/nodes/{node}/lxc", "*.vmid", kText, kOldLxcIndex},
      {"/nodes/{node}/lxc", "*.pid", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc", "*.disk", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc", "*.maxdisk", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc", "*.cpus", kText,
       "a number (cores), or the cpulimit text when only cpulimit is set (pve-container vmstatus)"},
      {"/nodes/{node}/lxc/{vmid}/status/current", "vmid", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pid", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "disk", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "maxdisk", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "mem", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "swap", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "diskread", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "diskwrite", kText, kOldLxcStatus},
      {"/nodes/{node}/lxc/{vmid}/status/current", "cpus", kText,
       "a number (cores), or the cpulimit text when only cpulimit is set (pve-container vmstatus)"},
      {"/nodes/{node}/qemu/{vmid}/config", "memory", kText,
       "an integer before qemu-server 8.0.8, a property string since (bpg #727, Telmate #1470)"},
      {"/nodes/{node}/qemu/{vmid}/config", "cpulimit", kText, kNumberKeys},
      {"/nodes/{node}/lxc/{vmid}/config", "cpulimit", kText, kNumberKeys},
      {"/nodes/{node}/storage/{storage}/content", "*.ctime", kText,
       "numbers from file storages, text from LVM and LVM-thin (lvs output); recorded: "
       "fog-proxmox PVE 6.2"},
      {"/nodes/{node}/storage/{storage}/content", "*.protected", kFlag, kClientFlags},
      {"/nodes/{node}/storage", "*.active", kFlag, kClientFlags},
      {"/nodes/{node}/storage", "*.enabled", kFlag, kClientFlags},
      {"/nodes/{node}/storage", "*.shared", kFlag, kClientFlags},
      {"/cluster/resources", "*.template", kFlag, kClientFlags},
      {"/nodes/{node}/lxc", "*.pressurecpusome", kText, kLxcPressure},
      {"/nodes/{node}/lxc", "*.pressurecpufull", kText, kLxcPressure},
      {"/nodes/{node}/lxc", "*.pressureiosome", kText, kLxcPressure},
      {"/nodes/{node}/lxc", "*.pressureiofull", kText, kLxcPressure},
      {"/nodes/{node}/lxc", "*.pressurememorysome", kText, kLxcPressure},
      {"/nodes/{node}/lxc", "*.pressurememoryfull", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressurecpusome", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressurecpufull", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressureiosome", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressureiofull", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressurememorysome", kText, kLxcPressure},
      {"/nodes/{node}/lxc/{vmid}/status/current", "pressurememoryfull", kText, kLxcPressure},
  };
  return fields;
}

}  // namespace pvesim
