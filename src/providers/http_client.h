// A small blocking HTTP/1.1 client for calling model endpoints on the
// department's own network (http://host:port/path).
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "core/status.h"

namespace smartgov {

struct HttpClientResponse {
  unsigned status = 0;
  std::string body;
};

// Sends one request and reads the whole response. Errors: kInvalidArgument for
// a malformed or unsupported URL, kUnavailable when the endpoint cannot be
// reached, kDeadlineExceeded past `timeout`. Thread-safe (no shared state).
Result<HttpClientResponse> HttpPost(const std::string& url, const std::string& body,
                                    const std::map<std::string, std::string>& headers,
                                    std::chrono::milliseconds timeout);

}  // namespace smartgov
