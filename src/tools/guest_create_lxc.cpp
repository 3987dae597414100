// proxmox_create_lxc: a container from a template, with a network interface and root access.
#include "pve/property_string.h"
#include "tools/guest_create.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"

namespace tools {
namespace {

using create::Created;
using create::NewGuest;
using nlohmann::json;

// How root gets in. A password is generated only when the caller gave neither a password nor
// a key, so that root never has an empty one; it is sent to Proxmox and never shown.
struct RootAccess {
  std::optional<std::string> password;
  std::string source;  // "given", "generated", "none"
  std::vector<std::string> keys;
};
RootAccess root_access(const CreateLxcArgs& args) {
  RootAccess root;
  root.password = args.password;
  if (args.ssh_public_keys) root.keys = create::read_ssh_keys(*args.ssh_public_keys).keys;
  if (root.password) {
    root.source = "given";
  } else if (root.keys.empty()) {
    root.password = create::random_password();
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

pve::Params lxc_params(const CreateLxcArgs& args, const GuestTarget& guest,
                       const std::string& hostname, const RootAccess& root) {
  pve::PropertyString rootfs("volume");
  rootfs.set("volume", args.storage + ":" + args.rootfs.gib);
  pve::Params params{{"vmid", std::to_string(guest.vmid)},
                     {"ostemplate", args.ostemplate},
                     {"hostname", hostname},
                     {"memory", std::to_string(args.memory)},
                     {"swap", std::to_string(args.swap)},
                     {"cores", std::to_string(args.cores)},
                     {"rootfs", rootfs.format()},
                     {"net0", args.net0},
                     pve::param_bool("unprivileged", args.unprivileged)};
  if (root.password) params.emplace_back("password", *root.password);
  if (!root.keys.empty()) {
    std::string keys;
    for (const auto& key : root.keys) keys += key + "\n";
    params.emplace_back("ssh-public-keys", keys);
  }
  if (args.start) params.push_back(pve::param_bool("start", true));
  if (args.onboot) params.push_back(pve::param_bool("onboot", true));
  return params;
}

std::string lxc_text(const CreateLxcArgs& args, const NewGuest& fresh, const Created& made,
                     const std::string& hostname, const RootAccess& root) {
  const std::string nic = made.net0.value_or(args.net0);
  const std::string& volume = made.volume;
  const std::string& gib = args.rootfs.gib;
  return outcome_heading(made.task, {"📦", "LXC Container Creation Started", "LXC Container Created",
                                     "LXC Container Creation Failed"}) +
         "\n\n" + create::vmid_bullet(fresh) + md::bullet("Hostname", hostname) + "\n" +
         md::bullet("Node", fresh.target.node) + "\n" + md::bullet("Template", args.ostemplate) +
         "\n" +
         md::bullet("Memory", std::to_string(args.memory) + " MiB, swap " +
                                  std::to_string(args.swap) + " MiB") +
         "\n" + md::bullet("Cores", std::to_string(args.cores)) + "\n" +
         md::bullet("Root Disk",
                    gib + " GiB on " + args.storage + (volume.empty() ? "" : " (" + volume + ")")) +
         "\n" + md::bullet("Network", nic) + "\n" +
         md::bullet("Unprivileged", args.unprivileged ? "yes" : "no (privileged container)") +
         "\n" + root_bullets(root, fresh.target) + create::start_bullets(args.start, args.onboot);
}

}  // namespace

extern const std::string_view kCreateLxcOutput = R"json({
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

mcp::ToolResult create_lxc(const Call& call, const CreateLxcArgs& args) {
  pve::Api& api = call.api;
  const RootAccess root = root_access(args);
  NewGuest fresh = create::new_guest(api, args, GuestType::kLxc);
  const GuestTarget& guest = fresh.target;
  const std::string hostname = args.hostname.value_or("ct" + std::to_string(guest.vmid));
  create::check_storages(api, guest.node,
                         {{"storage", args.storage, "rootdir"},
                          {"ostemplate", *create::template_storage(args.ostemplate), "vztmpl"}});

  const pve::Params params = lxc_params(args, guest, hostname, root);
  Created made = create::post_create(api, guest, params, "rootfs", args.follow(), call.ctx);
  json out = create::created_fields(fresh, made, args.rootfs.gib, args.storage, params, "password");
  out["hostname"] = hostname;
  out["root_password"] = root.source;
  out["ssh_keys"] = root.keys.size();
  return task_result(lxc_text(args, fresh, made, hostname, root), std::move(out), made.task);
}

}  // namespace tools
