#include "tools/guest_tags.h"

#include <algorithm>

#include "policy/policy.h"
#include "policy/scope.h"
#include "tools/device_write.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {

namespace typed {

Problem tag_name(const std::string& tag) {
  const auto first = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  const auto rest = [&](char c) { return first(c) || c == '-' || c == '+' || c == '.'; };
  constexpr std::size_t kLongest = 128;  // far above any tag a person types; bounds the echo
  if (!tag.empty() && tag.size() <= kLongest && first(tag.front()) &&
      std::all_of(tag.begin() + 1, tag.end(), rest)) {
    return std::nullopt;
  }
  return "each tag must start with a letter, digit or '_' and continue with those, '-', '+' or "
         "'.' (at most 128 characters)";
}

Problem tag_names(const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) {
    if (Problem problem = tag_name(tag)) return problem;
  }
  return std::nullopt;
}

}  // namespace typed

namespace {

using nlohmann::json;

// `tags` without those in `remove`, then with those of `add` it lacks (compared without case);
// the order Proxmox had is kept and added tags go last.
std::vector<std::string> changed_tags(const std::vector<std::string>& tags,
                                      const std::vector<std::string>& add,
                                      const std::vector<std::string>& remove) {
  std::vector<std::string> out;
  for (const std::string& tag : tags) {
    const bool removed = std::any_of(remove.begin(), remove.end(), [&](const std::string& r) {
      return same_without_case(tag, r);
    });
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const std::string& o) { return same_without_case(tag, o); });
    if (!removed && !seen) out.push_back(tag);
  }
  for (const std::string& tag : add) {
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const std::string& o) { return same_without_case(tag, o); });
    if (!seen) out.push_back(tag);
  }
  return out;
}

std::string joined(const std::vector<std::string>& tags, std::string_view separator) {
  std::string out;
  for (const std::string& tag : tags) out += (out.empty() ? "" : std::string(separator)) + tag;
  return out;
}

std::string shown_tags(const std::vector<std::string>& tags) {
  return tags.empty() ? "none" : md::one_line(joined(tags, ", "));
}

}  // namespace

extern const std::string_view kSetTagsOutput = R"({
  "type": "object",
  "properties": {
    "tags": {"type": "array", "items": {"type": "string"}},
    "previous_tags": {"type": "array", "items": {"type": "string"}},
    "pending": {"type": "boolean"}
  },
  "required": ["tags", "previous_tags"]
})";

mcp::ToolResult set_tags(const Call& call, const SetTagsArgs& args) {
  const std::vector<std::string> add = args.add.value_or(std::vector<std::string>{});
  const std::vector<std::string> remove = args.remove.value_or(std::vector<std::string>{});
  if (add.empty() && remove.empty()) {
    throw ArgError("Invalid arguments: give add, remove or both (lists of tags)");
  }
  pve::Api& api = call.api;
  const GuestTarget guest =
      GuestTarget::of(args, args.type ? type_named(*args.type) : listed_type(api, args.vmid));
  const json config = config_before(api, guest);
  // Judged again on the config whose digest goes with the change: a protected tag added since
  // the scope check read the guest list cannot be taken off through that gap.
  if (call.policy != nullptr) {
    if (std::optional<std::string> tag =
            call.policy->scope().protected_tag(text_field(config, "tags"))) {
      throw Refusal(policy::guest_protected(guest.label(),
                                            "its tag '" + *tag + "' is in PROXMOX_PROTECTED_TAGS",
                                            "run proxmox_set_tags on it"));
    }
  }
  const std::vector<std::string> before = policy::guest_tags(text_field(config, "tags"));
  const std::vector<std::string> after = changed_tags(before, add, remove);

  std::vector<Fact> facts = guest_facts(guest);
  facts.push_back(
      fact("Tags", shown_tags(after) + " (was " + shown_tags(before) + ")", "tags", after));
  facts.push_back(field("previous_tags", before));
  if (after == before) {
    const std::vector<Fact> none = nothing_sent_facts();
    facts.insert(facts.end(), none.begin(), none.end());
    return plain_answer(md::heading("🏷️", "Tags Unchanged"), facts);
  }
  // Proxmox stores them ';'-separated; an empty list is a deletion of the key.
  pve::Params params =
      after.empty() ? pve::Params{{"delete", "tags"}} : pve::Params{{"tags", joined(after, ";")}};
  const WriteOutcome outcome =
      perform(call, config_put(api, guest, std::move(params), config, {}), FollowOptions{});
  WriteReport report{{"🏷️", "Tags Changing", "Tags Changed", "Tag Change Failed"}, facts, {}};
  return render(report, outcome);
}

}  // namespace tools
