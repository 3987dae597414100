// proxmox_create_vm against the scripted Api: exact requests, units, validation.
#include <gtest/gtest.h>

#include "create_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

TEST_F(CreateVm, SendsEveryParameterAndReportsWhatProxmoxMade) {
  h.api.on_get(kStoragePath, storages());
  h.api.on_get(kIsoContentPath, isos());
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u));
  h.api.on_get("/nodes/pve1/qemu/200/pending",
               pending_answer(json{{"scsi0", "local-lvm:vm-200-disk-0,size=1536M"},
                                   {"net0", "virtio=BC:24:11:00:00:01,bridge=vmbr0"}}));
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"},
                                        {"vmid", "200"},
                                        {"name", "test-vm"},
                                        {"memory", 1024},
                                        {"cores", 2},
                                        {"disk_size", "1.5G"},
                                        {"iso", "local:iso/debian-12.iso"},
                                        {"agent", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kStoragePath, {}},
                                              {"GET", kIsoContentPath, {{"content", "iso"}}},
                                              {"POST",
                                               "/nodes/pve1/qemu",
                                               {{"vmid", "200"},
                                                {"name", "test-vm"},
                                                {"memory", "1024"},
                                                {"cores", "2"},
                                                {"sockets", "1"},
                                                {"ostype", "l26"},
                                                {"scsihw", "virtio-scsi-single"},
                                                {"scsi0", "local-lvm:1.5"},
                                                {"net0", "virtio,bridge=vmbr0"},
                                                {"ide2", "local:iso/debian-12.iso,media=cdrom"},
                                                {"boot", "order=scsi0;ide2;net0"},
                                                {"agent", "1"}}},
                                              {"GET", status_path(u), {}},
                                              {"GET", "/nodes/pve1/qemu/200/pending", {}}}));
  EXPECT_EQ(r.text,
            "🖥️  **QEMU VM Created**\n\n"
            "• **VM ID**: 200\n• **Name**: test-vm\n• **Node**: pve1\n• **Memory**: 1024 MiB\n"
            "• **CPU**: 1 socket(s), 2 core(s)\n• **OS Type**: l26\n"
            "• **Disk**: scsi0, 1.5 GiB on local-lvm (local-lvm:vm-200-disk-0)\n"
            "• **Network**: virtio=BC:24:11:00:00:01,bridge=vmbr0\n"
            "• **ISO**: local:iso/debian-12.iso\n"
            "• **Guest Agent**: enabled (install qemu-guest-agent in the guest)\n"
            "• **Task ID**: " +
                u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["vmid"], 200);
  EXPECT_EQ(r.structured["type"], "qemu");
  EXPECT_EQ(r.structured["vmid_source"], "given");
  EXPECT_EQ(r.structured["size_gib"], 1.5);
  EXPECT_EQ(r.structured["volume"], "local-lvm:vm-200-disk-0");
  EXPECT_EQ(r.structured["net0"], "virtio=BC:24:11:00:00:01,bridge=vmbr0");
  EXPECT_EQ(r.structured["sent"]["scsi0"], "local-lvm:1.5");
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_EQ(r.structured["succeeded"], true);
}

TEST_F(CreateVm, DiskSizeUnderstandsUnits) {
  // The reference kept only the digits: "1.5G" became 15 GB, "512M" 512 GB, "1T" 1 GB.
  for (auto [size, disk] :
       std::vector<std::pair<json, std::string>>{{json("1.5G"), "local-lvm:1.5"},
                                                 {json("512M"), "local-lvm:0.5"},
                                                 {json("1T"), "local-lvm:1024"},
                                                 {json("20"), "local-lvm:20"},
                                                 {json(20), "local-lvm:20"},
                                                 {json(0.25), "local-lvm:0.25"},
                                                 {json("2GiB"), "local-lvm:2"},
                                                 {json("64gb"), "local-lvm:64"},
                                                 {json("100M"), "local-lvm:0.09765625"},
                                                 {json("1.5t"), "local-lvm:1536"}}) {
    Harness e{policy::Settings{policy::Mode::elevated, false}};
    e.api.on_get(kStoragePath, storages());
    e.api.on("POST", "/nodes/pve1/qemu", u);
    e.api.on_get(status_path(u), stopped(u));
    auto r = e.call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 200}, {"disk_size", size}});
    ASSERT_FALSE(r.is_error) << size << ": " << r.text;
    ASSERT_EQ(e.api.calls().size(), 4u);
    const pve::Params params = e.api.calls()[1].params;
    auto it = std::find_if(params.begin(), params.end(),
                           [](const auto& p) { return p.first == "scsi0"; });
    ASSERT_NE(it, params.end());
    EXPECT_EQ(it->second, disk) << size;
  }
}

