#include "tools/guest_write.h"

#include "pve/api.h"
#include "tools/guest_guard.h"
#include "tools/handler.h"
#include "tools/markdown.h"

namespace tools {

GuestTarget GuestTarget::from_args(const nlohmann::json& args, GuestType type) {
  return {args::node(args), type, args::vmid(args)};
}

std::string GuestTarget::path(std::initializer_list<std::string_view> more) const {
  std::string p = pve::path({"nodes", node, guest_type_name(type), std::to_string(vmid)});
  for (std::string_view segment : more) p += pve::path({segment});
  return p;
}

std::string GuestTarget::label() const {
  return guest_label(type, vmid);
}

std::string GuestTarget::bullets() const {
  return md::bullet("VM ID", std::to_string(vmid)) + "\n" +
         md::bullet("Type", guest_type_label(type)) + "\n" + md::bullet("Node", node) + "\n";
}

nlohmann::json GuestTarget::fields() const {
  return {{"node", node}, {"vmid", vmid}, {"type", guest_type_name(type)}};
}

std::string guest_noun(GuestType type) {
  return type == GuestType::kLxc ? "container" : "VM";
}

std::string guest_phrase(GuestType type) {
  return type == GuestType::kLxc ? "an LXC container" : "a QEMU VM";
}

std::string tool_suffix(GuestType type) {
  return type == GuestType::kLxc ? "_lxc" : "_vm";
}

ToolBody bind_guest(pve::Api& api, GuestType type, GuestHandler handler) {
  return [&api, type, handler](const nlohmann::json& args, mcp::CallContext& ctx) {
    return handler(api, type, args, ctx);
  };
}

nlohmann::json guest_input_schema(GuestType type, nlohmann::json properties,
                                  std::vector<std::string> required) {
  nlohmann::json props = {
      {"node", node_property("Node where the " + guest_noun(type) + " is located")},
      {"vmid", vmid_property(type == GuestType::kLxc ? "Container ID" : "VM ID")}};
  props.update(properties);
  required.insert(required.begin(), {"node", "vmid"});
  return object_schema(std::move(props), std::move(required));
}

}  // namespace tools
