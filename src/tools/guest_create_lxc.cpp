// proxmox_create_lxc: a container from a template, with a network interface and root access.
#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/guest_create.h"
#include "tools/guest_create_args.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"

namespace tools::create {
namespace {

using nlohmann::json;

// Extracting the template onto the new volume can take minutes on slow storage.
constexpr int kCreateTimeout = 600;
constexpr std::string_view kDefaultNet0 = "name=eth0,bridge=vmbr0,ip=dhcp";

std::string ostemplate_arg(const json& args) {
  std::string ostemplate = args::required_string(args, "ostemplate");
  if (!template_storage(ostemplate)) {
    throw ArgError(
        "Invalid argument 'ostemplate': must be a container template volume such as "
        "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst (<storage>:vztmpl/<file>.tar.gz, "
        ".tar.xz, .tar.zst or .tar.bz2; proxmox_list_templates lists them)");
  }
  return ostemplate;
}

std::string net0_arg(const json& args) {
  std::string net0 = args::optional_string(args, "net0").value_or(std::string(kDefaultNet0));
  if (auto problem = pve::lxc_net_problem(net0)) {
    throw ArgError("Invalid argument 'net0': " + *problem);
  }
  return net0;
}

// How root gets in. A password is generated only when the caller gave neither a password nor
// a key, so that root never has an empty one; it is sent to Proxmox and never shown.
struct RootAccess {
  std::optional<std::string> password;
  std::string source;  // "given", "generated", "none"
  std::vector<std::string> keys;
};
RootAccess root_access(const json& args) {
  RootAccess root;
  root.password = password_arg(args, "password");
  root.keys = ssh_keys_arg(args, "ssh_public_keys");
  if (root.password) {
    root.source = "given";
  } else if (root.keys.empty()) {
    root.password = random_password();
    root.source = "generated";
  } else {
    root.source = "none";
  }
  return root;
}

std::string root_bullets(const RootAccess& root, const GuestTarget& guest) {
  std::string text;
  const std::string keys = std::to_string(root.keys.size()) + " key(s)";
  if (root.source == "given") {
    text += md::bullet("Root Password", "set as given (not shown)") + "\n";
    if (!root.keys.empty()) text += md::bullet("SSH Keys", keys + " for root") + "\n";
  } else if (root.source == "none") {
    text +=
        md::bullet("Root Login", "SSH with the given " + keys + "; no root password is set") + "\n";
  } else {
    text += md::bullet("Root Password",
                       "a random one was set and is not shown. To get in, run `pct enter " +
                           std::to_string(guest.vmid) + "` in a shell on node " + guest.node +
                           ", then `passwd` to choose your own (or create it with "
                           "ssh_public_keys)") +
            "\n";
  }
  return text;
}

mcp::ToolResult run(pve::Api& api, const json& args, mcp::CallContext& ctx) {
  // Every argument is checked before anything reaches Proxmox.
  args::node(args);
  args::optional_vmid(args);
  const std::string ostemplate = ostemplate_arg(args);
  const std::optional<std::string> hostname_given = dns_name_arg(args, "hostname");
  const std::int64_t memory = args::integer(args, "memory", 512, 16, 4194304);
  const std::int64_t swap = args::integer(args, "swap", 512, 0, 4194304);
  const std::int64_t cores = args::integer(args, "cores", 1, 1, 8192);
  const std::string storage = args::storage(args, "storage", "local-lvm");
  const std::string gib = size_arg(args, "rootfs", "8");
  const std::string net0 = net0_arg(args);
  const bool unprivileged = args::boolean(args, "unprivileged", true);
  const bool start = args::boolean(args, "start", false);
  const bool onboot = args::boolean(args, "onboot", false);
  const RootAccess root = root_access(args);
  const FollowOptions follow = follow_options(args, true, kCreateTimeout);

  NewGuest fresh = new_guest(api, args, GuestType::kLxc);
  const GuestTarget& guest = fresh.target;
  const std::string hostname = hostname_given.value_or("ct" + std::to_string(guest.vmid));
  check_storages(
      api, guest.node,
      {{"storage", storage, "rootdir"}, {"ostemplate", *template_storage(ostemplate), "vztmpl"}});

  pve::PropertyString rootfs("volume");
  rootfs.set("volume", storage + ":" + gib);
  pve::Params params{{"vmid", std::to_string(guest.vmid)},
                     {"ostemplate", ostemplate},
                     {"hostname", hostname},
                     {"memory", std::to_string(memory)},
                     {"swap", std::to_string(swap)},
                     {"cores", std::to_string(cores)},
                     {"rootfs", rootfs.format()},
                     {"net0", net0},
                     pve::param_bool("unprivileged", unprivileged)};
  if (root.password) params.emplace_back("password", *root.password);
  if (!root.keys.empty()) {
    std::string keys;
    for (const auto& key : root.keys) keys += key + "\n";
    params.emplace_back("ssh-public-keys", keys);
  }
  if (start) params.push_back(pve::param_bool("start", true));
  if (onboot) params.push_back(pve::param_bool("onboot", true));

  Created made = post_create(api, guest, params, "rootfs", follow, ctx);
  const std::string nic = made.net0.value_or(net0);
  const std::string& volume = made.volume;
  std::string text =
      outcome_heading(made.task, {"📦", "LXC Container Creation Started", "LXC Container Created",
                                  "LXC Container Creation Failed"}) +
      "\n\n" + vmid_bullet(fresh) + md::bullet("Hostname", hostname) + "\n" +
      md::bullet("Node", guest.node) + "\n" + md::bullet("Template", ostemplate) + "\n" +
      md::bullet("Memory", std::to_string(memory) + " MiB, swap " + std::to_string(swap) + " MiB") +
      "\n" + md::bullet("Cores", std::to_string(cores)) + "\n" +
      md::bullet("Root Disk",
                 gib + " GiB on " + storage + (volume.empty() ? "" : " (" + volume + ")")) +
      "\n" + md::bullet("Network", nic) + "\n" +
      md::bullet("Unprivileged", unprivileged ? "yes" : "no (privileged container)") + "\n" +
      root_bullets(root, guest);
  text += start_bullets(start, onboot);

  json out = created_fields(fresh, made, gib, storage, params, "password");
  out["hostname"] = hostname;
  out["root_password"] = root.source;
  out["ssh_keys"] = root.keys.size();
  return task_result(std::move(text), std::move(out), made.task);
}

constexpr std::string_view kOutput = R"json({
  "type": "object",
  "properties": {
    "hostname": {"type": "string"},
    "vmid_source": {"type": "string", "enum": ["given", "nextid"]},
    "size_gib": {"type": "number", "description": "the root disk's size in GiB"},
    "storage": {"type": "string"},
    "root_password": {"type": "string", "enum": ["given", "generated", "none"],
                      "description": "whether a root password was set; it is never shown"},
    "ssh_keys": {"type": "integer", "description": "SSH public keys installed for root"},
    "sent": {"type": "object",
             "description": "the parameters sent to POST /nodes/{node}/lxc, except the password"},
    "volume": {"type": "string", "description": "the root disk volume, read back"},
    "net0": {"type": "string", "description": "net0 as Proxmox stored it (with its MAC)"
}
}
, "required" : [
  "node", "vmid", "type", "hostname", "vmid_source", "size_gib", "storage", "root_password",
  "ssh_keys", "sent"
]
})json";

