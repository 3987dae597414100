// Access to the embedded Proxmox VE API schema text.
#pragma once

#include <string_view>

namespace apischema {

// The bytes of apidata.json as embedded at build time.
std::string_view embedded_apidata();

}  // namespace apischema
