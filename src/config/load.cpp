#include "config/load.h"

#include <algorithm>
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

// A value made fit to echo: bounded, with control characters made visible. Redact first: a cut
// or altered secret would no longer match the redaction.
std::string printable(const std::string& value) {
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

std::string trim(std::string text) {
  const char* blanks = " \t\r\n";
  size_t begin = text.find_first_not_of(blanks);
  if (begin == std::string::npos) return {};
  size_t end = text.find_last_not_of(blanks);
  return text.substr(begin, end - begin + 1);
}

// Every value that may be the token secret, so that no message can carry one.
class Secrets {
 public:
  void add(const std::string& secret) {
    if (secret.size() < kShortest) return;
    values_.push_back(secret);
    // Longest first: redacting a secret that is part of another would leave the other's rest.
    std::sort(values_.begin(), values_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
  std::string redact(std::string text) const {
    for (const std::string& secret : values_) replace_all(text, secret, "<redacted>");
    return text;
  }

 private:
  static constexpr size_t kShortest = 6;  // shorter "secrets" would garble ordinary words
  std::vector<std::string> values_;
};

// Thrown inside build() only; carries the one-line message.
struct Invalid {
  std::string message;
};

class Loader {
 public:
  // Gathers every candidate secret before any value is checked: an error about an early setting
  // must already hide a secret that only the token file or a later .env line holds.
  Loader(const Sources& sources, const CommandLine& cli) : sources_(sources), cli_(cli) {
    if (auto it = sources.env.find(std::string(kTokenValueVariable)); it != sources.env.end()) {
      secrets_.add(it->second);
    }
    for (const EnvFile& file : sources.env_files) {
      ParsedEnvFile parsed = parse_env_file(file.path, file.content);
      for (std::string& problem : parsed.problems) warnings_.push_back(std::move(problem));
      std::map<std::string, FileValue> in_this_file;  // the last line of a file counts
      for (EnvEntry& entry : parsed.entries) {
        if (entry.key == kTokenValueVariable) secrets_.add(entry.value);
        in_this_file[entry.key] = {std::move(entry.value), file.path, entry.line};
      }
      for (auto& [key, value] : in_this_file) files_.try_emplace(key, std::move(value));
    }
    if (cli.token_file) {
      token_file_ = read(*cli.token_file);
      secrets_.add(trim(token_file_->content));
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

  FileRead read(const std::string& path) const {
    return sources_.read_file ? sources_.read_file(path) : FileRead{false, {}, "no reader"};
  }

  // What --token-file named, read once up front (see the constructor).
  const std::optional<FileRead>& token_file() const { return token_file_; }

  // A value echoed in a message: never a secret, even in part.
  std::string shown(const std::string& value) const { return printable(secrets_.redact(value)); }

  [[noreturn]] void fail_rule(const Raw& raw, const char* rule) const {
    throw Invalid{raw.label + " must be " + rule + ", got '" + shown(raw.value) + "'"};
  }

  const Secrets& secrets() const { return secrets_; }
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
  Secrets secrets_;
  std::optional<FileRead> token_file_;
  std::vector<std::string> warnings_;
};

Config build(const Loader& loader, const CommandLine& cli) {
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
      if (!value) loader.fail_rule(*raw, kBoolRule);
      target = *value;
    }
  };
  auto get_seconds = [&](const char* variable, long& target) {
    if (auto raw = get(variable)) {
      std::optional<long> ms = parse_seconds_as_ms(raw->value);
      if (!ms) loader.fail_rule(*raw, kSecondsRule);
      target = *ms;
    }
  };

  if (auto raw = get("PROXMOX_HOST")) {
    std::optional<std::string> host = normalize_host(raw->value);
    if (!host) loader.fail_rule(*raw, kHostRule);
    config.host = *host;
  } else if (!config.demo) {
    throw Invalid{"PROXMOX_HOST is not set (required unless --demo)"};
  }
  if (auto raw = get("PROXMOX_PORT")) {
    std::optional<int> port = parse_port(raw->value);
    if (!port) loader.fail_rule(*raw, kPortRule);
    config.port = *port;
  }
  if (auto raw = get("PROXMOX_USER")) {
    if (!is_valid_user(raw->value)) loader.fail_rule(*raw, kUserRule);
    config.user = raw->value;
  }
  if (auto raw = get("PROXMOX_TOKEN_NAME")) {
    if (!is_valid_token_name(raw->value)) loader.fail_rule(*raw, kTokenNameRule);
    config.token_name = raw->value;
  }

  std::string secret_label;
  if (const std::optional<FileRead>& file = loader.token_file()) {
    // People pass the secret itself here by mistake, and then it names no file.
    if (!file->ok) {
      throw Invalid{"--token-file: cannot read the file it names: " + file->error +
                    " (path not shown, in case it is the secret)"};
    }
    secret_label = "--token-file '" + loader.shown(*cli.token_file) + "'";
    config.token_secret = trim(file->content);
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
    FileRead pem = loader.read(ca_file->value);
    if (!pem.ok) {
      throw Invalid{ca_file->label + ": cannot read '" + loader.shown(ca_file->value) +
                    "': " + pem.error};
    }
    if (pem.content.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      throw Invalid{ca_file->label + ": '" + loader.shown(ca_file->value) +
                    "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"};
    }
    config.ca_file = ca_file->value;
  }
  std::optional<Raw> fingerprint = get("PROXMOX_FINGERPRINT");
  if (fingerprint) {
    std::optional<std::string> pin = pve::normalize_fingerprint(fingerprint->value);
    if (!pin) loader.fail_rule(*fingerprint, kFingerprintRule);
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
    if (!level) loader.fail_rule(Raw{*cli.log_level, "--log-level"}, kLogLevelRule);
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
  result.warnings = std::move(loader.warnings());
  if (cli.action == CommandLine::Action::error) {
    result.error = cli.text;
  } else {
    try {
      result.config = build(loader, cli);
    } catch (const Invalid& invalid) {
      result.error = invalid.message;
    }
  }
  if (!result.config) result.exit_code = 2;

  // Belt and braces: whatever went wrong, no message may carry the secret.
  result.error = loader.secrets().redact(std::move(result.error));
  for (std::string& warning : result.warnings) {
    warning = loader.secrets().redact(std::move(warning));
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
