// Writes the catalogue's tools/list entries as C++ source: `pmcp_listing_gen OUT.cpp`. Each
// entry in the three shapes WireCodec::tool gives it across revisions, written by that same code.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/jsonrpc.h"
#include "mcp/wire_codec.h"
#include "tools/catalog.h"

namespace {

// A C++ string literal of `text`: octal escapes for anything that is not printable ASCII, since a
// hex escape would swallow the letters after it.
std::string literal(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte >= 0x7F || c == '?') {
      // '?' too: "??" followed by some characters was a trigraph before C++17.
      std::array<char, 5> escaped{};
      std::snprintf(escaped.data(), escaped.size(), "\\%03o", byte);
      out.append(escaped.data());
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: pmcp_listing_gen OUT.cpp\n";
    return 2;
  }
  std::vector<mcp::Tool> tools = tools::tool_entries();
  std::sort(tools.begin(), tools.end(),
            [](const mcp::Tool& a, const mcp::Tool& b) { return a.name < b.name; });
  const mcp::ServerInfo info;
  const auto plain = mcp::make_legacy_codec(mcp::Revision::k2024_11_05, info);
  const auto annotated = mcp::make_legacy_codec(mcp::Revision::k2025_03_26, info);
  const auto structured = mcp::make_legacy_codec(mcp::Revision::k2025_11_25, info);

  const std::filesystem::path out_path = argv[1];
  const std::filesystem::path temporary = out_path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << "// Written by pmcp_listing_gen (src/listing/gen) from the tool catalogue.\n"
           "#include \"listing/catalogue_listing.h\"\n\n"
           "namespace listing {\n\n"
           "std::span<const Entry> catalogue_entries() {\n"
           "  static constexpr Entry kEntries[] = {\n";
    for (const mcp::Tool& tool : tools) {
      out << "      {" << literal(tool.name) << ",\n       {" << literal(plain->tool_text(tool))
          << ",\n        " << literal(annotated->tool_text(tool)) << ",\n        "
          << literal(structured->tool_text(tool)) << "}},\n";
    }
    out << "  };\n  return kEntries;\n}\n\n}  // namespace listing\n";
    if (!out.flush()) {
      std::cerr << "pmcp_listing_gen: cannot write " << temporary << "\n";
      return 1;
    }
  }
  std::filesystem::rename(temporary, out_path);
  return 0;
}
