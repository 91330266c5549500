// Route handlers, one function per route; route_table.cc says which is which.
// Each parses its input into structs, calls the layers below, and renders JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kb/knowledge_base.h"
#include "server/router.h"

namespace smartgov {

// system_handlers.cc
Result<HttpResponse> HandleHealthz(const RequestContext& ctx);
Result<HttpResponse> HandleReadyz(const RequestContext& ctx);
Result<HttpResponse> HandleMetrics(const RequestContext& ctx);
Result<HttpResponse> HandleOpenApi(const RequestContext& ctx);

// access_handlers.cc
Result<HttpResponse> HandleWhoAmI(const RequestContext& ctx);
Result<HttpResponse> HandleListDepartments(const RequestContext& ctx);
Result<HttpResponse> HandleCreateDepartment(const RequestContext& ctx);
Result<HttpResponse> HandleListKeys(const RequestContext& ctx);
Result<HttpResponse> HandleCreateKey(const RequestContext& ctx);
Result<HttpResponse> HandleRevokeKey(const RequestContext& ctx);

// kb_handlers.cc
// {"query","results":[{"id","department","url","score","title","titles"}]}, as
// GET /api/v1/kb/search and `smartgov kb search --json` print it.
std::string KbSearchJson(std::string_view query, const std::vector<KbHit>& hits);
Result<HttpResponse> HandleKbSearch(const RequestContext& ctx);
Result<HttpResponse> HandleKbPut(const RequestContext& ctx);
Result<HttpResponse> HandleKbDelete(const RequestContext& ctx);

// openapi.cc: the OpenAPI 3.1 document describing every route of `router`.
std::string BuildOpenApiDocument(const Router& router);
// The component schema names the document defines.
std::vector<std::string_view> OpenApiSchemaNames();

}  // namespace smartgov
