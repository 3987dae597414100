#include "pve/gzip.h"

#include <zlib.h>

#include <algorithm>

#include "ossl/dynamic_library.h"

namespace pve {

namespace {

// The zlib functions we call: zlib1g is part of every Debian system, and only a compressed
// answer needs it.
struct Zlib {
  decltype(&::inflateInit2_) inflate_init = nullptr;
  decltype(&::inflate) inflate = nullptr;
  decltype(&::inflateEnd) inflate_end = nullptr;
  std::string problem;
};

const Zlib& zlib() {
  static const Zlib loaded = [] {
    ossl::DynamicLibrary library("libz.so.1");
    Zlib z;
    library.resolve("inflateInit2_", z.inflate_init);
    library.resolve("inflate", z.inflate);
    library.resolve("inflateEnd", z.inflate_end);
    z.problem = library.problem();
    if (!z.problem.empty()) z.problem += " (install Debian's zlib1g package)";
    return z;
  }();
  return loaded;
}

}  // namespace

Gunzip gunzip(std::string_view compressed, std::string& out, size_t max, std::string& problem) {
  const Zlib& z = zlib();
  if (!z.problem.empty()) {
    problem = "cannot decompress the gzip body: " + z.problem;
    return Gunzip::kBroken;
  }
  z_stream stream{};
  // 15 + 16: a gzip header and trailer around deflate data, with the largest window.
  if (z.inflate_init(&stream, 15 + 16, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) != Z_OK) {
    problem = "zlib could not start";
    return Gunzip::kBroken;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  Gunzip result = Gunzip::kBroken;
  char chunk[65536];
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    const int rc = z.inflate(&stream, Z_NO_FLUSH);
    const size_t produced = sizeof chunk - stream.avail_out;
    if (out.size() + produced > max) {
      result = Gunzip::kTooLarge;
      break;
    }
    out.append(chunk, produced);
    if (rc == Z_STREAM_END) {
      result = Gunzip::kOk;
      break;
    }
    // Z_BUF_ERROR with input left over cannot happen: only the input can run out.
    if (rc != Z_OK) {
      problem = stream.msg != nullptr ? std::string("gzip: ") + stream.msg
                                      : std::string("the gzip body ends early");
      break;
    }
  }
  z.inflate_end(&stream);
  return result;
}

}  // namespace pve
