#include "tools/backup_entry.h"

#include "tools/backup_volume.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {
namespace {

using nlohmann::json;

// "local:backup/vzdump-lxc-115-….tar.zst" → "vzdump-lxc-115-….tar.zst";
// "pbs-main:backup/vm/100/2026-11-20T02:00:03Z" → "vm/100/2026-11-20T02:00:03Z".
std::string display_name(const std::string& volid) {
  if (auto volume = parse_backup_volid(volid)) return volume->name;
  std::size_t slash = volid.rfind('/');
  if (slash != std::string::npos) return volid.substr(slash + 1);
  std::size_t colon = volid.find(':');
  return colon == std::string::npos ? volid : volid.substr(colon + 1);
}

// PVE tags backups with `subtype`; PBS snapshots also say it in `format`, older vzdump files
// only in their name.
std::string guest_type_of(const json& item, const std::string& name) {
  std::string subtype = text_field(item, "subtype");
  if (subtype == "qemu" || subtype == "lxc") return subtype;
  std::string format = text_field(item, "format");
  if (format == "pbs-vm") return "qemu";
  if (format == "pbs-ct") return "lxc";
  return backup_guest_type(name);
}

std::string storage_of(const std::string& volid) {
  std::size_t colon = volid.find(':');
  return colon == std::string::npos ? "" : volid.substr(0, colon);
}

// PBSPlugin reports `encrypted` as the key's fingerprint, or "1" when only the files say so.
void put_encryption(const json& item, json& row) {
  auto it = item.find("encrypted");
  if (it == item.end() || it->is_null()) return;
  std::string value = it->is_string() ? it->get<std::string>() : it->dump();
  if (value.empty() || value == "0" || value == "false") return;
  row["encrypted"] = true;
  if (value != "1" && value != "true") row["key_fingerprint"] = value;
}

}  // namespace

json backup_row(const json& item) {
  std::string volid = text_field(item, "volid");
  std::string name = display_name(volid);
  json row = {{"volid", volid}, {"file", name}};
  if (std::string storage = storage_of(volid); !storage.empty()) row["storage"] = storage;
  put_integer(row, "vmid", integer_field(item, "vmid"));
  if (std::string type = guest_type_of(item, name); !type.empty()) row["guest_type"] = type;
  put_number(row, "size", number_field(item, "size"));
  if (auto ctime = integer_field(item, "ctime")) {
    row["ctime"] = *ctime;
    row["created"] = md::iso_time(*ctime);
  }
  if (std::string notes = text_field(item, "notes"); !notes.empty()) row["notes"] = notes;
  if (flag_field(item, "protected")) row["protected"] = true;
  if (auto it = item.find("verification"); it != item.end() && it->is_object()) {
    if (std::string state = text_field(*it, "state"); !state.empty()) {
      row["verification"] = state;
    }
  }
  put_encryption(item, row);
  return row;
}

std::string backup_markdown(const json& row, bool with_storage) {
  std::string text = "• **" + md::one_line(text_field(row, "file")) + "**\n";
  std::string type = text_field(row, "guest_type");
  if (auto id = integer_field(row, "vmid")) {
    std::string label = type.empty() ? "" : (type == "lxc" ? " (LXC)" : " (QEMU)");
    text += "  VM ID: " + std::to_string(*id) + label + "\n";
  }
  if (auto size = number_field(row, "size")) text += "  Size: " + md::bytes(*size) + "\n";
  if (std::string created = text_field(row, "created"); !created.empty()) {
    text += "  Created: " + created + "\n";
  }
  if (std::string notes = text_field(row, "notes"); !notes.empty()) {
    text += "  Notes: " + md::one_line(notes) + "\n";
  }
  if (flag_field(row, "protected")) text += "  Protected: yes\n";
  if (std::string state = text_field(row, "verification"); !state.empty()) {
    text += "  Verification: " + md::one_line(state) + "\n";
  }
  if (flag_field(row, "encrypted")) text += "  Encrypted: yes\n";
  if (with_storage) text += "  Storage: " + md::one_line(text_field(row, "storage")) + "\n";
  text += "  Volume: " + md::one_line(text_field(row, "volid")) + "\n\n";
  return text;
}

}  // namespace tools
