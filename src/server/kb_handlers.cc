// Knowledge-base routes: search for anyone; changes for department admins
// (their own department's entries) and admins.
#include <charconv>

#include "core/json.h"
#include "kb/knowledge_base.h"
#include "server/handlers.h"
#include "server/services.h"

namespace smartgov {
namespace {

Result<KnowledgeBase*> Kb(const RequestContext& ctx) {
  if (ctx.services.kb == nullptr) return Status::Unavailable("the knowledge base is still loading");
  return ctx.services.kb;
}

Status CheckDepartment(const RequestContext& ctx, const std::string& department) {
  if (ctx.caller.role == Role::kAdmin || department == ctx.caller.department_id)
    return Status::Ok();
  return Status::PermissionDenied("department admins change their own department's entries only");
}

}  // namespace

std::string KbSearchJson(std::string_view query, const std::vector<KbHit>& hits) {
  return BuildJson([&](JsonWriter& w) {
    w.StartObject();
    w.Key("query");
    WriteString(w, query);
    w.Key("results");
    w.StartArray();
    for (const auto& h : hits) {
      w.StartObject();
      w.Key("id");
      WriteString(w, h.entry.id);
      w.Key("department");
      WriteString(w, h.entry.department);
      w.Key("url");
      WriteString(w, h.entry.url);
      w.Key("score");
      w.Double(h.score);
      w.Key("title");
      WriteString(w, h.entry.Title("en"));
      w.Key("titles");
      w.StartObject();
      for (const auto& [lang, text] : h.entry.text) {
        WriteString(w, lang);
        WriteString(w, text.question);
      }
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

Result<HttpResponse> HandleKbSearch(const RequestContext& ctx) {
  std::string q = ctx.request.QueryParam("q");
  if (q.empty())
    return Status::InvalidArgument("query parameter 'q' is required: /api/v1/kb/search?q=…");
  if (q.size() > 2000) return Status::InvalidArgument("query 'q' is longer than 2000 bytes");
  std::size_t top = 5;
  if (std::string t = ctx.request.QueryParam("top"); !t.empty()) {
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), top);
    if (ec != std::errc() || ptr != t.data() + t.size() || top < 1 || top > 50) {
      return Status::InvalidArgument("'top' must be a number from 1 to 50");
    }
  }
  SG_ASSIGN_OR_RETURN(KnowledgeBase * kb, Kb(ctx));
  SG_ASSIGN_OR_RETURN(auto hits, kb->Search(q, top, ctx.request.QueryParam("department")));
  return HttpResponse::Json(200, KbSearchJson(q, hits));
}

Result<HttpResponse> HandleKbPut(const RequestContext& ctx) {
  SG_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(ctx.request.body()));
  // A department admin's entry belongs to their department unless it says otherwise.
  if (!doc.HasMember("department") && !ctx.caller.department_id.empty()) {
    doc.AddMember("department",
                  rapidjson::Value(ctx.caller.department_id.c_str(), doc.GetAllocator()),
                  doc.GetAllocator());
  }
  SG_ASSIGN_OR_RETURN(KnowledgeEntry entry, EntryFromJsonValue(doc));
  SG_RETURN_IF_ERROR(CheckDepartment(ctx, entry.department));
  SG_ASSIGN_OR_RETURN(KnowledgeBase * kb, Kb(ctx));
  auto existing = ctx.services.store.GetKbDocument(entry.id);
  if (existing.ok()) SG_RETURN_IF_ERROR(CheckDepartment(ctx, existing->department_id));
  SG_ASSIGN_OR_RETURN(std::string outcome, kb->Put(entry, "api:" + ctx.caller.key_id));
  AuditEvent e{
      0,   ctx.services.clock.Now(), ctx.caller.key_id, "kb." + outcome, entry.id, entry.department,
      "{}"};
  (void)ctx.services.store.AppendAudit(e);
  return HttpResponse::Json(outcome == "added" ? 201 : 200, BuildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("id");
                              WriteString(w, entry.id);
                              w.Key("outcome");
                              WriteString(w, outcome);
                              w.EndObject();
                            }));
}

Result<HttpResponse> HandleKbDelete(const RequestContext& ctx) {
  const std::string& id = ctx.params.Get("id");
  SG_ASSIGN_OR_RETURN(KnowledgeBase * kb, Kb(ctx));
  auto existing = ctx.services.store.GetKbDocument(id);
  // Another department's entry looks the same as a missing one.
  if (!existing.ok() || !CheckDepartment(ctx, existing->department_id).ok()) {
    return Status::NotFound("knowledge-base entry '" + id + "' does not exist");
  }
  SG_RETURN_IF_ERROR(kb->Remove(id));
  AuditEvent e{
      0,   ctx.services.clock.Now(), ctx.caller.key_id, "kb.delete", id, existing->department_id,
      "{}"};
  (void)ctx.services.store.AppendAudit(e);
  return HttpResponse::Json(200, BuildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("id");
                              WriteString(w, id);
                              w.Key("deleted");
                              w.Bool(true);
                              w.EndObject();
                            }));
}

}  // namespace smartgov
