#include "store/sql_store.h"

#include "store/schema.h"

namespace smartgov {
namespace {

SqlValue Opt(const std::optional<std::int64_t>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }
SqlValue Opt(const std::optional<std::string>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

template <typename T, typename Parse>
T ParseOr(std::string_view text, Parse parse, T fallback) {
  auto r = parse(text);
  return r.ok() ? *r : fallback;
}

constexpr std::string_view kDepartmentCols = "id, name_en, name_zh, created_at";
Department ToDepartment(const SqlRow& r) { return {r.Text(0), r.Text(1), r.Text(2), r.Int(3)}; }

constexpr std::string_view kApiKeyCols =
    "id, department_id, role, name, secret_hash, created_at, last_used_at, revoked_at";
ApiKey ToApiKey(const SqlRow& r) {
  ApiKey k;
  k.id = r.Text(0);
  k.department_id = r.Text(1);
  k.role = ParseOr(r.Text(2), ParseRole, Role::kCitizen);
  k.name = r.Text(3);
  k.secret_hash = r.Text(4);
  k.created_at = r.Int(5);
  k.last_used_at = r.OptInt(6);
  k.revoked_at = r.OptInt(7);
  return k;
}

constexpr std::string_view kUserCols =
    "id, department_id, role, username, password_hash, created_at, disabled";
User ToUser(const SqlRow& r) {
  User u;
  u.id = r.Text(0);
  u.department_id = r.Text(1);
  u.role = ParseOr(r.Text(2), ParseRole, Role::kCitizen);
  u.username = r.Text(3);
  u.password_hash = r.Text(4);
  u.created_at = r.Int(5);
  u.disabled = r.Int(6) != 0;
  return u;
}

constexpr std::string_view kConversationCols =
    "id, channel, lang, department_id, created_at, updated_at";
Conversation ToConversation(const SqlRow& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.Int(4), r.Int(5)};
}

constexpr std::string_view kTicketCols =
    "id, department_id, conversation_id, status, assignee, reason, created_at, updated_at";
Ticket ToTicket(const SqlRow& r) {
  Ticket t;
  t.id = r.Text(0);
  t.department_id = r.Text(1);
  t.conversation_id = r.Text(2);
  t.status = ParseOr(r.Text(3), ParseTicketStatus, TicketStatus::kOpen);
  t.assignee = r.OptText(4);
  t.reason = r.Text(5);
  t.created_at = r.Int(6);
  t.updated_at = r.Int(7);
  return t;
}

constexpr std::string_view kKbCols =
    "id, department_id, source, title, lang, url, content_hash, version, valid_from, valid_to,"
    " updated_at, content";
KbDocument ToKbDocument(const SqlRow& r) {
  KbDocument d;
  d.id = r.Text(0);
  d.department_id = r.Text(1);
  d.source = r.Text(2);
  d.title = r.Text(3);
  d.lang = r.Text(4);
  d.url = r.Text(5);
  d.content_hash = r.Text(6);
  d.version = r.Int(7);
  d.valid_from = r.OptInt(8);
  d.valid_to = r.OptInt(9);
  d.updated_at = r.Int(10);
  d.content = r.Text(11);
  return d;
}

constexpr std::string_view kJobCols =
    "id, kind, payload, status, attempts, run_at, locked_by, locked_until, last_error,"
    " created_at, updated_at";
Job ToJob(const SqlRow& r) {
  Job j;
  j.id = r.Text(0);
  j.kind = r.Text(1);
  j.payload = r.Text(2);
  j.status = ParseOr(r.Text(3), ParseJobStatus, JobStatus::kFailed);
  j.attempts = r.Int(4);
  j.run_at = r.Int(5);
  j.locked_by = r.OptText(6);
  j.locked_until = r.OptInt(7);
  j.last_error = r.Text(8);
  j.created_at = r.Int(9);
  j.updated_at = r.Int(10);
  return j;
}

std::string Select(std::string_view cols, std::string_view rest) {
  std::string sql = "SELECT ";
  sql += cols;
  sql += ' ';
  sql += rest;
  return sql;
}

template <typename T, typename Map>
Result<T> One(Result<SqlResult> r, Map map, std::string_view what, const std::string& id) {
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return Status::NotFound(std::string(what) + " '" + id + "' does not exist");
  return map(r->rows.front());
}

template <typename T, typename Map>
Result<std::vector<T>> All(Result<SqlResult> r, Map map) {
  if (!r.ok()) return r.status();
  std::vector<T> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(map(row));
  return out;
}

Status ExpectOneRow(const Result<SqlResult>& r, std::string_view what, const std::string& id) {
  if (!r.ok()) return r.status();
  if (r->affected == 0) return Status::NotFound(std::string(what) + " '" + id + "' does not exist");
  return Status::Ok();
}

}  // namespace

SqlStore::SqlStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

Result<SqlResult> SqlStore::Run(TxMode mode, std::string_view sql, std::vector<SqlValue> params) {
  SqlResult out;
  Status s = db_->Transact(mode, [&](SqlConnection& conn) -> Status {
    SG_ASSIGN_OR_RETURN(out, conn.Execute(sql, params));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::int64_t> SqlStore::Migrate() { return ApplyMigrations(*db_, clock_.Now()); }
Result<std::int64_t> SqlStore::SchemaVersion() { return CurrentSchemaVersion(*db_); }
Status SqlStore::Ping() { return Run(TxMode::kRead, "SELECT 1", {}).status(); }

Status SqlStore::CreateDepartment(const Department& d) {
  SG_RETURN_IF_ERROR(ValidateDepartment(d));
  auto r = Run(TxMode::kWrite,
               "INSERT INTO departments (id, name_en, name_zh, created_at) VALUES (?, ?, ?, ?)",
               {d.id, d.name_en, d.name_zh, d.created_at});
  if (r.status().code() == StatusCode::kConflict) {
    return Status::Conflict("department '" + d.id + "' already exists");
  }
  return r.status();
}

Result<Department> SqlStore::GetDepartment(const std::string& id) {
  return One<Department>(
      Run(TxMode::kRead, Select(kDepartmentCols, "FROM departments WHERE id = ?"), {id}),
      ToDepartment, "department", id);
}

Result<std::vector<Department>> SqlStore::ListDepartments() {
  return All<Department>(
      Run(TxMode::kRead, Select(kDepartmentCols, "FROM departments ORDER BY id"), {}),
      ToDepartment);
}

Status SqlStore::CreateApiKey(const ApiKey& k) {
  auto r = Run(TxMode::kWrite,
               "INSERT INTO api_keys (id, department_id, role, name, secret_hash, created_at,"
               " last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {k.id, k.department_id, std::string(RoleName(k.role)), k.name, k.secret_hash,
                k.created_at, Opt(k.last_used_at), Opt(k.revoked_at)});
  if (r.status().code() == StatusCode::kInvalidArgument) {
    return Status::InvalidArgument("department '" + k.department_id + "' does not exist");
  }
  return r.status();
}

Result<ApiKey> SqlStore::FindActiveApiKey(const std::string& secret_hash) {
  auto r = Run(TxMode::kRead,
               Select(kApiKeyCols, "FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL"),
               {secret_hash});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return Status::NotFound("no active API key matches");
  return ToApiKey(r->rows.front());
}

Result<std::vector<ApiKey>> SqlStore::ListApiKeys(const std::string& department_id) {
  if (department_id.empty()) {
    return All<ApiKey>(
        Run(TxMode::kRead, Select(kApiKeyCols, "FROM api_keys ORDER BY created_at DESC, id DESC"),
            {}),
        ToApiKey);
  }
  return All<ApiKey>(Run(TxMode::kRead,
                         Select(kApiKeyCols,
                                "FROM api_keys WHERE department_id = ?"
                                " ORDER BY created_at DESC, id DESC"),
                         {department_id}),
                     ToApiKey);
}

Status SqlStore::RevokeApiKey(const std::string& key_id, Timestamp at) {
  return ExpectOneRow(
      Run(TxMode::kWrite, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
          {at, key_id}),
      "API key", key_id);
}

Status SqlStore::TouchApiKey(const std::string& key_id, Timestamp at) {
  return ExpectOneRow(
      Run(TxMode::kWrite, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", {at, key_id}),
      "API key", key_id);
}

Status SqlStore::CreateUser(const User& u) {
  auto r = Run(TxMode::kWrite,
               "INSERT INTO users (id, department_id, role, username, password_hash, created_at,"
               " disabled) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {u.id, u.department_id, std::string(RoleName(u.role)), u.username, u.password_hash,
                u.created_at, std::int64_t{u.disabled ? 1 : 0}});
  if (r.status().code() == StatusCode::kConflict) {
    return Status::Conflict("user '" + u.username + "' already exists");
  }
  return r.status();
}

Result<User> SqlStore::FindUserByName(const std::string& username) {
  return One<User>(
      Run(TxMode::kRead, Select(kUserCols, "FROM users WHERE username = ?"), {username}), ToUser,
      "user", username);
}

Status SqlStore::CreateConversation(const Conversation& c) {
  return Run(TxMode::kWrite,
             "INSERT INTO conversations (id, channel, lang, department_id, created_at, updated_at)"
             " VALUES (?, ?, ?, ?, ?, ?)",
             {c.id, c.channel, c.lang, Opt(c.department_id), c.created_at, c.updated_at})
      .status();
}

Result<Conversation> SqlStore::GetConversation(const std::string& id) {
  return One<Conversation>(
      Run(TxMode::kRead, Select(kConversationCols, "FROM conversations WHERE id = ?"), {id}),
      ToConversation, "conversation", id);
}

Result<std::int64_t> SqlStore::AppendMessage(const Message& m) {
  std::int64_t seq = 0;
  Status s = db_->Transact(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    // Updating the conversation first locks its row, so concurrent appends
    // (even from other replicas) take turns and never compute the same seq.
    SG_ASSIGN_OR_RETURN(SqlResult touched,
                        conn.Execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                                     {m.at, m.conversation_id}));
    if (touched.affected == 0) {
      return Status::NotFound("conversation '" + m.conversation_id + "' does not exist");
    }
    SG_ASSIGN_OR_RETURN(SqlResult last, conn.Execute("SELECT COALESCE(MAX(seq), 0) FROM messages"
                                                     " WHERE conversation_id = ?",
                                                     {m.conversation_id}));
    seq = last.rows.at(0).Int(0) + 1;
    return conn
        .Execute(
            "INSERT INTO messages (conversation_id, seq, role, text, at) VALUES (?, ?, ?, ?, ?)",
            {m.conversation_id, seq, std::string(MessageRoleName(m.role)), m.text, m.at})
        .status();
  });
  if (!s.ok()) return s;
  return seq;
}

Result<std::vector<Message>> SqlStore::ListMessages(const std::string& conversation_id) {
  return All<Message>(Run(TxMode::kRead,
                          "SELECT conversation_id, seq, role, text, at FROM messages"
                          " WHERE conversation_id = ? ORDER BY seq",
                          {conversation_id}),
                      [](const SqlRow& r) {
                        return Message{r.Text(0), r.Int(1),
                                       ParseOr(r.Text(2), ParseMessageRole, MessageRole::kSystem),
                                       r.Text(3), r.Int(4)};
                      });
}

Status SqlStore::CreateTicket(const Ticket& t) {
  return Run(TxMode::kWrite,
             "INSERT INTO tickets (id, department_id, conversation_id, status, assignee, reason,"
             " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {t.id, t.department_id, t.conversation_id, std::string(TicketStatusName(t.status)),
              Opt(t.assignee), t.reason, t.created_at, t.updated_at})
      .status();
}

