#include "pve/encoding.h"

#include <gtest/gtest.h>

#include "pve/api.h"

namespace pve {
namespace {

TEST(PathTest, KeepsUnreservedCharacters) {
  EXPECT_EQ(path({"nodes", "pve-1", "qemu", "100", "status", "current"}),
            "/nodes/pve-1/qemu/100/status/current");
  EXPECT_EQ(path({"a.b_c~d"}), "/a.b_c~d");
}

TEST(PathTest, EncodesUpidSeparators) {
  EXPECT_EQ(path({"nodes", "pve1", "tasks",
                  "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:", "status"}),
            "/nodes/pve1/tasks/"
            "UPID%3Apve1%3A0003A1F2%3A0B3C4D5E%3A66F1E2A0%3Aqmstart%3A100%3Aroot%40pam%21mcp%3A/"
            "status");
}

TEST(PathTest, EncodesSlashesInVolumeIds) {
  EXPECT_EQ(path({"nodes", "pve1", "storage", "local", "content",
                  "local:backup/vzdump-qemu-100.vma.zst"}),
            "/nodes/pve1/storage/local/content/local%3Abackup%2Fvzdump-qemu-100.vma.zst");
}

TEST(PathTest, EncodesTraversalAndQueryCharacters) {
  EXPECT_EQ(path({"nodes", "../../access", "qemu?x=1#y"}),
            "/nodes/..%2F..%2Faccess/qemu%3Fx%3D1%23y");
  EXPECT_EQ(path({"a b", "ü"}), "/a%20b/%C3%BC");
  EXPECT_EQ(path({}), "");
}

TEST(ParamsJsonTest, ARepeatedParameterKeepsEveryValueInOrder) {
  EXPECT_EQ(params_json({{"command", "rm"}, {"command", "-rf"}, {"command", "/"}, {"x", "1"}}),
            (nlohmann::json{{"command", {"rm", "-rf", "/"}}, {"x", "1"}}));
  EXPECT_NE(params_json({{"command", "echo"}, {"command", "/"}}),
            params_json({{"command", "rm"}, {"command", "/"}}));
  EXPECT_EQ(params_json({}), nlohmann::json::object());
}

TEST(EncodeParamsTest, KeepsOrderRepeatsKeysAndEncodesValues) {
  Params params{{"command", "ls"},
                {"command", "-la"},
                {"description", "a b&c=d+e/f"},
                param_bool("force", true),
                param_bool("purge", false)};
  EXPECT_EQ(encode_params(params),
            "command=ls&command=-la&description=a%20b%26c%3Dd%2Be%2Ff&force=1&purge=0");
  EXPECT_EQ(encode_params({}), "");
  EXPECT_EQ(encode_params({{"net0", "virtio,bridge=vmbr0"}}), "net0=virtio%2Cbridge%3Dvmbr0");
}

TEST(PercentDecodeTest, InvertsEncodingAndKeepsMalformedEscapes) {
  EXPECT_EQ(percent_decode("UPID%3Apve1%21x"), "UPID:pve1!x");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(BaseUrlTest, BracketsIpv6Literals) {
  EXPECT_EQ(base_url("pve.example.com", 8006), "https://pve.example.com:8006/api2/json");
  EXPECT_EQ(base_url("10.0.0.5", 443), "https://10.0.0.5:443/api2/json");
  EXPECT_EQ(base_url("fd00::5", 8006), "https://[fd00::5]:8006/api2/json");
  EXPECT_EQ(base_url("[fd00::5]", 8006), "https://[fd00::5]:8006/api2/json");
  EXPECT_EQ(host_port("::1", 8006), "[::1]:8006");
}

TEST(BareHostTest, TakesTheBracketsOffAnIpv6LiteralOnly) {
  EXPECT_EQ(bare_host("[fd00::5]"), "fd00::5");
  EXPECT_EQ(bare_host("fd00::5"), "fd00::5");
  EXPECT_EQ(bare_host("pve.example.com"), "pve.example.com");
  EXPECT_EQ(bare_host("[]"), "");
}

}  // namespace
}  // namespace pve
