// doctor's output: one line per check, its verdict first.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace setup {

class DoctorReport {
 public:
  explicit DoctorReport(std::ostream& out) : out_(out) {}
  void ok(std::string_view check, const std::string& detail) { line("ok", check, detail); }
  void warn(std::string_view check, const std::string& detail) { line("warn", check, detail); }
  void fail(std::string_view check, const std::string& detail) {
    failed_ = true;
    line("FAIL", check, detail);
  }
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  void line(std::string_view verdict, std::string_view check, const std::string& detail);
  std::ostream& out_;
  bool failed_ = false;
};

}  // namespace setup
