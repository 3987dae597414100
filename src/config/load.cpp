#include "config/load.h"

#include <algorithm>
#include <cctype>
#include <ostream>

#include "config/clusters_file.h"
#include "config/command_line.h"
#include "config/env_file.h"
#include "config/settings.h"
#include "config/values.h"

namespace config {
namespace {

// A raw value and the words that tell the user where it came from.
struct Raw {
  std::string value;
  std::string label;       // "--port", "PROXMOX_PORT" or "PROXMOX_PORT (from /home/u/.env:3)"
  bool from_file = false;  // from a .env file rather than a flag or the environment
};

struct FileValue {
  std::string value;
  std::string path;
  int line = 0;
};

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos)) {
    text.replace(pos, what.size(), with);
    pos += with.size();
  }
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

// A file a secret is read from, and what names it: "--token-file",
// "PROXMOX_TOKEN_VALUE_FILE (from /home/u/.env:3)", "the systemd credential PROXMOX_TOKEN_VALUE".
struct SecretFile {
  std::string label;
  std::string path;
  FileRead content;
  bool from_env_file = false;  // named by a .env line
  std::string problem = {};    // why the setting cannot be used: read_secret() says it
};

// Thrown inside build() only; carries the one-line message.
struct Invalid {
  std::string message;
  bool from_file = false;  // the offending value came from a .env file
};

class Loader {
 public:
  // Gathers every candidate secret before any value is checked: an error about an early setting
  // must already hide a secret that only the token file or a later .env line holds.
  Loader(const Sources& sources, const CommandLine& cli) : sources_(sources), cli_(cli) {
    for (std::string_view variable : {kTokenValueVariable, kAuthTokenVariable}) {
      if (auto it = sources.env.find(std::string(variable)); it != sources.env.end()) {
        secrets_.add(it->second);
      }
    }
    for (const EnvFile& file : sources.env_files) {
      ParsedEnvFile parsed = parse_env_file(file.path, file.content);
      for (std::string& problem : parsed.problems) warnings_.push_back(std::move(problem));
      std::map<std::string, FileValue> in_this_file;  // the last line of a file counts
      for (EnvEntry& entry : parsed.entries) {
        if (entry.key == kTokenValueVariable || entry.key == kAuthTokenVariable) {
          secrets_.add(entry.value);
        }
        in_this_file[entry.key] = {std::move(entry.value), file.path, entry.line};
      }
      for (auto& [key, value] : in_this_file) files_.try_emplace(key, std::move(value));
    }
    token_file_ = secret_file(cli.token_file, "--token-file", kTokenValueVariable);
    auth_token_file_ = secret_file(cli.auth_token_file, "--auth-token-file", kAuthTokenVariable);
  }

  // The loader of one cluster of the clusters file at `path`: the cluster's table first, then,
  // for the settings a cluster may take from the server's (ClusterKey::own), what `outer` reads.
  Loader(const Loader& outer, const ClusterTable& table, const std::string& path)
      : sources_(outer.sources_),
        cli_(outer.cli_),
        files_(outer.files_),
        secrets_(outer.secrets_),
        table_(&table),
        table_path_(path) {
    if (auto it = table.values.find(std::string(kTokenValueVariable)); it != table.values.end()) {
      secrets_.add(it->second.text);
    }
    token_file_ = secret_file(std::nullopt, "", kTokenValueVariable);
  }

  // Flag, then environment, then the first .env file that sets it.
  std::optional<Raw> lookup(const std::string& variable) const {
    if (table_ != nullptr) {
      const ClusterKey* key = cluster_key(variable);
      if (auto it = table_->values.find(variable); it != table_->values.end()) {
        return Raw{it->second.text, std::string(key->key) + " of cluster '" + table_->name + "' (" +
                                        table_path_ + ":" + std::to_string(it->second.line) + ")"};
      }
      if (key == nullptr || key->own) return std::nullopt;
    }
    if (auto it = cli_.values.find(variable); it != cli_.values.end()) {
      return Raw{it->second, flag_of(variable)};
    }
    if (auto it = sources_.env.find(variable); it != sources_.env.end()) {
      return Raw{it->second, variable};
    }
    if (auto it = files_.find(variable); it != files_.end()) {
      const FileValue& v = it->second;
      return Raw{v.value, variable + " (from " + v.path + ":" + std::to_string(v.line) + ")", true};
    }
    return std::nullopt;
  }

