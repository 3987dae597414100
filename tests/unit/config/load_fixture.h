// What every config loading test starts from: fake sources (arguments, environment, .env files,
// files) and helpers that load them and expect a config or one error line.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/load.h"

namespace load_testing {

using config::Config;
using config::EnvFile;
using config::FileRead;
using config::LoadResult;
using config::Sources;

inline constexpr const char* kSecret = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
inline constexpr const char* kPin =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:"
    "89";

// A fake file system for --token-file and PROXMOX_CA_FILE.
struct Files {
  std::map<std::string, std::string> content;
  FileRead operator()(const std::string& path) const {
    auto it = content.find(path);
    if (it == content.end()) return {false, "", "No such file or directory"};
    return {true, it->second, ""};
  }
};

struct Fixture {
  std::vector<std::string> args{"proxmox-mcp"};
  std::map<std::string, std::string> env;
  std::vector<EnvFile> env_files;
  Files files;
  // The clusters file's reader; `files` when unset.
  std::function<FileRead(const std::string&)> read_settings;

  LoadResult load() const {
    return config::load_config(Sources{args, env, env_files, files, "1.2.3", read_settings});
  }
  // Loads and expects an error; returns its line.
  std::string error() const {
    LoadResult r = load();
    EXPECT_FALSE(r.config.has_value());
    EXPECT_EQ(r.exit_code, 2);
    return r.error;
  }
  Config config() const {
    LoadResult r = load();
    EXPECT_TRUE(r.config.has_value()) << r.error;
    return r.config.value_or(Config{});
  }
};

inline Fixture minimal() {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve.example.com"}, {"PROXMOX_TOKEN_VALUE", kSecret}};
  return f;
}

}  // namespace load_testing
