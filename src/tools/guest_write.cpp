#include "tools/guest_write.h"

#include <algorithm>

#include "pve/api.h"
#include "tools/guest_guard.h"
#include "tools/handler.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

GuestType type_named(std::string_view type) {
  return type == "lxc" ? GuestType::kLxc : GuestType::kQemu;
}

GuestType listed_type(pve::Api& api, std::int64_t vmid) {
  const nlohmann::json resources = api.get("/cluster/resources", {{"type", "vm"}});
  if (resources.is_array()) {
    for (const nlohmann::json& entry : resources) {
      if (integer_field(entry, "vmid") == vmid) return type_named(text_field(entry, "type"));
    }
  }
  throw ArgError("Invalid argument 'vmid': no VM or container " + std::to_string(vmid) +
                 " in the cluster");
}

GuestTarget GuestTarget::of(const GuestArgs& args, GuestType type) {
  return {args.node, type, args.vmid};
}

std::string GuestTarget::path(std::initializer_list<std::string_view> more) const {
  std::string p = pve::path({"nodes", node, guest_type_name(type), std::to_string(vmid)});
  for (std::string_view segment : more) p += pve::path({segment});
  return p;
}

std::string GuestTarget::label() const {
  return guest_label(type, vmid);
}

nlohmann::json with_guest_output(nlohmann::json output_schema, GuestType type) {
  if (!output_schema.is_object()) output_schema = {{"type", "object"}};
  nlohmann::json& props = output_schema["properties"];
  if (!props.is_object()) props = nlohmann::json::object();
  const nlohmann::json guest = {{"node", {{"type", "string"}}},
                                {"vmid", {{"type", "integer"}}},
                                {"type", {{"type", "string"}, {"enum", {guest_type_name(type)}}}}};
  nlohmann::json& required = output_schema["required"];
  if (!required.is_array()) required = nlohmann::json::array();
  for (const auto& [key, property] : guest.items()) {
    if (!props.contains(key)) props[key] = property;
    if (std::find(required.begin(), required.end(), key) == required.end()) {
      required.push_back(key);
    }
  }
  return output_schema;
}

std::string guest_noun(GuestType type) {
  return type == GuestType::kLxc ? "container" : "VM";
}

std::string tool_suffix(GuestType type) {
  return type == GuestType::kLxc ? "_lxc" : "_vm";
}

std::string guest_task_type(GuestType type, std::string_view action) {
  return (type == GuestType::kLxc ? "vz" : "qm") + std::string(action);
}

}  // namespace tools
