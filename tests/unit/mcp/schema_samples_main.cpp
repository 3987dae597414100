// Drives run_stdio through every kind of message we emit, for every revision we speak, and
// writes JSON Lines of {revision, type, message, note} for tests/tools/validate_mcp.py.
//
// 2024-11-05 and 2025-03-26 have no schema in third_party/mcp-schema: their messages are checked
// against 2025-06-18, which is a superset for every field we send them (unit tests assert that
// the fields those revisions lack are absent). JSON-RPC 2.0 requires "id": null on an error whose
// request id could not be read; the MCP schemas type ids as string|integer only, so those
// envelopes are validated with the null id removed (2025-11-25 and later make it optional).
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "test_support.h"

namespace mcp::test {
namespace {

Tool sample_tool() {
  Tool t = vm_status_tool();
  t.name = "proxmox_get_vm_status";
  t.title = "VM status";
  t.annotations = Annotations{true, false, true, false};
  t.input_schema = json::parse(R"({"type":"object","properties":{
      "node":{"type":"string","description":"Node name","pattern":"^[A-Za-z0-9-]+$"},
      "vmid":{"type":["integer","string"],"pattern":"^[0-9]+$"},
      "type":{"type":"string","enum":["qemu","lxc"],"default":"qemu"}},
      "required":["node","vmid"],"additionalProperties":false})");
  t.handler = [](const json& args, CallContext& ctx) {
    ctx.progress(1, 2, "reading status");
    ctx.progress(2, 2, "done");
    ToolResult r;
    r.text = "## VM " + args.at("vmid").dump() + "\n- status: running";
    r.structured = json{{"vmid", 100}, {"status", "running"}};
    return r;
  };
  return t;
}

Tool failing_tool() {
  Tool t;
  t.name = "proxmox_get_nodes";
  t.description = "List nodes";
  t.input_schema = {{"type", "object"}, {"additionalProperties", false}};
  t.annotations = Annotations{true, false, true, false};
  t.handler = [](const json&, CallContext&) -> ToolResult {
    throw std::runtime_error("token lacks Sys.Audit on /nodes");
  };
  return t;
}

const std::map<int, std::string> kModernErrorTypes = {{-32700, "ParseError"},
                                                      {-32600, "InvalidRequestError"},
                                                      {-32601, "MethodNotFoundError"},
                                                      {-32602, "InvalidParamsError"},
                                                      {-32603, "InternalError"}};

const std::map<std::string, std::string> kResultTypes = {
    {"initialize", "InitializeResult"},
    {"ping", "EmptyResult"},
    {"logging/setLevel", "EmptyResult"},
    {"tools/list", "ListToolsResult"},
    {"tools/call", "CallToolResult"},
    {"server/discover", "DiscoverResult"},
    {"subscriptions/listen", "SubscriptionsListenResult"},
    {"prompts/list", "ListPromptsResult"},
    {"prompts/get", "GetPromptResult"},
    {"resources/list", "ListResourcesResult"},
    {"resources/templates/list", "ListResourceTemplatesResult"},
    {"resources/read", "ReadResourceResult"},
    {"completion/complete", "CompleteResult"}};

class Emitter {
 public:
  explicit Emitter(std::ostream& out) : out_(out) {}

  void check(const std::string& revision, const std::string& type, const json& message,
             const std::string& note) {
    json line{{"revision", revision}, {"type", type}, {"message", message}};
    if (!note.empty()) line["note"] = note;
    out_ << line.dump() << '\n';
    kinds_.insert(revision + " " + type);
  }
  const std::set<std::string>& kinds() const { return kinds_; }

 private:
  std::ostream& out_;
  std::set<std::string> kinds_;
};

struct Script {
  std::string emitted_for;  // the revision the server spoke
  std::vector<std::string> lines;
  std::map<std::string, std::string> method_by_id;  // jsonrpc id dump -> method
  std::size_t expected_messages = 0;

  void add(const json& message) {
    lines.push_back(message.dump());
    if (message.contains("id")) method_by_id[message["id"].dump()] = message["method"];
  }
};

