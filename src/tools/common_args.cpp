#include "tools/common_args.h"

#include <algorithm>

#include "tools/args.h"

namespace tools::typed {

Problem node_name(const std::string& text) {
  if (is_node_name(text)) return std::nullopt;
  return "must be a node name (letters, digits and inner hyphens, at most 63 characters)";
}

Problem vmid_number(const std::int64_t& id) {
  if (id >= kMinVmid && id <= kMaxVmid) return std::nullopt;
  return "must be a VM ID between 100 and 999999999 (an integer or a numeric string)";
}

Problem storage_id(const std::string& text) {
  if (is_storage_id(text)) return std::nullopt;
  return "must be a storage ID (a letter, then letters, digits, '-', '_' or '.')";
}

Problem pool_id(const std::string& text) {
  if (is_pool_id(text)) return std::nullopt;
  return "must be a pool ID (letters, digits, '-', '_' or '.'; nested pools as parent/child, at "
         "most 3 levels)";
}

Problem listed_in(std::span<const std::string_view> allowed, const std::string& text) {
  if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return std::nullopt;
  std::string list;
  for (std::string_view choice : allowed) list += (list.empty() ? "" : ", ") + std::string(choice);
  return "must be one of: " + list;
}

Problem cursor_value(const std::string& text) {
  bool digits = !text.empty() && text.size() <= 9 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return std::nullopt;
  return "use the next_cursor value of a previous call";
}

Problem guest_type(const std::string& text) {
  static constexpr std::string_view kTypes[] = {"qemu", "lxc"};
  return listed_in(kTypes, text);
}

}  // namespace tools::typed