TEST_F(CreateVm, DiskSizeGarbageIsRefusedBeforeAnyRequest) {
  for (const json& size :
       {json("abc"), json("10X"), json("-5G"), json("0"), json("0G"), json(""), json("1e3"),
        json("8 G"), json("1.5G,cache=none"), json(-1), json(0), json("1.1234567G"), json(true),
        json("1."), json("1234567890"), json("G"), json("5GiBx"), json("5Bi"), json(".5G")}) {
    auto r = h.call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 200}, {"disk_size", size}});
    EXPECT_TRUE(r.is_error) << size;
    EXPECT_EQ(r.text,
              "Invalid argument 'disk_size': must be a size such as \"8G\", \"1.5G\", \"512M\" or "
              "\"1T\" (a bare number is GiB; at most 6 decimals)")
        << size;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(CreateVm, RefusesSmuggledOptionsAndUnknownValuesBeforeAnyRequest) {
  struct Case {
    const char* key;
    json value;
    std::string error;
  };
  const std::string iso_rule =
      "Invalid argument 'iso': must be an ISO volume such as local:iso/debian-12.iso "
      "(<storage>:iso/<file>.iso or .img, without ',' '=' or control characters)";
  for (const Case& c : std::vector<Case>{
           {"storage", "local-lvm,format=raw",
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')"},
           {"iso", "local:iso/debian.iso,media=disk", iso_rule},
           {"iso", "local:iso/debian.iso\nide3=x", iso_rule},
           {"iso", "local:images/debian.qcow2", iso_rule},
           {"iso", "local:iso/../../etc/passwd.iso", iso_rule},
           {"iso", "/var/lib/vz/template/iso/debian.iso", iso_rule},
           {"ostype", "linux",
            "Invalid argument 'ostype': must be one of: other, wxp, w2k, w2k3, w2k8, wvista, "
            "win7, win8, win10, win11, l24, l26, solaris"},
           {"net0", "virtio,bridge=vmbr0,evil=1",
            "Invalid argument 'net0': network device: unknown option 'evil'"},
           {"net0", "bridge=vmbr0", ""},
           {"net0", "virtio,bridge=vmbr0,tag=4095", ""},
           {"net0", "virtio=01:00:5E:00:00:01,bridge=vmbr0", ""},
           {"name", "bad_name",
            "Invalid argument 'name': must be a DNS name such as web-01 or web-01.example.com "
            "(letters, digits and inner hyphens; labels of at most 63 characters separated by "
            "dots)"},
           {"cpu", "host,flags=+aes",
            "Invalid argument 'cpu': must be a CPU type name such as host, x86-64-v2-AES or "
            "custom-mine (letters, digits, '_', '.', '+', '-')"},
           {"scsihw", "virtio-scsi-single,x=1",
            "Invalid argument 'scsihw': must be one of: lsi, lsi53c810, virtio-scsi-pci, "
            "virtio-scsi-single, megasas, pvscsi"},
           {"memory", 8, "Invalid argument 'memory': must be an integer between 16 and 4194304"},
           {"vmid", "100abc", ""}}) {
    json args = {{"node", "pve1"}, {"vmid", 200}};
    args[c.key] = c.value;
    auto r = h.call("proxmox_create_vm", args);
    EXPECT_TRUE(r.is_error) << c.key << " " << c.value;
    if (!c.error.empty()) {
      EXPECT_EQ(r.text, c.error);
    } else {
      EXPECT_TRUE(Contains(r.text, std::string("Invalid argument '") + c.key + "'"));
    }
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(CreateVm, TakesTheNextFreeIdAndSendsTheDefaults) {
  h.api.on_get("/cluster/nextid", "105");  // Proxmox sends it as a string
  script_success(105);
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[0], (Call{"GET", "/cluster/nextid", {}}));
  EXPECT_EQ(sent(), (pve::Params{{"vmid", "105"},
                                 {"name", "vm105"},
                                 {"memory", "512"},
                                 {"cores", "1"},
                                 {"sockets", "1"},
                                 {"ostype", "l26"},
                                 {"scsihw", "virtio-scsi-single"},
                                 {"scsi0", "local-lvm:8"},
                                 {"net0", "virtio,bridge=vmbr0"},
                                 {"boot", "order=scsi0;net0"}}));
  EXPECT_TRUE(Contains(r.text, "• **VM ID**: 105 (the next free ID)\n• **Name**: vm105\n"));
  EXPECT_TRUE(Contains(r.text, "• **Guest Agent**: not enabled\n"));
  EXPECT_EQ(r.structured["vmid_source"], "nextid");
  EXPECT_EQ(r.structured["vmid"], 105);
}

TEST_F(CreateVm, OptionalSettingsReachProxmox) {
  script_success();
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"},
                                        {"vmid", 200},
                                        {"storage", "tank"},
                                        {"ostype", "win11"},
                                        {"sockets", 2},
                                        {"net0", "e1000=BC:24:11:AA:BB:CC,bridge=vmbr1,tag=20"},
                                        {"scsihw", "lsi"},
                                        {"cpu", "host"},
                                        {"start", true},
                                        {"onboot", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(sent(), (pve::Params{{"vmid", "200"},
                                 {"name", "vm200"},
                                 {"memory", "512"},
                                 {"cores", "1"},
                                 {"sockets", "2"},
                                 {"ostype", "win11"},
                                 {"scsihw", "lsi"},
                                 {"scsi0", "tank:8"},
                                 {"net0", "e1000=BC:24:11:AA:BB:CC,bridge=vmbr1,tag=20"},
                                 {"boot", "order=scsi0;net0"},
                                 {"cpu", "host"},
                                 {"start", "1"},
                                 {"onboot", "1"}}));
  EXPECT_TRUE(Contains(r.text, "• **CPU**: 2 socket(s), 1 core(s), type host\n"));
  EXPECT_TRUE(Contains(r.text, "• **Start**: after creation\n• **Start at Boot**: yes\n"));
}

TEST_F(CreateVm, StorageMustBeOnTheNodeAndHoldTheContent) {
  struct Case {
    json args;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {{{"storage", "nfs-far"}},
            "Invalid argument 'storage': storage 'nfs-far' is not available on node pve1; "
            "storages there for VM disk images: local-lvm, tank"},
           {{{"storage", "local"}},
            "Invalid argument 'storage': storage 'local' on node pve1 does not hold VM disk "
            "images (its content types: iso,vztmpl,backup); storages there for VM disk images: "
            "local-lvm, tank"},
           {{{"iso", "tank:iso/debian.iso"}},
            "Invalid argument 'iso': storage 'tank' on node pve1 does not hold ISO images (its "
            "content types: images); storages there for ISO images: local"}}) {
    Harness e{policy::Settings{policy::Mode::elevated, false}};
    e.api.on_get(kStoragePath, storages());
    json args = {{"node", "pve1"}, {"vmid", 200}};
    args.update(c.args);
    auto r = e.call("proxmox_create_vm", args);
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text, c.error);
    EXPECT_EQ(e.api.calls(), (std::vector<Call>{{"GET", kStoragePath, {}}}));
  }
}

TEST_F(CreateVm, AnIsoMissingFromItsStorageIsRefusedBeforeThePost) {
  h.api.on_get(kStoragePath, storages());
  h.api.on_get(kIsoContentPath, isos());
  auto r = h.call("proxmox_create_vm",
                  {{"node", "pve1"}, {"vmid", 200}, {"iso", "local:iso/debian-13.iso"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'iso': local:iso/debian-13.iso is not on storage 'local' of node "
            "pve1; ISO images there: local:iso/alpine.iso, local:iso/debian-12.iso");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kStoragePath, {}},
                                              {"GET", kIsoContentPath, {{"content", "iso"}}}}));
}

