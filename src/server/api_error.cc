#include "server/api_error.h"

#include "core/json.h"

namespace smartgov {

unsigned HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kInternal:
      return 500;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
  }
  return 500;
}

std::string ErrorBody(std::string_view code, std::string_view message,
                      std::string_view request_id) {
  std::string out = "{\"error\":{\"code\":";
  AppendJsonString(out, code);
  out += ",\"message\":";
  AppendJsonString(out, message);
  out += ",\"request_id\":";
  AppendJsonString(out, request_id);
  out += "}}";
  return out;
}

HttpResponse ErrorResponse(const Status& status, std::string_view request_id) {
  return HttpResponse::Json(HttpStatusFor(status.code()),
                            ErrorBody(StatusCodeName(status.code()), status.message(), request_id));
}

}  // namespace smartgov