Result<Ticket> SqlStore::GetTicket(const std::string& id) {
  return One<Ticket>(Run(TxMode::kRead, Select(kTicketCols, "FROM tickets WHERE id = ?"), {id}),
                     ToTicket, "ticket", id);
}

Result<std::vector<Ticket>> SqlStore::ListTickets(const std::string& department_id,
                                                  std::optional<TicketStatus> status) {
  if (status) {
    return All<Ticket>(Run(TxMode::kRead,
                           Select(kTicketCols,
                                  "FROM tickets WHERE department_id = ? AND status = ?"
                                  " ORDER BY created_at, id"),
                           {department_id, std::string(TicketStatusName(*status))}),
                       ToTicket);
  }
  return All<Ticket>(
      Run(TxMode::kRead,
          Select(kTicketCols, "FROM tickets WHERE department_id = ? ORDER BY created_at, id"),
          {department_id}),
      ToTicket);
}

Status SqlStore::TransitionTicket(const std::string& id, TicketStatus from, TicketStatus to,
                                  const std::optional<std::string>& assignee, Timestamp at) {
  SG_ASSIGN_OR_RETURN(SqlResult r, Run(TxMode::kWrite,
                                       "UPDATE tickets SET status = ?, assignee = ?, updated_at = ?"
                                       " WHERE id = ? AND status = ?",
                                       {std::string(TicketStatusName(to)), Opt(assignee), at, id,
                                        std::string(TicketStatusName(from))}));
  if (r.affected == 1) return Status::Ok();
  SG_ASSIGN_OR_RETURN(Ticket current, GetTicket(id));
  return Status::Conflict("ticket '" + id + "' is " +
                          std::string(TicketStatusName(current.status)) + ", not " +
                          std::string(TicketStatusName(from)));
}

