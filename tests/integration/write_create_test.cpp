// create_vm and create_lxc against pve-sim: the exact requests PVE received and the guests
// that resulted.
#include <regex>

#include "pve/api.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

using Params = std::vector<std::pair<std::string, std::string>>;

const std::string kTemplate = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
const std::string kIso = "local:iso/alpine-virt-3.22.1-x86_64.iso";
const std::string kKey =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop";

std::string text(const json& config, const std::string& key) {
  if (!config.contains(key)) return "";
  return config[key].is_string() ? config[key].get<std::string>() : config[key].dump();
}

class WriteCreate : public WriteSimTest {};

TEST_F(WriteCreate, CreateVmWithUnitsIsoAndAgent) {
  ASSERT_FALSE(exists("pve1", "qemu", 106));
  clear();
  auto r = call("proxmox_create_vm", {{"node", "pve1"},
                                      {"name", "web-01"},
                                      {"memory", 1024},
                                      {"cores", 2},
                                      {"disk_size", "1.5G"},
                                      {"iso", kIso},
                                      {"agent", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{
                           {"GET", "/cluster/nextid", {}},
                           {"GET", "/nodes/pve1/storage", {}},
                           {"GET", "/nodes/pve1/storage/local/content", {{"content", "iso"}}},
                           {"POST",
                            "/nodes/pve1/qemu",
                            {{"vmid", "106"},
                             {"name", "web-01"},
                             {"memory", "1024"},
                             {"cores", "2"},
                             {"sockets", "1"},
                             {"ostype", "l26"},
                             {"scsihw", "virtio-scsi-single"},
                             {"scsi0", "local-lvm:1.5"},
                             {"net0", "virtio,bridge=vmbr0"},
                             {"ide2", kIso + ",media=cdrom"},
                             {"boot", "order=scsi0;ide2;net0"},
                             {"agent", "1"}}},
                           {"GET", "/nodes/pve1/qemu/106/pending", {}}}));
  json config = this->config("pve1", "qemu", 106);
  EXPECT_EQ(text(config, "name"), "web-01");
  EXPECT_EQ(text(config, "memory"), "1024");
  EXPECT_EQ(text(config, "cores"), "2");
  EXPECT_EQ(text(config, "agent"), "1");
  EXPECT_EQ(text(config, "boot"), "order=scsi0;ide2;net0");
  // 1.5 GiB, not the 15 GB the reference's digit-only parsing made of "1.5G".
  EXPECT_TRUE(std::regex_match(text(config, "scsi0"),
                               std::regex("local-lvm:vm-106-disk-0(,.*)?,size=1536M(,.*)?")))
      << text(config, "scsi0");
  EXPECT_TRUE(text(config, "ide2").starts_with(kIso + ",media=cdrom")) << text(config, "ide2");
  EXPECT_TRUE(
      std::regex_match(text(config, "net0"), std::regex("virtio=[0-9A-F:]{17},bridge=vmbr0")))
      << text(config, "net0");
  EXPECT_TRUE(contains(r.text, "🖥️  **QEMU VM Created**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **VM ID**: 106 (the next free ID)\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Disk**: scsi0, 1.5 GiB on local-lvm (local-lvm:vm-106-disk-0)"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **Network**: " + text(config, "net0") + "\n")) << r.text;
  EXPECT_EQ(r.structured["volume"], "local-lvm:vm-106-disk-0");
  EXPECT_EQ(r.structured["exitstatus"], "OK");
}

TEST_F(WriteCreate, CreateVmDiskSizeUnits) {
  int vmid = 120;
  for (auto [size, sent, stored] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"512M", "local-lvm:0.5", "size=512M"}, {"0.125T", "local-lvm:128", "size=128G"}}) {
    clear();
    auto r = call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", vmid}, {"disk_size", size}});
    ASSERT_FALSE(r.is_error) << r.text;
    Params params = std::get<2>(changes().at(1));
    EXPECT_EQ(params.at(7), (std::pair<std::string, std::string>{"scsi0", sent})) << size;
    EXPECT_TRUE(contains(text(config("pve1", "qemu", vmid), "scsi0"), stored))
        << size << ": " << text(config("pve1", "qemu", vmid), "scsi0");
    ++vmid;
  }
}

TEST_F(WriteCreate, CreateVmRefusalsSendNothing) {
  for (const json& args :
       {json{{"node", "pve1"}, {"vmid", 130}, {"disk_size", "lots"}},
        json{{"node", "pve1"}, {"vmid", 130}, {"net0", "virtio,bridge=vmbr0,x=1"}},
        json{{"node", "pve1"}, {"vmid", 130}, {"iso", "local:iso/a.iso,x=1"}},
        json{{"node", "pve1"}, {"vmid", 130}, {"ostype", "linux"}}}) {
    auto r = call("proxmox_create_vm", args);
    EXPECT_TRUE(r.is_error) << args;
  }
  EXPECT_TRUE(requests().empty());
  auto r = call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 130}, {"storage", "local"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'storage': storage 'local' on node pve1 does not hold VM disk images "
            "(its content types: iso,vztmpl,backup); storages there for VM disk images: "
            "local-lvm");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/storage", {}}}));
  EXPECT_FALSE(exists("pve1", "qemu", 130));
}

