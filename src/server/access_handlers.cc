// Departments, API keys and the caller's identity.
#include "core/ids.h"
#include "core/json.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/services.h"

namespace smartgov {
namespace {

void WriteDepartment(JsonWriter& w, const Department& d) {
  w.StartObject();
  w.Key("id");
  WriteString(w, d.id);
  w.Key("name_en");
  WriteString(w, d.name_en);
  w.Key("name_zh");
  WriteString(w, d.name_zh);
  w.Key("created_at");
  WriteString(w, FormatTimestamp(d.created_at));
  w.EndObject();
}

void WriteKey(JsonWriter& w, const ApiKey& k) {
  w.StartObject();
  w.Key("id");
  WriteString(w, k.id);
  w.Key("department");
  WriteString(w, k.department_id);
  w.Key("role");
  WriteString(w, RoleName(k.role));
  w.Key("name");
  WriteString(w, k.name);
  w.Key("created_at");
  WriteString(w, FormatTimestamp(k.created_at));
  w.Key("last_used_at");
  k.last_used_at ? WriteString(w, FormatTimestamp(*k.last_used_at)) : (void)w.Null();
  w.Key("revoked_at");
  k.revoked_at ? WriteString(w, FormatTimestamp(*k.revoked_at)) : (void)w.Null();
  w.EndObject();
}

// Records an administrative action; the action itself already succeeded, so a
// failure here is logged rather than undoing it.
void Audit(const RequestContext& ctx, std::string_view action, const std::string& target,
           const std::string& department, std::string detail) {
  AuditEvent e;
  e.at = ctx.services.clock.Now();
  e.actor = ctx.caller.key_id;
  e.action = std::string(action);
  e.target = target;
  e.department_id = department;
  e.detail = std::move(detail);
  auto r = ctx.services.store.AppendAudit(e);
  if (!r.ok()) {
    ctx.services.log.Error("audit.append_failed", {{"request_id", ctx.request.request_id},
                                                   {"action", action},
                                                   {"error", r.status().message()}});
  }
}

}  // namespace

Result<HttpResponse> HandleWhoAmI(const RequestContext& ctx) {
  return HttpResponse::Json(200, BuildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("department");
                              ctx.caller.department_id.empty()
                                  ? (void)w.Null()
                                  : WriteString(w, ctx.caller.department_id);
                              w.Key("role");
                              WriteString(w, RoleName(ctx.caller.role));
                              if (!ctx.caller.key_id.empty()) {
                                w.Key("key_id");
                                WriteString(w, ctx.caller.key_id);
                              }
                              w.EndObject();
                            }));
}

Result<HttpResponse> HandleListDepartments(const RequestContext& ctx) {
  SG_ASSIGN_OR_RETURN(auto departments, ctx.services.store.ListDepartments());
  return HttpResponse::Json(200, BuildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("departments");
                              w.StartArray();
                              for (const auto& d : departments) WriteDepartment(w, d);
                              w.EndArray();
                              w.EndObject();
                            }));
}

Result<HttpResponse> HandleCreateDepartment(const RequestContext& ctx) {
  SG_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(ctx.request.body()));
  Department d;
  JsonObjectReader in(doc);
  in.RequiredString("id", &d.id, 32);
  in.RequiredString("name_en", &d.name_en, 200);
  in.RequiredString("name_zh", &d.name_zh, 200);
  SG_RETURN_IF_ERROR(in.Finish());
  d.created_at = ctx.services.clock.Now();
  SG_RETURN_IF_ERROR(ctx.services.store.CreateDepartment(d));
  Audit(ctx, "department.create", d.id, d.id, "{}");
  return HttpResponse::Json(201, BuildJson([&](JsonWriter& w) { WriteDepartment(w, d); }));
}

Result<HttpResponse> HandleListKeys(const RequestContext& ctx) {
  std::string department = ctx.caller.role == Role::kAdmin ? ctx.request.QueryParam("department")
                                                           : ctx.caller.department_id;
  SG_ASSIGN_OR_RETURN(auto keys, ctx.services.store.ListApiKeys(department));
  return HttpResponse::Json(200, BuildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("keys");
                              w.StartArray();
                              for (const auto& k : keys) WriteKey(w, k);
                              w.EndArray();
                              w.EndObject();
                            }));
}

Result<HttpResponse> HandleCreateKey(const RequestContext& ctx) {
  SG_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(ctx.request.body()));
  std::string department;
  std::string role_name;
  std::string name;
  JsonObjectReader in(doc);
  in.RequiredString("department", &department, 32);
  in.RequiredString("role", &role_name, 32);
  in.OptionalString("name", &name, 200);
  SG_RETURN_IF_ERROR(in.Finish());
  SG_ASSIGN_OR_RETURN(Role role, ParseRole(role_name));
  if (ctx.caller.role == Role::kDeptAdmin) {
    if (department != ctx.caller.department_id) {
      return Status::PermissionDenied("department admins issue keys for their own department only");
    }
    if (role != Role::kOfficer && role != Role::kDeptAdmin) {
      return Status::PermissionDenied("department admins issue officer and dept_admin keys only");
    }
  }
  SG_ASSIGN_OR_RETURN(IssuedKey issued, IssueApiKey(ctx.services.store, department, role, name,
                                                    ctx.services.clock.Now()));
  Audit(ctx, "key.create", issued.record.id, department, BuildJson([&](JsonWriter& w) {
          w.StartObject();
          w.Key("role");
          WriteString(w, RoleName(role));
          w.EndObject();
        }));
  HttpResponse r = HttpResponse::Json(201, BuildJson([&](JsonWriter& w) {
                                        w.StartObject();
                                        w.Key("id");
                                        WriteString(w, issued.record.id);
                                        w.Key("key");
                                        WriteString(w, issued.secret);
                                        w.Key("department");
                                        WriteString(w, department);
                                        w.Key("role");
                                        WriteString(w, RoleName(role));
                                        w.Key("name");
                                        WriteString(w, name);
                                        w.EndObject();
                                      }));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<HttpResponse> HandleRevokeKey(const RequestContext& ctx) {
  const std::string& id = ctx.params.Get("id");
  SG_ASSIGN_OR_RETURN(auto keys, ctx.services.store.ListApiKeys(ctx.caller.role == Role::kAdmin
                                                                    ? ""
                                                                    : ctx.caller.department_id));
  for (const auto& k : keys) {
    if (k.id != id) continue;
    Timestamp now = ctx.services.clock.Now();
    SG_RETURN_IF_ERROR(ctx.services.store.RevokeApiKey(id, now));
    Audit(ctx, "key.revoke", id, k.department_id, "{}");
    ApiKey revoked = k;
    if (!revoked.revoked_at) revoked.revoked_at = now;
    return HttpResponse::Json(200, BuildJson([&](JsonWriter& w) { WriteKey(w, revoked); }));
  }
  // Same answer whether the key does not exist or belongs to another department.
  return Status::NotFound("API key '" + id + "' does not exist");
}

}  // namespace smartgov
