// Tools over a guest's configuration: reading it whole, setting a VM's cloud-init options, and
// the addresses a running guest reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/guest_reads.h"
#include "tools/tool_row.h"

namespace tools::typed {

Problem ipconfig(const std::string& text);          // [ip=…][,gw=…][,ip6=…][,gw6=…]
Problem address_list(const std::string& text);      // IP addresses, space or comma separated
Problem domain_list(const std::string& text);       // DNS names, space separated
Problem ssh_public_keys(const std::string& text);   // one OpenSSH public key a line
Problem single_line_text(const std::string& text);  // no control characters
Problem user_name(const std::string& text);         // no whitespace, ':' or control characters

}  // namespace tools::typed

namespace tools {

// get_vm_config and get_guest_ips: node, vmid and type (qemu unless given).
using GuestConfigArgs = GuestStatusArgs;

struct GuestIpsArgs : GuestStatusArgs {
  bool all = false;  // loopback and link-local too (the description says so)

  static auto fields() {
    return std::tuple_cat(GuestStatusArgs::fields(),
                          std::tuple{typed::flag(&GuestIpsArgs::all, "all")});
  }
};

struct CloudinitArgs : GuestArgs {
  std::optional<std::string> ciuser, cipassword, sshkeys, ipconfig0, nameserver, searchdomain;

  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{
            typed::field(&CloudinitArgs::ciuser, "ciuser").checked(typed::user_name),
            typed::field(&CloudinitArgs::cipassword, "cipassword").checked(typed::single_line_text),
            typed::field(&CloudinitArgs::sshkeys, "sshkeys").checked(typed::ssh_public_keys),
            typed::field(&CloudinitArgs::ipconfig0, "ipconfig0")
                .about("ip=CIDR|dhcp,gw=IP")
                .checked(typed::ipconfig),
            typed::field(&CloudinitArgs::nameserver, "nameserver").checked(typed::address_list),
            typed::field(&CloudinitArgs::searchdomain, "searchdomain").checked(typed::domain_list),
        });
  }
};

mcp::ToolResult get_vm_config(const Call& call, const GuestConfigArgs& args);
mcp::ToolResult set_cloudinit(const Call& call, const CloudinitArgs& args);
mcp::ToolResult get_guest_ips(const Call& call, const GuestIpsArgs& args);

extern const std::string_view kVmConfigOutput;
extern const std::string_view kCloudinitOutput;
extern const std::string_view kGuestIpsOutput;

}  // namespace tools
