#include "fault_matrix_tables.h"

namespace integration {

using nlohmann::json;

// ---- the table of sample arguments ---------------------------------------------------------

// Valid arguments against the small seed (pve1: VM 100 and CT 101 running; pve2: VM 102 and
// CT 103 stopped): each succeeds without a fault (FaultMatrix/none checks it), so an error
// under a fault comes from the fault. "$UPID" stands for a finished task on pve1.
namespace {

// Reads, creation, power and life cycle.
void add_guest_samples(std::map<std::string, json>& table) {
  table.insert({
      // Reads.
      {"proxmox_get_nodes", json::object()},
      {"proxmox_get_node_status", {{"node", "pve1"}}},
      {"proxmox_get_vms", json::object()},
      {"proxmox_get_storage", json::object()},
      {"proxmox_get_cluster_status", json::object()},
      {"proxmox_get_next_vmid", json::object()},
      {"proxmox_list_templates", {{"node", "pve1"}}},
      {"proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_list_snapshots_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_list_snapshots_lxc", {{"node", "pve1"}, {"vmid", 101}}},
      {"proxmox_list_backups", {{"node", "pve1"}}},
      {"proxmox_list_tasks", {{"node", "pve1"}}},
      {"proxmox_get_task_status", {{"upid", "$UPID"}}},
      {"proxmox_get_task_log", {{"upid", "$UPID"}}},
      {"proxmox_cancel_task", {{"upid", "$UPID"}}},
      {"proxmox_get_vm_config", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_whoami", json::object()},
      {"proxmox_get_pools", json::object()},
      {"proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}}},
      {"proxmox_set_cloudinit", {{"node", "pve1"}, {"vmid", 100}, {"ciuser", "ops"}}},
      {"proxmox_get_ha_resources", json::object()},
      {"proxmox_get_firewall_rules", {{"level", "guest"}, {"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_get_rrd_data", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_api_search", {{"query", "ha group"}}},
      {"proxmox_api_describe", {{"method", "POST"}, {"path", "/nodes/pve1/qemu/100/migrate"}}},
      {"proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/qemu/100/config"}}},
      // Creation.
      {"proxmox_create_vm", {{"node", "pve1"}, {"vmid", 130}}},
      {"proxmox_create_lxc",
       {{"node", "pve1"},
        {"vmid", 140},
        {"ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"}}},
      {"proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 100}, {"newid", 120}}},
      {"proxmox_clone_lxc", {{"node", "pve2"}, {"vmid", 103}, {"newid", 121}}},
      // Migration and templates.
      {"proxmox_migrate_vm", {{"node", "pve2"}, {"vmid", 102}, {"target", "pve1"}}},
      {"proxmox_migrate_lxc", {{"node", "pve2"}, {"vmid", 103}, {"target", "pve1"}}},
      {"proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 102}}},
      // Power.
      {"proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}}},
      {"proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_shutdown_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_reboot_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_pause_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_resume_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_start_lxc", {{"node", "pve2"}, {"vmid", 103}}},
      {"proxmox_stop_lxc", {{"node", "pve1"}, {"vmid", 101}}},
      {"proxmox_shutdown_lxc", {{"node", "pve1"}, {"vmid", 101}}},
      {"proxmox_reboot_lxc", {{"node", "pve1"}, {"vmid", 101}}},
      // Life cycle.
      {"proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}}},
      {"proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}, {"force", true}}},
      {"proxmox_resize_vm", {{"node", "pve1"}, {"vmid", 100}, {"memory", 4096}}},
      {"proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"memory", 1024}}},
      {"proxmox_set_tags", {{"node", "pve1"}, {"vmid", 100}, {"add", {"web"}}}},
  });
}

// Snapshots, backups, disks, network and the guest agent.
void add_data_samples(std::map<std::string, json>& table) {
  table.insert({
      // Snapshots.
      {"proxmox_create_snapshot_vm", {{"node", "pve1"}, {"vmid", 100}, {"snapname", "mcp_one"}}},
      {"proxmox_rollback_snapshot_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"snapname", "before-nginx"}}},
      {"proxmox_delete_snapshot_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}}},
      {"proxmox_create_snapshot_lxc", {{"node", "pve1"}, {"vmid", 101}, {"snapname", "mcp_one"}}},
      {"proxmox_rollback_snapshot_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"snapname", "clean-install"}}},
      {"proxmox_delete_snapshot_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"snapname", "clean-install"}}},
      // Backups.
      {"proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}}},
      {"proxmox_create_backup_lxc", {{"node", "pve1"}, {"vmid", 101}}},
      {"proxmox_restore_backup_vm",
       {{"node", "pve1"},
        {"vmid", 400},
        {"archive", "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}}},
      {"proxmox_restore_backup_lxc",
       {{"node", "pve1"},
        {"vmid", 401},
        {"archive", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"}}},
      {"proxmox_delete_backup",
       {{"node", "pve1"},
        {"storage", "local"},
        {"volume", "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}}},
      // Disks.
      {"proxmox_add_disk_vm",
       {{"node", "pve1"},
        {"vmid", 100},
        {"disk", "scsi1"},
        {"storage", "local-lvm"},
        {"size", "4"}}},
      {"proxmox_remove_disk_vm", {{"node", "pve2"}, {"vmid", 102}, {"disk", "sata0"}}},
      {"proxmox_resize_disk_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"size", "+8G"}}},
      {"proxmox_move_disk_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"storage", "local"}}},
      {"proxmox_add_mountpoint_lxc",
       {{"node", "pve1"},
        {"vmid", 101},
        {"mp", "mp0"},
        {"storage", "local-lvm"},
        {"size", "2"},
        {"path", "/data"}}},
      {"proxmox_remove_mountpoint_lxc", {{"node", "pve1"}, {"vmid", 101}, {"mp", "mp0"}}},
      {"proxmox_resize_disk_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"size", "20G"}}},
      {"proxmox_move_disk_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"storage", "local"}}},
      // Network.
      {"proxmox_add_network_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}, {"bridge", "vmbr0"}}},
      {"proxmox_update_network_vm",
       {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}, {"model", "e1000"}}},
      {"proxmox_remove_network_vm", {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}}},
      {"proxmox_add_network_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}}},
      {"proxmox_update_network_lxc",
       {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}, {"firewall", false}}},
      {"proxmox_remove_network_lxc", {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}}},
      // Guest agent.
      {"proxmox_execute_vm_command", {{"node", "pve1"}, {"vmid", 100}, {"command", "uptime"}}},
  });
}

}  // namespace

const std::map<std::string, json>& samples() {
  static const std::map<std::string, json> table = [] {
    std::map<std::string, json> all;
    add_guest_samples(all);
    add_data_samples(all);
    return all;
  }();
  return table;
}

const std::map<std::string, Preparation>& preparations() {
  static const std::map<std::string, Preparation> table = {
      {"proxmox_remove_mountpoint_lxc",
       {"PUT", "/nodes/pve1/lxc/101/config", {{"mp0", "local-lvm:2,mp=/data"}}}},
  };
  return table;
}

// Tools the small seed cannot satisfy: its only storage for guest disks is local-lvm, so a
// move is refused by Proxmox's task, after every request the tool makes. The baseline must
// show that refusal; under faults these tools are held to the same rules as the others.
extern const std::map<std::string, std::string> kBaselineRefusals = {
    {"proxmox_move_disk_vm", "storage 'local' does not support content-type 'images'"},
    {"proxmox_move_disk_lxc", "cannot move volumes of a running container"},
};

// Tools that answer from the embedded API schema and never contact Proxmox: no fault reaches
// them, and the matrix checks that they send no request.
extern const std::set<std::string> kSchemaOnlyTools = {"proxmox_api_search",
                                                       "proxmox_api_describe"};

// ---- the faults ----------------------------------------------------------------------------

void PrintTo(const FaultCase& fault, std::ostream* out) {
  *out << fault.name << " (" << (fault.spec.empty() ? "no simulator fault" : fault.spec) << ")";
}

// Real PVE texts where a status fault needs one. The latency cells give each call one request
// timeout (300 ms) and a second of slack: a tool gives up at its first timed-out request.
extern const std::vector<FaultCase> kFaults = {
    {.name = "none", .spec = ""},
    {.name = "status401",
     .spec = "status:*:401:Authentication failed!",
     .says = "authentication failed for API token root@pam!mcpserver: the token is wrong, "
             "expired or deleted"},
    {.name = "status403",
     .spec = "status:*:403:Permission check failed (/vms/100, VM.Audit)",
     .says = "the API token lacks VM.Audit on /vms/100"},
    {.name = "status500",
     .spec = "status:*:500:cfs-lock 'file-user_cfg' error: got lock request timeout",
     .says = "cfs-lock 'file-user_cfg' error: got lock request timeout"},
    {.name = "status501",
     .spec = "status:*:501:Not Implemented",
     .says = "this Proxmox VE server does not support "},
    {.name = "status595",
     .spec = "status:*:595:No route to host",
     .says = " is offline or unreachable (HTTP 595: No route to host)"},
    {.name = "offline",
     .spec = "offline:$NODE",
     .says = " is offline or unreachable (HTTP 595: No route to host)"},
    {.name = "status596",
     .spec = "status:*:596:Connection timed out",
     .says = " is offline or unreachable (HTTP 596: Connection timed out)"},
    {.name = "latency",
     .spec = "latency:*:1000",
     .says = " within 300 ms",
     .timeout_ms = 300,
     .cell_limit = milliseconds(1300),
     .concurrent = true},
    {.name = "truncate", .spec = "truncate:*", .says = " that is not valid JSON: '{\"data"},
    {.name = "reset", .spec = "reset:*", .says = "Connection reset by peer"},
    {.name = "refused",
     .spec = "",
     .says = " (Connection refused); check PROXMOX_HOST and PROXMOX_PORT",
     .target = Target::kClosedPort},
    {.name = "wrong_cert",
     .spec = "cert",
     .says = " does not match the pinned fingerprint: expected ",
     .fresh_client = true},
    {.name = "unresolvable",
     .spec = "",
     .says = "cannot connect to Proxmox at pve.invalid:",
     .target = Target::kUnresolvable},
    {.name = "long_text403",
     .spec = "hostile:*:long-text",
     .says = "permission denied for API token root@pam!mcpserver on "},
    {.name = "long_text500", .spec = "hostile:*:long-text:500", .says = "hostname lookup 'xxx"},
    {.name = "long_text401",
     .spec = "hostile:*:long-text:401",
     .says = "authentication failed for API token root@pam!mcpserver"},
    {.name = "long_text596", .spec = "hostile:*:long-text:596", .says = "' not found"},
    {.name = "deep_json", .spec = "hostile:*:deep-json", .says = " nested deeper than 64 levels"},
    {.name = "huge_upid",
     .spec = "hostile:*:huge-upid",
     .touches =
         [](const std::string& method, const std::string& path) {
           return method == "POST" || path.ends_with("/tasks");
         }},
    {.name = "huge_body", .spec = "hostile:*:huge-body", .says = " sent an oversized response to "},
    {.name = "binary", .spec = "hostile:*:binary", .says = " that is not valid JSON: '"},
    // The one fault that hands the secret back: every text must show it redacted.
    {.name = "echo_auth",
     .spec = "hostile:*:echo-auth",
     .says = "Bad Gateway: upstream refused the request with Authorization: "},
};

// Cells where a tool rightly succeeds despite the fault; the text must then carry must_say.
// An offline node (tools without a node see pve1 go offline): the tools over the whole cluster
// show the node offline and skip its guests and storages with a warning; /cluster/nextid is not
// proxied to a node at all, and the HA manager reports the node's services as fenced. huge-upid:
// two task reads that only list tasks on the side.
extern const std::vector<Tolerance> kTolerated = {
    // The task list is only read for the task's end time; a list without the task costs that
    // line and nothing else.
    {"huge_upid", "proxmox_get_task_status", "✅ **Task finished: OK**"},
    // A list holding one hostile task is still a list; shown within bounds, it is no error.
    {"huge_upid", "proxmox_list_tasks", "📋 **Tasks on pve1**"},
    {"offline", "proxmox_get_nodes", "🔴 **pve1**\n   • Status: offline"},
    // Identity and pools ask no node.
    {"offline", "proxmox_whoami", "🔑 **Proxmox API Identity**"},
    {"offline", "proxmox_get_pools", "🗂️  **Resource Pools**"},
    {"offline", "proxmox_get_vms",
     "⚠️ Node pve1 is offline: the status of its guests is unknown"},
    {"offline", "proxmox_get_storage",
     "⚠️ Node pve1 is offline: the status of its storages is unknown"},
    {"offline", "proxmox_get_cluster_status", "🔴 pve1 - offline"},
    {"offline", "proxmox_get_next_vmid", "**Next Available VM/Container ID**: 106"},
    {"offline", "proxmox_get_ha_resources", "| vm:100 | started | fence | pve1 |"},
};

// Product defects: cells that fail today. Each entry names what goes wrong; the matrix fails
// when such a cell passes, so that the entry goes with the fix.
extern const std::vector<KnownFailure> kKnownFailures = {};

}  // namespace integration
