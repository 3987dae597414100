// proxmox_create_lxc: a container from a template, with a network interface and root access.
#include "pve/property_string.h"
#include "tools/guest_create.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using create::NewGuest;

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

// How root gets in, shown and as the root_password and ssh_keys fields; the password never.
void add_root(std::vector<Fact>& facts, const RootAccess& root, const GuestTarget& guest) {
  const std::string keys = std::to_string(root.keys.size()) + " key(s)";
  if (root.source == "given") {
    facts.push_back(fact("Root Password", "set as given (not shown)", "root_password", "given"));
  } else if (root.source == "none") {
    facts.push_back(fact("Root Login", "SSH with the given " + keys + "; no root password is set",
                         "root_password", "none"));
  } else {
    facts.push_back(fact("Root Password",
                         "a random one was set and is not shown. To get in, run `pct enter " +
                             std::to_string(guest.vmid) + "` in a shell on node " + guest.node +
                             ", then `passwd` to choose your own (or create it with "
                             "ssh_public_keys)",
                         "root_password", root.source));
  }
  // Only beside a given password: "Root Login" already counts the keys.
  if (root.source == "given" && !root.keys.empty()) {
    facts.push_back(fact("SSH Keys", keys + " for root", "ssh_keys", root.keys.size()));
  } else {
    facts.push_back(field("ssh_keys", root.keys.size()));
  }
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

constexpr OutcomeTitles kCreateLxcTitles{"📦", "LXC Container Creation Started",
                                         "LXC Container Created", "LXC Container Creation Failed"};

WriteReport lxc_report(const CreateLxcArgs& args, const NewGuest& fresh,
                       const std::string& hostname, const RootAccess& root,
                       const pve::Params& params, const WriteOutcome& outcome) {
  WriteReport report{kCreateLxcTitles, {}, {}};
  std::vector<Fact>& facts = report.facts;
  create::add_opening(facts, fresh, "Hostname", "hostname", hostname);
  facts.push_back(shown("Template", args.ostemplate));
  facts.push_back(shown(
      "Memory", std::to_string(args.memory) + " MiB, swap " + std::to_string(args.swap) + " MiB"));
  facts.push_back(shown("Cores", std::to_string(args.cores)));
  create::add_disk_and_network(facts, {"Root Disk", "rootfs", "", args.rootfs.gib, args.storage},
                               args.net0, outcome);
  facts.push_back(shown("Unprivileged", args.unprivileged ? "yes" : "no (privileged container)"));
  add_root(facts, root, fresh.target);
  create::add_closing(facts, args, params, "password");
  return report;
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
  const WriteOutcome outcome =
      perform(call, create::create_request(api, guest, params), args.follow());
  return render(lxc_report(args, fresh, hostname, root, params, outcome), outcome);
}

}  // namespace tools
