// Every recorded real PVE answer in third_party/pve-captures against pve-sim's answer to the
// same request (capture_requests.json says which request that is on which seed): the same
// status, reason phrase, error texts, headers, keys and JSON types. Each difference must be
// listed in capture_requests.json with its reason, and a listed one that no longer occurs fails
// too. A "loose" difference (a value PVE has sent in the other JSON form) must vanish when
// pve-sim runs with --loose-types.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "ascii_lower.h"
#include "pvesim/simulator.h"
#include "shape_diff.h"
#include "tls_client.h"

namespace pvesim::captures {
namespace {

Json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return Json::parse(in);
}

// Every capture, by id, from every file of the directory.
const std::map<std::string, Json>& captures() {
  static const std::map<std::string, Json> all = [] {
    std::map<std::string, Json> out;
    for (const auto& entry : std::filesystem::directory_iterator(PVESIM_CAPTURES_DIR)) {
      if (entry.path().extension() != ".json") continue;
      for (Json& capture : read_json(entry.path())) {
        const std::string id = capture.at("id").get<std::string>();
        capture["file"] = entry.path().filename().string();
        if (!out.emplace(id, std::move(capture)).second) {
          throw std::runtime_error("capture id '" + id + "' appears twice");
        }
      }
    }
    return out;
  }();
  return all;
}

const Json& requests() {
  static const Json all = read_json(PVESIM_CAPTURE_REQUESTS);
  return all;
}

std::vector<std::string> capture_ids() {
  std::vector<std::string> ids;
  for (const auto& [id, capture] : captures()) ids.push_back(id);
  return ids;
}

// One simulator per seed, mode and task duration for the whole run, reset before each capture.
Simulator& simulator(const std::string& seed, bool loose, int task_ms) {
  static std::map<std::tuple<std::string, bool, int>, std::unique_ptr<Simulator>> running;
  auto& slot = running[{seed, loose, task_ms}];
  if (!slot) {
    ::unsetenv("PVESIM_LOOSE_TYPES");  // the mode is this test's to choose, per simulator
    Options options;
    options.seed = seed;
    options.loose_types = loose;
    options.task_ms = task_ms;
    slot = std::make_unique<Simulator>(options);
    slot->start();
  }
  slot->reset();
  return *slot;
}

std::string replaced(std::string text, const Json& names) {
  for (const auto& [from, to] : names.items()) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.get<std::string>().size())) {
      text.replace(at, from.size(), to.get<std::string>());
    }
  }
  return text;
}

// A header value as compared: lower case, without spaces, repeated list items once
// ("Keep-Alive, Keep-Alive" as recorded by one client is "keep-alive").
std::string header_value(const std::string& value) {
  std::string out;
  std::set<std::string> seen;
  std::string item;
  const std::string text = lower(value) + ",";
  for (const char c : text) {
    if (c == ' ') continue;
    if (c != ',') {
      item += c;
      continue;
    }
    if (seen.insert(item).second) out += (out.empty() ? "" : ",") + item;
    item.clear();
  }
  return out;
}

std::string authorization(Simulator& sim, const std::string& kind) {
  const std::string root = "PVEAPIToken=root@pam!mcpserver=";
  if (kind == "root") return root + sim.token_secret();
  if (kind == "none") return "";
  if (kind == "wrong-secret") return root + "00000000-0000-0000-0000-000000000000";
  if (kind == "no-such-token") return "PVEAPIToken=root@pam!nosuchtoken=" + sim.token_secret();
  if (kind == "no-such-user") return "PVEAPIToken=nobody@pve!x=" + sim.token_secret();
  if (kind == "auditor") return "PVEAPIToken=auditor@pve!ro=" + sim.auditor_token_secret();
  if (kind == "operator") return "PVEAPIToken=operator@pve!ops=" + sim.operator_token_secret();
  throw std::runtime_error("unknown auth kind " + kind);
}

