// proxmox_create_lxc against the scripted Api: exact requests, network, secrets.
#include <regex>

#include <gtest/gtest.h>

#include "create_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

TEST_F(CreateLxc, GivesTheContainerANetworkAndKeyLoginByDefault) {
  script_success();
  json args = base();
  args["ssh_public_keys"] = kKey;
  auto r = h.call("proxmox_create_lxc", args);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kStoragePath, {}},
                                              {"POST",
                                               "/nodes/pve1/lxc",
                                               {{"vmid", "115"},
                                                {"ostemplate", kTemplate},
                                                {"hostname", "ct115"},
                                                {"memory", "512"},
                                                {"swap", "512"},
                                                {"cores", "1"},
                                                {"rootfs", "local-lvm:8"},
                                                {"net0", "name=eth0,bridge=vmbr0,ip=dhcp"},
                                                {"unprivileged", "1"},
                                                {"ssh-public-keys", kKey + "\n"}}},
                                              {"GET", status_path(u), {}},
                                              {"GET", "/nodes/pve1/lxc/115/pending", {}}}));
  EXPECT_EQ(r.text,
            "📦 **LXC Container Created**\n\n"
            "• **VM ID**: 115\n• **Hostname**: ct115\n• **Node**: pve1\n"
            "• **Template**: " +
                kTemplate +
                "\n• **Memory**: 512 MiB, swap 512 MiB\n• **Cores**: 1\n"
                "• **Root Disk**: 8 GiB on local-lvm (local-lvm:vm-115-disk-0)\n"
                "• **Network**: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:09,ip=dhcp,type=veth\n"
                "• **Unprivileged**: yes\n"
                "• **Root Login**: SSH with the given 1 key(s); no root password is set\n"
                "• **Task ID**: " +
                u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["root_password"], "none");
  EXPECT_EQ(r.structured["ssh_keys"], 1);
  EXPECT_EQ(r.structured["volume"], "local-lvm:vm-115-disk-0");
  EXPECT_EQ(r.structured["sent"]["net0"], "name=eth0,bridge=vmbr0,ip=dhcp");
}

TEST_F(CreateLxc, AGeneratedPasswordIsSetButNeverShown) {
  script_success();
  auto r = h.call("proxmox_create_lxc", base());
  ASSERT_FALSE(r.is_error) << r.text;
  pve::Params params = sent();
  auto it = std::find_if(params.begin(), params.end(),
                         [](const auto& p) { return p.first == "password"; });
  ASSERT_NE(it, params.end());
  const std::string password = it->second;
  EXPECT_TRUE(std::regex_match(password, std::regex("[A-Za-z0-9]{24}"))) << password;
  EXPECT_EQ(r.text.find(password), std::string::npos);
  EXPECT_EQ(r.structured.dump().find(password), std::string::npos);
  EXPECT_FALSE(r.structured["sent"].contains("password"));
  EXPECT_EQ(r.structured["root_password"], "generated");
  EXPECT_TRUE(Contains(r.text,
                       "• **Root Password**: a random one was set and is not shown. To get in, "
                       "run `pct enter 115` in a shell on node pve1, then `passwd` to choose your "
                       "own (or create it with ssh_public_keys)\n"));
  // A second container gets another password.
  Harness again{policy::Settings{policy::Mode::elevated, false}};
  again.api.on_get(kStoragePath, storages());
  again.api.on("POST", "/nodes/pve1/lxc", u);
  again.api.on_get(status_path(u), stopped(u));
  ASSERT_FALSE(again.call("proxmox_create_lxc", base()).is_error);
  const std::vector<Call> calls = again.api.calls();
  ASSERT_EQ(calls.size(), 4u);  // storages, create, task, config (unscripted here)
  for (const auto& [key, value] : calls[1].params) {
    if (key == "password") {
      EXPECT_NE(value, password);
    }
  }
}

TEST_F(CreateLxc, AGivenPasswordIsSentButNeverShown) {
  script_success();
  json args = base();
  args["password"] = "S3cret-Pass";
  args["ssh_public_keys"] = kKey + "\n" + kKey + "2";
  auto r = h.call("proxmox_create_lxc", args);
  ASSERT_FALSE(r.is_error) << r.text;
  pve::Params params = sent();
  EXPECT_EQ(params[9], (std::pair<std::string, std::string>{"password", "S3cret-Pass"}));
  EXPECT_EQ(params[10],
            (std::pair<std::string, std::string>{"ssh-public-keys", kKey + "\n" + kKey + "2\n"}));
  EXPECT_EQ(r.text.find("S3cret"), std::string::npos);
  EXPECT_EQ(r.structured.dump().find("S3cret"), std::string::npos);
  EXPECT_TRUE(Contains(r.text,
                       "• **Root Password**: set as given (not shown)\n"
                       "• **SSH Keys**: 2 key(s) for root\n"));
  EXPECT_EQ(r.structured["root_password"], "given");
}

