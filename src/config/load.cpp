#include "config/load.h"

#include <ostream>

#include "config/command_line.h"
#include "config/env_file.h"
#include "config/settings.h"
#include "config/values.h"
#include "pve/fingerprint.h"

namespace config {
namespace {

// A raw value and the words that tell the user where it came from.
struct Raw {
  std::string value;
  std::string label;  // "--port", "PROXMOX_PORT" or "PROXMOX_PORT (from /home/u/.env:3)"
};

struct FileValue {
  std::string value;
  std::string path;
  int line = 0;
};

// Echoes a (non-secret) value back, bounded and with control characters made visible.
std::string shown(const std::string& value) {
  constexpr size_t kMax = 64;
  std::string out;
  for (size_t i = 0; i < value.size() && i < kMax; ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : value[i];
  }
  if (value.size() > kMax) out += "...";
  return out;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos)) {
    text.replace(pos, what.size(), with);
    pos += with.size();
  }
}

class Loader {
 public:
  Loader(const Sources& sources, const CommandLine& cli) : sources_(sources), cli_(cli) {
    for (const EnvFile& file : sources.env_files) {
      ParsedEnvFile parsed = parse_env_file(file.path, file.content);
      for (std::string& problem : parsed.problems) warnings_.push_back(std::move(problem));
      std::map<std::string, FileValue> in_this_file;  // the last line of a file counts
      for (EnvEntry& entry : parsed.entries) {
        in_this_file[entry.key] = {std::move(entry.value), file.path, entry.line};
      }
      for (auto& [key, value] : in_this_file) files_.try_emplace(key, std::move(value));
    }
  }

  // Flag, then environment, then the first .env file that sets it.
  std::optional<Raw> lookup(const std::string& variable) const {
    if (auto it = cli_.values.find(variable); it != cli_.values.end()) {
      return Raw{it->second, flag_of(variable)};
    }
    if (auto it = sources_.env.find(variable); it != sources_.env.end()) {
      return Raw{it->second, variable};
    }
    if (auto it = files_.find(variable); it != files_.end()) {
      const FileValue& v = it->second;
      return Raw{v.value, variable + " (from " + v.path + ":" + std::to_string(v.line) + ")"};
    }
    return std::nullopt;
  }

  // Values that might be the secret, so that no message can carry one.
  std::vector<std::string> secret_candidates() const {
    std::vector<std::string> out;
    if (auto it = sources_.env.find(std::string(kTokenValueVariable)); it != sources_.env.end()) {
      out.push_back(it->second);
    }
    if (auto it = files_.find(std::string(kTokenValueVariable)); it != files_.end()) {
      out.push_back(it->second.value);
    }
    return out;
  }

  std::vector<std::string>& warnings() { return warnings_; }

 private:
  static std::string flag_of(const std::string& variable) {
    for (const Setting& s : settings()) {
      if (s.variable == variable) return std::string(s.flag);
    }
    return variable;
  }

  const Sources& sources_;
  const CommandLine& cli_;
  std::map<std::string, FileValue> files_;
  std::vector<std::string> warnings_;
};

// Thrown inside build() only; carries the one-line message.
struct Invalid {
  std::string message;
};

[[noreturn]] void fail_rule(const Raw& raw, const char* rule) {
  throw Invalid{raw.label + " must be " + rule + ", got '" + shown(raw.value) + "'"};
}

std::string trim(std::string text) {
  const char* blanks = " \t\r\n";
  size_t begin = text.find_first_not_of(blanks);
  if (begin == std::string::npos) return {};
  size_t end = text.find_last_not_of(blanks);
  return text.substr(begin, end - begin + 1);
}