Status SqlStore::PutKbDocument(const KbDocument& d) {
  return Run(TxMode::kWrite,
             "INSERT INTO kb_documents (id, department_id, source, title, lang, url, content_hash,"
             " version, valid_from, valid_to, updated_at, content)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
             " ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id,"
             " source = excluded.source, title = excluded.title, lang = excluded.lang,"
             " url = excluded.url, content_hash = excluded.content_hash,"
             " version = excluded.version, valid_from = excluded.valid_from,"
             " valid_to = excluded.valid_to, updated_at = excluded.updated_at,"
             " content = excluded.content",
             {d.id, d.department_id, d.source, d.title, d.lang, d.url, d.content_hash, d.version,
              Opt(d.valid_from), Opt(d.valid_to), d.updated_at, d.content})
      .status();
}

Result<KbDocument> SqlStore::GetKbDocument(const std::string& id) {
  return One<KbDocument>(
      Run(TxMode::kRead, Select(kKbCols, "FROM kb_documents WHERE id = ?"), {id}), ToKbDocument,
      "knowledge-base document", id);
}

Result<std::vector<KbDocument>> SqlStore::ListKbDocuments(const std::string& department_id) {
  if (department_id.empty()) {
    return All<KbDocument>(Run(TxMode::kRead, Select(kKbCols, "FROM kb_documents ORDER BY id"), {}),
                           ToKbDocument);
  }
  return All<KbDocument>(
      Run(TxMode::kRead, Select(kKbCols, "FROM kb_documents WHERE department_id = ? ORDER BY id"),
          {department_id}),
      ToKbDocument);
}

