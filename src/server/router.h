// The route table: every HTTP route, one line each, with who may call it and
// what the OpenAPI document says of it.
#pragma once

#include <boost/beast/http/verb.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "server/http_types.h"
#include "store/records.h"

namespace smartgov {

// The authenticated caller. Citizens (anonymous) have no department.
struct Caller {
  Role role = Role::kCitizen;
  std::string department_id;
  std::string key_id;  // empty for anonymous callers
};

struct PathParams {
  std::vector<std::pair<std::string_view, std::string>> values;
  // The decoded value of `{name}` in the pattern. REQUIRES: the pattern has it.
  const std::string& Get(std::string_view name) const;
};

struct Services;

struct RequestContext {
  const HttpRequest& request;
  const Caller& caller;
  const PathParams& params;
  Services& services;
};

// Handlers are plain functions; what they need reaches them through the context.
using RouteHandler = Result<HttpResponse> (*)(const RequestContext&);

// What /openapi.json says of a route. Schemas name entries of the document's
// components (server/openapi.cc); "" for none.
struct RouteDoc {
  std::string_view summary;
  std::string_view request_schema;   // the JSON body the route takes
  std::string_view response_schema;  // the success response ("text" for text/plain)
  unsigned success_status = 200;
};

// Who may call a route. An empty list means anyone, including anonymous citizens.
using RoleList = std::vector<Role>;

struct Route {
  boost::beast::http::verb method;
  std::string_view pattern;  // "/api/v1/tickets/{id}"
  RoleList roles;
  RouteDoc doc;
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  std::size_t index = 0;
  PathParams params;
  std::string allow;  // methods allowed on the path when only the method was wrong
};

class Router {
 public:
  // REQUIRES: patterns are unique per method and start with '/'.
  explicit Router(std::vector<Route> routes);
  RouteMatch Match(boost::beast::http::verb method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace smartgov
