#include "mcp_messages.h"

namespace bench {

namespace {

using nlohmann::json;

constexpr const char* kLegacyVersion = "2025-11-25";
constexpr const char* kModernVersion = "2026-07-28";

json client_info() {
  return {{"name", "pmcp-bench"}, {"version", "1"}};
}

}  // namespace

std::string opening_lines(Era era) {
  if (era == Era::modern) return "";
  const json initialize = {{"jsonrpc", "2.0"},
                           {"id", 0},
                           {"method", "initialize"},
                           {"params",
                            {{"protocolVersion", kLegacyVersion},
                             {"capabilities", json::object()},
                             {"clientInfo", client_info()}}}};
  const json initialized = {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}};
  return initialize.dump() + "\n" + initialized.dump();
}

std::string request_line(Era era, int id, const std::string& method, json params) {
  if (era == Era::modern) {
    params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", kModernVersion},
                       {"io.modelcontextprotocol/clientCapabilities", json::object()},
                       {"io.modelcontextprotocol/clientInfo", client_info()}};
  }
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}
      .dump();
}

std::string tool_call_line(Era era, int id, const std::string& tool, const json& args) {
  return request_line(era, id, "tools/call", {{"name", tool}, {"arguments", args}});
}

namespace {

bool answers(const std::string& line, int id) {
  // Small lines are parsed; a large answer (a tool's result) is recognised by its ends, where
  // both nlohmann::json (keys sorted) and the Node SDK (insertion order) put "id".
  constexpr std::size_t kParsed = 65536;
  if (line.size() < kParsed) {
    const json message = json::parse(line, nullptr, false);
    return message.is_object() && message.value("id", json()) == id &&
           (message.contains("result") || message.contains("error"));
  }
  const std::string member = "\"id\":" + std::to_string(id);
  const std::string ends = line.substr(0, 100) + " " + line.substr(line.size() - 100);
  return ends.find(member + ",") != std::string::npos ||
         ends.find(member + "}") != std::string::npos;
}

}  // namespace

std::optional<Answer> answer_to(Child& child, int id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    std::optional<std::string> line = child.read_line(left);
    if (!line) return std::nullopt;
    const auto at = std::chrono::steady_clock::now();
    if (answers(*line, id)) return Answer{std::move(*line), at};
  }
}

}  // namespace bench
