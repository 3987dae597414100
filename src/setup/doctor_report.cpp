#include "setup/doctor_report.h"

#include <algorithm>

namespace setup {

void DoctorReport::line(std::string_view verdict, std::string_view check,
                        const std::string& detail) {
  // Verdicts and check names padded to their longest, so that the details line up.
  constexpr size_t kVerdict = 6, kCheck = 14;
  std::string text(verdict);
  text.resize(std::max(kVerdict, text.size()), ' ');
  text += check;
  text.resize(std::max(kVerdict + kCheck, text.size() + 1), ' ');
  out_ << text << detail << "\n";
  out_.flush();
}

}  // namespace setup
