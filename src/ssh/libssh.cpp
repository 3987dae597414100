#include "ssh/libssh.h"

#include "ossl/dynamic_library.h"

namespace ssh {

const Libssh& libssh() {
  static const Libssh loaded = [] {
    ossl::DynamicLibrary library("libssh.so.4");
    Libssh l;
    library.resolve("ssh_new", l.new_session);
    library.resolve("ssh_free", l.free_session);
    library.resolve("ssh_options_set", l.options_set);
    library.resolve("ssh_connect", l.connect);
    library.resolve("ssh_disconnect", l.disconnect);
    library.resolve("ssh_get_error", l.get_error);
    library.resolve("ssh_session_is_known_server", l.is_known_server);
    library.resolve("ssh_get_server_publickey", l.server_publickey);
    library.resolve("ssh_get_publickey_hash", l.publickey_hash);
    library.resolve("ssh_get_fingerprint_hash", l.fingerprint_hash);
    library.resolve("ssh_clean_pubkey_hash", l.clean_pubkey_hash);
    library.resolve("ssh_string_free_char", l.free_char);
    library.resolve("ssh_key_free", l.key_free);
    library.resolve("ssh_pki_import_privkey_file", l.import_privkey_file);
    library.resolve("ssh_userauth_publickey", l.userauth_publickey);
    library.resolve("ssh_channel_new", l.channel_new);
    library.resolve("ssh_channel_open_session", l.channel_open_session);
    library.resolve("ssh_channel_request_exec", l.channel_request_exec);
    library.resolve("ssh_channel_read_timeout", l.channel_read_timeout);
    library.resolve("ssh_channel_read_nonblocking", l.channel_read_nonblocking);
    library.resolve("ssh_channel_is_eof", l.channel_is_eof);
    library.resolve("ssh_channel_get_exit_status", l.channel_exit_status);
    library.resolve("ssh_channel_request_send_signal", l.channel_send_signal);
    library.resolve("ssh_channel_close", l.channel_close);
    library.resolve("ssh_channel_free", l.channel_free);
    library.resolve("ssh_channel_send_eof", l.channel_send_eof);
    l.problem = library.problem();
    if (!l.problem.empty()) l.problem += " (install Debian's libssh-4 package)";
    return l;
  }();
  return loaded;
}

}  // namespace ssh
