#include "test_support.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace mcp::test {

ServerInfo reference_server_info() {
  ServerInfo info;
  info.name = "ref";
  info.title.clear();
  info.version = "0.0.1";
  return info;
}

Tool vm_status_tool() {
  Tool t;
  t.name = "vm_status";
  t.title = "VM status";
  t.description = "Get status of a VM";
  t.input_schema =
      json::parse(R"({"type":"object","$schema":"https://json-schema.org/draft/2020-12/schema",
    "properties":{"node":{"type":"string"},
                  "vmid":{"type":"integer","minimum":-9007199254740991,"maximum":9007199254740991}},
    "required":["node","vmid"]})");
  t.output_schema = json::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema",
    "type":"object","properties":{"vmid":{"type":"number"},"status":{"type":"string"}},
    "required":["vmid","status"],"additionalProperties":false})");
  // The reference leaves destructiveHint and idempotentHint at the spec defaults (true, false).
  t.annotations.read_only = true;
  t.annotations.destructive = true;
  t.annotations.idempotent = false;
  t.annotations.open_world = false;
  t.handler = [](const json& args, CallContext&) {
    ToolResult r;
    r.text =
        "vm " + args.at("vmid").dump() + " on " + args.at("node").get<std::string>() + ": running";
    r.structured = json{{"vmid", args.at("vmid")}, {"status", "running"}};
    return r;
  };
  return t;
}

Tool asking_tool(const std::string& name) {
  Tool t;
  t.name = name;
  t.description = "Delete a VM after asking";
  t.input_schema = json::parse(
      R"({"type":"object","properties":{"vmid":{"type":"integer"}},"required":["vmid"]})");
  t.output_schema = json::parse(
      R"({"type":"object","properties":{"consent":{"type":"string"}},"required":["consent"]})");
  t.annotations.destructive = true;
  t.handler = [](const json& args, CallContext& ctx) {
    const std::string consent(to_string(ctx.ask("Delete VM " + args.at("vmid").dump() + "?")));
    ToolResult r;
    r.text = consent;
    r.structured = json{{"consent", consent}};
    return r;
  };
  return t;
}

std::vector<std::string> transcript_lines(const std::string& file_name) {
  const std::string path = std::string(PMCP_MCP_SCHEMA_DIR) + "/transcripts/" + file_name;
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) {
    if (!l.empty()) lines.push_back(l);
  }
  return lines;
}

Tool logging_tool() {
  Tool t;
  t.name = "logging_tool";
  t.description = "Logs three steps.";
  t.input_schema = {{"type", "object"}};
  t.annotations = Annotations{.read_only = true};
  t.handler = [](const json&, CallContext& ctx) {
    ctx.log(LogLevel::debug, "step 1");
    ctx.log(LogLevel::info, "step 2");
    ctx.log(LogLevel::error, "step 3");
    ToolResult r;
    r.text = "logged";
    return r;
  };
  return t;
}

