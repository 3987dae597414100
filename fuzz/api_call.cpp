// proxmox_api_call end to end, its arguments built from the input's bytes around the endpoints
// of the embedded schema: an endpoint is picked, and its method, path (template, filled in, or
// broken), parameters (its own names and others; strings short, at the 8192-character bound or
// far past it; numbers, booleans, null, arrays, nested objects), fields, filter, limit and
// cursor come from the bytes, and what is left is what the Proxmox behind it answers. So the
// parsing, merging, Proxmox's validation (its std::regex patterns), the policy, the filling of
// the path and the paging all run, in basic and in elevated mode. Promises: an answer or a
// clear error, never an internal one; UTF-8 text; a successful answer matches the outputSchema,
// and a page stays within kApiAnswerBytes besides the path and filter it echoes.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "apischema/catalogue.h"
#include "fuzz_check.h"
#include "mcp/argument_validator.h"
#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"
#include "pve/text.h"
#include "tools/api_call.h"
#include "tools/catalog.h"

namespace {

using nlohmann::json;

// The input, read front to back; an exhausted input reads as zeros. One read per statement:
// the order in which a call's arguments are evaluated is unspecified, and the seeds
// (api_call_seeds.py) rely on this order.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::size_t below(std::size_t n) {
    const std::size_t two = byte() | (static_cast<std::size_t>(byte()) << 8U);
    return n == 0 ? 0 : two % n;
  }
  bool coin() { return (byte() & 1U) != 0; }
  std::int64_t integer() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8U) | byte();
    return static_cast<std::int64_t>(v);
  }
  // Up to 63 raw bytes.
  std::string piece() {
    const std::size_t wanted = byte() % 64;
    const std::size_t n = std::min(wanted, size_ - at_);
    std::string out(reinterpret_cast<const char*>(data_ + at_), n);
    at_ += n;
    return out;
  }
  std::string rest() {
    std::string out(reinterpret_cast<const char*>(data_ + at_), size_ - at_);
    at_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// What a client can send: JSON strings are UTF-8, so the bytes that are not become U+FFFD.
std::string utf8(const std::string& bytes) {
  return json::parse(json(bytes).dump(-1, ' ', false, json::error_handler_t::replace))
      .get<std::string>();
}

bool is_utf8(const std::string& text) {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

std::string repeated(std::string unit, std::size_t length) {
  if (unit.empty()) unit = "a";
  std::string out;
  while (out.size() < length) out += unit;
  out.resize(length);
  return utf8(out);
}

// A piece of the input repeated to about 8192 characters (the bound on a parameter's value,
// before any pattern runs) or far past it.
std::string long_text(Bytes& in) {
  static constexpr std::array<std::size_t, 4> kLengths = {8191, 8192, 8193, 100'000};
  std::string unit = in.piece();
  return repeated(std::move(unit), kLengths[in.byte() % kLengths.size()]);
}

// A name of the endpoint's, any text, or text around the 64-character bound on names.
std::string parameter_name(Bytes& in, const apischema::Endpoint& endpoint) {
  const std::uint8_t how = in.byte() % 8;
  if (how == 1) {
    std::string unit = in.piece();
    return repeated(std::move(unit), 62 + in.byte() % 8);
  }
  if (how == 0 || endpoint.parameters.empty()) return utf8(in.piece());
  std::string name = endpoint.parameters[in.below(endpoint.parameters.size())].name;
  // "net[n]" stands for net0, net1, …
  if (const std::size_t at = name.find("[n]"); at != std::string::npos) {
    name.replace(at, 3, std::to_string(in.byte() % 12));
  }
  return name;
}

const apischema::Parameter* parameter_named(const apischema::Endpoint& endpoint,
                                            const std::string& name) {
  for (const apischema::Parameter& p : endpoint.parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

json value(Bytes& in, const apischema::Parameter* parameter, int depth) {
  switch (in.byte() % 11) {
    case 0:
      return in.integer();
    case 1:
      return static_cast<std::int64_t>(in.byte()) + 90;  // near the seeds' vmids
    case 2:
      return static_cast<double>(in.integer()) / 1024.0;
    case 3:
      return in.coin();
    case 4:
      return nullptr;
    case 5:
    case 6: {
      if (depth > 3) return "deep";
      const bool array = in.coin();
      json out = array ? json::array() : json::object();
      for (std::size_t n = in.byte() % 4; n > 0; --n) {
        if (array) {
          out.push_back(value(in, parameter, depth + 1));
        } else {
          out[utf8(in.piece())] = value(in, nullptr, depth + 1);
        }
      }
      return out;
    }
    case 7:
      return long_text(in);
    case 8:
      if (parameter != nullptr && !parameter->enum_values.empty()) {
        return parameter->enum_values[in.below(parameter->enum_values.size())];
      }
      if (parameter != nullptr && !parameter->default_value.empty()) {
        return parameter->default_value;
      }
      [[fallthrough]];
    default:
      return utf8(in.piece());
  }
}

json params_for(Bytes& in, const apischema::Endpoint& endpoint) {
  json params = json::object();
  for (std::size_t n = in.byte() % 8; n > 0; --n) {
    const std::string name = parameter_name(in, endpoint);
    params[name] = value(in, parameter_named(endpoint, name), 0);
  }
  return params;
}

// The template, the template filled in (values that agree with params or not, "." and ".."),
// the template with one segment replaced, or any text.
std::string path_for(Bytes& in, const apischema::Endpoint& endpoint) {
  const std::uint8_t how = in.byte() % 4;
  if (how == 0) return endpoint.path;
  if (how == 3) return utf8(in.piece());
  const std::vector<std::string_view> segments = apischema::path_segments(endpoint.path);
  const std::size_t replaced = in.below(segments.size() + 1);
  std::string path;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view segment = segments[i];
    const bool placeholder = segment.size() > 2 && segment.front() == '{';
    path += '/';
    if ((how == 1 && placeholder) || i == replaced) {
      static constexpr std::array<std::string_view, 4> kOdd = {".", "..", "%2F", "pve1"};
      path += in.coin() ? std::string(kOdd[in.byte() % kOdd.size()]) : utf8(in.piece());
    } else {
      path += segment;
    }
  }
  return path;
}

std::string method_for(Bytes& in, const apischema::Endpoint& endpoint) {
  static constexpr std::array<std::string_view, 5> kMethods = {"GET", "POST", "PUT", "DELETE",
                                                               "get"};
  switch (in.byte() % 4) {
    case 0:
    case 1:
      return endpoint.method;
    case 2:
      return std::string(kMethods[in.byte() % kMethods.size()]);
    default:
      return utf8(in.piece());
  }
}

json call_arguments(Bytes& in, const apischema::Endpoint& endpoint) {
  json args = {{"method", method_for(in, endpoint)}, {"path", path_for(in, endpoint)}};
  const std::uint8_t present = in.byte();
  if ((present & 1U) != 0) args["params"] = params_for(in, endpoint);
  if ((present & 2U) != 0) args["params"] = value(in, nullptr, 0);  // not always an object
  if ((present & 4U) != 0) {
    json fields = json::array();
    for (std::size_t n = in.byte() % 4; n > 0; --n) fields.push_back(parameter_name(in, endpoint));
    args["fields"] = fields;
  }
  if ((present & 8U) != 0) args["filter"] = utf8(in.piece());
  if ((present & 16U) != 0) args["limit"] = in.coin() ? in.integer() : in.byte() % 8;
  if ((present & 32U) != 0) {
    args["cursor"] = in.coin() ? std::to_string(in.byte() % 16) : utf8(in.piece());
  }
  if ((present & 64U) != 0) args["wait"] = in.coin();
  return args;
}

// The Proxmox behind the tool answers every request with the same data, and a GET's envelope
// with a `total` when the input asks for one.
class FuzzApi : public pve::Api {
 public:
  json data;
  std::optional<json> total;

  json get(const std::string&, const pve::Params&) override { return data; }
  json post(const std::string&, const pve::Params&) override { return data; }
  json put(const std::string&, const pve::Params&) override { return data; }
  json del(const std::string&, const pve::Params&) override { return data; }
  json get_envelope(const std::string&, const pve::Params&) override {
    json envelope = {{"data", data}};
    if (total) envelope["total"] = *total;
    return envelope;
  }
};

// A task is not waited for: the first pause ends the wait.
class FuzzContext : public mcp::CallContext {
 public:
  [[nodiscard]] bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  bool pause(std::chrono::milliseconds) override { return true; }
};

FuzzApi& fuzz_api() {
  static FuzzApi api;
  return api;
}

// How the server is set up: basic; elevated with every write opened (the whole pipeline runs);
// elevated with the default patterns only (their parameter rules and refusals run).
enum class Setup { basic, everything, defaults };

const mcp::Tool& api_call_tool(Setup setup) {
  static const policy::Policy basic;
  static const policy::Policy everything([] {
    policy::Settings settings;
    settings.mode = policy::Mode::elevated;
    settings.api_writes = policy::parse_api_writes("GET|POST|PUT|DELETE /**").patterns;
    return settings;
  }());
  static const policy::Policy defaults(policy::Settings{.mode = policy::Mode::elevated});
  static const std::vector<mcp::Tool> basic_tools = tools::make_tools(fuzz_api(), basic);
  static const std::vector<mcp::Tool> everything_tools = tools::make_tools(fuzz_api(), everything);
  static const std::vector<mcp::Tool> default_tools = tools::make_tools(fuzz_api(), defaults);
  const std::vector<mcp::Tool>& tools = setup == Setup::basic        ? basic_tools
                                        : setup == Setup::everything ? everything_tools
                                                                     : default_tools;
  for (const mcp::Tool& tool : tools) {
    if (tool.name == "proxmox_api_call") return tool;
  }
  fuzz::fail("the catalogue has proxmox_api_call");
}

// What Proxmox answers: the rest of the input as JSON (as deep as the client accepts), or as a
// string when it is not JSON.
void set_answer(Bytes& in) {
  const std::uint8_t total = in.byte() % 4;
  fuzz_api().total = total == 0   ? std::optional<json>(in.integer())
                     : total == 1 ? std::optional<json>(utf8(in.piece()))
                                  : std::nullopt;
  const std::string rest = in.rest();
  fuzz_api().data = pve::json_depth(rest, 64) > 64
                        ? json(nullptr)
                        : json::parse(rest, nullptr, /*allow_exceptions=*/false);
  if (fuzz_api().data.is_discarded()) fuzz_api().data = utf8(rest);
}

void check_answer(const json& args, const mcp::Tool& tool, const mcp::ToolResult& result) {
  fuzz::check(!result.text.starts_with("Internal error"),
              "proxmox_api_call answers or names the problem, never an internal error",
              result.text);
  fuzz::check(is_utf8(result.text), "the text is UTF-8", result.text);
  if (result.is_error) return;
  const auto problem = mcp::check_structured_content(tool.output_schema, result.structured);
  fuzz::check(!problem, "structuredContent matches the outputSchema", problem.value_or(""));
  if (!result.structured.contains("data")) return;  // a task's report
  const std::size_t echoes =
      2 * result.structured.at("path").get_ref<const std::string&>().size() +
      (args.contains("filter") ? args.at("filter").get_ref<const std::string&>().size() : 0);
  const std::size_t bytes =
      result.text.size() +
      result.structured.dump(-1, ' ', false, json::error_handler_t::replace).size();
  fuzz::check(bytes <= tools::kApiAnswerBytes + echoes,
              "a page stays within kApiAnswerBytes besides the path and filter",
              std::to_string(bytes));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  // Bit 0: elevated or not; bit 1, in elevated mode: the default patterns only.
  const std::uint8_t mode = in.byte() % 4;
  const Setup setup = (mode & 1U) == 0 ? Setup::basic
                      : mode == 1      ? Setup::everything
                                       : Setup::defaults;
  const auto& endpoints = apischema::Catalogue::embedded().endpoints();
  const apischema::Endpoint& endpoint = endpoints[in.below(endpoints.size())];
  const json args = call_arguments(in, endpoint);
  set_answer(in);

  const mcp::Tool& tool = api_call_tool(setup);
  // The session refuses what does not match the inputSchema before any handler runs.
  if (mcp::check_arguments(tool.input_schema, args)) return 0;
  FuzzContext ctx;
  mcp::ToolResult result;
  try {
    result = tool.handler(args, ctx);
  } catch (const std::exception& e) {
    fuzz::fail("the handler returns, it does not throw", e.what());
  }
  check_answer(args, tool, result);
  return 0;
}