TEST_F(CreateLxc, EverySettingReachesProxmox) {
  script_success();
  json args = base();
  args.update({{"hostname", "web-01.example.com"},
               {"memory", 2048},
               {"swap", 0},
               {"cores", 4},
               {"storage", "local-lvm"},
               {"rootfs", "512M"},
               {"net0", "name=eth0,bridge=vmbr1,ip=10.0.0.5/24,gw=10.0.0.1,tag=30"},
               {"unprivileged", false},
               {"ssh_public_keys", kKey + "\r\n\n"},
               {"start", true},
               {"onboot", true}});
  auto r = h.call("proxmox_create_lxc", args);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(sent(),
            (pve::Params{{"vmid", "115"},
                         {"ostemplate", kTemplate},
                         {"hostname", "web-01.example.com"},
                         {"memory", "2048"},
                         {"swap", "0"},
                         {"cores", "4"},
                         {"rootfs", "local-lvm:0.5"},
                         {"net0", "name=eth0,bridge=vmbr1,ip=10.0.0.5/24,gw=10.0.0.1,tag=30"},
                         {"unprivileged", "0"},
                         {"ssh-public-keys", kKey + "\n"},
                         {"start", "1"},
                         {"onboot", "1"}}));
  EXPECT_TRUE(Contains(r.text, "• **Unprivileged**: no (privileged container)\n"));
  EXPECT_TRUE(Contains(r.text, "• **Start**: after creation\n• **Start at Boot**: yes\n"));
}

TEST_F(CreateLxc, TakesTheNextFreeId) {
  h.api.on_get("/cluster/nextid", 115);
  script_success();
  json args = base();
  args.erase("vmid");
  args["password"] = "hunter22";
  auto r = h.call("proxmox_create_lxc", args);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[0], (Call{"GET", "/cluster/nextid", {}}));
  EXPECT_EQ(sent()[0], (std::pair<std::string, std::string>{"vmid", "115"}));
  EXPECT_TRUE(Contains(r.text, "• **VM ID**: 115 (the next free ID)\n• **Hostname**: ct115\n"));
}

TEST_F(CreateLxc, RefusesBadValuesBeforeAnyRequest) {
  const std::string template_rule =
      "Invalid argument 'ostemplate': must be a container template volume such as "
      "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst (<storage>:vztmpl/<file>.tar.gz, "
      ".tar.xz, .tar.zst or .tar.bz2; proxmox_list_templates lists them)";
  const std::string key_rule =
      "is not an OpenSSH public key (\"<type> <base64> [comment]\", such as \"ssh-ed25519 "
      "AAAAC3Nz… user@host\")";
  struct Case {
    const char* key;
    json value;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {"ostemplate", "local:vztmpl/debian.tar.zst,size=100", template_rule},
           {"ostemplate", "local:iso/debian.iso", template_rule},
           {"ostemplate", "local:vztmpl/../debian.tar.zst", template_rule},
           {"ostemplate", "debian-12", template_rule},
           {"storage", "local-lvm,size=1",
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')"},
           {"net0", "bridge=vmbr0,ip=dhcp",
            "Invalid argument 'net0': container network device: 'name' is required, such as "
            "'name=eth0,bridge=vmbr0,ip=dhcp'"},
           {"net0", "name=eth0,bridge=vmbr0,ip=dhcp,evil=1",
            "Invalid argument 'net0': container network device: unknown option 'evil'"},
           {"net0", "name=eth0,bridge=vmbr0,ip=300.1.1.1/24", ""},
           {"hostname", "web_01", ""},
           {"hostname", "a..b", ""},
           {"ssh_public_keys", "not a key",
            "Invalid argument 'ssh_public_keys': line 1 " + key_rule},
           {"ssh_public_keys", kKey + "\nssh-rsa AAAA\x01x",
            "Invalid argument 'ssh_public_keys': line 2 " + key_rule},
           {"ssh_public_keys", json::array({kKey}),
            "Invalid argument 'ssh_public_keys': must be a string"},
           {"ssh_public_keys", "\n\n", "Invalid argument 'ssh_public_keys': holds no key"},
           {"ssh_public_keys", "ssh-ed25519 AAAA=A",
            "Invalid argument 'ssh_public_keys': line 1 " + key_rule},
           {"ssh_public_keys",
            "ssh-ed25519 AAAA====", "Invalid argument 'ssh_public_keys': line 1 " + key_rule},
           {"ssh_public_keys", "ssh-foo AAAA",
            "Invalid argument 'ssh_public_keys': line 1 " + key_rule},
           {"ssh_public_keys", "ssh-ed25519 " + std::string(16373, 'A'),
            "Invalid argument 'ssh_public_keys': line 1 " + key_rule},
           {"rootfs", "lots",
            "Invalid argument 'rootfs': must be a size such as \"8G\", \"1.5G\", \"512M\" or "
            "\"1T\" (a bare number is GiB; at most 6 decimals)"},
           {"cores", 0, "Invalid argument 'cores': must be an integer between 1 and 8192"},
           {"swap", -1, "Invalid argument 'swap': must be an integer between 0 and 4194304"},
           {"unprivileged", "yes", "Invalid argument 'unprivileged': must be true or false"}}) {
    json args = base();
    args[c.key] = c.value;
    auto r = h.call("proxmox_create_lxc", args);
    EXPECT_TRUE(r.is_error) << c.key << " " << c.value;
    if (!c.error.empty()) {
      EXPECT_EQ(r.text, c.error);
    } else {
      EXPECT_TRUE(Contains(r.text, std::string("Invalid argument '") + c.key + "'"));
    }
  }
  auto missing = h.call("proxmox_create_lxc", {{"node", "pve1"}, {"vmid", 115}});
  EXPECT_EQ(missing.text, "Invalid argument 'ostemplate': is required");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(CreateLxc, ABadPasswordIsRefusedWithoutRepeatingIt) {
  for (const char* password : {"abc", "long-enough\nroot2:pw"}) {
    json args = base();
    args["password"] = password;
    auto r = h.call("proxmox_create_lxc", args);
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text,
              "Invalid argument 'password': must be 5 to 256 characters without control "
              "characters");
  }
  EXPECT_TRUE(h.api.calls().empty());
}

