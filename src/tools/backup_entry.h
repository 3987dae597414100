// One backup of a storage's content listing (vzdump file or PBS snapshot): its row and text.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tools {

// The structuredContent row of a PVE content item with content "backup": volid, file (the
// vzdump file name, or the PBS snapshot "vm/100/2026-11-20T02:00:03Z"), storage, vmid,
// guest_type, size, ctime/created, notes, protected, verification, encrypted/key_fingerprint.
nlohmann::json backup_row(const nlohmann::json& item);

// The row as the list's Markdown bullet: "• **file**" then VM ID, Size, Created, Notes,
// Protected, Verification, Encrypted, Storage (when `with_storage`) and Volume lines.
std::string backup_markdown(const nlohmann::json& row, bool with_storage);

}  // namespace tools
