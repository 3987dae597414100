// The ACL paths tool_requests*.cpp name, and its tables of the write tools.
#pragma once

#include <initializer_list>
#include <vector>

#include "tools/tool_requests.h"

namespace tools {

namespace request_paths {
inline constexpr std::string_view kRoot = "/";
inline constexpr std::string_view kVm = "/vms/{vmid}";
inline constexpr std::string_view kNewVm = "/vms/{newid}";
inline constexpr std::string_view kNode = "/nodes/{node}";
inline constexpr std::string_view kStorage = "/storage/{storage}";
inline constexpr std::string_view kPool = "/pool/{poolid}";
inline constexpr std::string_view kBridge = "/sdn/zones/{zone}/{bridge}";
}  // namespace request_paths

// The entries of `tables`, one table after the other.
std::vector<ToolRequests> joined_tables(
    std::initializer_list<std::vector<ToolRequests> (*)()> tables);

std::vector<ToolRequests> guest_write_requests();   // tool_requests_guests.cpp
std::vector<ToolRequests> data_write_requests();    // tool_requests_data.cpp
std::vector<ToolRequests> device_write_requests();  // tool_requests_data.cpp

}  // namespace tools
