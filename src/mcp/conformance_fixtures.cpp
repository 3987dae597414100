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

json text_answer(const json& result) {
  return result.contains("content") && result.at("content").is_object()
             ? result.at("content").value("text", json(""))
             : json("");
}

// elicitation/create asking one string field `field` with `message`.
InputRequest ask_text(const std::string& message, const std::string& field) {
  return {"elicitation/create",
          json{{"message", message},
               {"requestedSchema", json{{"type", "object"},
                                        {"properties", json{{field, json{{"type", "string"}}}}},
                                        {"required", json::array({field})}}}}};
}

InputRequest ask_model(const std::string& text, int max_tokens) {
  return {
      "sampling/createMessage",
      json{{"messages", json::array({json{{"role", "user"},
                                          {"content", json{{"type", "text"}, {"text", text}}}}})},
           {"maxTokens", max_tokens}}};
}

// What an elicitation answer's content says of `field`, as text.
std::string field_of(const json& answer, const std::string& field) {
  const json& content = answer.contains("content") ? answer.at("content") : json();
  if (!content.is_object() || !content.contains(field)) return "";
  const json& value = content.at(field);
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// "action=accept, content={...}" of an elicitation answer.
std::string elicitation_outcome(const json& answer) {
  return "action=" + answer.value("action", std::string()) +
         ", content=" + answer.value("content", json::object()).dump();
}

Tool with_string_argument(Tool t, const std::string& name) {
  t.input_schema = json{{"type", "object"},
                        {"properties", json{{name, json{{"type", "string"}}}}},
                        {"required", json::array({name})}};
  return t;
}

// The 2025-11-25 suite's fixtures that ask the client during the call (legacy requests).
void add_asking_tools(std::vector<Tool>& tools) {
  tools.push_back(with_string_argument(
      fixture("test_elicitation", "asks the person for a user name and an e-mail address.",
              [](const json& args, CallContext& ctx) {
                const json schema = json::parse(R"({"type":"object","properties":{
                    "username":{"type":"string","description":"User's response"},
                    "email":{"type":"string","description":"User's email address"}},
                    "required":["username","email"]})");
                const InputResponses answers = ctx.ask_inputs(
                    {{"user_info",
                      {"elicitation/create",
                       json{{"message", args.at("message")}, {"requestedSchema", schema}}}}},
                    nullptr);
                return text_result("User response: " +
                                   elicitation_outcome(answers.at("user_info")));
              }),
      "message"));
  tools.push_back(fixture(
      "test_elicitation_sep1034_defaults", "asks a form whose fields have defaults.",
      [](const json&, CallContext& ctx) {
        const json schema = json::parse(R"({"type":"object","properties":{
            "name":{"type":"string","description":"User name","default":"John Doe"},
            "age":{"type":"integer","description":"User age","default":30},
            "score":{"type":"number","description":"User score","default":95.5},
            "status":{"type":"string","description":"User status",
                      "enum":["active","inactive","pending"],"default":"active"},
            "verified":{"type":"boolean","description":"Verification status","default":true}}})");
        const InputResponses answers = ctx.ask_inputs(
            {{"review",
              {"elicitation/create",
               json{{"message", "Please review your information"}, {"requestedSchema", schema}}}}},
            nullptr);
        return text_result("Elicitation completed: " + elicitation_outcome(answers.at("review")));
      }));
  tools.push_back(fixture(
      "test_elicitation_sep1330_enums", "asks a form of single and multiple choices.",
      [](const json&, CallContext& ctx) {
        const json schema = json::parse(R"({"type":"object","properties":{
            "untitledSingle":{"type":"string","description":"Pick one",
                              "enum":["option1","option2","option3"]},
            "titledSingle":{"type":"string","description":"Pick one","oneOf":[
                {"const":"value1","title":"First Option"},{"const":"value2","title":"Second Option"},
                {"const":"value3","title":"Third Option"}]},
            "legacyEnum":{"type":"string","description":"Pick one","enum":["opt1","opt2","opt3"],
                          "enumNames":["Option One","Option Two","Option Three"]},
            "untitledMulti":{"type":"array","description":"Pick some",
                             "items":{"type":"string","enum":["option1","option2","option3"]}},
            "titledMulti":{"type":"array","description":"Pick some","items":{"anyOf":[
                {"const":"value1","title":"First Choice"},{"const":"value2","title":"Second Choice"},
                {"const":"value3","title":"Third Choice"}]}}}})");
        const InputResponses answers = ctx.ask_inputs(
            {{"choices",
              {"elicitation/create",
               json{{"message", "Please make your choices"}, {"requestedSchema", schema}}}}},
            nullptr);
        return text_result("Elicitation completed: " + elicitation_outcome(answers.at("choices")));
      }));
  tools.push_back(with_string_argument(
      fixture("test_sampling", "asks the client's model to answer `prompt`.",
              [](const json& args, CallContext& ctx) {
                const InputResponses answers = ctx.ask_inputs(
                    {{"reply", ask_model(args.at("prompt").get<std::string>(), 100)}}, nullptr);
                return text_result("LLM response: " +
                                   text_answer(answers.at("reply")).get<std::string>());
              }),
      "prompt"));
}

