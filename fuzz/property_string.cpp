// Proxmox property strings ("virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1"): parse, edit,
// format and the value checks. The input's first line is the default key (often empty), the rest
// the string as Proxmox or a client would send it. Promises checked: a parsed string formats to
// text that parses back to the same entries, before and after edits; a string the NIC checks
// accept parses and holds only safe values; the address checks agree with each other.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "pve/property_string.h"

namespace {

using pve::PropertyString;
using pve::PropertyStringError;

void check_round_trip(const PropertyString& ps, std::string_view when) {
  const std::string text = ps.format();
  try {
    const PropertyString again = PropertyString::parse(text, ps.default_key());
    fuzz::check(again.entries() == ps.entries(), when, text);
  } catch (const PropertyStringError& e) {
    fuzz::fail(when, text + " -> " + e.what());
  }
}

void edit(PropertyString ps) {
  // Values held to is_safe_value() under plain keys: set() must take them without complaint.
  try {
    ps.set("bridge", "vmbr1");
    ps.set("firewall", "1");
    if (!ps.entries().empty() && !ps.has("model0")) ps.rename(ps.entries().front().key, "model0");
  } catch (const PropertyStringError& e) {
    fuzz::fail("set() and rename() take a plain key and a safe value", e.what());
  }
  ps.erase("firewall");
  check_round_trip(ps, "an edited string formats to text that parses to the same entries");
}

// An address check and its /prefix form must agree on the address part.
void check_addresses(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string_view address = text.substr(0, slash);
  if (pve::is_ipv4_cidr(text)) fuzz::check(pve::is_ipv4(address), "ipv4 cidr => ipv4", text);
  if (pve::is_ipv6_cidr(text)) fuzz::check(pve::is_ipv6(address), "ipv6 cidr => ipv6", text);
  if (pve::is_ipv4_config(text)) {
    fuzz::check(text == "dhcp" || text == "manual" || pve::is_ipv4_cidr(text),
                "ipv4 config is dhcp, manual or a cidr", text);
  }
  if (pve::is_ipv6_config(text)) {
    fuzz::check(text == "auto" || text == "dhcp" || text == "manual" || pve::is_ipv6_cidr(text),
                "ipv6 config is auto, dhcp, manual or a cidr", text);
  }
  if (pve::is_mac_address(text)) fuzz::check(text.size() == 17, "a MAC has 17 characters", text);
  if (pve::is_container_path(text)) {
    fuzz::check(pve::is_safe_value(text) && text.front() == '/', "a container path is safe", text);
  }
  (void)pve::is_bridge_name(text);
  (void)pve::is_qemu_nic_model(text);
  (void)pve::is_new_volume_size(text);
  (void)pve::is_resize_size(text);
}

// No problem reported means nothing can be smuggled into the config through this value.
// `default_key` as the check parses: qemu-server's net format reads a bare value as the model.
void check_net(std::string_view text, std::string_view default_key,
               const std::optional<std::string>& problem) {
  if (problem) {
    fuzz::check(!problem->empty(), "a problem is a sentence", text);
    return;
  }
  try {
    const PropertyString ps = PropertyString::parse(text, default_key);
    for (const auto& e : ps.entries()) {
      fuzz::check(pve::is_safe_value(e.value), "an accepted net value holds only safe values",
                  text);
    }
  } catch (const PropertyStringError& e) {
    fuzz::fail("an accepted net value parses", std::string(text) + " -> " + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  std::string_view default_key = input.substr(0, newline);
  // The default key is one of ours ("volume", "file"), never from outside: keep it plain.
  const bool plain = default_key.size() <= 64 &&
                     default_key.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string_view::npos;
  if (!plain) default_key = {};
  const std::string_view text =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  try {
    const PropertyString ps = PropertyString::parse(text, default_key);
    check_round_trip(ps, "a parsed string formats to text that parses to the same entries");
    edit(ps);
    for (const auto& e : ps.entries()) check_addresses(e.value);
  } catch (const PropertyStringError&) {
    // Malformed input is refused with this exception, and only with it.
  }
  check_addresses(text);
  check_net(text, "model", pve::qemu_net_problem(text));
  check_net(text, "", pve::lxc_net_problem(text));
  return 0;
}