  // The same, except that an empty value counts as unset: `PROXMOX_PORT=` means the default.
  std::optional<Raw> get(const std::string& variable) const {
    std::optional<Raw> raw = lookup(variable);
    if (raw && raw->value.empty()) return std::nullopt;
    return raw;
  }

  FileRead read(const std::string& path) const {
    return sources_.read_file ? sources_.read_file(path) : FileRead{false, {}, "no reader"};
  }
  FileRead read_settings(const std::string& path) const {
    return sources_.read_settings_file ? sources_.read_settings_file(path) : read(path);
  }

  // The file the token secret is read from, read once up front (see the constructor).
  const std::optional<SecretFile>& token_file() const { return token_file_; }
  const std::optional<SecretFile>& auth_token_file() const { return auth_token_file_; }

  // A value echoed in a message: never a secret, even in part.
  std::string shown(const std::string& value) const {
    return printable(secrets_.redact(value), 64);
  }

  [[noreturn]] void fail_rule(const Raw& raw, const char* rule) const {
    throw Invalid{raw.label + " must be " + rule + ", got '" + shown(raw.value) + "'",
                  raw.from_file};
  }

  const Secrets& secrets() const { return secrets_; }
  std::vector<std::string>& warnings() { return warnings_; }

  // Why a required setting is missing: `otherwise` names the variable; a cluster names its key.
  std::string missing(std::string_view variable, const std::string& otherwise) const {
    if (table_ == nullptr) return otherwise;
    std::string keys;
    for (const ClusterKey& key : cluster_keys()) {
      if (key.variable == variable) keys = std::string(key.key);
    }
    if (variable == kTokenValueVariable) keys = "token_value_file or token_value";
    return "cluster '" + table_->name + "' (" + table_path_ + ":" + std::to_string(table_->line) +
           ") has no " + keys;
  }

 private:
  static const ClusterKey* cluster_key(const std::string& variable) {
    for (const ClusterKey& key : cluster_keys()) {
      if (key.variable == variable) return &key;
    }
    return nullptr;
  }

  static std::string flag_of(const std::string& variable) {
    for (const Setting& s : settings()) {
      if (s.variable == variable) return std::string(s.flag);
    }
    return variable;
  }

  // The file a secret's flag names, else the one `<variable>_FILE` names, else the systemd
  // credential named after the variable ($CREDENTIALS_DIRECTORY/<variable>) when there is one.
  //
  // The sources rank as the other settings do, and the credential, which the service's own unit
  // names, ranks above a .env (read without being asked for, and maybe left from before):
  // --token-file; the environment's variable or _FILE (both: an error); the credential; the
  // .env's variable or _FILE (both: an error). The variable itself is read by read_secret()
  // when no file wins.
  std::optional<SecretFile> secret_file(const std::optional<std::string>& flag_path,
                                        const std::string& flag, std::string_view variable) {
    const std::string file_variable = std::string(variable) + "_FILE";
    const std::optional<Raw> named = get(file_variable);
    const std::optional<Raw> value = get(std::string(variable));
    const bool env_named = named && !named->from_file;
    const bool env_value = value && !value->from_file;
    std::optional<SecretFile> file;
    if (flag_path) {
      file = SecretFile{flag, *flag_path, read(*flag_path)};
    } else if (env_named || (!env_value && !credential_path(variable) && named)) {
      file = SecretFile{named->label, named->value, {}, named->from_file};
      // Both at the same rank; the environment's _FILE outranks a .env's value.
      if (env_named ? env_value : value.has_value()) {
        file->problem =
            table_ != nullptr
                ? value->label + " and " + named->label + " are both set: keep one"
                : std::string(variable) + " and " + file_variable + " are both set: keep one";
      } else if (named->from_file && !named->value.starts_with("/")) {
        // Relative to which directory? The one the server happened to start in.
        file->problem = named->label + " must be an absolute path";
      } else {
        file->content = read(named->value);
      }
    } else if (!env_value) {
      const std::optional<std::string> credential = credential_path(variable);
      if (!credential) return std::nullopt;
      file = SecretFile{"the systemd credential " + std::string(variable), *credential,
                        read(*credential)};
      if (named || value) {
        warnings_.push_back((named ? named->label : value->label) + " is ignored: the systemd " +
                            "credential " + std::string(variable) + " is used");
      }
    } else {
      return std::nullopt;
    }
    secrets_.add(std::string(trim(file->content.content)));
    return file;
  }

