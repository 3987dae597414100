// create_vm and create_lxc: their arguments, and what the two share (the new guest's id, storage
// checks, the request and the facts of its answer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "tools/common_args.h"
#include "tools/guest_args.h"
#include "tools/guest_create_args.h"
#include "tools/guest_write.h"
#include "tools/tool_row.h"
#include "tools/write_pipeline.h"

namespace tools {

// Allocating the disk is the slow part (thick LVM, Ceph), and a VM with `start` also boots;
// extracting a container's template can take minutes on slow storage.
inline constexpr std::int64_t kCreateVmTimeout = 300;
inline constexpr std::int64_t kCreateLxcTimeout = 600;
inline constexpr std::int64_t kMaxSockets = 64;
inline constexpr std::int64_t kDefaultMemory = 512;
inline constexpr std::string_view kDefaultLxcNet0 = "name=eth0,bridge=vmbr0,ip=dhcp";

// What both create tools take: the node, the id (the next free one when absent), the memory,
// and whether to start the guest now and at boot.
struct NewGuestArgs {
  std::string node;
  std::optional<std::int64_t> vmid;
  std::int64_t memory = kDefaultMemory;
  bool start = false;
  bool onboot = false;

  static auto fields() {
    return std::tuple{
        typed::node(&NewGuestArgs::node),
        typed::vmid(&NewGuestArgs::vmid).about("Default: next free ID"),
        typed::field(&NewGuestArgs::memory, "memory")
            .about("MiB")
            .or_default(kDefaultMemory)
            .checked(typed::between<kMinMemory, kMaxMemory>),
        typed::flag(&NewGuestArgs::start, "start"),
        typed::flag(&NewGuestArgs::onboot, "onboot"),
    };
  }
};

struct CreateVmArgs : NewGuestArgs, TaskWait<kCreateVmTimeout> {
  std::optional<std::string> name;
  std::int64_t cores = 1;
  std::int64_t sockets = 1;
  create::VolumeSize disk_size;
  std::string storage;
  std::optional<std::string> iso;
  std::string ostype;
  std::string net0;
  std::string scsihw;
  std::optional<std::string> cpu;
  bool agent = false;

  static auto fields() {
    using A = CreateVmArgs;
    return std::tuple_cat(
        NewGuestArgs::fields(),
        std::tuple{
            typed::field(&A::name, "name").about("Default vm{vmid}").checked(create::dns_name),
            typed::field(&A::cores, "cores").or_default(1).checked(typed::between<1, kMaxCores>),
            typed::field(&A::sockets, "sockets")
                .or_default(1)
                .checked(typed::between<1, kMaxSockets>),
            typed::field(&A::disk_size, "disk_size").or_default(create::volume_size("8G")),
            typed::storage(&A::storage).or_default("local-lvm"),
            typed::field(&A::iso, "iso").about("e.g. local:iso/x.iso").checked(create::iso_volume),
            typed::field(&A::ostype, "ostype")
                .about("e.g. l26, win11, other")
                .or_default("l26")
                .checked(create::os_type),
            typed::field(&A::net0, "net0")
                .or_default("virtio,bridge=vmbr0")
                .checked(create::qemu_net),
            typed::field(&A::scsihw, "scsihw")
                .or_default("virtio-scsi-single")
                .checked(create::scsi_controller),
            typed::field(&A::cpu, "cpu").about("e.g. host").checked(create::cpu_type),
            typed::flag(&A::agent, "agent").about("Guest agent"),
        },
        TaskWait<kCreateVmTimeout>::fields());
  }
};

struct CreateLxcArgs : NewGuestArgs, TaskWait<kCreateLxcTimeout> {
  std::string ostemplate;
  std::optional<std::string> hostname;
  std::optional<std::string> password;
  std::optional<std::string> ssh_public_keys;
  std::string storage;
  create::VolumeSize rootfs;
  std::int64_t cores = 1;
  std::int64_t swap = kDefaultMemory;
  std::string net0;
  bool unprivileged = true;

