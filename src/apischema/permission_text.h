// A method's "permissions" entry in words, e.g. "VM.PowerMgmt on /vms/{vmid}".
#pragma once

#include <string>

#include "apischema/json.h"

namespace apischema {

// The check expression as a short text ("any of VM.Config.Disk, VM.Config.CPU on /vms/{vmid}",
// "Sys.Audit on / or Sys.Modify on /"), the user class ("any user", "anyone, without login")
// or, when the schema gives neither, the first sentence of its description. A method without
// permissions is root@pam's alone.
std::string permission_text(const Json& permissions);

// The first sentence of a schema text, on one line.
std::string first_sentence(const std::string& text);

}  // namespace apischema
