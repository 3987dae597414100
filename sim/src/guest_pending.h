// A guest's pending section as PVE's AbstractConfig keeps it: set values plus a `delete` list.
#pragma once

#include <map>
#include <string>

#include "api_types.h"
#include "cluster_guest.h"

namespace pvesim {

// parse_pending_delete: the keys of `pending`'s "delete" ("ostype,!scsi1"), each with whether
// the delete is forced ("!").
std::map<std::string, bool> pending_deletes(const Json& pending);
// add_to_pending_delete / remove_from_pending_delete: rewrite "delete" sorted, dropping it
// when empty.
void add_pending_delete(Json& pending, const std::string& key, bool force);
void remove_pending_delete(Json& pending, const std::string& key);

// cleanup_pending: drops pending values equal to the current ones and deletes of keys the
// current config does not have.
void cleanup_pending(Guest& guest);

// load_current_config without `current`: the config with pending values in and pending
// deletes out.
Json config_with_pending(const Guest& guest);

// config_with_pending_array (GET …/pending): {key, value, pending, delete} per key of the
// current config (`digest` included, as PVE's loaded config carries it), then pending-only
// keys, then deletes of keys set nowhere. Values as strings; delete 2 when forced, else 1.
Json pending_array(const Guest& guest);

}  // namespace pvesim