Status SqlStore::DeleteKbDocument(const std::string& id) {
  return ExpectOneRow(Run(TxMode::kWrite, "DELETE FROM kb_documents WHERE id = ?", {id}),
                      "knowledge-base document", id);
}

Result<std::string> SqlStore::KbRevision() {
  SG_ASSIGN_OR_RETURN(SqlResult r, Run(TxMode::kRead,
                                       "SELECT COUNT(*), COALESCE(MAX(updated_at), 0),"
                                       " COALESCE(SUM(version), 0) FROM kb_documents",
                                       {}));
  const SqlRow& row = r.rows.at(0);
  return std::to_string(row.Int(0)) + ":" + std::to_string(row.Int(1)) + ":" +
         std::to_string(row.Int(2));
}

Result<std::int64_t> SqlStore::AppendAudit(const AuditEvent& e) {
  std::int64_t seq = 0;
  Status s = db_->Transact(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    // The head row is the trail's single point of order: its update is the lock.
    SG_ASSIGN_OR_RETURN(
        SqlResult head,
        conn.Execute("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq", {}));
    if (head.rows.empty()) return Status::Internal("audit_head row is missing");
    seq = head.rows[0].Int(0);
    return conn
        .Execute(
            "INSERT INTO audit_events (seq, at, actor, action, target, department_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            {seq, e.at, e.actor, e.action, e.target, e.department_id, e.detail})
        .status();
  });
  if (!s.ok()) return s;
  return seq;
}

