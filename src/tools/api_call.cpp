// proxmox_api_call: resolve the endpoint in the embedded schema, fill and check its path and
// parameters, ask the policy, spare protected guests, send, and follow or page the answer.
#include "tools/api_call.h"

#include <algorithm>

#include "apischema/catalogue.h"
#include "apischema/param_validator.h"
#include "pve/encoding.h"
#include "pve/error.h"
#include "pve/text.h"
#include "tools/api_guard.h"
#include "tools/api_page.h"
#include "tools/confirm_gate.h"
#include "tools/dry_run.h"
#include "tools/guest_guard.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kApiCallOutput = R"({
  "type": "object",
  "properties": {
    "method": {"type": "string"},
    "path": {"type": "string", "description": "the path sent, its values filled in"},
    "data": {"description": "the answer's data: the page of a list, projected to fields"},
    "total": {"type": "integer", "description": "items in the whole list"},
    "matched": {"type": "integer", "description": "items the filter kept"},
    "offset": {"type": "integer"},
    "next_cursor": {"type": "string"},
    "cut": {"type": "boolean", "description": "too large: data is the first part of its JSON text"},
    "proxmox_total": {"type": "integer", "description": "Proxmox's count of the whole list: page it with params start and limit"}
  },
  "required": ["method", "path"]
})";

namespace {

std::string value_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string unknown_endpoint(const ApiCallArgs& args) {
  std::string text = "The Proxmox API has no " + args.method + " " + args.path + ".";
  const std::vector<std::string> near = apischema::Catalogue::embedded().nearest(args.path, 5);
  if (!near.empty()) {
    text += " Nearest:";
    for (const std::string& endpoint : near) text += " " + endpoint + ";";
    text.back() = '.';
  }
  return text + " Find endpoints with proxmox_api_search.";
}

// The parameters with the path's placeholders among them, as the schema validates them; a
// value given both in the path and in params must agree.
json merged_params(const ApiCallArgs& args, const apischema::Resolved& resolved) {
  json params = args.params;
  for (const auto& [name, raw] : resolved.path_values) {
    // A path copied from an answer arrives encoded ("vm%3A100"); it is encoded again when sent.
    const std::string in_path = pve::percent_decode(raw);
    // Proxmox takes UTF-8 text: escapes that decode to other bytes name nothing it has.
    if (!pve::is_utf8(in_path)) {
      throw ArgError("'" + name + "' in the path (" + raw +
                     ") is not UTF-8 text once its %-escapes are decoded.");
    }
    const auto given = params.find(name);
    if (in_path.empty()) {
      if (given == params.end() || given->is_null()) {
        throw ArgError("The path needs {" + name + "}: give it in params (\"" + name +
                       "\": …) or write it into the path.");
      }
    } else if (given != params.end() && value_text(*given) != in_path) {
      throw ArgError("'" + name + "' is " + in_path + " in the path but " + value_text(*given) +
                     " in params.");
    } else {
      params[name] = in_path;
    }
  }
  return params;
}

// Proxmox's validation runs patterns over names and values, and std::regex recurses once per
// character: a model's text is bounded before any pattern sees it.
void refuse_oversized(const json& params) {
  constexpr std::size_t kMaxName = 64;
  constexpr std::size_t kMaxValue = 8192;
  constexpr std::size_t kMaxItems = 1000;
  if (params.size() > kMaxItems) throw ArgError("params has more than 1000 parameters.");
  for (const auto& item : params.items()) {
    const std::string& name = item.key();
    const json& value = item.value();
    if (name.size() > kMaxName) {
      throw ArgError("A parameter name is longer than 64 characters: '" +
                     std::string(pve::utf8_prefix(name, kMaxName)) + "…'.");
    }
    const auto check = [&](const json& v) {
      if (v.is_string() && v.get_ref<const std::string&>().size() > kMaxValue) {
        throw ArgError("Parameter '" + name + "' is longer than 8192 characters.");
      }
    };
    if (!value.is_array()) {
      check(value);
    } else if (value.size() > kMaxItems) {
      throw ArgError("Parameter '" + name + "' has more than 1000 items.");
    } else {
      for (const json& item : value) check(item);
    }
  }
}

void check_params(const apischema::Endpoint& endpoint, json& params) {
  apischema::normalize_params(*endpoint.schema, params);
  const apischema::ParamErrors errors = apischema::validate_params(*endpoint.schema, params);
  if (errors.empty()) return;
  // Each problem may quote the value it is about: few of them, each clipped, reach the model.
  constexpr std::size_t kShownProblems = 10;
  constexpr std::size_t kProblemBytes = 300;
  std::string text =
      "Proxmox would refuse " + endpoint.method + " " + endpoint.path + ", so nothing was sent:";
  std::size_t shown = 0;
  for (const auto& [name, problem] : errors) {
    if (shown++ == kShownProblems) break;
    text += " " + pve::clip(name + ": " + problem, kProblemBytes) + ";";
  }
  text.back() = '.';
  if (errors.size() > kShownProblems) {
    text += " And " + std::to_string(errors.size() - kShownProblems) + " more problems.";
  }
  throw ArgError(text + " proxmox_api_describe shows every parameter.");
}

// The template with its placeholders replaced by their percent-encoded values, which leave
// `sent` (they travel in the path, not as parameters).
std::string filled_path(const std::string& template_path, json& sent) {
  std::string path;
  for (std::string_view segment : apischema::path_segments(template_path)) {
    path += '/';
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      const std::string name(segment.substr(1, segment.size() - 2));
      const std::string value = value_text(sent.at(name));
      // Dots are unreserved, so they would reach the URL as they are, where . and .. are
      // steps through the path, not names: the path sent would not be the path allowed.
      if (value == "." || value == "..") {
        throw ArgError("'" + name + "' cannot be '" + value + "'.");
      }
      path += pve::percent_encode(value);
      sent.erase(name);
    } else {
      path += segment;
    }
  }
  return path;
}