void emit_all(Emitter& emitter, const Script& script, const std::vector<json>& produced) {
  if (produced.size() != script.expected_messages) {
    throw std::runtime_error(script.emitted_for + ": expected " +
                             std::to_string(script.expected_messages) + " messages, got " +
                             std::to_string(produced.size()));
  }
  const bool modern = script.emitted_for == "2026-07-28";
  const bool has_schema =
      modern || script.emitted_for == "2025-11-25" || script.emitted_for == "2025-06-18";
  const std::string schema = has_schema ? script.emitted_for : "2025-06-18";
  const std::string note =
      has_schema ? "" : "emitted for " + script.emitted_for + ", checked against 2025-06-18";
  const bool old_envelopes = schema == "2025-06-18";

  std::vector<json> messages;
  for (const json& m : produced) {
    if (m.is_array()) {
      // A 2025-03-26 batch answer: each element is an ordinary response (2025-06-18 has no
      // batch types, the elements are checked one by one).
      messages.insert(messages.end(), m.begin(), m.end());
    } else {
      messages.push_back(m);
    }
  }
  for (const json& m : messages) {
    if (m.contains("method")) {
      const std::string method = m["method"];
      emitter.check(schema, "JSONRPCNotification", m, note);
      if (method == "notifications/progress")
        emitter.check(schema, "ProgressNotification", m, note);
      if (method == "notifications/message") {
        emitter.check(schema, "LoggingMessageNotification", m, note);
      }
      if (method == "notifications/subscriptions/acknowledged") {
        emitter.check(schema, "SubscriptionsAcknowledgedNotification", m, note);
      }
      continue;
    }
    if (m.contains("error")) {
      const int code = m["error"]["code"];
      json envelope = m;
      std::string envelope_note = note;
      if (m["id"].is_null()) {
        if (old_envelopes) continue;  // 2025-06-18 requires an id; see the comment at the top
        envelope.erase("id");
        envelope_note += (envelope_note.empty() ? "" : "; ") + std::string("null id removed");
      }
      emitter.check(schema, old_envelopes ? "JSONRPCError" : "JSONRPCErrorResponse", envelope,
                    envelope_note);
      if (modern && code == -32022) {
        emitter.check(schema, "UnsupportedProtocolVersionError", m, note);
      } else if (modern) {
        emitter.check(schema, kModernErrorTypes.at(code), m["error"], note);
      } else if (!old_envelopes) {
        emitter.check(schema, "Error", m["error"], note);
      }
      continue;
    }
    const std::string method = script.method_by_id.at(m["id"].dump());
    const std::string type = kResultTypes.at(method);
    emitter.check(schema, old_envelopes ? "JSONRPCResponse" : "JSONRPCResultResponse", m, note);
    emitter.check(schema, type, m["result"], note);
    if (modern && type != "EmptyResult") emitter.check(schema, type + "Response", m, note);
  }
}

json call(const json& id, const std::string& name, const json& args, json meta) {
  json params{{"name", name}, {"arguments", args}};
  if (!meta.is_null()) params["_meta"] = std::move(meta);
  return request(id, "tools/call", std::move(params));
}

json with_meta(json params, const json& meta) {
  if (!meta.is_null()) params["_meta"] = meta;
  return params;
}

// Prompts, resources and completion (sample_offerings), ids 20..26: each answered once.
void add_offering_requests(Script& s, const json& meta) {
  s.add(request(20, "prompts/list", with_meta(json::object(), meta)));
  s.add(request(21, "prompts/get",
                with_meta({{"name", "check"}, {"arguments", {{"node", "pve1"}}}}, meta)));
  s.add(request(22, "resources/templates/list", with_meta(json::object(), meta)));
  s.add(request(23, "resources/read", with_meta({{"uri", "test://nodes/pve2"}}, meta)));
  s.add(request(24, "resources/read", with_meta({{"uri", "test://nowhere"}}, meta)));
  s.add(request(25, "completion/complete",
                with_meta({{"ref", {{"type", "ref/prompt"}, {"name", "check"}}},
                           {"argument", {{"name", "node"}, {"value", "pv"}}}},
                          meta)));
  s.add(request(26, "resources/list", with_meta(json::object(), meta)));
}