// The alpine ISO is on pve1's local storage only: on pve2 it is refused before the POST, with
// what pve2 has instead (Proxmox itself would create a VM whose CD does not exist).
TEST_F(WriteCreate, CreateVmWithAnIsoMissingOnTheNodeSendsNothing) {
  clear();
  auto r = call("proxmox_create_vm", {{"node", "pve2"}, {"vmid", 131}, {"iso", kIso}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'iso': " + kIso +
                        " is not on storage 'local' of node pve2; ISO images there: "
                        "local:iso/debian-13.1.0-amd64-netinst.iso");
  EXPECT_EQ(requests(), (std::vector<Request>{
                            {"GET", "/nodes/pve2/storage", {}},
                            {"GET", "/nodes/pve2/storage/local/content", {{"content", "iso"}}}}));
  EXPECT_FALSE(exists("pve2", "qemu", 131));
}

TEST_F(WriteCreate, CreateVmOnATakenIdIsAnErrorAndChangesNothing) {
  json before = config("pve1", "qemu", 100);
  clear();
  auto r = call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "already exists")) << r.text;
  EXPECT_EQ(config("pve1", "qemu", 100), before);
}

TEST_F(WriteCreate, CreateLxcHasANetworkAndKeyLoginAndNoPassword) {
  auto r = call("proxmox_create_lxc", {{"node", "pve1"},
                                       {"vmid", 140},
                                       {"ostemplate", kTemplate},
                                       {"hostname", "dns-02"},
                                       {"cores", 2},
                                       {"swap", 256},
                                       {"rootfs", "4G"},
                                       {"ssh_public_keys", kKey},
                                       {"onboot", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"GET", "/nodes/pve1/storage", {}},
                                             {"POST",
                                              "/nodes/pve1/lxc",
                                              {{"vmid", "140"},
                                               {"ostemplate", kTemplate},
                                               {"hostname", "dns-02"},
                                               {"memory", "512"},
                                               {"swap", "256"},
                                               {"cores", "2"},
                                               {"rootfs", "local-lvm:4"},
                                               {"net0", "name=eth0,bridge=vmbr0,ip=dhcp"},
                                               {"unprivileged", "1"},
                                               {"ssh-public-keys", kKey + "\n"},
                                               {"onboot", "1"}}},
                                             {"GET", "/nodes/pve1/lxc/140/pending", {}}}));
  json config = this->config("pve1", "lxc", 140);
  EXPECT_EQ(text(config, "hostname"), "dns-02");
  EXPECT_EQ(text(config, "cores"), "2");
  EXPECT_EQ(text(config, "swap"), "256");
  EXPECT_EQ(text(config, "unprivileged"), "1");
  EXPECT_EQ(text(config, "onboot"), "1");
  EXPECT_TRUE(std::regex_match(text(config, "rootfs"),
                               std::regex("local-lvm:vm-140-disk-0(,.*)?,size=4G(,.*)?")))
      << text(config, "rootfs");
  // The reference's containers had no NIC; this one has eth0 on vmbr0 with DHCP.
  const std::string net0 = text(config, "net0");
  EXPECT_TRUE(contains(net0, "name=eth0")) << net0;
  EXPECT_TRUE(contains(net0, "bridge=vmbr0")) << net0;
  EXPECT_TRUE(contains(net0, "ip=dhcp")) << net0;
  EXPECT_TRUE(contains(net0, "hwaddr=")) << net0;
  EXPECT_TRUE(contains(r.text, "📦 **LXC Container Created**")) << r.text;
  EXPECT_TRUE(contains(r.text,
                       "• **Root Login**: SSH with the given 1 key(s); no root password "
                       "is set\n"))
      << r.text;
  EXPECT_EQ(r.structured["root_password"], "none");
  EXPECT_EQ(r.structured["net0"], net0);
}

