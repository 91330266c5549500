// The HTTP request and response as handlers see them, independent of the
// transport that carries them.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smartgov {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

struct HttpRequest {
  // REQUIRES: `raw` outlives this object.
  explicit HttpRequest(const BeastRequest& raw);

  std::string_view method() const { return raw_->method_string(); }
  boost::beast::http::verb verb() const { return raw_->method(); }
  std::string_view target() const { return {raw_->target().data(), raw_->target().size()}; }
  std::string_view path() const { return path_; }
  std::string_view query() const { return query_; }
  // The value of header `name`, or "" when absent.
  std::string_view Header(std::string_view name) const;
  // The decoded value of query parameter `name`, or "" when absent.
  std::string QueryParam(std::string_view name) const;
  const std::string& body() const { return raw_->body(); }

  std::string request_id;
  std::string remote_address;

 private:
  const BeastRequest* raw_;
  std::string_view path_;
  std::string_view query_;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse Json(unsigned status, std::string body) {
    return {status, "application/json", std::move(body), {}};
  }
};

// Decodes %XX escapes (and '+' as space when `plus_is_space`); invalid escapes stay as they are.
std::string PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace smartgov
