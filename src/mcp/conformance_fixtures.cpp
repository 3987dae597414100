// The tools, prompts and resources the official MCP conformance suite calls by name, with the
// contents its scenarios expect (tests/conformance/SCENARIOS.md).
#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "mcp/fixture_tools.h"

namespace mcp {
namespace {

using nlohmann::json;

// A 1×1 red PNG and a WAV of one silent sample: the smallest valid files of their kinds.
constexpr std::string_view kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
constexpr std::string_view kWav =
    "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==";
constexpr auto kStep = std::chrono::milliseconds(50);

json text_block(std::string text) {
  return json{{"type", "text"}, {"text", std::move(text)}};
}
json image_block() {
  return json{{"type", "image"}, {"data", kPng}, {"mimeType", "image/png"}};
}
json resource_block(std::string uri, std::string mime_type, std::string text) {
  return json{{"type", "resource"},
              {"resource", json{{"uri", std::move(uri)},
                                {"mimeType", std::move(mime_type)},
                                {"text", std::move(text)}}}};
}

Tool fixture(std::string name, std::string description, ToolHandler handler) {
  Tool t;
  t.name = std::move(name);
  t.description = "Conformance fixture: " + std::move(description);
  t.input_schema = json{{"type", "object"}, {"properties", json::object()}};
  t.annotations = Annotations{.read_only = true, .idempotent = true};
  t.handler = std::move(handler);
  return t;
}

// A result made of content blocks instead of one text.
ToolResult blocks_result(json blocks) {
  ToolResult r;
  r.content = std::move(blocks);
  return r;
}

ToolResult text_result(std::string text) {
  ToolResult r;
  r.text = std::move(text);
  return r;
}

json user_message(json content) {
  return json{{"role", "user"}, {"content", std::move(content)}};
}

Prompt prompt(std::string name, std::string description, std::vector<PromptArgument> arguments,
              PromptRenderer render) {
  return Prompt{.name = std::move(name),
                .title = "",
                .description = std::move(description),
                .arguments = std::move(arguments),
                .tools = {},
                .render = std::move(render)};
}

Resource text_resource(std::string uri, std::string name, std::string mime_type,
                       std::string description, std::string text) {
  Resource r;
  r.uri = std::move(uri);
  r.name = std::move(name);
  r.mime_type = std::move(mime_type);
  r.description = std::move(description);
  r.read = [text = std::move(text), mime = r.mime_type](const std::string& uri,
                                                        const std::map<std::string, std::string>&,
                                                        CallContext&, const ToolRegistry&) {
    return json::array({json{{"uri", uri}, {"mimeType", mime}, {"text", text}}});
  };
  return r;
}

}  // namespace

std::vector<Tool> conformance_tools() {
  std::vector<Tool> tools;
  tools.push_back(
      fixture("test_simple_text", "answers one text block.", [](const json&, CallContext&) {
        return text_result("This is a simple text response for testing.");
      }));
  tools.push_back(fixture("test_image_content", "answers an image.", [](const json&, CallContext&) {
    return blocks_result(json::array({image_block()}));
  }));
  tools.push_back(fixture("test_audio_content", "answers audio.", [](const json&, CallContext&) {
    return blocks_result(
        json::array({json{{"type", "audio"}, {"data", kWav}, {"mimeType", "audio/wav"}}}));
  }));
  tools.push_back(fixture(
      "test_embedded_resource", "answers an embedded resource.", [](const json&, CallContext&) {
        return blocks_result(json::array({resource_block(
            "test://embedded-resource", "text/plain", "This is an embedded resource content.")}));
      }));
  tools.push_back(fixture("test_multiple_content_types", "answers text, an image and a resource.",
                          [](const json&, CallContext&) {
                            return blocks_result(json::array(
                                {text_block("Multiple content types test:"), image_block(),
                                 resource_block("test://mixed-content-resource", "application/json",
                                                R"({"test":"data","value":123})")}));
                          }));
  tools.push_back(
      fixture("test_error_handling", "answers an error result.", [](const json&, CallContext&) {
        return ToolResult::error("This tool intentionally returns an error for testing");
      }));
  tools.push_back(fixture("test_tool_with_progress", "reports progress 0, 50 and 100 of 100.",
                          [](const json&, CallContext& ctx) {
                            ctx.progress(0, 100, "");
                            std::this_thread::sleep_for(kStep);
                            ctx.progress(50, 100, "");
                            std::this_thread::sleep_for(kStep);
                            ctx.progress(100, 100, "");
                            return text_result("Progress test completed");
                          }));
  const auto logging = [](const json&, CallContext& ctx) {
    ctx.log(LogLevel::info, "Tool execution started");
    std::this_thread::sleep_for(kStep);
    ctx.log(LogLevel::info, "Tool processing data");
    std::this_thread::sleep_for(kStep);
    ctx.log(LogLevel::info, "Tool execution completed");
    return text_result("Logging test completed");
  };
  tools.push_back(fixture("test_tool_with_logging", "sends three info messages.", logging));
  tools.push_back(fixture("test_logging_tool", "sends three info messages.", logging));
  return tools;
}

Offerings conformance_offerings() {
  Offerings o;
  o.prompts.push_back(prompt(
      "test_simple_prompt", "A prompt without arguments.", {},
      [](const std::map<std::string, std::string>&) {
        return json{
            {"messages",
             json::array({user_message(text_block("This is a simple prompt for testing."))})}};
      }));
  o.prompts.push_back(prompt(
      "test_prompt_with_arguments", "A prompt with two arguments.",
      {{.name = "arg1", .description = "First test argument", .required = true, .completion = ""},
       {.name = "arg2", .description = "Second test argument", .required = true, .completion = ""}},
      [](const std::map<std::string, std::string>& a) {
        return json{
            {"messages",
             json::array({user_message(text_block("Prompt with arguments: arg1='" + a.at("arg1") +
                                                  "', arg2='" + a.at("arg2") + "'"))})}};
      }));
  o.prompts.push_back(prompt(
      "test_prompt_with_embedded_resource", "A prompt embedding a resource.",
      {{.name = "resourceUri",
        .description = "URI of the resource to embed",
        .required = true,
        .completion = ""}},
      [](const std::map<std::string, std::string>& a) {
        return json{
            {"messages",
             json::array(
                 {user_message(resource_block(a.at("resourceUri"), "text/plain",
                                              "Embedded resource content for testing.")),
                  user_message(text_block("Please process the embedded resource above."))})}};
      }));
  o.prompts.push_back(prompt(
      "test_prompt_with_image", "A prompt with an image.", {},
      [](const std::map<std::string, std::string>&) {
        return json{{"messages",
                     json::array({user_message(image_block()),
                                  user_message(text_block("Please analyze the image above."))})}};
      }));

  o.resources.push_back(text_resource("test://static-text", "static-text", "text/plain",
                                      "A static text resource.",
                                      "This is the content of the static text resource."));
  Resource binary;
  binary.uri = "test://static-binary";
  binary.name = "static-binary";
  binary.mime_type = "image/png";
  binary.description = "A static binary resource.";
  binary.read = [](const std::string& uri, const std::map<std::string, std::string>&, CallContext&,
                   const ToolRegistry&) {
    return json::array({json{{"uri", uri}, {"mimeType", "image/png"}, {"blob", kPng}}});
  };
  o.resources.push_back(std::move(binary));
  Resource data;
  data.uri = "test://template/{id}/data";
  data.name = "template-data";
  data.mime_type = "application/json";
  data.description = "Data for one id.";
  data.read = [](const std::string& uri, const std::map<std::string, std::string>& v, CallContext&,
                 const ToolRegistry&) {
    const std::string& id = v.at("id");
    const json body{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
    return json::array(
        {json{{"uri", uri}, {"mimeType", "application/json"}, {"text", body.dump()}}});
  };
  o.resources.push_back(std::move(data));
  return o;
}

}  // namespace mcp