// Listing a storage needs Datastore.Audit or Datastore.AllocateSpace, which a token that may
// create VMs does not necessarily have: then Proxmox alone decides.
TEST_F(CreateVm, AnUnreadableIsoListLeavesTheCheckToProxmox) {
  h.api.on_get(kStoragePath, storages());
  h.api.fail_get(kIsoContentPath,
                 pve::Error(pve::ErrorKind::kPermission, 403,
                            "Permission check failed (/storage/local, "
                            "Datastore.Audit|Datastore.AllocateSpace)",
                            "the API token lacks Datastore.Audit or Datastore.AllocateSpace on "
                            "/storage/local"));
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u));
  auto r = h.call("proxmox_create_vm",
                  {{"node", "pve1"}, {"vmid", 200}, {"iso", "local:iso/debian-13.iso"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[2].method, "POST");
}

TEST_F(CreateVm, AnUnreadableStorageListLeavesTheCheckToProxmox) {
  h.api.fail_get(kStoragePath, pve::Error(pve::ErrorKind::kPermission, 403,
                                          "Permission check "
                                          "failed",
                                          "Permission denied (Datastore.Audit)"));
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u));
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 200}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1].method, "POST");
}

TEST_F(CreateVm, AFailedTaskIsAnErrorWithTheLog) {
  h.api.on_get(kStoragePath, storages());
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u, "unable to create VM 200 - no space left"));
  h.api.on_get_envelope(log_path(u),
                        json::parse(R"({"data":[{"n":1,"t":"TASK ERROR: no space left"}],
                                        "total":1})"));
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 200}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(r.text.starts_with("❌ **QEMU VM Creation Failed**\n\n• **VM ID**: 200\n")) << r.text;
  EXPECT_TRUE(Contains(r.text, "• **Result**: ❌ unable to create VM 200 - no space left\n"));
  EXPECT_TRUE(Contains(r.text, "TASK ERROR: no space left\n"));
  EXPECT_EQ(h.api.calls().back().path, log_path(u));
}