Config build(const Loader& loader, const CommandLine& cli, const Sources& sources,
             std::vector<std::string>& secrets) {
  Config config;
  config.demo = cli.demo;
  // An empty value counts as unset, so `PROXMOX_PORT=` means the default.
  auto get = [&](const char* variable) -> std::optional<Raw> {
    std::optional<Raw> raw = loader.lookup(variable);
    if (raw && raw->value.empty()) return std::nullopt;
    return raw;
  };
  auto get_bool = [&](const char* variable, bool& target) {
    if (auto raw = get(variable)) {
      std::optional<bool> value = parse_bool(raw->value);
      if (!value) fail_rule(*raw, kBoolRule);
      target = *value;
    }
  };
  auto get_seconds = [&](const char* variable, long& target) {
    if (auto raw = get(variable)) {
      std::optional<long> ms = parse_seconds_as_ms(raw->value);
      if (!ms) fail_rule(*raw, kSecondsRule);
      target = *ms;
    }
  };
  auto read = [&](const std::string& label, const std::string& path) {
    FileRead file = sources.read_file ? sources.read_file(path) : FileRead{false, {}, "no reader"};
    if (!file.ok) throw Invalid{label + ": cannot read '" + shown(path) + "': " + file.error};
    return file.content;
  };

  if (auto raw = get("PROXMOX_HOST")) {
    std::optional<std::string> host = normalize_host(raw->value);
    if (!host) fail_rule(*raw, kHostRule);
    config.host = *host;
  } else if (!config.demo) {
    throw Invalid{"PROXMOX_HOST is not set (required unless --demo)"};
  }
  if (auto raw = get("PROXMOX_PORT")) {
    std::optional<int> port = parse_port(raw->value);
    if (!port) fail_rule(*raw, kPortRule);
    config.port = *port;
  }
  if (auto raw = get("PROXMOX_USER")) {
    if (!is_valid_user(raw->value)) fail_rule(*raw, kUserRule);
    config.user = raw->value;
  }
  if (auto raw = get("PROXMOX_TOKEN_NAME")) {
    if (!is_valid_token_name(raw->value)) fail_rule(*raw, kTokenNameRule);
    config.token_name = raw->value;
  }

  std::string secret_label;
  if (cli.token_file) {
    secret_label = "--token-file '" + shown(*cli.token_file) + "'";
    config.token_secret = trim(read("--token-file", *cli.token_file));
    secrets.push_back(config.token_secret);
    if (config.token_secret.empty()) throw Invalid{secret_label + " is empty"};
  } else if (auto raw = get(kTokenValueVariable.data())) {
    secret_label = raw->label;
    config.token_secret = raw->value;
  } else if (!config.demo) {
    throw Invalid{
        "PROXMOX_TOKEN_VALUE is not set (required unless --demo; or use --token-file PATH)"};
  }
  if (!config.token_secret.empty() && !is_valid_token_secret(config.token_secret)) {
    throw Invalid{secret_label + " contains blanks or control characters (value not shown)"};
  }

  std::optional<Raw> ca_file = get("PROXMOX_CA_FILE");
  if (ca_file) {
    std::string pem = read(ca_file->label, ca_file->value);
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      throw Invalid{ca_file->label + ": '" + shown(ca_file->value) +
                    "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"};
    }
    config.ca_file = ca_file->value;
  }
  std::optional<Raw> fingerprint = get("PROXMOX_FINGERPRINT");
  if (fingerprint) {
    std::optional<std::string> pin = pve::normalize_fingerprint(fingerprint->value);
    if (!pin) fail_rule(*fingerprint, kFingerprintRule);
    config.fingerprint = *pin;
  }
  get_bool("PROXMOX_INSECURE_TLS", config.insecure_tls);
  if (config.insecure_tls && (ca_file || fingerprint)) {
    const Raw& other = fingerprint ? *fingerprint : *ca_file;
    throw Invalid{get("PROXMOX_INSECURE_TLS")->label +
                  " turns verification off, which contradicts " + other.label +
                  "; unset one of them"};
  }

  get_bool("PROXMOX_ALLOW_ELEVATED", config.allow_elevated);
  get_bool("PROXMOX_LIST_ALL_TOOLS", config.list_all_tools);
  get_seconds("PROXMOX_CONNECT_TIMEOUT", config.connect_timeout_ms);
  get_seconds("PROXMOX_TIMEOUT", config.timeout_ms);

  if (cli.log_level) {
    std::optional<LogLevel> level = parse_log_level(*cli.log_level);
    if (!level) fail_rule(Raw{*cli.log_level, "--log-level"}, kLogLevelRule);
    config.log_level = *level;
  }
  return config;
}

}  // namespace

LoadResult load_config(const Sources& sources) {
  LoadResult result;
  CommandLine cli = parse_command_line(sources.args, sources.version);
  switch (cli.action) {
    case CommandLine::Action::help:
    case CommandLine::Action::version:
      result.output = cli.text;
      return result;
    case CommandLine::Action::error:
    case CommandLine::Action::run:
      break;
  }

  Loader loader(sources, cli);
  std::vector<std::string> secrets = loader.secret_candidates();
  result.warnings = std::move(loader.warnings());
  if (cli.action == CommandLine::Action::error) {
    result.error = cli.text;
  } else {
    try {
      result.config = build(loader, cli, sources, secrets);
    } catch (const Invalid& invalid) {
      result.error = invalid.message;
    }
  }
  if (!result.config) result.exit_code = 2;

  // Belt and braces: whatever went wrong, no message may carry the secret.
  constexpr size_t kShortest = 6;  // shorter "secrets" would garble ordinary words
  for (const std::string& secret : secrets) {
    if (secret.size() < kShortest) continue;
    replace_all(result.error, secret, "<redacted>");
    for (std::string& warning : result.warnings) replace_all(warning, secret, "<redacted>");
  }
  return result;
}

int report(const LoadResult& result, std::ostream& out, std::ostream& err) {
  if (result.config) return 0;
  if (!result.error.empty()) {
    err << "proxmox-mcp: " << result.error << '\n';
  } else {
    out << result.output;
    out.flush();
  }
  return result.exit_code;
}

}  // namespace config