pve::Params form_params(const json& sent) {
  pve::Params form;
  for (const auto& [key, value] : sent.items()) {
    if (value.is_array()) {
      for (const json& item : value) form.emplace_back(key, value_text(item));
    } else {
      form.emplace_back(key, value_text(value));
    }
  }
  return form;
}

void refuse_if_at_risk(pve::Api& api, const std::string& method, const std::string& template_path,
                       const json& sent) {
  const std::optional<GuestAtRisk> risk = guest_at_risk(method, template_path, sent);
  if (!risk) return;
  json config;
  try {
    config = guest_config(api, risk->node, risk->type, risk->vmid);
  } catch (const pve::Error& e) {
    if (e.kind() == pve::ErrorKind::kNotFound) return;  // nothing there to protect
    throw;
  }
  refuse_if_protected(config, risk->type, risk->vmid, risk->action);
}

// Returns when the request was confirmed with a token, or the person approves it; throws
// Unconfirmed otherwise. A token is bound to the request as sent and to the guest's config as
// it is.
void confirm_request(pve::Api& api, const std::string& template_path, const json& as_sent,
                     const WouldSend& request, const ApiCallArgs& args, mcp::CallContext& ctx) {
  const json params = pve::params_json(request.params);
  Confirmation confirmation{.tool = "proxmox_api_call",
                            .call = canonical_call("proxmox_api_call", {{"method", request.method},
                                                                        {"path", request.path},
                                                                        {"params", params}})};
  const std::optional<GuestTarget> guest = api_path_guest(template_path, as_sent);
  // A restore with force over an ID no guest has replaces nothing: there is nothing to confirm.
  const std::optional<json> config =
      guest ? bind_to_guest(confirmation, api, *guest) : std::optional<json>(json());
  if (!config) return;
  if (confirmed(confirmation, args.confirm, ctx)) return;
  confirmation.impact = impact_lines(request, *config);
  ask_person(confirmation, args.confirm.has_value(), ctx);
}

json send(pve::Api& api, const std::string& method, const std::string& path,
          const pve::Params& form) {
  if (method == "GET") return api.get(path, form);
  if (method == "POST") return api.post(path, form);
  if (method == "PUT") return api.put(path, form);
  return api.del(path, form);
}

// What a GET answers: its data, and Proxmox's own count when the envelope has one (a task list
// or log counts more than one answer holds; params start and limit page through it).
struct Answer {
  json data;
  std::optional<std::int64_t> proxmox_total;
};

Answer get_answer(pve::Api& api, const std::string& path, const pve::Params& form) {
  json envelope = api.get_envelope(path, form);
  Answer answer{.data = json(), .proxmox_total = integer_field(envelope, "total")};
  if (answer.proxmox_total && *answer.proxmox_total < 0) answer.proxmox_total.reset();
  if (envelope.is_object()) answer.data = std::move(envelope["data"]);
  return answer;
}

ApiPageRequest page_request(const ApiCallArgs& args) {
  ApiPageRequest request;
  if (args.keep) request.fields = *args.keep;
  if (args.filter) {
    ApiFilterParse filter = parse_api_filter(*args.filter);
    if (!filter.problem.empty()) throw ArgError("Invalid argument 'filter': " + filter.problem);
    request.filter = std::move(filter.conditions);
  }
  request.limit = static_cast<std::size_t>(args.limit);
  request.offset = args.cursor ? std::stoul(*args.cursor) : 0;
  request.max_bytes = kApiPageBytes;
  return request;
}