TEST_F(CreateVm, NotWaitingSaysItOnlyStarted) {
  h.api.on_get(kStoragePath, storages());
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), json{{"upid", u}, {"node", "pve1"}, {"status", "running"}});
  auto r = h.call("proxmox_create_vm", {{"node", "pve1"}, {"vmid", 200}, {"wait", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(r.text.starts_with("🖥️  **QEMU VM Creation Started**\n")) << r.text;
  EXPECT_EQ(r.structured["status"], "running");
  EXPECT_FALSE(r.structured.contains("volume"));
}

TEST_F(CreateVm, BasicModeRefusesWithoutARequest) {
  Harness basic;
  EXPECT_FALSE(basic.tool("proxmox_create_vm").listed);
  EXPECT_FALSE(basic.tool("proxmox_create_lxc").listed);
  for (const char* name : {"proxmox_create_vm", "proxmox_create_lxc"}) {
    auto r = basic.call(name, {{"node", "pve1"}, {"ostemplate", "local:vztmpl/d.tar.zst"}});
    EXPECT_TRUE(r.is_error);
    EXPECT_TRUE(Contains(r.text, "requires elevated mode")) << r.text;
    EXPECT_TRUE(Contains(r.text, "VM.Allocate")) << r.text;
  }
  EXPECT_TRUE(basic.api.calls().empty());
  const mcp::Tool& t = h.tool("proxmox_create_vm");
  EXPECT_FALSE(t.annotations.destructive);
  EXPECT_FALSE(t.annotations.idempotent);
  EXPECT_EQ(t.input_schema["required"], json::array({"node"}));
}

}  // namespace
}  // namespace tools::testing
