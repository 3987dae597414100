// The API schema (third_party/pve-api/apidata.json), embedded into the binary at build time.
#include "schema_blob.h"

// .incbin keeps a 2 MB file out of the C++ front end: compiling this file takes milliseconds.
asm(".section .rodata\n"
    ".balign 16\n"
    ".globl pvesim_apidata_begin\n"
    ".hidden pvesim_apidata_begin\n"
    ".type pvesim_apidata_begin, @object\n"
    "pvesim_apidata_begin:\n"
    ".incbin \"" PVESIM_APIDATA_PATH
    "\"\n"
    ".globl pvesim_apidata_end\n"
    ".hidden pvesim_apidata_end\n"
    ".type pvesim_apidata_end, @object\n"
    "pvesim_apidata_end:\n"
    ".byte 0\n"
    ".previous\n");

extern "C" const char pvesim_apidata_begin[];
extern "C" const char pvesim_apidata_end[];

namespace pvesim {

std::string_view embedded_apidata() {
  return {pvesim_apidata_begin, static_cast<size_t>(pvesim_apidata_end - pvesim_apidata_begin)};
}

}  // namespace pvesim
