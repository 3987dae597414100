// How Perl sees a decoded JSON value: its text, its ref(), and whether that text is a number.
#pragma once

#include <cstddef>
#include <string>

#include "apischema/json.h"

namespace apischema {

// How Perl would print a scalar JSON value.
std::string scalar_text(const Json& v);

// Perl's ref() of a decoded JSON value; "" for plain scalars.
std::string perl_ref(const Json& v);

bool is_integer_text(const std::string& s);
bool is_number_text(const std::string& s);

// The value Perl gives a number text (is_number_text): out of range is ±infinity or zero, as
// Perl's numification has it, never an error ("1e999", a run of 400 nines, "1e-400").
double number_value(const std::string& s);

// Characters (UTF-8 code points), as Perl's length() counts a decoded string.
size_t utf8_length(const std::string& s);

}  // namespace apischema