Script legacy_script(const std::string& version) {
  Script s;
  s.emitted_for = version;
  s.add(request(1, "initialize",
                {{"protocolVersion", version},
                 {"capabilities", json::object()},
                 {"clientInfo", {{"name", "samples"}, {"version", "1"}}}}));
  s.add(json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  s.add(request(2, "ping"));
  s.add(request(3, "tools/list"));
  s.add(call(4, "proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", "100"}},
             {{"progressToken", "p4"}}));
  s.add(call(5, "proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", "x"}}, nullptr));
  s.add(call(6, "proxmox_get_nodes", json::object(), nullptr));
  s.add(call(7, "no_such_tool", json::object(), nullptr));
  s.add(request(8, "resources/list"));
  s.add(request(11, "logging/setLevel", {{"level", "info"}}));
  s.add(call(12, "logging_tool", json::object(), nullptr));
  add_offering_requests(s, nullptr);
  s.lines.push_back("{broken json");
  // A batch: answered as an array in 2025-03-26, refused (-32600) in every other revision.
  s.lines.push_back(R"([{"jsonrpc":"2.0","id":9,"method":"ping"},[]])");
  s.method_by_id["9"] = "ping";
  s.lines.push_back(R"({"jsonrpc":"2.0","id":10,"method":"tools/list","params":[]})");
  // initialize, ping, list, 2 progress + call, 2 isError calls, 4 requests + 2 invalid
  // (resources/list among them), setLevel, 2 messages (info, error) + call, and the 7 requests
  // of add_offering_requests
  s.expected_messages = 24;
  return s;
}

