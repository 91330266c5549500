// The one place a Status becomes an HTTP status and a JSON error body:
//   {"error":{"code":"not_found","message":"…","request_id":"…"}}
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "server/http_types.h"

namespace smartgov {

unsigned HttpStatusFor(StatusCode code);
std::string ErrorBody(std::string_view code, std::string_view message, std::string_view request_id);
// REQUIRES: !status.ok()
HttpResponse ErrorResponse(const Status& status, std::string_view request_id);

}  // namespace smartgov