testing::RawResponse send(Simulator& sim, const std::string& line, const std::string& body,
                          const std::string& auth) {
  const std::size_t space = line.find(' ');
  const std::string method = line.substr(0, space);
  const std::string target = "/api2/json" + line.substr(space + 1);
  const bool writes = method == "POST" || method == "PUT";
  return testing::send_request(sim.port(), method, target, authorization(sim, auth), body,
                               writes ? "application/x-www-form-urlencoded" : "",
                               /*close_connection=*/false);
}

// "{upid}" becomes the task the last setup step started, "{root_password}" root's password.
std::string filled(std::string text, Simulator& sim, const std::string& upid) {
  const Json names = {{"{upid}", upid}, {"{root_password}", sim.user_password("root@pam")}};
  return replaced(std::move(text), names);
}

// What differs between the capture and pve-sim's answer to the request `spec` names.
std::set<std::string> differences(const Json& capture, const Json& spec, bool loose) {
  Simulator& sim = simulator(spec.value("seed", "small"), loose, spec.value("task_ms", 0));
  std::string upid;
  for (const auto& step : spec.value("setup", Json::array())) {
    const std::string line = step.is_string() ? step : step.at("request");
    const auto answer = send(sim, line, step.is_object() ? step.value("body", "") : "", "root");
    if (answer.status != 200) {
      throw std::runtime_error("setup " + line + " answered " + std::to_string(answer.status) +
                               " " + answer.reason);
    }
    const Json data = Json::parse(answer.body).value("data", Json());
    if (data.is_string()) upid = data.get<std::string>();
  }
  const auto answer = send(sim, filled(spec.at("request"), sim, upid),
                           filled(spec.value("body", ""), sim, upid), spec.value("auth", "root"));
  const Json names = spec.value("names", Json::object());
  std::set<std::string> out;

  const int status = capture.at("status").get<int>();
  if (status != answer.status) {
    out.insert("status " + std::to_string(status) + " != " + std::to_string(answer.status));
  }
  if (capture.contains("reason")) {
    const std::string reason = replaced(capture["reason"].get<std::string>(), names);
    if (reason != answer.reason) out.insert("reason '" + reason + "' != '" + answer.reason + "'");
  }
  // The recorded headers must be there with the same values (Date, Expires and Content-Length
  // only there); headers pve-sim sends besides are not differences.
  const Json headers = capture.value("headers", Json::object());
  for (const auto& [name, value] : headers.items()) {
    const std::string key = lower(name);
    if (key == "date" || key == "content-length") continue;  // the moment, the body's size
    // Every line of the field, joined as recorded ("close, Keep-Alive").
    std::string got;
    for (const auto& [field, text] : answer.headers) {
      if (lower(field) == key) got += (got.empty() ? "" : ", ") + text;
    }
    if (got.empty()) {
      out.insert("header " + name + " missing");
    } else if (key != "expires" && header_value(value.get<std::string>()) != header_value(got)) {
      out.insert("header " + name + ": '" + value.get<std::string>() + "' != '" + got + "'");
    }
  }
  if (!capture.contains("body")) return out;
  const Json& recorded = capture["body"];
  if (recorded.is_string()) {  // not JSON: an empty body, or a text
    if (recorded.get<std::string>() != answer.body) {
      out.insert("body '" + recorded.get<std::string>() + "' != '" + answer.body.substr(0, 80) +
                 "'");
    }
    return out;
  }
  Json body;
  try {
    body = Json::parse(answer.body);
  } catch (const Json::exception&) {
    out.insert("body is not JSON: '" + answer.body.substr(0, 80) + "'");
    return out;
  }
  ShapeRules rules;
  for (const auto& place : spec.value("maps", Json::array())) rules.maps.push_back(place);
  for (const auto& place : spec.value("open", Json::array())) rules.open.push_back(place);
  const auto shapes = shape_differences(recorded, body, rules);
  out.insert(shapes.begin(), shapes.end());
  // An error's texts are the error: message and each parameter's.
  if (status >= 400 && recorded.is_object() && body.is_object()) {
    if (recorded.contains("message") && recorded["message"].is_string() &&
        body.contains("message") && body["message"].is_string()) {
      const std::string message = replaced(recorded["message"].get<std::string>(), names);
      if (message != body["message"].get<std::string>()) {
        out.insert("message '" + message + "' != '" + body["message"].get<std::string>() + "'");
      }
    }
    if (recorded.contains("errors") && recorded["errors"].is_object() && body.contains("errors")) {
      for (const auto& [key, text] : recorded["errors"].items()) {
        if (!text.is_string() || !body["errors"].contains(key)) continue;
        const std::string want = replaced(text.get<std::string>(), names);
        const Json& got = body["errors"][key];
        if (!got.is_string() || got.get<std::string>() != want) {
          out.insert("errors." + key + " '" + want + "' != '" + got.dump() + "'");
        }
      }
    }
  }
  return out;
}