Script modern_script() {
  Script s;
  s.emitted_for = "2026-07-28";
  s.add(modern_request("d", "server/discover"));
  s.add(modern_request("listen-1", "subscriptions/listen",
                       {{"notifications", {{"toolsListChanged", true}}}}));
  s.add(modern_request(1, "tools/list"));
  s.add(call(2, "proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}},
             modern_meta({{"progressToken", 2}})));
  s.add(
      call(3, "proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}, {"x", 1}}, modern_meta()));
  s.add(call(4, "proxmox_get_nodes", json::object(), modern_meta()));
  s.add(call(5, "no_such_tool", json::object(), modern_meta()));
  s.add(modern_request(6, "ping"));
  json old = modern_meta();
  old["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
  s.add(request(7, "tools/list", {{"_meta", old}}));
  s.add(request(8, "tools/list",
                {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}}}));
  s.add(call(9, "logging_tool", json::object(),
             modern_meta({{"io.modelcontextprotocol/logLevel", "error"}})));
  s.add(call(10, "logging_tool", json::object(), modern_meta()));
  s.add(call(11, "logging_tool", json::object(),
             modern_meta({{"io.modelcontextprotocol/logLevel", "loud"}})));
  add_offering_requests(s, modern_meta());
  s.lines.push_back("{broken json");
  s.lines.push_back("[]");
  // discover, ack, list, 2 progress + call, 2 isError calls, 4 protocol errors, 2 invalid,
  // the listen stream's end at EOF, 1 message + call (logLevel error), a call without messages,
  // a bad logLevel (-32602), and the 7 requests of add_offering_requests
  s.expected_messages = 26;
  return s;
}

// Asking the person: the legacy elicitation/create request, the answered call, a question
// withdrawn when unanswered (notifications/cancelled), and the 2026-07-28 input_required result.
json wait_for_response(LiveServer& server, const json& id) {
  if (!server.output().wait_for([&id](const auto& m) { return !response_for(m, id).is_null(); })) {
    throw std::runtime_error("no response to " + id.dump());
  }
  return response_for(server.output().messages(), id);
}

json wait_for_method(LiveServer& server, const std::string& method) {
  if (!server.output().wait_for(
          [&method](const auto& m) { return !with_method(m, method).empty(); })) {
    throw std::runtime_error("no " + method);
  }
  return with_method(server.output().messages(), method).front();
}

// `answered`: the client accepts; otherwise it never answers and the question is withdrawn.
void legacy_asking(Emitter& emitter, const std::string& version, bool answered) {
  SessionOptions options;
  if (!answered) options.answer_timeout = std::chrono::milliseconds(1);
  LiveServer server({asking_tool()}, reference_server_info(), std::move(options));
  server.send(request(0, "initialize",
                      {{"protocolVersion", version},
                       {"capabilities", {{"elicitation", json::object()}}},
                       {"clientInfo", {{"name", "samples"}, {"version", "1"}}}}));
  server.send(call(1, "delete_vm", {{"vmid", 100}}, nullptr));
  const json ask = wait_for_method(server, "elicitation/create");
  emitter.check(version, "JSONRPCRequest", ask, "");
  emitter.check(version, "ElicitRequest", ask, "");
  if (answered) {
    server.send(json{{"jsonrpc", "2.0"}, {"id", ask["id"]}, {"result", {{"action", "accept"}}}});
  } else {
    const json withdrawn = wait_for_method(server, "notifications/cancelled");
    emitter.check(version, "JSONRPCNotification", withdrawn, "");
    emitter.check(version, "CancelledNotification", withdrawn, "");
  }
  const json response = wait_for_response(server, 1);
  const bool old_envelopes = version == "2025-06-18";
  emitter.check(version, old_envelopes ? "JSONRPCResponse" : "JSONRPCResultResponse", response, "");
  emitter.check(version, "CallToolResult", response["result"], "");
}

void modern_asking(Emitter& emitter) {
  json meta = modern_meta(
      {{"io.modelcontextprotocol/clientCapabilities", {{"elicitation", json::object()}}}});
  const auto out = serve({line(call(1, "delete_vm", {{"vmid", 100}}, meta))}, {asking_tool()});
  if (out.size() != 1 || out[0]["result"].value("resultType", "") != "input_required") {
    throw std::runtime_error("2026-07-28: expected one input_required result");
  }
  emitter.check("2026-07-28", "JSONRPCResultResponse", out[0], "");
  emitter.check("2026-07-28", "CallToolResultResponse", out[0], "");
  emitter.check("2026-07-28", "InputRequiredResult", out[0]["result"], "");
  emitter.check("2026-07-28", "ElicitRequest", out[0]["result"]["inputRequests"]["approval"], "");
}

void emit_asking(Emitter& emitter) {
  for (const char* version : {"2025-06-18", "2025-11-25"}) {
    legacy_asking(emitter, version, /*answered=*/true);
    legacy_asking(emitter, version, /*answered=*/false);
  }
  modern_asking(emitter);
}

int run(const std::string& path) {
  std::ofstream file(path);
  if (!file) {
    std::cerr << "cannot write " << path << '\n';
    return 2;
  }
  Emitter emitter(file);
  std::vector<Script> scripts;
  for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
    scripts.push_back(legacy_script(v));
  }
  scripts.push_back(modern_script());
  ServerInfo info;
  info.version = "0.1.0";
  info.instructions = "Start with proxmox_get_nodes.";
  for (const Script& s : scripts) {
    emit_all(emitter, s,
             serve(s.lines, {sample_tool(), failing_tool(), logging_tool(), vm_status_tool()}, info,
                   sample_offerings()));
  }
  emit_asking(emitter);
  std::cerr << "wrote " << emitter.kinds().size() << " kinds of checks to " << path << '\n';
  return 0;
}

}  // namespace
}  // namespace mcp::test

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: mcp_schema_samples OUTPUT.jsonl\n";
    return 2;
  }
  try {
    return mcp::test::run(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "mcp_schema_samples: " << e.what() << '\n';
    return 1;
  }
}
