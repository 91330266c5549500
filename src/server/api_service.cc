#include "server/api_service.h"

#include <chrono>
#include <exception>

#include "server/api_error.h"

namespace smartgov {
namespace {

std::vector<std::pair<std::string, std::string>> MetricLabels(const Router& router) {
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& r : router.routes()) {
    labels.emplace_back(std::string(boost::beast::http::to_string(r.method)),
                        std::string(r.pattern));
  }
  return labels;
}

bool Allowed(const RoleList& roles, Role role) {
  if (roles.empty()) return true;
  for (Role r : roles) {
    if (r == role) return true;
  }
  return false;
}

// Probes hit every few seconds; their access lines would drown the rest.
bool IsProbe(std::string_view pattern) {
  return pattern == "/healthz" || pattern == "/readyz" || pattern == "/metrics";
}

}  // namespace

ApiService::ApiService(Services& services)
    : services_(services),
      router_(RouteTable()),
      metrics_(std::make_unique<HttpMetrics>(MetricLabels(router_))),
      auth_(services.store) {
  services_.metrics = metrics_.get();
  services_.router = &router_;
}

Result<HttpResponse> ApiService::Dispatch(HttpRequest& request, const RouteMatch& match) {
  if (match.route == nullptr) {
    return Status::NotFound("no route for " + std::string(request.method()) + " " +
                            std::string(request.path()));
  }
  SG_ASSIGN_OR_RETURN(Caller caller, auth_.Authenticate(request.Header("Authorization")));
  if (!Allowed(match.route->roles, caller.role)) {
    if (caller.role == Role::kCitizen) {
      return Status::Unauthenticated(
          "this route needs an API key: send 'Authorization: Bearer <key>'");
    }
    return Status::PermissionDenied("role '" + std::string(RoleName(caller.role)) +
                                    "' may not call " + std::string(request.method()) + " " +
                                    std::string(match.route->pattern));
  }
  RequestContext ctx{request, caller, match.params, services_};
  return match.route->handler(ctx);
}

void ApiService::Handle(HttpRequest& request, HttpResponse& response) {
  auto start = std::chrono::steady_clock::now();
  metrics_->Started();
  RouteMatch match = router_.Match(request.verb(), request.path());
  std::size_t route_index = match.route ? match.index : router_.routes().size();
  try {
    if (match.route == nullptr && !match.allow.empty()) {
      response = HttpResponse::Json(
          405, ErrorBody("method_not_allowed",
                         std::string(request.method()) + " is not allowed on " +
                             std::string(request.path()) + "; allowed: " + match.allow,
                         request.request_id));
      response.headers.emplace_back("Allow", match.allow);
    } else {
      Result<HttpResponse> result = Dispatch(request, match);
      if (result.ok()) {
        response = std::move(result).value();
      } else {
        response = ErrorResponse(result.status(), request.request_id);
        if (result.status().code() == StatusCode::kUnauthenticated) {
          response.headers.emplace_back("WWW-Authenticate", "Bearer");
        }
      }
    }
  } catch (const std::exception& e) {
    services_.log.Error(
        "http.handler_exception",
        {{"request_id", request.request_id}, {"path", request.path()}, {"error", e.what()}});
    response =
        ErrorResponse(Status::Internal("internal error; quote request id " + request.request_id),
                      request.request_id);
  } catch (...) {
    services_.log.Error("http.handler_exception",
                        {{"request_id", request.request_id}, {"path", request.path()}});
    response =
        ErrorResponse(Status::Internal("internal error; quote request id " + request.request_id),
                      request.request_id);
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->Finished(route_index, response.status, seconds);
  bool probe = match.route && IsProbe(match.route->pattern);
  if (services_.config.log.access && (!probe || services_.log.Enabled(LogLevel::kDebug))) {
    services_.log.Info("http.request", {{"request_id", request.request_id},
                                        {"method", request.method()},
                                        {"route", match.route ? match.route->pattern
                                                              : std::string_view("unmatched")},
                                        {"path", request.path()},
                                        {"status", static_cast<std::int64_t>(response.status)},
                                        {"duration_ms", seconds * 1000.0},
                                        {"remote", request.remote_address}});
  }
}

}  // namespace smartgov