Result<std::vector<AuditEvent>> SqlStore::ListAudit(std::int64_t after_seq, std::int64_t limit) {
  if (limit < 0) return Status::InvalidArgument("limit must not be negative");
  return All<AuditEvent>(Run(TxMode::kRead,
                             "SELECT seq, at, actor, action, target, department_id, detail"
                             " FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
                             {after_seq, limit}),
                         [](const SqlRow& r) {
                           return AuditEvent{r.Int(0),  r.Int(1),  r.Text(2), r.Text(3),
                                             r.Text(4), r.Text(5), r.Text(6)};
                         });
}

Status SqlStore::EnqueueJob(const Job& j) {
  return Run(TxMode::kWrite,
             "INSERT INTO jobs (id, kind, payload, status, attempts, run_at, locked_by,"
             " locked_until, last_error, created_at, updated_at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {j.id, j.kind, j.payload, std::string(JobStatusName(j.status)), j.attempts, j.run_at,
              Opt(j.locked_by), Opt(j.locked_until), j.last_error, j.created_at, j.updated_at})
      .status();
}

Result<std::optional<Job>> SqlStore::ClaimJob(const std::string& worker, Timestamp now,
                                              std::int64_t lease_ms) {
  // PostgreSQL: SKIP LOCKED lets replicas claim different jobs without waiting on
  // each other. SQLite has one writer at a time, so the plain subquery is enough.
  std::string lock_clause =
      db_->dialect() == SqlDialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  std::string sql =
      "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?,"
      " attempts = attempts + 1, updated_at = ?"
      " WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= ?)"
      " OR (status = 'running' AND locked_until < ?) ORDER BY run_at, id LIMIT 1" +
      lock_clause + ") RETURNING " + std::string(kJobCols);
  SG_ASSIGN_OR_RETURN(SqlResult r,
                      Run(TxMode::kWrite, sql, {worker, now + lease_ms, now, now, now}));
  if (r.rows.empty()) return std::optional<Job>();
  return std::optional<Job>(ToJob(r.rows.front()));
}

Status SqlStore::FinishJob(const std::string& id, const std::string& worker, bool ok,
                           const std::string& error, Timestamp at) {
  SG_ASSIGN_OR_RETURN(SqlResult r,
                      Run(TxMode::kWrite,
                          "UPDATE jobs SET status = ?, last_error = ?, locked_by = NULL,"
                          " locked_until = NULL, updated_at = ?"
                          " WHERE id = ? AND status = 'running' AND locked_by = ?",
                          {std::string(ok ? "done" : "failed"), error, at, id, worker}));
  if (r.affected == 1) return Status::Ok();
  return Status::Conflict("job '" + id + "' is not held by worker '" + worker + "'");
}

Result<Job> SqlStore::GetJob(const std::string& id) {
  return One<Job>(Run(TxMode::kRead, Select(kJobCols, "FROM jobs WHERE id = ?"), {id}), ToJob,
                  "job", id);
}

}  // namespace smartgov