  static auto fields() {
    using A = CreateLxcArgs;
    return std::tuple_cat(
        NewGuestArgs::fields(),
        std::tuple{
            typed::field(&A::ostemplate, "ostemplate")
                .about("Volume ID from proxmox_list_templates")
                .checked(create::template_volume),
            typed::field(&A::hostname, "hostname")
                .about("Default ct{vmid}")
                .checked(create::dns_name),
            typed::field(&A::password, "password").checked(create::root_password),
            typed::field(&A::ssh_public_keys, "ssh_public_keys")
                .about("One per line")
                .checked(create::ssh_keys),
            typed::storage(&A::storage).or_default("local-lvm"),
            typed::field(&A::rootfs, "rootfs")
                .about("GiB, or e.g. 512M")
                .or_default(create::volume_size("8")),
            typed::field(&A::cores, "cores").or_default(1).checked(typed::between<1, kMaxCores>),
            typed::field(&A::swap, "swap")
                .about("MiB")
                .or_default(kDefaultMemory)
                .checked(typed::between<0, kMaxMemory>),
            typed::field(&A::net0, "net0")
                .or_default(std::string(kDefaultLxcNet0))
                .checked(create::lxc_net),
            typed::field(&A::unprivileged, "unprivileged").or_default(true),
        },
        TaskWait<kCreateLxcTimeout>::fields());
  }
};

mcp::ToolResult create_vm(const Call& call, const CreateVmArgs& args);
mcp::ToolResult create_lxc(const Call& call, const CreateLxcArgs& args);

extern const std::string_view kCreateVmOutput;
extern const std::string_view kCreateLxcOutput;

}  // namespace tools

namespace tools::create {

// The guest a create call makes: `vmid` as given, or the next free id Proxmox proposes
// (GET /cluster/nextid). That id is not reserved; if another creator takes it first, Proxmox
// refuses the create ("already exists") and nothing is overwritten.
struct NewGuest {
  GuestTarget target;
  bool vmid_from_nextid = false;
};
NewGuest new_guest(pve::Api& api, const NewGuestArgs& args, GuestType type);

// A storage the new guest uses and the content type it must allow there.
struct StorageNeed {
  std::string_view argument;  // "storage", "iso", "ostemplate": named in the error
  std::string storage;
  std::string_view content;  // images, rootdir, iso, vztmpl
};
// Reads GET /nodes/{node}/storage once and throws ArgError when a storage is not on the node,
// is inactive or does not allow its content type, naming the storages that would do. When the
// list cannot be read (a token without Datastore.Audit), Proxmox's own check on create decides.
void check_storages(pve::Api& api, const std::string& node, const std::vector<StorageNeed>& needs);

// The request that creates `guest` with `params`; once its task succeeded, the new config is read
// back for what only Proxmox knows (the volume it allocated, the MAC it generated).
WriteRequest create_request(pve::Api& api, const GuestTarget& guest, pve::Params params);

// The facts that open both answers: the ID (and whether it was the next free one), the name
// (`label` and `key`: a VM's name, a container's hostname), the node, the type and where the ID
// came from.
void add_opening(std::vector<Fact>& facts, const NewGuest& guest, std::string label,
                 std::string key, const std::string& name);

// The new guest's disk as both answers describe it.
struct NewDisk {
  std::string label;   // "Disk", "Root Disk"
  std::string key;     // its config key: scsi0, rootfs
  std::string prefix;  // before its size ("scsi0, "): a VM names the slot
  std::string gib;
  std::string storage;
};
// The disk (size, storage, the volume read back) and the network (net0 as Proxmox stored it,
// with its MAC, else as sent).
void add_disk_and_network(std::vector<Fact>& facts, const NewDisk& disk, const std::string& net0,
                          const WriteOutcome& outcome);

// The start and start-at-boot bullets when asked for, and the parameters sent without `secret`.
void add_closing(std::vector<Fact>& facts, const NewGuestArgs& args, const pve::Params& params,
                 std::string_view secret = {});

}  // namespace tools::create
