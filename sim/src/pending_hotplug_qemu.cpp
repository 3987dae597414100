// Which pending qemu changes a running VM takes at once, after qemu-server's
// PVE::QemuServer::vmconfig_hotplug_pending, vmconfig_update_net and vmconfig_update_disk. The
// VM's `hotplug` option (default "network,disk,usb") decides about devices; anything not
// hotpluggable ("skip" in PVE) stays pending until the next start.
#include <algorithm>
#include <map>
#include <regex>

#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"
#include "guest_pending.h"
#include "pending_apply.h"

namespace pvesim {
namespace {

enum class Plug { kSkip, kApply };

// $fast_plug_option plus every key of $confdesc_cloudinit: no effect on the running VM.
bool is_fast_plug(const std::string& key) {
  static const std::regex kFast(
      "^(description|hookscript|lock|migrate_downtime|migrate_speed|name|onboot|protection|"
      "shares|startup|tags|vmstatestorage|cicustom|cipassword|citype|ciupgrade|ciuser|"
      "nameserver|searchdomain|sshkeys|ipconfig\\d+)$");
  return std::regex_match(key, kFast);
}

// parse_hotplug_features: "1" is the default set, "0" none.
std::set<std::string> hotplug_features(const Guest& guest) {
  auto it = guest.config.find("hotplug");
  std::string text = it == guest.config.end() ? "1" : config_value_text(*it);
  if (text == "1") text = "network,disk,usb";
  if (text == "0") return {};
  const auto items = split_list(text);
  return {items.begin(), items.end()};
}

// USB devices hotplug only for Linux and Windows newer than 7 (the machine version >= 7.1
// condition always holds in the sim).
bool usb_hotplug(const Guest& guest, const std::set<std::string>& features) {
  const std::string ostype = config_value_text(guest.config.value("ostype", Json("")));
  static const std::regex kNewWindows("^(win8|win10|win11)$");
  return features.count("usb") != 0 && (ostype == "l26" || std::regex_match(ostype, kNewWindows));
}

// A property string as key → value; an item without '=' belongs to `default_key`.
std::map<std::string, std::string> properties(const std::string& text,
                                              const std::string& default_key) {
  std::map<std::string, std::string> out;
  for (const auto& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      out[default_key] = item;
    } else {
      out[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  return out;
}

// netN: "virtio=BC:24:11:..,bridge=vmbr0" names the model by its key.
std::map<std::string, std::string> net_properties(const std::string& text) {
  static const std::set<std::string> kOptions = {"bridge", "firewall", "link_down", "macaddr",
                                                 "model",  "mtu",      "queues",    "rate",
                                                 "tag",    "trunks"};
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : properties(text, "model")) {
    if (kOptions.count(key) != 0) {
      out[key] = value;
    } else {
      out["model"] = key;
      out["macaddr"] = value;
    }
  }
  return out;
}

bool differ(const std::map<std::string, std::string>& a,
            const std::map<std::string, std::string>& b, const std::string& key) {
  auto ai = a.find(key);
  auto bi = b.find(key);
  if (ai == a.end() || bi == b.end()) return (ai == a.end()) != (bi == b.end());
  return ai->second != bi->second;
}

// vmconfig_update_net: a new model, MAC, queue count or MTU (or a bridge appearing/vanishing)
// needs a hot-unplug; bridge, tag, rate, firewall and link changes apply in place.
Plug net_change(const Json* current, const std::string& value, bool network) {
  if (current == nullptr) return network ? Plug::kApply : Plug::kSkip;
  const auto old_net = net_properties(config_value_text(*current));
  const auto new_net = net_properties(value);
  const bool replug = differ(old_net, new_net, "model") || differ(old_net, new_net, "macaddr") ||
                      differ(old_net, new_net, "queues") || differ(old_net, new_net, "mtu") ||
                      old_net.count("bridge") == 0 || new_net.count("bridge") == 0;
  return replug && !network ? Plug::kSkip : Plug::kApply;
}

bool is_boot_disk(const Guest& guest, const std::string& key) {
  const auto disks = boot_disks(guest.config);
  return std::find(disks.begin(), disks.end(), key) != disks.end();
}

std::string unplug_error(const std::string& key) {
  return "can't unplug bootdisk '" + key + "'";
}

// vmconfig_update_disk. Returns the error text for a media change; `plug` says the rest.
std::string disk_change(const Guest& guest, const std::string& key, const Json* current,
                        const std::string& value, bool disk_hotplug, Plug& plug) {
  static const std::regex kColdBus("^(ide|sata)\\d+$");
  plug = Plug::kSkip;
  if (key == "efidisk0" || key == "tpmstate0") return "";
  const auto new_drive = properties(value, "file");
  if (current != nullptr) {
    const auto old_drive = properties(config_value_text(*current), "file");
    const std::string media = new_drive.count("media") ? new_drive.at("media") : "disk";
    const std::string old_media = old_drive.count("media") ? old_drive.at("media") : "disk";
    if (media != old_media) return "unable to change media type";
    if (old_media == "cdrom") {
      plug = Plug::kApply;  // change_medium
      return "";
    }
    if (differ(old_drive, new_drive, "file")) {
      // PVE unplugs the old disk; the sim keeps the controllers that cannot hotplug cold.
      if (!disk_hotplug || std::regex_match(key, kColdBus)) return "";
      if (is_boot_disk(guest, key)) return unplug_error(key);
      plug = Plug::kApply;
      return "";
    }
    for (const char* option :
         {"aio", "discard", "iothread", "queues", "product", "cache", "ssd", "vendor", "ro"}) {
      if (differ(old_drive, new_drive, option)) return "";
    }
    plug = Plug::kApply;  // throttling limits and size change live
    return "";
  }
  if (disk_hotplug && !std::regex_match(key, kColdBus)) plug = Plug::kApply;
  return "";
}

bool balloon_enabled(const Json& config) {
  auto it = config.find("balloon");
  return it == config.end() || config_value_text(*it) != "0";
}

bool mentions_cpu_or_memory(const std::string& hotplug) {
  return hotplug.find("cpu") != std::string::npos || hotplug.find("memory") != std::string::npos;
}

Plug unplug_rule(const Guest& guest, const std::string& key,
                 const std::set<std::string>& features) {
  static const std::regex kUsb("^usb\\d+$");
  static const std::regex kNet("^net\\d+$");
  static const std::regex kColdDisk("(efidisk|ide|sata|tpmstate)\\d+");
  auto on = [](bool yes) { return yes ? Plug::kApply : Plug::kSkip; };
  if (key == "hotplug") {
    return on(!mentions_cpu_or_memory(config_value_text(guest.config.value("hotplug", Json("")))));
  }
  if (key == "tablet") return on(features.count("usb") != 0);
  if (std::regex_match(key, kUsb)) return on(usb_hotplug(guest, features));
  if (key == "vcpus") return on(features.count("cpu") != 0);
  if (key == "balloon") return on(balloon_enabled(guest.config));
  if (is_fast_plug(key) || key == "cpuunits" || key == "cpulimit") return Plug::kApply;
  if (std::regex_match(key, kNet)) return on(features.count("network") != 0);
  if (is_guest_disk_key(GuestType::kQemu, key)) {
    return on(features.count("disk") != 0 && !std::regex_search(key, kColdDisk));
  }
  if (key == "memory") return on(features.count("memory") != 0);
  return Plug::kSkip;
}

// The plug rule for a pending value; a non-empty return is the hotplug error.
std::string plug_rule(const Guest& guest, const std::string& key, const Json& value,
                      const std::set<std::string>& features, Plug& plug) {
  static const std::regex kUsb("^usb\\d+$");
  static const std::regex kNet("^net\\d+$");
  auto on = [](bool yes) { return yes ? Plug::kApply : Plug::kSkip; };
  const std::string text = config_value_text(value);
  auto current_it = guest.config.find(key);
  const Json* current = current_it == guest.config.end() ? nullptr : &*current_it;
  plug = Plug::kSkip;
  if (key == "hotplug") {
    const std::string old = current != nullptr ? config_value_text(*current) : "";
    plug = on(!mentions_cpu_or_memory(text) && !mentions_cpu_or_memory(old));
  } else if (key == "tablet") {
    plug = on(features.count("usb") != 0);
  } else if (std::regex_match(key, kUsb)) {
    plug = on(usb_hotplug(guest, features));
  } else if (key == "vcpus") {
    plug = on(features.count("cpu") != 0);
  } else if (key == "balloon") {
    plug = on(balloon_enabled(guest.config) == balloon_enabled(guest.pending));
  } else if (std::regex_match(key, kNet)) {
    plug = net_change(current, text, features.count("network") != 0);
  } else if (is_guest_disk_key(GuestType::kQemu, key)) {
    return disk_change(guest, key, current, text, features.count("disk") != 0, plug);
  } else if (key == "memory") {
    plug = on(features.count("memory") != 0);
  } else if (key == "cpuunits" || key == "cpulimit") {
    plug = Plug::kApply;
  }
  // agent: PVE applies a change of fstrim_cloned_disks alone; the sim keeps every agent change
  // pending.
  return "";
}

}  // namespace

PendingErrors hotplug_pending_qemu(ClusterState& state, Guest& guest,
                                   const std::set<std::string>& selection) {
  PendingErrors errors;
  // Fast-plug keys apply whatever the selection ("those option cannot raise errors").
  const Json before = guest.pending;
  for (const auto& [key, value] : before.items()) {
    if (key != "delete" && is_fast_plug(key)) commit_pending_key(guest, key);
  }
  const auto features = hotplug_features(guest);
  for (const auto& [key, force] : pending_deletes(guest.pending)) {
    if (selection.count(key) == 0 || unplug_rule(guest, key, features) == Plug::kSkip) continue;
    if (is_guest_disk_key(GuestType::kQemu, key)) {
      if (is_boot_disk(guest, key)) {
        errors[key] = "hotplug problem - " + unplug_error(key);
        continue;
      }
      delete_or_detach_disk(state, guest, key, force);
    }
    guest.config.erase(key);
    remove_pending_delete(guest.pending, key);
  }
  const Json pending = guest.pending;
  for (const auto& [key, value] : pending.items()) {
    if (key == "delete" || selection.count(key) == 0) continue;
    Plug plug = Plug::kSkip;
    const std::string error = plug_rule(guest, key, value, features, plug);
    if (!error.empty()) {
      errors[key] = "hotplug problem - " + error;
    } else if (plug == Plug::kApply) {
      commit_pending_key(guest, key);
    }
  }
  return errors;
}

}  // namespace pvesim
