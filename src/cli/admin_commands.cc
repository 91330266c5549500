// Set-up commands: migrate, department, key.
#include <unistd.h>

#include <iostream>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/json.h"
#include "server/auth.h"
#include "store/store.h"

namespace smartgov {
namespace {

Result<std::unique_ptr<Store>> OpenMigrated(const Config& config) {
  SG_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  SG_RETURN_IF_ERROR(store->Migrate().status());
  return store;
}

void AuditCli(Store& store, std::string_view action, const std::string& target,
              const std::string& department) {
  AuditEvent e;
  e.at = SystemClock().Now();
  e.actor = "cli:" + std::to_string(getuid());
  e.action = std::string(action);
  e.target = target;
  e.department_id = department;
  e.detail = "{}";
  auto r = store.AppendAudit(e);
  if (!r.ok())
    std::cerr << "smartgov: warning: audit not recorded: " << r.status().ToString() << "\n";
}

}  // namespace

int RunMigrate(const Config& config) {
  auto store = OpenStore(config);
  if (!store.ok()) return Fail(store.status());
  auto before = (*store)->SchemaVersion();
  if (!before.ok()) return Fail(before.status());
  auto after = (*store)->Migrate();
  if (!after.ok()) return Fail(after.status());
  std::cout << (*store)->Describe() << ": schema version " << *after
            << (*after == *before ? " (already current)"
                                  : " (migrated from " + std::to_string(*before) + ")")
            << "\n";
  return 0;
}

int RunDepartmentAdd(const Config& config, const std::string& id, const std::string& name_en,
                     const std::string& name_zh) {
  auto store = OpenMigrated(config);
  if (!store.ok()) return Fail(store.status());
  Department d{id, name_en, name_zh, SystemClock().Now()};
  if (Status s = (*store)->CreateDepartment(d); !s.ok()) return Fail(s);
  AuditCli(**store, "department.create", id, id);
  std::cerr << "added department " << id << "\n";
  return 0;
}

int RunDepartmentList(const Config& config, bool json) {
  auto store = OpenMigrated(config);
  if (!store.ok()) return Fail(store.status());
  auto departments = (*store)->ListDepartments();
  if (!departments.ok()) return Fail(departments.status());
  if (json) {
    std::cout << BuildJson([&](JsonWriter& w) {
      w.StartObject();
      w.Key("departments");
      w.StartArray();
      for (const auto& d : *departments) {
        w.StartObject();
        w.Key("id");
        WriteString(w, d.id);
        w.Key("name_en");
        WriteString(w, d.name_en);
        w.Key("name_zh");
        WriteString(w, d.name_zh);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }) << "\n";
    return 0;
  }
  for (const auto& d : *departments)
    std::cout << d.id << "\t" << d.name_en << "\t" << d.name_zh << "\n";
  return 0;
}

int RunKeyCreate(const Config& config, const std::string& department, const std::string& role_name,
                 const std::string& name) {
  auto role = ParseRole(role_name);
  if (!role.ok()) return Fail(role.status());
  auto store = OpenMigrated(config);
  if (!store.ok()) return Fail(store.status());
  if (auto d = (*store)->GetDepartment(department); !d.ok()) return Fail(d.status());
  auto issued = IssueApiKey(**store, department, *role, name, SystemClock().Now());
  if (!issued.ok()) return Fail(issued.status());
  AuditCli(**store, "key.create", issued->record.id, department);
  std::cout << issued->secret << "\n";
  std::cerr << "created key " << issued->record.id << " (" << role_name << ", " << department
            << "); it is shown once and stored only as a hash\n";
  return 0;
}

int RunKeyList(const Config& config, const std::string& department, bool json) {
  auto store = OpenMigrated(config);
  if (!store.ok()) return Fail(store.status());
  auto keys = (*store)->ListApiKeys(department);
  if (!keys.ok()) return Fail(keys.status());
  if (json) {
    std::cout << BuildJson([&](JsonWriter& w) {
      w.StartObject();
      w.Key("keys");
      w.StartArray();
      for (const auto& k : *keys) {
        w.StartObject();
        w.Key("id");
        WriteString(w, k.id);
        w.Key("department");
        WriteString(w, k.department_id);
        w.Key("role");
        WriteString(w, RoleName(k.role));
        w.Key("name");
        WriteString(w, k.name);
        w.Key("revoked");
        w.Bool(k.revoked_at.has_value());
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }) << "\n";
    return 0;
  }
  for (const auto& k : *keys) {
    std::cout << k.id << "\t" << k.department_id << "\t" << RoleName(k.role) << "\t"
              << (k.revoked_at ? "revoked" : "active") << "\t" << k.name << "\n";
  }
  return 0;
}

int RunKeyRevoke(const Config& config, const std::string& id) {
  auto store = OpenMigrated(config);
  if (!store.ok()) return Fail(store.status());
  if (Status s = (*store)->RevokeApiKey(id, SystemClock().Now()); !s.ok()) return Fail(s);
  AuditCli(**store, "key.revoke", id, "");
  std::cerr << "revoked key " << id << "\n";
  return 0;
}

}  // namespace smartgov
