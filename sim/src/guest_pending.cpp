#include "guest_pending.h"

#include "cluster_write_guests.h"

namespace pvesim {
namespace {

void write_deletes(Json& pending, const std::map<std::string, bool>& deletes) {
  std::string text;
  for (const auto& [key, force] : deletes) {  // std::map: sorted, like print_pending_delete
    if (!text.empty()) text += ',';
    text += (force ? "!" : "") + key;
  }
  if (text.empty()) {
    pending.erase("delete");
  } else {
    pending["delete"] = text;
  }
}

Json delete_flag(bool force) {
  return force ? 2 : 1;
}

}  // namespace

std::map<std::string, bool> pending_deletes(const Json& pending) {
  std::map<std::string, bool> out;
  auto it = pending.find("delete");
  if (it == pending.end()) return out;
  for (const auto& entry : split_list(config_value_text(*it))) {
    const bool force = entry.front() == '!';
    out[force ? entry.substr(1) : entry] = force;
  }
  return out;
}

void add_pending_delete(Json& pending, const std::string& key, bool force) {
  auto deletes = pending_deletes(pending);
  deletes[key] = force;
  write_deletes(pending, deletes);
}

void remove_pending_delete(Json& pending, const std::string& key) {
  auto deletes = pending_deletes(pending);
  if (deletes.erase(key) == 0) return;
  write_deletes(pending, deletes);
}

void cleanup_pending(Guest& guest) {
  for (auto it = guest.pending.begin(); it != guest.pending.end();) {
    auto current = guest.config.find(it.key());
    if (it.key() != "delete" && current != guest.config.end() &&
        config_value_text(*current) == config_value_text(*it)) {
      it = guest.pending.erase(it);
    } else {
      ++it;
    }
  }
  auto deletes = pending_deletes(guest.pending);
  for (auto it = deletes.begin(); it != deletes.end();) {
    it = guest.config.contains(it->first) ? std::next(it) : deletes.erase(it);
  }
  write_deletes(guest.pending, deletes);
}

Json config_with_pending(const Guest& guest) {
  Json out = guest.config;
  for (const auto& [key, value] : guest.pending.items()) {
    if (key != "delete") out[key] = value;
  }
  for (const auto& [key, force] : pending_deletes(guest.pending)) out.erase(key);
  return out;
}

Json pending_array(const Guest& guest) {
  auto deletes = pending_deletes(guest.pending);
  Json current = guest.config;
  current["digest"] = guest_config_digest(guest);
  Json out = Json::array();
  for (const auto& [key, value] : current.items()) {
    Json item = {{"key", key}, {"value", config_value_text(value)}};
    if (auto pending = guest.pending.find(key); pending != guest.pending.end()) {
      item["pending"] = config_value_text(*pending);
    }
    if (auto deleted = deletes.find(key); deleted != deletes.end()) {
      item["delete"] = delete_flag(deleted->second);
      deletes.erase(deleted);
    }
    out.push_back(std::move(item));
  }
  for (const auto& [key, value] : guest.pending.items()) {
    if (key == "delete" || current.contains(key)) continue;
    out.push_back({{"key", key}, {"pending", config_value_text(value)}});
    deletes.erase(key);
  }
  for (const auto& [key, force] : deletes) {
    out.push_back({{"key", key}, {"delete", delete_flag(force)}});
  }
  return out;
}

}  // namespace pvesim
