// The simulator's HTTP requests and answers are the HTTP library's plain values.
#pragma once

#include "http/message.h"

namespace pvesim {

using HttpRequest = http::Request;
using HttpResponse = http::Response;

}  // namespace pvesim