// PVE's minLength counts characters, as the schema this server once advertised did: four
// two-byte characters (8 bytes) are too short, five are enough; the maximum counts them too.
TEST_F(CreateLxc, APasswordsLengthIsCountedInCharactersNotBytes) {
  auto repeat = [](std::string_view piece, int times) {
    std::string text;
    for (int i = 0; i < times; ++i) text += piece;
    return text;
  };
  for (const std::string& password : {repeat("é", 4), repeat("🔑", 2), repeat("é", 257)}) {
    json args = base();
    args["password"] = password;
    auto r = h.call("proxmox_create_lxc", args);
    EXPECT_TRUE(r.is_error) << password;
    EXPECT_EQ(r.text,
              "Invalid argument 'password': must be 5 to 256 characters without control "
              "characters");
  }
  EXPECT_TRUE(h.api.calls().empty());

  for (const std::string& password : {repeat("é", 5), repeat("é", 256)}) {
    Harness e{policy::Settings{policy::Mode::elevated, false}};
    e.api.on_get(kStoragePath, storages());
    e.api.on("POST", "/nodes/pve1/lxc", u);
    e.api.on_get(status_path(u), stopped(u));
    json args = base();
    args["password"] = password;
    auto r = e.call("proxmox_create_lxc", args);
    ASSERT_FALSE(r.is_error) << r.text;
    const pve::Params sent = e.api.calls().at(1).params;
    EXPECT_NE(std::find(sent.begin(), sent.end(),
                        std::pair<std::string, std::string>{"password", password}),
              sent.end());
  }
}

TEST_F(CreateLxc, TemplateAndRootDiskStoragesAreChecked) {
  h.api.on_get(kStoragePath, storages());
  json args = base();
  args["storage"] = "tank";
  auto r = h.call("proxmox_create_lxc", args);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'storage': storage 'tank' on node pve1 does not hold container "
            "volumes (its content types: images); storages there for container volumes: "
            "local-lvm");
  Harness e{policy::Settings{policy::Mode::elevated, false}};
  e.api.on_get(kStoragePath, storages());
  args = base();
  args["ostemplate"] = "tank:vztmpl/debian.tar.gz";
  r = e.call("proxmox_create_lxc", args);
  EXPECT_EQ(r.text,
            "Invalid argument 'ostemplate': storage 'tank' on node pve1 does not hold container "
            "templates (its content types: images); storages there for container templates: "
            "local");
  EXPECT_EQ(e.api.calls(), (std::vector<Call>{{"GET", kStoragePath, {}}}));
}

}  // namespace
}  // namespace tools::testing
