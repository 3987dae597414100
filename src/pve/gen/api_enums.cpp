// Build-time tool: writes pve/api_enums.h, the value lists of a few Proxmox parameters, from the
// official API schema (third_party/pve-api/apidata.json). The lists then follow the schema
// instead of being copied by hand, and the server carries a few hundred bytes of them, not the
// 2 MB schema. A parameter or list that has disappeared from the schema fails the build.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

struct Wanted {
  const char* name;       // the constant in the header
  const char* method;     // HTTP method of the endpoint
  const char* path;       // as apidata.json spells it
  const char* parameter;  // the parameter ("net[n]" for an indexed one)
  const char* key;        // a key of the parameter's property string, or "" for the parameter
};

constexpr Wanted kWanted[] = {
    {"kQemuNicModels", "POST", "/nodes/{node}/qemu/{vmid}/config", "net[n]", "model"},
    {"kQemuOsTypes", "POST", "/nodes/{node}/qemu", "ostype", ""},
    {"kQemuScsiControllers", "POST", "/nodes/{node}/qemu", "scsihw", ""},
    {"kVzdumpModes", "POST", "/nodes/{node}/vzdump", "mode", ""},
    {"kVzdumpCompressions", "POST", "/nodes/{node}/vzdump", "compress", ""},
    {"kTaskSources", "GET", "/nodes/{node}/tasks", "source", ""},
};

const json* find_path(const json& nodes, const std::string& path) {
  for (const auto& node : nodes) {
    if (node.value("path", "") == path) return &node;
    if (const auto children = node.find("children"); children != node.end()) {
      if (const json* found = find_path(*children, path)) return found;
    }
  }
  return nullptr;
}

std::vector<std::string> enum_of(const json& schema, const Wanted& w) {
  const std::string where = std::string(w.method) + " " + w.path + " " + w.parameter;
  const json* node = find_path(schema, w.path);
  if (node == nullptr) throw std::runtime_error("no path " + std::string(w.path));
  const json& property =
      node->at("info").at(w.method).at("parameters").at("properties").at(w.parameter);
  const json& holder = *w.key == '\0' ? property : property.at("format").at(w.key);
  const auto values = holder.find("enum");
  if (values == holder.end() || !values->is_array() || values->empty()) {
    throw std::runtime_error("no enum at " + where + " " + w.key);
  }
  return values->get<std::vector<std::string>>();
}

std::string header(const json& schema) {
  std::ostringstream out;
  out << "// Generated from third_party/pve-api/apidata.json by src/pve/gen/api_enums.cpp at "
         "build\n"
         "// time; do not edit. The values of Proxmox parameters, in the schema's order.\n"
         "#pragma once\n\n#include <array>\n#include <string_view>\n\nnamespace pve::api_enums {\n";
  for (const Wanted& w : kWanted) {
    const std::vector<std::string> values = enum_of(schema, w);
    out << "\n// " << w.method << " " << w.path << ": " << w.parameter
        << (*w.key == '\0' ? "" : std::string(" ") + w.key) << "\n"
        << "inline constexpr std::array<std::string_view, " << values.size() << "> " << w.name
        << " = {";
    for (std::size_t i = 0; i < values.size(); ++i) {
      out << (i == 0 ? "" : ", ") << json(values[i]).dump();
    }
    out << "};\n";
  }
  out << "\n}  // namespace pve::api_enums\n";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " apidata.json api_enums.h\n";
    return EXIT_FAILURE;
  }
  try {
    std::ifstream in(argv[1]);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    const std::string text = header(json::parse(in));
    // Rewritten only when it changes, so that a touched schema does not rebuild its users.
    std::ifstream old(argv[2]);
    std::stringstream current;
    current << old.rdbuf();
    if (old && current.str() == text) return EXIT_SUCCESS;
    std::ofstream out(argv[2], std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error(std::string("cannot write ") + argv[2]);
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
