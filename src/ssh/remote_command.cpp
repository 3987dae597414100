#include "ssh/remote_command.h"

#include <array>
#include <memory>

#include "ssh/libssh.h"

namespace ssh {
namespace {

using Clock = std::chrono::steady_clock;

// How long one read waits for output before the deadline and the watcher are looked at again.
constexpr int kReadSliceMs = 100;

// A session and, once open, its channel; freed on every way out.
class Connection {
 public:
  explicit Connection(const Libssh& lib) : lib_(lib), session_(lib.new_session()) {
    if (session_ == nullptr) throw Error("libssh could not make a session", false);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (channel_ != nullptr) {
      lib_.channel_close(channel_);
      lib_.channel_free(channel_);
    }
    lib_.disconnect(session_);
    lib_.free_session(session_);
  }

  [[nodiscard]] ssh_session session() const { return session_; }
  [[nodiscard]] std::string error() const { return lib_.get_error(session_); }
  ssh_channel& channel() { return channel_; }

 private:
  const Libssh& lib_;
  ssh_session session_;
  ssh_channel channel_ = nullptr;
};

// The host key the server presented, as OpenSSH prints it ("SHA256:…"), for a refusal.
std::string presented_key(const Libssh& lib, Connection& connection) {
  ssh_key key = nullptr;
  if (lib.server_publickey(connection.session(), &key) != SSH_OK) return "unknown";
  unsigned char* hash = nullptr;
  std::size_t length = 0;
  std::string out = "unknown";
  if (lib.publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0) {
    if (char* text = lib.fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length)) {
      out = text;
      lib.free_char(text);
    }
    lib.clean_pubkey_hash(&hash);
  }
  lib.key_free(key);
  return out;
}

// Refuses any host whose key the known_hosts file does not hold: no trust on first use.
void check_host_key(const Libssh& lib, Connection& connection, const Target& target,
                    const Credentials& credentials) {
  const ssh_known_hosts_e known = lib.is_known_server(connection.session());
  if (known == SSH_KNOWN_HOSTS_OK) return;
  const std::string host =
      target.port == 22 ? target.host : "[" + target.host + "]:" + std::to_string(target.port);
  const std::string key = presented_key(lib, connection);
  switch (known) {
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      throw Error("the SSH host key of " + host + " (" + key + ") is not the one " +
                      credentials.known_hosts_file +
                      " holds for it: refused. If the node was reinstalled, check the new key "
                      "on the node (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and replace "
                      "its line",
                  false);
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      throw Error(host + " is not in " + credentials.known_hosts_file + ": its SSH host key is " +
                      key +
                      "; after checking that on the node (ssh-keygen -lf "
                      "/etc/ssh/ssh_host_ed25519_key.pub), add it, e.g. with ssh-keyscan" +
                      (target.port == 22 ? "" : " -p " + std::to_string(target.port)) + " " +
                      target.host + " >> " + credentials.known_hosts_file +
                      " (the nodes' keys are also in /etc/pve/priv/known_hosts on any node)",
                  false);
    default:
      throw Error("cannot check the SSH host key of " + host + " against " +
                      credentials.known_hosts_file + ": " + connection.error(),
                  false);
  }
}

void set_options(const Libssh& lib, Connection& connection, const Target& target,
                 const Credentials& credentials, const Limits& limits) {
  const long timeout_s =
      std::max<long>(1, static_cast<long>((limits.connect_timeout.count() + 999) / 1000));
  const int port = target.port;
  const bool off = false;
  const int strict = 1;
  ssh_session s = connection.session();
  // Only what is set here counts: no ~/.ssh/config, and one known_hosts file for both the
  // user's and the system's.
  if (lib.options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &off) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_HOST, target.host.c_str()) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_PORT, &port) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_USER, target.user.c_str()) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_KNOWNHOSTS, credentials.known_hosts_file.c_str()) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, credentials.known_hosts_file.c_str()) !=
          SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict) != SSH_OK ||
      lib.options_set(s, SSH_OPTIONS_TIMEOUT, &timeout_s) != SSH_OK) {
    throw Error("cannot set up SSH to " + where(target) + ": " + connection.error(), false);
  }
}

void log_in(const Libssh& lib, Connection& connection, const Target& target,
            const Credentials& credentials) {
  ssh_key key = nullptr;
  // An empty passphrase, never none: with none, OpenSSL would prompt for one on the terminal,
  // or on stdin, which carries MCP's messages.
  if (lib.import_privkey_file(credentials.key_file.c_str(), "", nullptr, nullptr, &key) != SSH_OK) {
    throw Error("cannot read the SSH private key " + credentials.key_file +
                    " (a key without a passphrase, readable by the server)",
                false);
  }
  const int auth = lib.userauth_publickey(connection.session(), nullptr, key);
  lib.key_free(key);
  if (auth != SSH_AUTH_SUCCESS) {
    throw Error(where(target) + " did not accept the SSH key " + credentials.key_file +
                    ": add its public key to /root/.ssh/authorized_keys on the node",
                false);
  }
}

// Appends `text` to `kept`, keeping at most `limit` bytes plus the 3 a UTF-8 character may
// reach past it (the answer cuts on a character boundary); false once something was left out.
bool keep(std::string& kept, std::string_view text, std::size_t limit) {
  const std::size_t cap = limit + 3;
  const std::size_t room = cap - std::min(cap, kept.size());
  kept.append(text.substr(0, room));
  return text.size() <= room;
}

