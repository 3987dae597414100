// The API schema (third_party/pve-api/apidata.json), embedded into the binary at build time.
#include "apischema/schema_blob.h"

// .incbin keeps a 2 MB file out of the C++ front end: compiling this file takes milliseconds.
asm(".section .rodata\n"
    ".balign 16\n"
    ".globl pmcp_apidata_begin\n"
    ".hidden pmcp_apidata_begin\n"
    ".type pmcp_apidata_begin, @object\n"
    "pmcp_apidata_begin:\n"
    ".incbin \"" PMCP_APIDATA_PATH
    "\"\n"
    ".globl pmcp_apidata_end\n"
    ".hidden pmcp_apidata_end\n"
    ".type pmcp_apidata_end, @object\n"
    "pmcp_apidata_end:\n"
    ".byte 0\n"
    ".previous\n");

extern "C" const char pmcp_apidata_begin[];
extern "C" const char pmcp_apidata_end[];

namespace apischema {

std::string_view embedded_apidata() {
  return {pmcp_apidata_begin, static_cast<size_t>(pmcp_apidata_end - pmcp_apidata_begin)};
}

}  // namespace apischema
