#include "store/schema.h"

namespace smartgov {

// Types are chosen to mean the same in both databases: TEXT, and BIGINT for
// integers and timestamps (milliseconds since the epoch, UTC).
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "initial", R"sql(
CREATE TABLE departments (
  id TEXT PRIMARY KEY,
  name_en TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  department_id TEXT NOT NULL REFERENCES departments(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_keys_department ON api_keys (department_id);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  department_id TEXT NOT NULL REFERENCES departments(id),
  role TEXT NOT NULL,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE messages (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  department_id TEXT NOT NULL REFERENCES departments(id),
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  status TEXT NOT NULL,
  assignee TEXT,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_department_status ON tickets (department_id, status, created_at);
CREATE TABLE kb_documents (
  id TEXT PRIMARY KEY,
  department_id TEXT NOT NULL REFERENCES departments(id),
  source TEXT NOT NULL,
  title TEXT NOT NULL,
  lang TEXT NOT NULL,
  url TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  version BIGINT NOT NULL,
  valid_from BIGINT,
  valid_to BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX kb_documents_department ON kb_documents (department_id);
-- One row holding the end of the audit trail; updating it first serialises appends.
CREATE TABLE audit_head (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL
);
INSERT INTO audit_head (id, seq) VALUES (1, 0);
CREATE TABLE audit_events (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  department_id TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  run_at BIGINT NOT NULL,
  locked_by TEXT,
  locked_until BIGINT,
  last_error TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
)sql"},
      // Entries' content lives in the shared store, so every replica can build
      // its own copy of the search index from it.
      {2, "kb_content", R"sql(
ALTER TABLE kb_documents ADD COLUMN content TEXT NOT NULL DEFAULT '';
)sql"},
  };
  return kMigrations;
}

namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

Result<std::int64_t> ReadVersion(SqlConnection& conn) {
  SG_ASSIGN_OR_RETURN(SqlResult r,
                      conn.Execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  return r.rows.empty() ? 0 : r.rows[0].Int(0);
}

}  // namespace

Result<std::int64_t> ApplyMigrations(SqlDatabase& db, std::int64_t now) {
  std::int64_t version = 0;
  for (const Migration& m : Migrations()) {
    bool applied_here = false;
    Status s = db.Transact(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
      applied_here = false;
      SG_RETURN_IF_ERROR(db.LockForMigration(conn));
      SG_RETURN_IF_ERROR(conn.ExecuteScript(kCreateMigrationsTable));
      SG_ASSIGN_OR_RETURN(version, ReadVersion(conn));
      if (version >= m.version) return Status::Ok();
      if (version != m.version - 1) {
        return Status::FailedPrecondition("schema is at version " + std::to_string(version) +
                                          ", cannot apply migration " + std::to_string(m.version));
      }
      SG_RETURN_IF_ERROR(conn.ExecuteScript(m.sql));
      SG_RETURN_IF_ERROR(conn.Execute("INSERT INTO schema_migrations (version, name, applied_at)"
                                      " VALUES (?, ?, ?)",
                                      {m.version, std::string(m.name), now})
                             .status());
      applied_here = true;
      return Status::Ok();
    });
    SG_RETURN_IF_ERROR(
        s.WithContext("migration " + std::to_string(m.version) + " (" + std::string(m.name) + ")"));
    if (applied_here) version = m.version;
  }
  return version;
}

Result<std::int64_t> CurrentSchemaVersion(SqlDatabase& db) {
  std::int64_t version = 0;
  SG_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    // Creating the table races with a concurrent migration unless it holds the same lock.
    SG_RETURN_IF_ERROR(db.LockForMigration(conn));
    SG_RETURN_IF_ERROR(conn.ExecuteScript(kCreateMigrationsTable));
    SG_ASSIGN_OR_RETURN(version, ReadVersion(conn));
    return Status::Ok();
  }));
  return version;
}

}  // namespace smartgov
