// libssh (Debian's libssh-4), loaded when first needed: the functions an SSH command runner calls.
#pragma once

#include <string>

#include <libssh/libssh.h>

namespace ssh {

// libssh 0.11 deprecates ssh_channel_get_exit_status (for ssh_channel_get_exit_state); 0.10,
// Debian 12's, has only the former, which is what is looked up here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
struct Libssh {
  decltype(&::ssh_new) new_session = nullptr;
  decltype(&::ssh_free) free_session = nullptr;
  decltype(&::ssh_options_set) options_set = nullptr;
  decltype(&::ssh_connect) connect = nullptr;
  decltype(&::ssh_disconnect) disconnect = nullptr;
  decltype(&::ssh_get_error) get_error = nullptr;
  decltype(&::ssh_session_is_known_server) is_known_server = nullptr;
  decltype(&::ssh_get_server_publickey) server_publickey = nullptr;
  decltype(&::ssh_get_publickey_hash) publickey_hash = nullptr;
  decltype(&::ssh_get_fingerprint_hash) fingerprint_hash = nullptr;
  decltype(&::ssh_clean_pubkey_hash) clean_pubkey_hash = nullptr;
  decltype(&::ssh_string_free_char) free_char = nullptr;
  decltype(&::ssh_key_free) key_free = nullptr;
  decltype(&::ssh_pki_import_privkey_file) import_privkey_file = nullptr;
  decltype(&::ssh_userauth_publickey) userauth_publickey = nullptr;
  decltype(&::ssh_channel_new) channel_new = nullptr;
  decltype(&::ssh_channel_open_session) channel_open_session = nullptr;
  decltype(&::ssh_channel_request_exec) channel_request_exec = nullptr;
  decltype(&::ssh_channel_read_timeout) channel_read_timeout = nullptr;
  decltype(&::ssh_channel_read_nonblocking) channel_read_nonblocking = nullptr;
  decltype(&::ssh_channel_is_eof) channel_is_eof = nullptr;
  decltype(&::ssh_channel_get_exit_status) channel_exit_status = nullptr;
  decltype(&::ssh_channel_request_send_signal) channel_send_signal = nullptr;
  decltype(&::ssh_channel_close) channel_close = nullptr;
  decltype(&::ssh_channel_free) channel_free = nullptr;
  decltype(&::ssh_channel_send_eof) channel_send_eof = nullptr;
  // Why libssh cannot be used (not installed, too old), or "".
  std::string problem;
};
#pragma GCC diagnostic pop

// Loaded once, on the first call.
const Libssh& libssh();

}  // namespace ssh
