// An error that answers a request with a JSON-RPC error of its own code, not a result.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace mcp {

// Raised by a prompt, resource, completer or a call's input handling to answer its request
// with this JSON-RPC error.
class RequestError : public std::runtime_error {
 public:
  RequestError(int code, const std::string& message, nlohmann::json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  [[nodiscard]] int code() const { return code_; }
  [[nodiscard]] const nlohmann::json& data() const { return data_; }

 private:
  int code_;
  nlohmann::json data_;
};

}  // namespace mcp
