#include "audit/secrets.h"

#include <gtest/gtest.h>

namespace audit {
namespace {

using nlohmann::json;

constexpr const char* kSecretToken = "1f0c2a8e-5b7d-4c3e-9a61-0d2b7e4f8c19";

TEST(AuditSecrets, NamesThatCarrySecretsInTheProxmoxApi) {
  for (const char* name : {"password", "cipassword", "confirmation-password", "otp", "totp",
                           "secret", "token", "key", "keyring", "client-key", "eab-hmac-key",
                           "encryption-key", "Password", "CIPASSWORD", "smtp-passphrase"}) {
    EXPECT_TRUE(is_secret_name(name)) << name;
  }
}

TEST(AuditSecrets, PublicKeysAndIdsAreNotSecrets) {
  for (const char* name : {"sshkeys", "ssh-public-keys", "master-pubkey", "keys", "tokenid",
                           "ciuser", "keyboard", "node", "vmid", "hotplug", "lock-token"}) {
    EXPECT_FALSE(is_secret_name(name)) << name;
  }
}

TEST(AuditSecrets, SecretMembersAreReplacedAtAnyDepth) {
  const json args = {{"node", "pve1"},
                     {"password", "hunter2hunter2"},
                     {"sshkeys", "ssh-ed25519 AAAAC3Nza user@host"},
                     {"params", {{"cipassword", "s3cret!"}, {"ciuser", "admin"}}},
                     {"list", json::array({json{{"secret", "x"}}})}};
  EXPECT_EQ(without_secrets(args, kSecretToken),
            (json{{"node", "pve1"},
                  {"password", "[secret]"},
                  {"sshkeys", "ssh-ed25519 AAAAC3Nza user@host"},
                  {"params", {{"cipassword", "[secret]"}, {"ciuser", "admin"}}},
                  {"list", json::array({json{{"secret", "[secret]"}}})}}));
}

TEST(AuditSecrets, TheTokenSecretIsRemovedFromEveryStringAndName) {
  const std::string token = kSecretToken;
  const json args = {{"description", "token is " + token + "!"},
                     {token, 1},
                     {"argv", json::array({"echo", token})}};
  const std::string clean = without_secrets(args, token).dump();
  EXPECT_EQ(clean.find(token), std::string::npos) << clean;
  EXPECT_EQ(without_secrets(args, token), (json{{"description", "token is [secret]!"},
                                                {"[secret]", 1},
                                                {"argv", json::array({"echo", "[secret]"})}}));
}

TEST(AuditSecrets, OtherValuesPassUnchanged) {
  const json args = {{"vmid", 100}, {"force", true}, {"ratio", 0.5}, {"none", nullptr}};
  EXPECT_EQ(without_secrets(args, kSecretToken), args);
}

}  // namespace
}  // namespace audit