TEST_F(WriteCreate, CreateLxcGeneratedPasswordReachesProxmoxButNotTheAnswer) {
  auto r = call("proxmox_create_lxc",
                {{"node", "pve1"}, {"vmid", 141}, {"ostemplate", kTemplate}, {"start", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  Params params = std::get<2>(changes().at(1));
  auto it = std::find_if(params.begin(), params.end(),
                         [](const auto& p) { return p.first == "password"; });
  ASSERT_NE(it, params.end());
  EXPECT_TRUE(std::regex_match(it->second, std::regex("[A-Za-z0-9]{24}")));
  EXPECT_EQ(r.text.find(it->second), std::string::npos);
  EXPECT_EQ(r.structured.dump().find(it->second), std::string::npos);
  EXPECT_EQ(r.structured["root_password"], "generated");
  EXPECT_TRUE(contains(r.text, "`pct enter 141`")) << r.text;
  json config = this->config("pve1", "lxc", 141);
  EXPECT_FALSE(config.contains("password"));
  EXPECT_EQ(text(config, "hostname"), "ct141");
  json status = guest_get("pve1", "lxc", 141, "/status/current");
  EXPECT_EQ(status.value("status", ""), "running");
}

TEST_F(WriteCreate, CreateLxcPrivilegedWithStaticAddress) {
  auto r = call("proxmox_create_lxc",
                {{"node", "pve1"},
                 {"vmid", 142},
                 {"ostemplate", kTemplate},
                 {"password", "S3cret-Pass"},
                 {"unprivileged", false},
                 {"rootfs", "512M"},
                 {"net0", "name=eth0,bridge=vmbr0,ip=192.168.1.60/24,gw=192.168.1.1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  Params params = std::get<2>(changes().at(1));
  EXPECT_EQ(params.at(6), (std::pair<std::string, std::string>{"rootfs", "local-lvm:0.5"}));
  EXPECT_EQ(params.at(8), (std::pair<std::string, std::string>{"unprivileged", "0"}));
  EXPECT_EQ(params.at(9), (std::pair<std::string, std::string>{"password", "S3cret-Pass"}));
  EXPECT_EQ(r.text.find("S3cret"), std::string::npos);
  json config = this->config("pve1", "lxc", 142);
  EXPECT_FALSE(config.contains("unprivileged") && text(config, "unprivileged") == "1");
  EXPECT_TRUE(contains(text(config, "rootfs"), "size=512M")) << text(config, "rootfs");
  EXPECT_TRUE(contains(text(config, "net0"), "ip=192.168.1.60/24")) << text(config, "net0");
  EXPECT_TRUE(contains(text(config, "net0"), "gw=192.168.1.1")) << text(config, "net0");
}

TEST_F(WriteCreate, CreateLxcRefusesABadTemplateWithoutARequest) {
  auto r =
      call("proxmox_create_lxc",
           {{"node", "pve1"}, {"vmid", 143}, {"ostemplate", "local:vztmpl/x.tar.zst,size=100"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(requests().empty());
  EXPECT_FALSE(exists("pve1", "lxc", 143));
}

}  // namespace
}  // namespace integration
