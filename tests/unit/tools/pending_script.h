// Scripting GET …/pending on the FakeApi: the config in effect plus what Proxmox holds back.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tools::testing {

// The answer of GET /nodes/{node}/{qemu|lxc}/{vmid}/pending as PVE builds it: one item per key
// with its value in effect ("value"), its held-back value ("pending") and "delete": 1 for a
// removal that waits for the next start.
inline nlohmann::json pending_answer(const nlohmann::json& current,
                                     const nlohmann::json& held = nlohmann::json::object(),
                                     const std::vector<std::string>& deleting = {}) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [key, value] : current.items()) {
    nlohmann::json item = {{"key", key}, {"value", value}};
    if (held.contains(key)) item["pending"] = held[key];
    for (const auto& removed : deleting) {
      if (removed == key) item["delete"] = 1;
    }
    items.push_back(std::move(item));
  }
  for (const auto& [key, value] : held.items()) {
    if (!current.contains(key)) items.push_back({{"key", key}, {"pending", value}});
  }
  return items;
}

}  // namespace tools::testing
