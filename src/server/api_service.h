// ApiService: the HTTP API. Owns the route table and runs every request
// through the same steps: match the route, authenticate, check the caller's
// role, run the handler, turn any error (or stray exception) into a JSON error,
// count it, log it.
#pragma once

#include <memory>

#include "server/auth.h"
#include "server/http_types.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/services.h"

namespace smartgov {

// Every route the server answers; defined in route_table.cc.
std::vector<Route> RouteTable();

class ApiService {
 public:
  // `services` must outlive the ApiService; its metrics and router are set here.
  explicit ApiService(Services& services);

  // Thread-safe; never throws. Usable as an HttpHandler.
  void Handle(HttpRequest& request, HttpResponse& response);

  const Router& router() const { return router_; }
  HttpMetrics& metrics() { return *metrics_; }

 private:
  Result<HttpResponse> Dispatch(HttpRequest& request, const RouteMatch& match);

  Services& services_;
  Router router_;
  std::unique_ptr<HttpMetrics> metrics_;
  Authenticator auth_;
};

}  // namespace smartgov
