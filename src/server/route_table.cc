// Every HTTP route, one line each: method, path, who may call it, its
// documentation (summary, request schema, response schema, success status) and
// its handler. A route not listed here does not exist.
#include <boost/beast/http/verb.hpp>

#include "server/api_service.h"
#include "server/handlers.h"

namespace smartgov {

std::vector<Route> RouteTable() {
  using V = boost::beast::http::verb;
  const RoleList kAnyone = {};
  const RoleList kAdmin = {Role::kAdmin};
  const RoleList kKeyAdmins = {Role::kAdmin, Role::kDeptAdmin};
  return {
      {V::get, "/healthz", kAnyone, {"Liveness: the process answers", "", "Health"}, HandleHealthz},
      {V::get, "/readyz", kAnyone, {"Readiness: store reachable, start-up done", "", "Ready"}, HandleReadyz},
      {V::get, "/metrics", kAnyone, {"Prometheus metrics", "", "text"}, HandleMetrics},
      {V::get, "/openapi.json", kAnyone, {"This API description", "", "OpenApi"}, HandleOpenApi},
      {V::get, "/api/v1/whoami", kAnyone, {"The caller's department and role", "", "WhoAmI"}, HandleWhoAmI},
      {V::get, "/api/v1/departments", kAnyone, {"List departments", "", "DepartmentList"}, HandleListDepartments},
      {V::post, "/api/v1/departments", kAdmin, {"Add a department", "DepartmentInput", "Department", 201}, HandleCreateDepartment},
      {V::get, "/api/v1/keys", kKeyAdmins, {"List API keys (no secrets)", "", "ApiKeyList"}, HandleListKeys},
      {V::post, "/api/v1/keys", kKeyAdmins, {"Issue an API key, shown once", "ApiKeyInput", "IssuedApiKey", 201}, HandleCreateKey},
      {V::delete_, "/api/v1/keys/{id}", kKeyAdmins, {"Revoke an API key", "", "ApiKey"}, HandleRevokeKey},
  };
}

}  // namespace smartgov
