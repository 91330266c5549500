#include "server/router.h"

#include "core/assert.h"

namespace smartgov {
namespace {

// Matches `path` against `pattern` segment by segment; fills `params` on success.
bool MatchPattern(std::string_view pattern, std::string_view path, PathParams* params) {
  params->values.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pend = pattern.find('/');
    auto send = path.find('/');
    std::string_view pseg = pattern.substr(0, pend);
    std::string_view sseg = path.substr(0, send);
    if (pseg.size() >= 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (sseg.empty()) return false;
      params->values.emplace_back(pseg.substr(1, pseg.size() - 2), PercentDecode(sseg, false));
    } else if (pseg != sseg) {
      return false;
    }
    pattern = pend == std::string_view::npos ? std::string_view() : pattern.substr(pend);
    path = send == std::string_view::npos ? std::string_view() : path.substr(send);
  }
  return true;
}

}  // namespace

const std::string& PathParams::Get(std::string_view name) const {
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  SG_ASSERT(false && "route pattern lacks the parameter");
  static const std::string kEmpty;
  return kEmpty;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    SG_ASSERT(!routes_[i].pattern.empty() && routes_[i].pattern.front() == '/');
    for (std::size_t j = 0; j < i; ++j) {
      SG_ASSERT(
          !(routes_[i].method == routes_[j].method && routes_[i].pattern == routes_[j].pattern));
    }
  }
}

RouteMatch Router::Match(boost::beast::http::verb method, std::string_view path) const {
  RouteMatch m;
  PathParams params;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (!MatchPattern(r.pattern, path, &params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.index = i;
      m.params = std::move(params);
      m.allow.clear();
      return m;
    }
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += std::string(boost::beast::http::to_string(r.method));
  }
  return m;
}

}  // namespace smartgov