// The 2026-07-28 suite's fixtures of input_required results (multi-round requests).
void add_input_required_tools(std::vector<Tool>& tools) {
  tools.push_back(fixture(
      "test_input_required_result_elicitation", "asks for a name.",
      [](const json&, CallContext& ctx) {
        const InputResponses answers =
            ctx.ask_inputs({{"user_name", ask_text("What is your name?", "name")}}, nullptr);
        return text_result("Hello, " + field_of(answers.at("user_name"), "name") + "!");
      }));
  tools.push_back(fixture(
      "test_input_required_result_sampling", "asks the client's model.",
      [](const json&, CallContext& ctx) {
        const InputResponses answers = ctx.ask_inputs(
            {{"capital_question", ask_model("What is the capital of France?", 100)}}, nullptr);
        return text_result(text_answer(answers.at("capital_question")).get<std::string>());
      }));
  tools.push_back(
      fixture("test_input_required_result_list_roots", "asks for the client's roots.",
              [](const json&, CallContext& ctx) {
                const InputResponses answers =
                    ctx.ask_inputs({{"client_roots", {"roots/list", json::object()}}}, nullptr);
                std::string text = "Roots:";
                for (const json& root : answers.at("client_roots").value("roots", json::array())) {
                  text += " " + root.value("uri", std::string());
                }
                return text_result(text);
              }));
  const auto confirm = [](const json&, CallContext& ctx) {
    const InputRequest question{
        "elicitation/create",
        json::parse(R"({"message":"Please confirm","requestedSchema":{"type":"object",
            "properties":{"ok":{"type":"boolean"}},"required":["ok"]}})")};
    const json state{{"asked", "confirm"}};
    const InputResponses answers = ctx.ask_inputs({{"confirm", question}}, state);
    return text_result("Confirmed: ok=" + field_of(answers.at("confirm"), "ok") +
                       (ctx.input_state() == state ? " (state-ok)" : ""));
  };
  tools.push_back(fixture("test_input_required_result_request_state",
                          "asks for a confirmation, keeping a sealed requestState.", confirm));
  tools.push_back(fixture("test_input_required_result_tampered_state",
                          "asks for a confirmation; an altered requestState is refused.", confirm));
  tools.push_back(
      fixture("test_input_required_result_multiple_inputs",
              "asks a form, the model and the roots at once.", [](const json&, CallContext& ctx) {
                const InputResponses answers =
                    ctx.ask_inputs({{"user_name", ask_text("What is your name?", "name")},
                                    {"greeting", ask_model("Generate a greeting", 50)},
                                    {"client_roots", {"roots/list", json::object()}}},
                                   json{{"round", 1}});
                // A client without one of the capabilities is not asked it: its answer is empty.
                const auto answer = [&answers](const std::string& key) {
                  const auto it = answers.find(key);
                  return it == answers.end() ? json::object() : it->second;
                };
                return text_result(
                    text_answer(answer("greeting")).get<std::string>() + " " +
                    field_of(answer("user_name"), "name") + " (" +
                    std::to_string(answer("client_roots").value("roots", json::array()).size()) +
                    " roots)");
              }));
  tools.push_back(fixture(
      "test_input_required_result_multi_round", "asks a name, then a colour, in two rounds.",
      [](const json&, CallContext& ctx) {
        const json state = ctx.input_state();
        std::string name;
        if (state.is_object() && state.value("round", 0) == 2) {
          name = state.value("name", std::string());
        } else {
          const InputResponses first = ctx.ask_inputs(
              {{"step1", ask_text("Step 1: What is your name?", "name")}}, json{{"round", 1}});
          name = field_of(first.at("step1"), "name");
        }
        const InputResponses second =
            ctx.ask_inputs({{"step2", ask_text("Step 2: What is your favorite color?", "color")}},
                           json{{"round", 2}, {"name", name}});
        return text_result(name + "'s favorite color is " + field_of(second.at("step2"), "color"));
      }));
  tools.push_back(fixture("test_input_required_result_capabilities",
                          "asks the person and the model, each only if the client takes it.",
                          [](const json&, CallContext& ctx) {
                            const InputResponses answers = ctx.ask_inputs(
                                {{"ask_user", ask_text("What should be summarized?", "topic")},
                                 {"ask_model", ask_model("Summarize the request", 50)}},
                                nullptr);
                            std::string keys;
                            for (const auto& [key, answer] : answers)
                              keys += (keys.empty() ? "" : ", ") + key;
                            return text_result("Answered: " + keys);
                          }));
  tools.push_back(fixture(
      "test_missing_capability", "needs the client's sampling.", [](const json&, CallContext& ctx) {
        const InputResponses answers =
            ctx.ask_inputs({{"ask_model", ask_model("Say hello", 20)}}, nullptr);
        return text_result(text_answer(answers.at("ask_model")).get<std::string>());
      }));
  tools.push_back(
      fixture("test_streaming_elicitation", "asks for a value.", [](const json&, CallContext& ctx) {
        const InputResponses answers =
            ctx.ask_inputs({{"user_input", ask_text("Please provide input", "value")}}, nullptr);
        return text_result("Input received: " + field_of(answers.at("user_input"), "value"));
      }));
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
  add_asking_tools(tools);
  add_input_required_tools(tools);
  return tools;
}

