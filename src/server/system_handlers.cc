#include "core/json.h"
#include "kb/knowledge_base.h"
#include "server/handlers.h"
#include "server/metrics.h"
#include "server/services.h"

namespace smartgov {

Result<HttpResponse> HandleHealthz(const RequestContext&) {
  return HttpResponse::Json(200, "{\"status\":\"ok\"}");
}

Result<HttpResponse> HandleReadyz(const RequestContext& ctx) {
  Status store = ctx.services.store.Ping();
  bool started = ctx.services.ready.load();
  bool index = ctx.services.kb != nullptr && ctx.services.kb->index_ready();
  bool ready = store.ok() && started && index;
  std::string body = BuildJson([&](JsonWriter& w) {
    w.StartObject();
    w.Key("status");
    w.String(ready ? "ready" : "not_ready");
    w.Key("checks");
    w.StartObject();
    w.Key("store");
    WriteString(w, store.ok() ? "ok" : store.message());
    w.Key("index");
    w.String(index ? "ok" : "not loaded");
    w.Key("startup");
    w.String(started ? "ok" : "in progress");
    w.EndObject();
    w.EndObject();
  });
  return HttpResponse::Json(ready ? 200 : 503, std::move(body));
}

Result<HttpResponse> HandleMetrics(const RequestContext& ctx) {
  return HttpResponse{
      200, "text/plain; version=0.0.4; charset=utf-8", ctx.services.metrics->Render(), {}};
}

Result<HttpResponse> HandleOpenApi(const RequestContext& ctx) {
  return HttpResponse::Json(200, BuildOpenApiDocument(*ctx.services.router));
}

}  // namespace smartgov