Offerings sample_offerings() {
  Offerings o;
  o.prompts.push_back(Prompt{
      .name = "check",
      .title = "Check a node",
      .description = "Checks one node.",
      .arguments =
          {{.name = "node", .description = "Node", .required = true, .completion = "node"},
           {.name = "depth", .description = "How deep", .required = false, .completion = ""}},
      .tools = {},
      .render = [](const std::map<std::string, std::string>& a, CallContext&) {
        const std::string depth = a.count("depth") != 0U ? a.at("depth") : "shallow";
        return json{
            {"messages", json::array({json{{"role", "user"},
                                           {"content", json{{"type", "text"},
                                                            {"text", "Check " + a.at("node") +
                                                                         " (" + depth + ")"}}}}})}};
      }});
  Resource nodes;
  nodes.uri = "test://nodes";
  nodes.name = "nodes";
  nodes.title = "Nodes";
  nodes.description = "The nodes.";
  nodes.mime_type = "text/markdown";
  nodes.tools = {"vm_status"};
  nodes.read = [](const std::string& uri, const std::map<std::string, std::string>&, CallContext&,
                  const ToolRegistry&) {
    return json::array({json{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", "pve1, pve2"}}});
  };
  o.resources.push_back(std::move(nodes));
  Resource node;
  node.uri = "test://nodes/{node}";
  node.name = "node";
  node.description = "One node.";
  node.mime_type = "text/markdown";
  node.completions["node"] = "node";
  node.read = [](const std::string& uri, const std::map<std::string, std::string>& v, CallContext&,
                 const ToolRegistry&) {
    if (v.at("node") == "gone") throw RequestError(-32603, "node gone is offline");
    return json::array(
        {json{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", "node " + v.at("node")}}});
  };
  o.resources.push_back(std::move(node));
  o.completers["node"] = [](const std::string& prefix, const std::map<std::string, std::string>&,
                            CallContext&, const ToolRegistry&) {
    std::vector<std::string> out;
    for (const char* name : {"pbs", "pve1", "pve2"}) {
      if (std::string_view(name).starts_with(prefix)) out.emplace_back(name);
    }
    return out;
  };
  return o;
}

std::vector<json> serve(const std::vector<std::string>& lines, std::vector<Tool> tools,
                        const ServerInfo& info, Offerings offerings) {
  std::string input;
  for (const auto& l : lines) input += l + "\n";
  std::istringstream in(input);
  std::ostringstream out;
  if (run_stdio(info, std::move(tools), in, out, {}, std::move(offerings)) != 0) {
    throw std::runtime_error("exit code");
  }
  std::vector<json> messages;
  std::istringstream produced(out.str());
  for (std::string l; std::getline(produced, l);) messages.push_back(json::parse(l));
  return messages;
}

json request(const json& id, const std::string& method, json params) {
  json r{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) r["params"] = std::move(params);
  return r;
}

json modern_meta(json extra) {
  json meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", json::object()},
            {"io.modelcontextprotocol/clientInfo", {{"name", "unit"}, {"version", "1"}}}};
  meta.update(extra);
  return meta;
}

json modern_request(const json& id, const std::string& method, json params) {
  if (!params.contains("_meta")) params["_meta"] = modern_meta();
  return request(id, method, std::move(params));
}

std::string line(const json& message) {
  return message.dump();
}

void BlockingInput::push(const std::string& text) {
  {
    std::lock_guard lock(mutex_);
    pending_ += text;
  }
  ready_.notify_all();
}

void BlockingInput::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

BlockingInput::int_type BlockingInput::underflow() {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [this] { return !pending_.empty() || closed_; });
  if (pending_.empty()) return traits_type::eof();
  current_.swap(pending_);
  pending_.clear();
  setg(current_.data(), current_.data(), current_.data() + current_.size());
  return traits_type::to_int_type(current_.front());
}

std::vector<json> ObservedOutput::parse_locked() const {
  std::vector<json> messages;
  std::istringstream produced(text_);
  for (std::string l; std::getline(produced, l);) {
    if (produced.eof()) break;  // an unfinished line
    messages.push_back(json::parse(l));
  }
  return messages;
}

std::vector<json> ObservedOutput::messages() {
  std::lock_guard lock(mutex_);
  return parse_locked();
}

bool ObservedOutput::wait_for(const std::function<bool(const std::vector<json>&)>& done) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::seconds(60), [&] { return done(parse_locked()); });
}

ObservedOutput::int_type ObservedOutput::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char ch = traits_type::to_char_type(c);
  xsputn(&ch, 1);
  return c;
}

std::streamsize ObservedOutput::xsputn(const char* s, std::streamsize n) {
  {
    std::lock_guard lock(mutex_);
    text_.append(s, static_cast<std::size_t>(n));
  }
  changed_.notify_all();
  return n;
}

LiveServer::LiveServer(std::vector<Tool> tools, const ServerInfo& info, SessionOptions options)
    : thread_([this, tools = std::move(tools), info, options = std::move(options)]() mutable {
        exit_code_ = run_stdio(info, std::move(tools), in_stream_, out_stream_, std::move(options));
      }) {}

LiveServer::~LiveServer() {
  if (thread_.joinable()) finish();
}

void LiveServer::send(const json& message) {
  in_.push(message.dump() + "\n");
}

void LiveServer::close_input() {
  in_.close();
}

int LiveServer::finish() {
  in_.close();
  if (thread_.joinable()) thread_.join();
  return exit_code_;
}

json response_for(const std::vector<json>& messages, const json& id) {
  for (const auto& m : messages) {
    if (m.contains("id") && m["id"] == id && (m.contains("result") || m.contains("error"))) {
      return m;
    }
  }
  return nullptr;
}

std::vector<json> with_method(const std::vector<json>& messages, const std::string& method) {
  std::vector<json> out;
  for (const auto& m : messages) {
    if (m.value("method", "") == method) out.push_back(m);
  }
  return out;
}

}  // namespace mcp::test
