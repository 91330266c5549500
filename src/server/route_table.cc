// Every HTTP route, one line each: method, path, who may call it, its
// documentation (summary, request schema, response schema, success status) and
// its handler. A route not listed here does not exist.
#include <boost/beast/http/verb.hpp>

#include "server/api_service.h"
#include "server/handlers.h"

namespace smartgov {

std::vector<Route> RouteTable() {
  using V = boost::beast::http::verb;
  const RoleList anyone = {};
  const RoleList admins = {Role::kAdmin};
  const RoleList key_admins = {Role::kAdmin, Role::kDeptAdmin};
  const RoleList kb_editors = {Role::kAdmin, Role::kDeptAdmin};
  // clang-format off
  return {
      {V::get,     "/healthz",            anyone,     {"Liveness: the process answers", "", "Health"},                          HandleHealthz},
      {V::get,     "/readyz",             anyone,     {"Readiness: store reachable, start-up done", "", "Ready"},               HandleReadyz},
      {V::get,     "/metrics",            anyone,     {"Prometheus metrics", "", "text"},                                       HandleMetrics},
      {V::get,     "/openapi.json",       anyone,     {"This API description", "", "OpenApi"},                                  HandleOpenApi},
      {V::get,     "/api/v1/whoami",      anyone,     {"The caller's department and role", "", "WhoAmI"},                       HandleWhoAmI},
      {V::get,     "/api/v1/departments", anyone,     {"List departments", "", "DepartmentList"},                               HandleListDepartments},
      {V::post,    "/api/v1/departments", admins,     {"Add a department", "DepartmentInput", "Department", 201},               HandleCreateDepartment},
      {V::get,     "/api/v1/keys",        key_admins, {"List API keys (no secrets)", "", "ApiKeyList"},                         HandleListKeys},
      {V::post,    "/api/v1/keys",        key_admins, {"Issue an API key, shown once", "ApiKeyInput", "IssuedApiKey", 201},     HandleCreateKey},
      {V::delete_, "/api/v1/keys/{id}",   key_admins, {"Revoke an API key", "", "ApiKey"},                                      HandleRevokeKey},
      {V::get,     "/api/v1/kb/search",   anyone,     {"Search the knowledge base (q, top, department)", "", "KbSearch"},       HandleKbSearch},
      {V::post,    "/api/v1/kb/documents", kb_editors, {"Add or update a knowledge-base entry", "KbEntry", "KbPutResult", 201}, HandleKbPut},
      {V::delete_, "/api/v1/kb/documents/{id}", kb_editors, {"Remove a knowledge-base entry", "", "KbDeleteResult"},          HandleKbDelete},
  };
  // clang-format on
}

}  // namespace smartgov