// Which items of how many, and where the next page starts.
std::string list_heading(const ApiCallArgs& args, const ApiPage& page) {
  const std::size_t shown = page.data.size();
  std::string text = shown == 0 ? "No items"
                                : "Items " + std::to_string(page.offset + 1) + "–" +
                                      std::to_string(page.offset + shown);
  text +=
      " of " + std::to_string(page.matched) +
      (args.filter ? " matching " + *args.filter + " (" + std::to_string(page.total) + " in all)"
                   : "") +
      ".\n";
  if (page.next_offset) text += "More: cursor=\"" + std::to_string(*page.next_offset) + "\".\n";
  return text;
}

std::string proxmox_total_line(std::int64_t total, const json& data) {
  const bool more = data.is_array() && total > static_cast<std::int64_t>(data.size());
  return "Proxmox counts " + std::to_string(total) + " in all" +
         (more ? ": page with params start and limit.\n" : ".\n");
}

// A value as JSON; a cut one as the JSON text it is, which escaping again would only lengthen.
std::string shown_text(const json& value, bool cut) {
  return cut ? value.get<std::string>()
             : value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The page goes into the text and into structuredContent: each copy is bounded by kApiPageBytes.
mcp::ToolResult page_answer(const ApiCallArgs& args, const std::string& method,
                            const std::string& path, const Answer& answer) {
  const ApiPage page = api_page(answer.data, page_request(args));
  json structured = {{"method", method}, {"path", path}, {"data", page.data}};
  std::string text = "**" + method + " " + path + "**\n\n";
  if (page.list) {
    structured["total"] = page.total;
    structured["matched"] = page.matched;
    structured["offset"] = page.offset;
    if (page.next_offset) structured["next_cursor"] = std::to_string(*page.next_offset);
    text += list_heading(args, page);
  }
  if (answer.proxmox_total) {
    structured["proxmox_total"] = *answer.proxmox_total;
    text += proxmox_total_line(*answer.proxmox_total, answer.data);
  }
  text += "```json\n";
  if (page.list) {
    for (const json& item : page.data) text += shown_text(item, page.cut) + "\n";
  } else {
    text += shown_text(page.data, page.cut) + "\n";
  }
  text += "```\n";
  if (page.cut) {
    structured["cut"] = true;
    const json& cut = page.list ? page.data.front() : page.data;
    text += "Cut after " +
            std::to_string(cut.get_ref<const std::string&>().size() - kCutMark.size()) +
            " of its " + std::to_string(page.uncut_bytes) + " bytes: ask for fewer fields.\n";
  }
  return {std::move(text), std::move(structured)};
}

}  // namespace

mcp::ToolResult api_call(const Call& call, const ApiCallArgs& args) {
  const std::optional<apischema::Resolved> resolved =
      apischema::Catalogue::embedded().resolve(args.method, args.path);
  if (!resolved) throw ArgError(unknown_endpoint(args));
  const apischema::Endpoint& endpoint = *resolved->endpoint;
  const std::string& method = endpoint.method;  // upper case, whatever the model sent

  refuse_oversized(args.params);  // before any of it is matched, echoed or validated
  json params = merged_params(args, *resolved);
  check_params(endpoint, params);
  json sent = apischema::stringify_params(params);
  const std::string node = sent.contains("node") ? value_text(sent["node"]) : std::string();
  const std::string path = filled_path(endpoint.path, sent);

  const policy::Policy basic;
  const policy::Policy& policy = call.policy != nullptr ? *call.policy : basic;
  std::vector<std::string> names;
  for (const auto& item : sent.items()) names.push_back(item.key());
  if (std::optional<std::string> refusal = policy.api_call_refusal(method, path, names)) {
    throw Refusal(*refusal);
  }
  const json as_sent = apischema::stringify_params(params);  // path values included
  Reach reach = api_call_reach(endpoint, as_sent);
  reach.action = "send " + method + " " + path;
  enforce_scope(call.api, policy.scope(), reach);
  refuse_if_at_risk(call.api, method, endpoint.path, as_sent);

  const pve::Params form = form_params(sent);
  if (!call.dry_run && policy.confirms() && confirms_api_request(method, endpoint.path, as_sent)) {
    confirm_request(call.api, endpoint.path, as_sent, {method, path, form}, args, call.ctx);
  }
  if (method == "GET") return page_answer(args, method, path, get_answer(call.api, path, form));
  if (!endpoint.returns_task) {
    return page_answer(args, method, path,
                       {.data = send(call.api, method, path, form), .proxmox_total = std::nullopt});
  }
  const WriteOutcome outcome =
      perform(call, {.node = node, .send = [&] { return send(call.api, method, path, form); }},
              args.follow());
  const std::string request = method + " " + path;
  return render({.titles = {"🔌", "API Call Started", "API Call Done", "API Call Failed"},
                 .facts = {shown("Request", "`" + request + "`"), field("method", method),
                           field("path", path)}},
                outcome);
}

}  // namespace tools
