// The QEMU guest agent on the model: exec / exec-status lifecycle, simulated commands, errors.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

class AgentTest : public ModelTest {
 protected:
  ApiResponse exec(Json command, const std::string& vm = "100", Json extra = Json::object()) {
    extra["command"] = std::move(command);
    ApiRequest request = get("/nodes/{node}/qemu/{vmid}/agent/exec",
                             "/nodes/pve1/qemu/" + vm + "/agent/exec", std::move(extra));
    request.method = "POST";
    return model->handle(request);
  }
  ApiResponse status(long pid, const std::string& vm = "100") {
    return call("/nodes/{node}/qemu/{vmid}/agent/exec-status",
                "/nodes/pve1/qemu/" + vm + "/agent/exec-status", {{"pid", std::to_string(pid)}});
  }
  // Runs to completion and returns exec-status.
  Json run(Json command, Json extra = Json::object()) {
    ApiResponse started = exec(std::move(command), "100", std::move(extra));
    EXPECT_EQ(started.status, 200) << started.message;
    ApiResponse done = status(started.data["pid"].get<long>());
    EXPECT_EQ(done.status, 200) << done.message;
    return done.data;
  }
};

TEST_F(AgentTest, ExecReturnsAPidAndStatusReportsOnce) {
  ApiResponse started = exec({"uname", "-a"});
  ASSERT_EQ(started.status, 200) << started.message;
  EXPECT_EQ(started.data, (Json{{"pid", 2401}}));
  const Json result = status(2401).data;
  EXPECT_EQ(result, (Json{{"exited", 1},
                          {"exitcode", 0},
                          {"out-data",
                           "Linux web 6.12.48+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 "
                           "(2025-09-20) x86_64 GNU/Linux\n"}}));
  // qemu-ga forgets a process once it reported its exit.
  ApiResponse again = status(2401);
  EXPECT_EQ(again.status, 500);
  EXPECT_EQ(again.message, "Agent error: Invalid parameter 'pid'\n");
  EXPECT_EQ(exec({"true"}).data["pid"], 2408);
}

TEST_F(AgentTest, SleepRunsOnTheInjectedClock) {
  ApiResponse started = exec({"sleep", "5"});
  const long pid = started.data["pid"].get<long>();
  EXPECT_EQ(status(pid).data, (Json{{"exited", 0}}));
  clock.advance_ms(4999);
  EXPECT_EQ(status(pid).data, (Json{{"exited", 0}}));
  clock.advance_ms(1);
  EXPECT_EQ(status(pid).data, (Json{{"exited", 1}, {"exitcode", 0}}));
}

TEST_F(AgentTest, SimulatedCommands) {
  EXPECT_EQ(run({"hostname"})["out-data"], "web\n");
  EXPECT_EQ(run({"echo", "hello", "world"})["out-data"], "hello world\n");
  EXPECT_EQ(run({"false"}), (Json{{"exited", 1}, {"exitcode", 1}}));
  EXPECT_EQ(run({"sh", "-c", "exit 3"}), (Json{{"exited", 1}, {"exitcode", 3}}));
  EXPECT_EQ(
      run({"sh", "-c", "frobnicate --now"}),
      (Json{{"exited", 1}, {"exitcode", 127}, {"err-data", "sh: 1: frobnicate: not found\n"}}));
  const Json os = run({"cat", "/etc/os-release"});
  EXPECT_EQ(os["exitcode"], 0);
  EXPECT_EQ(
      os["out-data"].get<std::string>().rfind("PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n", 0),
      0u);
  EXPECT_EQ(run({"cat", "/nope"}), (Json{{"exited", 1},
                                         {"exitcode", 1},
                                         {"err-data", "cat: /nope: No such file or directory\n"}}));
  EXPECT_EQ(run({"cat"}, {{"input-data", "piped\n"}})["out-data"], "piped\n");
  EXPECT_EQ(run({"ls", "/home"})["out-data"], "debian\n");
  EXPECT_EQ(run({"ls", "/srv/x"}),
            (Json{{"exited", 1},
                  {"exitcode", 2},
                  {"err-data", "ls: cannot access '/srv/x': No such file or directory\n"}}));
  EXPECT_EQ(run({"/usr/bin/whoami"})["out-data"], "root\n");
  const std::string df = run({"df", "-h"})["out-data"];
  EXPECT_NE(df.find("/dev/sda1        32G  9G   22G  29% /\n"), std::string::npos) << df;
  // Uptime of VM 100 in the seed: 3 days, 4:08.
  EXPECT_EQ(run({"uptime"})["out-data"],
            " 00:00:00 up 3 days,  4:08,  0 users,  load average: 0.08, 0.03, 0.01\n");
}

TEST_F(AgentTest, ExecErrors) {
  // A single string is one argv element, never split: no such program.
  ApiResponse spawn = exec("ls -la");
  EXPECT_EQ(spawn.status, 500);
  EXPECT_EQ(spawn.message,
            "Agent error: Failed to execute child process “ls -la” (No such file or directory)\n");
  ApiResponse no_agent = exec({"true"}, "102");
  EXPECT_EQ(no_agent.message,
            "Configuration file 'nodes/pve1/qemu-server/102.conf' does not exist\n");
  model->with_state([](ClusterState& state) { state.guests.at(100).config.erase("agent"); });
  EXPECT_EQ(exec({"true"}).message, "No QEMU guest agent configured\n");
  EXPECT_EQ(exec({"true"}, "9000").message, "VM 9000 is not running\n");
  ApiResponse paused = exec({"true"}, "104");
  EXPECT_EQ(paused.status, 500);
  EXPECT_EQ(paused.message, "QEMU guest agent is not running\n");
  EXPECT_EQ(status(1, "104").message, "QEMU guest agent is not running\n");
}

TEST_F(AgentTest, InformationCommands) {
  ApiRequest ping = get("/nodes/{node}/qemu/{vmid}/agent/ping", "/nodes/pve1/qemu/100/agent/ping");
  ping.method = "POST";
  EXPECT_EQ(model->handle(ping).data, (Json{{"result", Json::object()}}));
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/agent/get-osinfo",
                    "/nodes/pve1/qemu/100/agent/get-osinfo")["result"]["pretty-name"],
            "Debian GNU/Linux 13 (trixie)");
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/agent/get-host-name",
                    "/nodes/pve1/qemu/100/agent/get-host-name"),
            (Json{{"result", {{"host-name", "web"}}}}));
  const Json interfaces = call_ok("/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces",
                                  "/nodes/pve1/qemu/100/agent/network-get-interfaces")["result"];
  ASSERT_EQ(interfaces.size(), 2u);
  EXPECT_EQ(interfaces[1]["hardware-address"], "bc:24:11:5e:7a:01");
  EXPECT_EQ(interfaces[1]["ip-addresses"][0]["ip-address"], "192.168.1.200");
}

}  // namespace
}  // namespace pvesim::test
