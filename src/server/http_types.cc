#include "server/http_types.h"

namespace smartgov {

HttpRequest::HttpRequest(const BeastRequest& raw) : raw_(&raw) {
  std::string_view t = target();
  auto q = t.find('?');
  path_ = t.substr(0, q);
  if (q != std::string_view::npos) query_ = t.substr(q + 1);
}

std::string_view HttpRequest::Header(std::string_view name) const {
  auto it = raw_->find(boost::beast::string_view(name.data(), name.size()));
  if (it == raw_->end()) return {};
  return {it->value().data(), it->value().size()};
}

std::string HttpRequest::QueryParam(std::string_view name) const {
  std::string_view rest = query_;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    if (key == name) {
      return eq == std::string_view::npos ? std::string()
                                          : PercentDecode(pair.substr(eq + 1), true);
    }
  }
  return {};
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace smartgov