json input_properties() {
  return {
      {"ostemplate",
       {{"type", "string"},
        {"description",
         "Template volume, e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst "
         "(proxmox_list_templates lists them)"}}},
      {"hostname",
       {{"type", "string"},
        {"description", "Hostname, a DNS name (default ct{vmid})"},
        {"maxLength", 255}}},
      {"password",
       {{"type", "string"},
        {"minLength", 5},
        {"description",
         "Root password (never shown back). Without it and without ssh_public_keys a random one "
         "is set and not shown"}}},
      {"ssh_public_keys",
       {{"type", "string"},
        {"description",
         "OpenSSH public keys for root, one per line; with keys and no password, no root "
         "password is set"}}},
      {"swap",
       {{"type", "integer"}, {"minimum", 0}, {"default", 512}, {"description", "Swap in MiB"}}},
      {"cores",
       {{"type", "integer"}, {"minimum", 1}, {"default", 1}, {"description", "CPU cores"}}},
      {"storage",
       storage_property("Storage for the root disk (must hold container volumes)", "local-lvm")},
      {"rootfs",
       {{"type", "string"},
        {"default", "8"},
        {"description", "Root disk size: \"8\" (GiB), \"8G\", \"512M\", \"1T\""}}},
      {"net0",
       {{"type", "string"},
        {"default", kDefaultNet0},
        {"description",
         "Network interface as Proxmox writes it, e.g. name=eth0,bridge=vmbr0,ip=10.0.0.5/24,"
         "gw=10.0.0.1 (default: eth0 on vmbr0 with DHCP)"}}},
      {"unprivileged",
       {{"type", "boolean"},
        {"default", true},
        {"description", "Unprivileged container (root inside is not root on the host)"}}}};
}

}  // namespace

mcp::Tool create_lxc_tool(pve::Api& api, const policy::Policy& policy) {
  return create_tool(
      policy, GuestType::kLxc, "proxmox_create_lxc", "Create LXC container",
      "Creates an LXC container from a template, unprivileged and with eth0 on vmbr0 (DHCP) "
      "unless told otherwise. Root gets the given password or SSH keys; a generated password is "
      "never shown. Without vmid it takes the next free ID. Follows the Proxmox task to its end "
      "(wait, timeout).",
      create_input_schema(GuestType::kLxc, input_properties(), {"ostemplate"}, kCreateTimeout),
      kOutput, [&api](const json& args, mcp::CallContext& ctx) { return run(api, args, ctx); });
}

}  // namespace tools::create