  // $CREDENTIALS_DIRECTORY/<variable> when it exists: a unit passes some credentials, not
  // necessarily this one.
  std::optional<std::string> credential_path(std::string_view variable) const {
    if (table_ != nullptr) return std::nullopt;  // a cluster's token is named in its table
    const auto directory = sources_.env.find("CREDENTIALS_DIRECTORY");
    if (directory == sources_.env.end() || directory->second.empty()) return std::nullopt;
    std::string path = directory->second + "/" + std::string(variable);
    const FileRead content = read(path);
    if (!content.ok && content.error == "No such file or directory") return std::nullopt;
    return path;
  }

  const Sources& sources_;
  const CommandLine& cli_;
  std::map<std::string, FileValue> files_;
  Secrets secrets_;
  std::optional<SecretFile> token_file_;
  std::optional<SecretFile> auth_token_file_;
  std::vector<std::string> warnings_;
  const ClusterTable* table_ = nullptr;  // set for a cluster of the clusters file
  std::string table_path_;
};

// A secret given by a file flag (read up front by the Loader) or by a variable, never by a flag
// of its own: the value, and the label an error names it by.
struct Secret {
  std::string value;
  std::string label;
  bool from_file = false;  // from a .env file
};

// The secret from its file (secret_file()) or its variable. `what` says what a file would be if
// it were the value itself, which people pass by mistake.
std::optional<Secret> read_secret(const Loader& loader, const std::optional<SecretFile>& file,
                                  std::string_view variable, const std::string& what) {
  if (file) {
    if (!file->problem.empty()) throw Invalid{file->problem, file->from_env_file};
    if (!file->content.ok) {
      throw Invalid{file->label + ": cannot read the file it names: " + file->content.error +
                        " (path not shown, in case it is the " + what + ")",
                    file->from_env_file};
    }
    Secret secret{std::string(trim(file->content.content)),
                  file->label + " '" + loader.shown(file->path) + "'", file->from_env_file};
    if (secret.value.empty()) throw Invalid{secret.label + " is empty", secret.from_file};
    return secret;
  }
  if (std::optional<Raw> raw = loader.get(std::string(variable))) {
    return Secret{raw->value, raw->label, raw->from_file};
  }
  return std::nullopt;
}

void check_secret_characters(const Secret& secret) {
  if (!is_valid_token_secret(secret.value)) {
    throw Invalid{secret.label + " contains blanks or control characters (value not shown)",
                  secret.from_file};
  }
}

// The secret from --token-file or PROXMOX_TOKEN_VALUE; "" only under --demo.
std::string token_secret(const Loader& loader, const CommandLine& cli) {
  std::optional<Secret> secret =
      read_secret(loader, loader.token_file(), kTokenValueVariable, "secret");
  if (!secret) {
    if (cli.demo) return "";
    throw Invalid{loader.missing(
        kTokenValueVariable,
        "PROXMOX_TOKEN_VALUE is not set (required unless --demo; or name a file holding it: "
        "PROXMOX_TOKEN_VALUE_FILE or --token-file PATH)")};
  }
  check_secret_characters(*secret);
  return secret->value;
}