// Connected, the host's key checked and logged in.
void open(const Libssh& lib, Connection& connection, const Target& target,
          const Credentials& credentials, const Limits& limits) {
  set_options(lib, connection, target, credentials, limits);
  if (lib.connect(connection.session()) != SSH_OK) {
    throw Error("cannot connect over SSH to " + where(target) + ": " + connection.error(), false);
  }
  check_host_key(lib, connection, target, credentials);
  log_in(lib, connection, target, credentials);
}

const Libssh& loaded_libssh() {
  const Libssh& lib = libssh();
  if (!lib.problem.empty()) throw Error("cannot run commands over SSH: " + lib.problem, false);
  return lib;
}

}  // namespace

void log_in_only(const Target& target, const Credentials& credentials, const Limits& limits) {
  const Libssh& lib = loaded_libssh();
  Connection connection(lib);
  open(lib, connection, target, credentials, limits);
}

Outcome run(const Target& target, const Credentials& credentials, const std::string& command,
            const Limits& limits, Watcher& watcher) {
  const Libssh& lib = loaded_libssh();
  Connection connection(lib);
  open(lib, connection, target, credentials, limits);

  ssh_channel& channel = connection.channel();
  channel = lib.channel_new(connection.session());
  if (channel == nullptr || lib.channel_open_session(channel) != SSH_OK) {
    throw Error("SSH to " + where(target) + " could not open a session: " + connection.error(),
                false);
  }
  if (lib.channel_request_exec(channel, command.c_str()) != SSH_OK) {
    // The request went out: the node may have started it.
    throw Error("SSH to " + where(target) + " could not start the command: " + connection.error(),
                true);
  }
  // No input: a command that reads stdin gets its end at once, instead of waiting out its time.
  lib.channel_send_eof(channel);

  Outcome out;
  const auto ran = Clock::now();
  std::size_t discarded = 0;  // all output read, kept or not
  const auto deadline = Clock::now() + limits.run_timeout;
  std::array<char, 16384> buffer{};
  // The `n` bytes just read into `buffer`: shown to the watcher, kept up to the limit.
  const auto take = [&](bool is_stderr, int n) {
    const std::string_view text(buffer.data(), static_cast<std::size_t>(n));
    watcher.output(is_stderr, text);
    std::string& kept = is_stderr ? out.stderr_text : out.stdout_text;
    bool& truncated = is_stderr ? out.stderr_truncated : out.stdout_truncated;
    if (!keep(kept, text, limits.max_stream_bytes)) truncated = true;
  };
  // One read of `is_stderr`'s stream: waiting up to `wait_ms` for data (0: not at all).
  const auto read = [&](int is_stderr, int wait_ms) {
    const int n =
        wait_ms > 0
            ? lib.channel_read_timeout(channel, buffer.data(), buffer.size(), is_stderr, wait_ms)
            : lib.channel_read_nonblocking(channel, buffer.data(), buffer.size(), is_stderr);
    if (n == SSH_ERROR) {
      // sshd hangs up only after this side closes: whatever came before, the command's end
      // and exit status did not.
      throw Error("the SSH connection to " + where(target) +
                      " broke while the command ran: " + connection.error(),
                  true);
    }
    if (n > 0) take(is_stderr == 1, n);
    return std::max(n, 0);
  };
  while (true) {
    if (watcher.stop()) {
      out.cancelled = true;
      break;
    }
    if (Clock::now() >= deadline) {
      out.timed_out = true;
      break;
    }
    // Both streams emptied of what has arrived (libssh keeps taking in what the window allows:
    // a stream left unread would pile up in its buffers), then a short wait for more.
    std::size_t got = 0;
    for (const int is_stderr : {0, 1}) {
      for (int n = read(is_stderr, 0); n > 0 && got < limits.max_output_bytes;
           n = read(is_stderr, 0)) {
        got += static_cast<std::size_t>(n);
      }
    }
    if (got == 0) got = static_cast<std::size_t>(read(0, kReadSliceMs));
    discarded += got;
    if ((out.stdout_truncated || out.stderr_truncated) && discarded > limits.max_output_bytes) {
      // Only a flood gets here (what passes the kept part is read and dropped until then): a
      // command that writes that much is stopped.
      out.output_limit = true;
      break;
    }
    // EOF counts once both streams are read out.
    if (got == 0 && lib.channel_is_eof(channel) != 0) {
      out.ran_for = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - ran);
      const int status = lib.channel_exit_status(channel);
      if (status >= 0) out.exit_status = status;
      return out;
    }
  }
  out.ran_for = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - ran);
  // Stopped before its end. TERM, which the node's `timeout` passes on (and follows with KILL):
  // OpenSSH before 10 refuses signals to root's sessions, and then that `timeout` alone ends
  // the command, when its time is up.
  lib.channel_send_signal(channel, "TERM");
  return out;
}

std::string where(const Target& target) {
  return target.user + "@" + target.host + ":" + std::to_string(target.port);
}

std::string shell_words(const std::vector<std::string>& words) {
  std::string line;
  for (const std::string& word : words) {
    if (!line.empty()) line += ' ';
    line += '\'';
    for (const char c : word) {
      if (c == '\'') {
        line += "'\\''";  // end the quote, an escaped quote, start again
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

}  // namespace ssh