std::set<std::string> listed(const Json& spec, const char* kind) {
  std::set<std::string> out;
  const Json section = spec.value(kind, Json::object());
  for (const auto& [difference, reason] : section.items()) {
    EXPECT_TRUE(reason.is_string() && !reason.get<std::string>().empty())
        << kind << " difference without a reason: " << difference;
    out.insert(difference);
  }
  return out;
}

std::string lines(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out;
}

class CaptureComparison : public ::testing::TestWithParam<std::string> {};

TEST_P(CaptureComparison, PveSimAnswersAsRecorded) {
  const Json& capture = captures().at(GetParam());
  ASSERT_TRUE(requests().contains(GetParam()))
      << "capture " << GetParam() << " (" << capture["file"]
      << ") has no entry in capture_requests.json: give it the request to compare with, or "
         "\"skip\" and why";
  const Json& spec = requests()[GetParam()];
  if (spec.contains("skip")) {
    EXPECT_FALSE(spec["skip"].get<std::string>().empty());
    GTEST_SKIP() << spec["skip"].get<std::string>();
  }
  SCOPED_TRACE(capture.value("origin", ""));
  const std::set<std::string> deliberate = listed(spec, "deliberate");
  const std::set<std::string> loose = listed(spec, "loose");
  std::set<std::string> expected = deliberate;
  expected.insert(loose.begin(), loose.end());

  const auto found = differences(capture, spec, false);
  std::set<std::string> unlisted;
  std::set<std::string> stale;
  std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(),
                      std::inserter(unlisted, unlisted.end()));
  std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(),
                      std::inserter(stale, stale.end()));
  EXPECT_TRUE(unlisted.empty()) << "differences not listed in capture_requests.json:"
                                << lines(unlisted);
  EXPECT_TRUE(stale.empty()) << "listed differences that no longer occur:" << lines(stale);

  if (loose.empty()) return;
  // Under --loose-types the loose differences are gone, and what else differs is only the form
  // of other values (a recorded answer mixes forms: PVE 6.2 sent a running container's disk as
  // text and a stopped one's as a number); every other difference stays as listed.
  const auto under_loose = differences(capture, spec, true);
  std::set<std::string> kept;
  std::set_intersection(loose.begin(), loose.end(), under_loose.begin(), under_loose.end(),
                        std::inserter(kept, kept.end()));
  EXPECT_TRUE(kept.empty()) << "with --loose-types these should be in the capture's form:"
                            << lines(kept);
  auto not_forms = [](const std::set<std::string>& found) {
    std::set<std::string> out;
    for (const auto& difference : found) {
      if (!difference.starts_with("type ")) out.insert(difference);
    }
    return out;
  };
  EXPECT_EQ(not_forms(under_loose), not_forms(deliberate))
      << "with --loose-types:" << lines(under_loose);
}

INSTANTIATE_TEST_SUITE_P(Captures, CaptureComparison, ::testing::ValuesIn(capture_ids()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) {
                                 return std::isalnum(static_cast<unsigned char>(c)) == 0;
                               },
                               '_');
                           return name;
                         });

// Every entry of capture_requests.json names a capture that exists (no orphans after a rename).
TEST(CaptureRequests, NameExistingCaptures) {
  for (const auto& [id, spec] : requests().items()) {
    EXPECT_TRUE(captures().contains(id)) << id;
    EXPECT_TRUE(spec.contains("skip") || spec.contains("request")) << id;
  }
}

}  // namespace
}  // namespace pvesim::captures