// The HTTP bearer token from --auth-token-file or MCP_AUTH_TOKEN; "" when neither is given.
std::string auth_token(const Loader& loader) {
  std::optional<Secret> token =
      read_secret(loader, loader.auth_token_file(), kAuthTokenVariable, "token");
  if (!token) return "";
  check_secret_characters(*token);
  // A short token can be guessed over the network; 16 characters of a password generator's
  // output (or `openssl rand -hex 32`) cannot.
  if (token->value.size() < 16) {
    throw Invalid{token->label + " is shorter than 16 characters (value not shown)"};
  }
  return token->value;
}

// MCP_ALLOWED_HOSTS: comma-separated names or addresses, lower-cased, IPv6 in brackets.
std::optional<std::vector<std::string>> parse_allowed_hosts(const std::string& text) {
  std::vector<std::string> hosts;
  for (std::string_view item : comma_items(text)) {
    std::optional<std::string> host = normalize_host(item);
    if (!host) return std::nullopt;
    std::transform(host->begin(), host->end(), host->begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    hosts.push_back(host->find(':') == std::string::npos ? *host : "[" + *host + "]");
  }
  return hosts;
}

// A file a setting names: readable, and holding `marker` (what the file is said to be).
void check_file(const Loader& loader, const Raw& raw, std::string_view marker,
                const std::string& what) {
  const FileRead file = loader.read(raw.value);
  if (!file.ok) {
    throw Invalid{raw.label + ": cannot read '" + loader.shown(raw.value) + "': " + file.error,
                  raw.from_file};
  }
  if (file.content.find(marker) == std::string::npos) {
    throw Invalid{raw.label + ": '" + loader.shown(raw.value) + "' holds no " + what,
                  raw.from_file};
  }
}

// Whether a private key needs a passphrase: PEM says so in its header, OpenSSH's own format in
// its cipher's name, the first field after "openssh-key-v1\0" ("none" when it needs none).
bool is_encrypted_key(const std::string& pem) {
  if (pem.find("ENCRYPTED") != std::string::npos) return true;
  constexpr std::string_view kOpenSsh = "-----BEGIN OPENSSH PRIVATE KEY-----";
  const std::size_t header = pem.find(kOpenSsh);
  if (header == std::string::npos) return false;
  std::string body;
  for (std::size_t i = header + kOpenSsh.size(); i < pem.size() && pem[i] != '-'; ++i) {
    if (std::isspace(static_cast<unsigned char>(pem[i])) == 0) body += pem[i];
  }
  // base64 of "openssh-key-v1\0", the length 4 and "none".
  return !body.starts_with("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU");
}

// Container commands over SSH: a key and the nodes' host keys together, and the commands that
// may run named (nothing runs by default).
void check_ssh(const Loader& loader) {
  const std::optional<Raw> key = loader.get("PROXMOX_SSH_KEY");
  const std::optional<Raw> known_hosts = loader.get("PROXMOX_SSH_KNOWN_HOSTS");
  if (!key && !known_hosts) return;
  if (!key || !known_hosts) {
    const Raw& given = key ? *key : *known_hosts;
    throw Invalid{given.label + " is set without " +
                      (key ? "PROXMOX_SSH_KNOWN_HOSTS (the nodes' SSH host keys)"
                           : "PROXMOX_SSH_KEY (the private key to log in with)") +
                      ": container commands over SSH need both",
                  given.from_file};
  }
  check_file(loader, *key, "PRIVATE KEY", "private key (-----BEGIN OPENSSH PRIVATE KEY-----)");
  if (is_encrypted_key(loader.read(key->value).content)) {
    throw Invalid{key->label + ": '" + loader.shown(key->value) +
                      "' is encrypted, and the server cannot type its passphrase: make a key "
                      "for it alone without one (ssh-keygen -t ed25519 -N '' -f FILE)",
                  key->from_file};
  }
  check_file(loader, *known_hosts, " ", "host keys (lines such as 'pve1 ssh-ed25519 AAAA...')");
  if (!loader.get("PROXMOX_EXEC_ALLOW")) {
    throw Invalid{key->label +
                      " is set, so PROXMOX_EXEC_ALLOW must name the commands containers may run, "
                      "e.g. 'systemctl status *, df -h' ('**' for any)",
                  key->from_file};
  }
}

// The HTTP settings together: TLS needs both files, and a server other machines can reach
// needs a token.
void check_http(const Config& config) {
  if (!config.tls_cert.empty() != !config.tls_key.empty()) {
    throw Invalid{"MCP_TLS_CERT (--tls-cert) and MCP_TLS_KEY (--tls-key) go together; set both"};
  }
  if (!config.http) {
    if (!config.tls_cert.empty()) throw Invalid{"--tls-cert applies to --http only"};
    return;
  }
  const bool authenticated = !config.auth_token.empty() || !config.auth_tokens_file.empty();
  if (!is_loopback_address(config.http->address) && !authenticated) {
    throw Invalid{"--http " + config.http->address +
                  " can be reached from other machines, so it needs an access token: set "
                  "MCP_AUTH_TOKEN, --auth-token-file or --auth-tokens (or listen on 127.0.0.1)"};
  }
}

// PROXMOX_CA_FILE: a readable file that holds a PEM certificate; what was accepted, if any.
std::optional<Raw> read_ca_file(const Loader& loader, Config& config) {
  std::optional<Raw> raw = loader.get("PROXMOX_CA_FILE");
  if (!raw) return std::nullopt;
  FileRead pem = loader.read(raw->value);
  if (!pem.ok) {
    throw Invalid{raw->label + ": cannot read '" + loader.shown(raw->value) + "': " + pem.error,
                  raw->from_file};
  }
  if (pem.content.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    throw Invalid{raw->label + ": '" + loader.shown(raw->value) +
                      "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                  raw->from_file};
  }
  config.ca_file = raw->value;
  return raw;
}

// PROXMOX_FINGERPRINT: a SHA-256 pin; what was accepted, if any.
std::optional<Raw> read_fingerprint(const Loader& loader, Config& config) {
  std::optional<Raw> raw = loader.get("PROXMOX_FINGERPRINT");
  if (!raw) return std::nullopt;
  std::optional<std::string> pin = normalize_fingerprints(raw->value);
  if (!pin) loader.fail_rule(*raw, kFingerprintRule);
  config.fingerprint = *pin;
  return raw;
}

// PROXMOX_INSECURE_TLS, which contradicts an accepted CA file or fingerprint.
void read_insecure_tls(const Loader& loader, Config& config, const std::optional<Raw>& ca_file,
                       const std::optional<Raw>& fingerprint) {
  std::optional<Raw> raw = loader.get("PROXMOX_INSECURE_TLS");
  if (!raw) return;
  std::optional<bool> insecure = parse_bool(raw->value);
  if (!insecure) loader.fail_rule(*raw, kBoolRule);
  if (*insecure && (ca_file || fingerprint)) {
    const Raw& other = fingerprint ? *fingerprint : *ca_file;
    throw Invalid{raw->label + " turns verification off, which contradicts " + other.label +
                      "; unset one of them",
                  raw->from_file || other.from_file};
  }
  config.insecure_tls = *insecure;
}

// Sets a Config one setting at a time. --demo uses none of the connection settings and may be
// started in any directory, so there a bad value from a .env file (which the user may not even
// think of) becomes a warning in `warnings` and its setting keeps the default. Flags and the
// environment are given on purpose and are held to the rules even then.
class Builder {
 public:
  Builder(const Loader& loader, Config& config, std::vector<std::string>& warnings)
      : loader_(loader), config_(config), warnings_(warnings) {}

  template <class Apply>
  void step(Apply&& apply) {
    try {
      apply();
    } catch (const Invalid& invalid) {
      if (!config_.demo || !invalid.from_file) throw;
      warnings_.push_back(invalid.message + "; --demo goes on without it");
    }
  }

  // `parse` returns std::nullopt for a value it rejects; `rule` says what it accepts.
  template <class Target, class Parse>
  void setting(const char* variable, Target& target, Parse parse, const char* rule) {
    step([&] {
      if (std::optional<Raw> raw = loader_.get(variable)) {
        auto value = parse(raw->value);
        if (!value) loader_.fail_rule(*raw, rule);
        target = *value;
      }
    });
  }

  // A setting taken as it is (the policy or the server parses it later).
  void text(const char* variable, std::string& target) {
    step([&] {
      if (std::optional<Raw> raw = loader_.get(variable)) target = raw->value;
    });
  }

  const Loader& loader() const { return loader_; }
  Config& config() { return config_; }

 private:
  const Loader& loader_;
  Config& config_;
  std::vector<std::string>& warnings_;
};

std::optional<std::string> valid_if(bool (*valid)(std::string_view), const std::string& text) {
  return valid(text) ? std::optional<std::string>(text) : std::nullopt;
}

// What one cluster is and what the tools may do there: host, token, TLS, timeouts, policy.
void read_cluster_settings(Builder& b, const CommandLine& cli) {
  const Loader& loader = b.loader();
  Config& config = b.config();
  b.step([&] {
    if (std::optional<Raw> raw = loader.get("PROXMOX_HOST")) {
      std::optional<std::vector<std::string>> hosts = normalize_hosts(raw->value);
      if (!hosts) loader.fail_rule(*raw, kHostsRule);
      config.host = hosts->front();
      config.more_hosts.assign(hosts->begin() + 1, hosts->end());
    }
  });
  if (config.host.empty() && !config.demo) {
    throw Invalid{
        loader.missing("PROXMOX_HOST", "PROXMOX_HOST is not set (required unless --demo)")};
  }
  b.setting("PROXMOX_PORT", config.port, parse_port, kPortRule);
  b.setting(
      "PROXMOX_USER", config.user,
      [](const std::string& text) { return valid_if(is_valid_user, text); }, kUserRule);
  b.setting(
      "PROXMOX_TOKEN_NAME", config.token_name,
      [](const std::string& text) { return valid_if(is_valid_token_name, text); }, kTokenNameRule);
  b.step([&] { config.token_secret = token_secret(loader, cli); });

  std::optional<Raw> ca_file;  // each set once accepted, for read_insecure_tls to compare
  std::optional<Raw> fingerprint;
  b.step([&] { ca_file = read_ca_file(loader, config); });
  b.step([&] { fingerprint = read_fingerprint(loader, config); });
  b.step([&] { read_insecure_tls(loader, config, ca_file, fingerprint); });

  b.setting("PROXMOX_ALLOW_ELEVATED", config.allow_elevated, parse_bool, kBoolRule);
  b.setting("PROXMOX_LIST_ALL_TOOLS", config.list_all_tools, parse_bool, kBoolRule);
  b.setting("PROXMOX_CONFIRM", config.confirm, parse_bool, kBoolRule);
  b.text("PROXMOX_API_ALLOW", config.api_allow);
  b.text("PROXMOX_TOOLSETS", config.toolsets);
  b.text("PROXMOX_TOOLS", config.tools);
  b.text("PROXMOX_DISABLED_TOOLS", config.disabled_tools);
  b.text("PROXMOX_NODES", config.nodes);
  b.text("PROXMOX_VMIDS", config.vmids);
  b.text("PROXMOX_PROTECTED_VMIDS", config.protected_vmids);
  b.text("PROXMOX_PROTECTED_TAGS", config.protected_tags);
  b.setting("PROXMOX_CONNECT_TIMEOUT", config.connect_timeout_ms, parse_seconds_as_ms,
            kSecondsRule);
  b.setting("PROXMOX_TIMEOUT", config.timeout_ms, parse_seconds_as_ms, kSecondsRule);

  b.text("PROXMOX_SSH_KEY", config.ssh_key);
  b.text("PROXMOX_SSH_KNOWN_HOSTS", config.ssh_known_hosts);
  b.setting(
      "PROXMOX_SSH_USER", config.ssh_user,
      [](const std::string& text) { return valid_if(is_valid_ssh_user, text); }, kSshUserRule);
  b.setting("PROXMOX_SSH_NODES", config.ssh_nodes, parse_ssh_nodes, kSshNodesRule);
  b.text("PROXMOX_EXEC_ALLOW", config.exec_allow);
  b.step([&] { check_ssh(loader); });
}

// The clusters file `file` names: each cluster's settings into config.clusters. The settings
// that are a cluster's own (its hosts, token and certificate trust) must not also be given to the
// server, where they would name no cluster in particular.
void read_clusters(const Loader& loader, const CommandLine& cli, const Raw& file, Config& config,
                   std::vector<std::string>& warnings) {
  if (config.demo) {
    throw Invalid{"--demo serves a simulated cluster of its own: unset " + file.label,
                  file.from_file};
  }
  for (const ClusterKey& key : cluster_keys()) {
    if (!key.own) continue;
    if (std::optional<Raw> raw = loader.get(std::string(key.variable))) {
      throw Invalid{raw->label + " is set, and so is " + file.label + ": give each cluster its " +
                        std::string(key.key) + " in the clusters file",
                    raw->from_file};
    }
  }
  if (const std::optional<SecretFile>& token = loader.token_file()) {
    throw Invalid{token->label + " is set, and so is " + file.label +
                      ": give each cluster its token_value_file in the clusters file",
                  token->from_env_file};
  }
  if (file.from_file && !file.value.starts_with("/")) {
    // Relative to which directory? The one the server happened to start in.
    throw Invalid{file.label + " must be an absolute path", true};
  }
  FileRead text = loader.read_settings(file.value);
  if (!text.ok) {
    throw Invalid{file.label + ": cannot read '" + loader.shown(file.value) + "': " + text.error,
                  file.from_file};
  }
  ClustersFile parsed = parse_clusters_file(text.content, file.value);
  if (!parsed.problem.empty()) throw Invalid{file.label + ": " + parsed.problem, file.from_file};
  config.clusters_file = file.value;
  config.default_cluster = parsed.default_name;
  for (const ClusterTable& table : parsed.clusters) {
    if (table.values.count(std::string(kTokenValueVariable)) > 0 && (text.mode & 044) != 0) {
      warnings.push_back(file.value + " holds the token_value of cluster '" + table.name +
                         "' and other users can read it: chmod go-r " + file.value +
                         ", or move the secret to a token_value_file");
    }
    const Loader own(loader, table, file.value);
    Config cluster;
    cluster.cluster = table.name;
    std::vector<std::string> no_warnings;  // only --demo turns problems into warnings
    try {
      Builder builder(own, cluster, no_warnings);
      read_cluster_settings(builder, cli);
    } catch (const Invalid& invalid) {
      throw Invalid{own.secrets().redact(invalid.message), invalid.from_file};
    }
    config.clusters.push_back(std::move(cluster));
  }
}

Config build(const Loader& loader, const CommandLine& cli, std::vector<std::string>& warnings) {
  Config config;
  config.demo = cli.demo;
  config.test_fixtures = cli.test_fixtures;
  Builder b(loader, config, warnings);
  if (std::optional<Raw> clusters = loader.get("PROXMOX_CLUSTERS")) {
    read_clusters(loader, cli, *clusters, config, warnings);
  } else {
    read_cluster_settings(b, cli);
  }
  b.text("PROXMOX_AUDIT_LOG", config.audit_log);

  b.setting("MCP_HTTP", config.http, parse_listen, kListenRule);
  b.setting("MCP_ALLOWED_HOSTS", config.allowed_hosts, parse_allowed_hosts,
            "a comma-separated list of host names or IP addresses");
  b.step([&] { config.auth_token = auth_token(loader); });
  b.text("MCP_AUTH_TOKENS", config.auth_tokens_file);
  b.text("MCP_TLS_CERT", config.tls_cert);
  b.text("MCP_TLS_KEY", config.tls_key);
  b.setting("MCP_WORKERS", config.workers, parse_workers, kWorkersRule);
  check_http(config);

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
      result.config = build(loader, cli, result.warnings);
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
