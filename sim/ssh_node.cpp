#include "ssh_node.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include <libssh/libssh.h>
#include <libssh/server.h>
#include <nlohmann/json.hpp>

// The message API is what a short, synchronous test server needs; its replacement (callbacks)
// buys nothing here.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace pvesim {
namespace {

using Json = nlohmann::json;

// A command line as a POSIX shell splits it: quotes and backslashes, no expansions.
std::optional<std::vector<std::string>> shell_split(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const std::size_t end = line.find('\'', i + 1);
      if (end == std::string::npos) return std::nullopt;
      word += line.substr(i + 1, end - i - 1);
      i = end;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == '"') {
      const std::size_t end = line.find('"', i + 1);
      if (end == std::string::npos) return std::nullopt;
      word += line.substr(i + 1, end - i - 1);
      i = end;
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// "2", "0.5": a number of seconds, at most a day; nothing for anything else.
std::optional<double> seconds_of(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 86400) {
    return std::nullopt;
  }
  return value;
}

// What a program writes and how it ends.
struct Run {
  std::string out;
  std::string err;
  int status = 0;
};

// The container `vmid` names on `node`, or null.
Json container_on(const Simulator& simulator, const std::string& node, const std::string& vmid) {
  const Json state = Json::parse(simulator.dump_state());
  for (const Json& guest : state["guests"]) {
    if (guest.value("type", "") == "lxc" && guest.value("node", "") == node &&
        std::to_string(guest.value("vmid", 0)) == vmid) {
      return guest;
    }
  }
  return nullptr;
}

class Session {
 public:
  Session(ssh_channel channel, const Simulator& simulator, std::string node)
      : channel_(channel), simulator_(simulator), node_(std::move(node)) {}

  // `pct exec VMID -- WORDS`, maybe under `timeout [--kill-after=N] SECONDS`.
  int run(const std::vector<std::string>& line) {
    std::vector<std::string> words = line;
    double limit_s = 0;
    if (!words.empty() && words.front() == "timeout") {
      words.erase(words.begin());
      while (!words.empty() && words.front().starts_with("-")) words.erase(words.begin());
      if (words.empty()) return fail("timeout: missing operand\n", 125);
      const std::optional<double> seconds = seconds_of(words.front());
      if (!seconds) return fail("timeout: invalid time interval '" + words.front() + "'\n", 125);
      limit_s = *seconds;
      words.erase(words.begin());
    }
    deadline_ = limit_s > 0 ? std::chrono::steady_clock::now() +
                                  std::chrono::milliseconds(static_cast<long>(limit_s * 1000))
                            : std::chrono::steady_clock::time_point::max();
    if (words.size() < 4 || words[0] != "pct" || words[1] != "exec" || words[3] != "--") {
      return fail("sh: 1: " + (words.empty() ? std::string() : words[0]) + ": not found\n", 127);
    }
    const std::string& vmid = words[2];
    guest_ = container_on(simulator_, node_, vmid);
    if (guest_.is_null()) {
      return fail("Configuration file 'nodes/" + node_ + "/lxc/" + vmid + ".conf' does not exist\n",
                  2);
    }
    // pct's own words (PVE/CLI/pct.pm), and Perl's exit code for a die.
    if (!guest_.value("running", false)) {
      return fail("container '" + vmid + "' not running!\n", 255);
    }
    const std::vector<std::string> argv(words.begin() + 4, words.end());
    if (argv.empty()) return fail("missing command\n", 255);
    return program(argv);
  }

 private:
  int fail(const std::string& err, int status) {
    write(err, true);
    return status;
  }

  bool write(const std::string& text, bool is_stderr) {
    if (text.empty()) return true;
    const auto size = static_cast<uint32_t>(text.size());
    const int n = is_stderr ? ssh_channel_write_stderr(channel_, text.data(), size)
                            : ssh_channel_write(channel_, text.data(), size);
    return n == static_cast<int>(size);
  }

  // Whether the client is still there; also lets libssh take in a close or a signal.
  bool attached() {
    ssh_channel_poll_timeout(channel_, 0, 0);
    // The client's EOF is on its input only (a command without stdin sends it at once).
    return ssh_channel_is_open(channel_) != 0 && !killed();
  }
  [[nodiscard]] bool killed() const { return std::chrono::steady_clock::now() >= deadline_; }

  std::string hostname() const {
    return guest_["config"].value("hostname", "CT" + std::to_string(guest_.value("vmid", 0)));
  }