Offerings conformance_offerings() {
  Offerings o;
  o.prompts.push_back(prompt(
      "test_simple_prompt", "A prompt without arguments.", {},
      [](const std::map<std::string, std::string>&, CallContext&) {
        return json{
            {"messages",
             json::array({user_message(text_block("This is a simple prompt for testing."))})}};
      }));
  o.prompts.push_back(prompt(
      "test_prompt_with_arguments", "A prompt with two arguments.",
      {{.name = "arg1", .description = "First test argument", .required = true, .completion = ""},
       {.name = "arg2", .description = "Second test argument", .required = true, .completion = ""}},
      [](const std::map<std::string, std::string>& a, CallContext&) {
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
      [](const std::map<std::string, std::string>& a, CallContext&) {
        return json{
            {"messages",
             json::array(
                 {user_message(resource_block(a.at("resourceUri"), "text/plain",
                                              "Embedded resource content for testing.")),
                  user_message(text_block("Please process the embedded resource above."))})}};
      }));
  o.prompts.push_back(prompt(
      "test_prompt_with_image", "A prompt with an image.", {},
      [](const std::map<std::string, std::string>&, CallContext&) {
        return json{{"messages",
                     json::array({user_message(image_block()),
                                  user_message(text_block("Please analyze the image above."))})}};
      }));

  o.prompts.push_back(prompt(
      "test_input_required_result_prompt", "A prompt that asks for its context first.", {},
      [](const std::map<std::string, std::string>&, CallContext& ctx) {
        const InputResponses answers = ctx.ask_inputs(
            {{"user_context", ask_text("What context should the prompt use?", "context")}},
            nullptr);
        return json{
            {"messages",
             json::array({user_message(text_block(
                 "Use this context: " + field_of(answers.at("user_context"), "context")))})}};
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
