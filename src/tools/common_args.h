// The arguments many tools share, declared once: a guest (node and vmid), a task's wait and
// timeout, and the Proxmox identifier rules the server checks without advertising them.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>

#include "tools/task_follow.h"
#include "tools/typed_args.h"

namespace tools::typed {

Problem node_name(const std::string& text);   // pve-node: a DNS label
Problem vmid_number(const std::int64_t& id);  // 100..999999999
Problem storage_id(const std::string& text);  // pve-storage-id
Problem pool_id(const std::string& text);     // pve-poolid, nested up to 3 levels
Problem cursor_value(const std::string& text);
// qemu or lxc, for a `type` whose choices the tools around it already advertise.
Problem guest_type(const std::string& text);  // only the digits of a next_cursor we handed out

// An on/off switch that is off unless given: "default false" in the schema would only repeat
// what leaving it out already means.
template <class Args>
Field<Args, bool> flag(bool Args::*member, std::string_view name) {
  return field(member, name).or_default_unadvertised(false);
}

// "must be one of: a, b, c" unless `text` is in `allowed`: for lists too long to advertise.
Problem listed_in(std::span<const std::string_view> allowed, const std::string& text);

template <class Args, class M>
Field<Args, M> node(M Args::*member, std::string_view name = "node") {
  return field(member, name).checked(node_name);
}
template <class Args, class M>
Field<Args, M> vmid(M Args::*member, std::string_view name = "vmid") {
  return field(member, name).checked(vmid_number);
}
template <class Args, class M>
Field<Args, M> storage(M Args::*member, std::string_view name = "storage") {
  return field(member, name).checked(storage_id);
}

}  // namespace tools::typed

namespace tools {

struct NoArgs {
  static auto fields() { return std::tuple{}; }
};

struct NodeArgs {
  std::string node;
  static auto fields() { return std::tuple{typed::node(&NodeArgs::node)}; }
};

// An optional node that narrows a listing.
struct NodeFilterArgs {
  std::optional<std::string> node;
  static auto fields() { return std::tuple{typed::node(&NodeFilterArgs::node)}; }
};

// One guest, addressed as Proxmox does: its node and its VMID.
struct GuestArgs {
  std::string node;
  std::int64_t vmid = 0;

  static auto fields() {
    return std::tuple{typed::node(&GuestArgs::node), typed::vmid(&GuestArgs::vmid)};
  }
};

// How long a write tool follows the Proxmox task it started. `wait` defaults to true for every
// tool and the timeout's default depends on the operation; neither is in the tools' schemas
// (44 copies of them cost the model 2.5 kB of context): the server's instructions explain both
// once.
template <std::int64_t DefaultTimeout>
struct TaskWait {
  bool wait = true;
  std::int64_t timeout = DefaultTimeout;

  static auto fields() {
    return std::tuple{
        typed::field(&TaskWait::wait, "wait").or_default(true).unlisted(),
        typed::field(&TaskWait::timeout, "timeout")
            .or_default(DefaultTimeout)
            .checked(typed::between<0, kMaxTaskTimeout>)
            .unlisted(),
    };
  }
  [[nodiscard]] FollowOptions follow() const {
    FollowOptions options;
    options.wait = wait;
    options.timeout = std::chrono::seconds(timeout);
    return options;
  }
};

// A guest write's fields in the usual order: node, vmid, the tool's own, then wait and timeout.
template <std::int64_t Timeout, class... Own>
auto guest_task_fields(Own... own) {
  return std::tuple_cat(GuestArgs::fields(), std::tuple{own...}, TaskWait<Timeout>::fields());
}

// A guest write that follows its task.
template <std::int64_t DefaultTimeout>
struct GuestTaskArgs : GuestArgs, TaskWait<DefaultTimeout> {
  static auto fields() {
    return std::tuple_cat(GuestArgs::fields(), TaskWait<DefaultTimeout>::fields());
  }
};

}  // namespace tools