  // A few programs, enough to test output, errors, exit codes, a deadline and a flood.
  int program(const std::vector<std::string>& argv) {
    const std::string& name = argv[0];
    if (name == "true") return 0;
    if (name == "false") return 1;
    if (name == "hostname") return write(hostname() + "\n", false) ? 0 : 141;
    if (name == "echo") {
      std::string line;
      for (std::size_t i = 1; i < argv.size(); ++i) line += (i > 1 ? " " : "") + argv[i];
      return write(line + "\n", false) ? 0 : 141;
    }
    if (name == "uname") {
      return write("Linux " + hostname() +
                       " 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 x86_64 GNU/Linux\n",
                   false)
                 ? 0
                 : 141;
    }
    if (name == "cat") {
      int status = 0;
      for (std::size_t i = 1; i < argv.size(); ++i) {
        if (argv[i] == "/etc/hostname") {
          write(hostname() + "\n", false);
        } else if (argv[i] == "/etc/os-release") {
          write(
              "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
              "VERSION_ID=\"12\"\nID=debian\n",
              false);
        } else {
          write("cat: " + argv[i] + ": No such file or directory\n", true);
          status = 1;
        }
      }
      return status;
    }
    if (name == "cat" && argv.size() == 1) return copy_input();
    if (name == "sleep" && argv.size() == 2) {
      const std::optional<double> seconds = seconds_of(argv[1]);
      if (!seconds) return fail("sleep: invalid time interval '" + argv[1] + "'\n", 1);
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(static_cast<long>(*seconds * 1000));
      while (std::chrono::steady_clock::now() < until) {
        if (!attached()) return killed() ? 124 : 143;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      return 0;
    }
    if (name == "yes") {
      const std::string line = (argv.size() > 1 ? argv[1] : "y") + "\n";
      std::string block;
      while (block.size() < 8192) block += line;
      while (attached()) {
        if (!write(block, false)) return 141;
      }
      return killed() ? 124 : 141;
    }
    // LXC's words, and its exit code for a program that does not exist (ENOENT).
    return fail("lxc-attach: " + std::to_string(guest_.value("vmid", 0)) +
                    ": ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or "
                    "directory - Failed to exec \"" +
                    name + "\"\n",
                127);
  }

  // `cat` with no file: its input to its output, until the client's end of input.
  int copy_input() {
    std::array<char, 4096> buffer{};
    while (attached()) {
      const int n = ssh_channel_read_timeout(channel_, buffer.data(), buffer.size(), 0, 50);
      if (n > 0 && !write(std::string(buffer.data(), static_cast<std::size_t>(n)), false)) {
        return 141;
      }
      if (n == 0 && ssh_channel_is_eof(channel_) != 0) return 0;
      if (n < 0) return 141;
    }
    return killed() ? 124 : 143;
  }

  ssh_channel channel_;
  const Simulator& simulator_;
  std::string node_;
  Json guest_;
  std::chrono::steady_clock::time_point deadline_;
};

// One client connection: key exchange, the authorized key only, one session channel, one exec.
void serve(ssh_session session, const Simulator& simulator, const std::string& node,
           const std::vector<ssh_key>& authorized) {
  ssh_channel channel = nullptr;
  bool authenticated = false;
  if (ssh_handle_key_exchange(session) == SSH_OK) {
    while (ssh_message message = ssh_message_get(session)) {
      const int type = ssh_message_type(message);
      const int subtype = ssh_message_subtype(message);
      bool handled = false;
      const auto accepted = [&] {
        for (ssh_key key : authorized) {
          if (ssh_key_cmp(ssh_message_auth_pubkey(message), key, SSH_KEY_CMP_PUBLIC) == 0) {
            return true;
          }
        }
        return false;
      };
      if (type == SSH_REQUEST_AUTH && subtype == SSH_AUTH_METHOD_PUBLICKEY && accepted()) {
        if (ssh_message_auth_publickey_state(message) == SSH_PUBLICKEY_STATE_NONE) {
          ssh_message_auth_reply_pk_ok_simple(message);
        } else {
          ssh_message_auth_reply_success(message, 0);
          authenticated = true;
        }
        handled = true;
      } else if (authenticated && type == SSH_REQUEST_CHANNEL_OPEN &&
                 subtype == SSH_CHANNEL_SESSION && channel == nullptr) {
        channel = ssh_message_channel_request_open_reply_accept(message);
        handled = channel != nullptr;
      } else if (channel != nullptr && type == SSH_REQUEST_CHANNEL &&
                 subtype == SSH_CHANNEL_REQUEST_EXEC) {
        const std::string command = ssh_message_channel_request_command(message);
        ssh_message_channel_request_reply_success(message);
        ssh_message_free(message);
        const std::optional<std::vector<std::string>> words = shell_split(command);
        int status = 2;
        if (words) {
          Session run(channel, simulator, node);
          status = run.run(*words);
        }
        ssh_channel_request_send_exit_status(channel, status);
        ssh_channel_send_eof(channel);
        ssh_channel_close(channel);
        // As sshd does, the client hangs up first: it may still be reading what was sent.
        for (int i = 0; i < 100 && ssh_is_connected(session) != 0; ++i) {
          ssh_channel_poll_timeout(channel, 50, 0);
        }
        break;
      }
      if (!handled) {
        if (type == SSH_REQUEST_AUTH)
          ssh_message_auth_set_methods(message, SSH_AUTH_METHOD_PUBLICKEY);
        ssh_message_reply_default(message);
      }
      ssh_message_free(message);
    }
  }
  if (channel != nullptr) ssh_channel_free(channel);
  ssh_disconnect(session);
  ssh_free(session);
}

int bound_port(ssh_bind bind) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(ssh_bind_get_fd(bind), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return 0;
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

}  // namespace

struct SshNodes::Impl {
  struct Listener {
    std::string node;
    ssh_bind bind = nullptr;
    ssh_key host_key = nullptr;
  };
  std::vector<SshNodeAddress> addresses;
  std::vector<Listener> listeners;
  std::vector<ssh_key> authorized;
  std::atomic<bool> stopping{false};
};

SshNodes::SshNodes(const Simulator& simulator, const std::string& bind,
                   const std::string& authorized_key_file, const std::string& client_key_out)
    : impl_(std::make_unique<Impl>()) {
  if (!authorized_key_file.empty()) {
    ssh_key key = nullptr;
    if (ssh_pki_import_pubkey_file(authorized_key_file.c_str(), &key) != SSH_OK) {
      throw std::runtime_error("--ssh-authorized-key: cannot read a public key from " +
                               authorized_key_file);
    }
    impl_->authorized.push_back(key);
  }
  if (!client_key_out.empty()) {
    ssh_key key = nullptr;
    const mode_t old_mask = umask(077);
    const bool written = ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) == SSH_OK &&
                         ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr,
                                                     client_key_out.c_str()) == SSH_OK;
    umask(old_mask);
    if (!written) {
      throw std::runtime_error("--ssh-client-key-out: cannot write a private key to " +
                               client_key_out);
    }
    impl_->authorized.push_back(key);
  }
  const Json state = Json::parse(simulator.dump_state());
  impl_->listeners.reserve(state["nodes"].size());
  for (const Json& node : state["nodes"]) {
    if (!node.value("online", false)) continue;  // an offline node refuses the connection
    Impl::Listener& listener = impl_->listeners.emplace_back();
    listener.node = node.value("name", "");
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &listener.host_key) != SSH_OK) {
      throw std::runtime_error("cannot make an SSH host key");
    }
    listener.bind = ssh_bind_new();
    const int any_port = 0;
    ssh_bind_options_set(listener.bind, SSH_BIND_OPTIONS_BINDADDR, bind.c_str());
    ssh_bind_options_set(listener.bind, SSH_BIND_OPTIONS_BINDPORT, &any_port);
    ssh_bind_options_set(listener.bind, SSH_BIND_OPTIONS_IMPORT_KEY, listener.host_key);
    if (ssh_bind_listen(listener.bind) != SSH_OK) {
      throw std::runtime_error(std::string("cannot listen for SSH: ") +
                               ssh_get_error(listener.bind));
    }
    const std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
    const std::string address = host + ":" + std::to_string(bound_port(listener.bind));
    char* base64 = nullptr;
    ssh_pki_export_pubkey_base64(listener.host_key, &base64);
    impl_->addresses.push_back({listener.node, address,
                                "[" + bind + "]:" + std::to_string(bound_port(listener.bind)) +
                                    " " + ssh_key_type_to_char(ssh_key_type(listener.host_key)) +
                                    " " + base64});
    ssh_string_free_char(base64);
    std::thread([&simulator, &listener, impl = impl_.get()] {
      while (!impl->stopping) {
        ssh_session session = ssh_new();
        if (ssh_bind_accept(listener.bind, session) != SSH_OK) {
          ssh_free(session);
          if (impl->stopping) return;
          continue;
        }
        std::thread([session, &simulator, node = listener.node, impl] {
          // A test server that dies on one odd request would hide what the others show.
          try {
            serve(session, simulator, node, impl->authorized);
          } catch (const std::exception&) {
            ssh_disconnect(session);
            ssh_free(session);
          }
        }).detach();
      }
    }).detach();
  }
}

// pve-sim ends with std::_Exit while SSH nodes listen: their threads end with the process.
SshNodes::~SshNodes() {
  impl_->stopping = true;
}

const std::vector<SshNodeAddress>& SshNodes::addresses() const {
  return impl_->addresses;
}

}  // namespace pvesim
