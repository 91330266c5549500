#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <thread>
#include <unordered_map>

#include "store/connection_pool.h"

namespace smartgov {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::Conflict(msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return Status::InvalidArgument(msg);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("database is busy: " + msg);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_READONLY:
      return Status::Unavailable(msg);
    default:
      return Status::Internal(msg);
  }
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<SqlResult> Execute(std::string_view sql, const std::vector<SqlValue>& params) override {
    SG_RETURN_IF_ERROR(CheckSqlParams(params));
    SG_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return Status::Internal("statement expects " + std::to_string(expected) +
                              " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, idx, *v);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "binding a parameter");
    }
    SqlResult out;
    const int ncols = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, sqlite3_extended_errcode(db_), "executing");
      std::vector<std::optional<std::string>> cols(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        cols[static_cast<std::size_t>(c)].emplace(
            text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      out.rows.emplace_back(std::move(cols));
    }
    out.affected = sqlite3_changes64(db_);
    return out;
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return SqliteError(nullptr, sqlite3_extended_errcode(db_), "executing script: " + msg);
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing statement");
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public SqlDatabase {
 public:
  SqliteDatabase(std::string path, SqliteOptions options)
      : path_(std::move(path)),
        options_(std::move(options)),
        pool_(options_.pool_size, [this] { return Connect(); }) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  std::string Describe() const override { return "sqlite " + path_; }

  Result<std::unique_ptr<SqliteConnection>> Connect() {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path_.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      Status s = SqliteError(db, rc, "opening " + path_);
      sqlite3_close_v2(db);
      return Status::Unavailable(s.message());
    }
    sqlite3_extended_result_codes(db, 1);
    auto conn = std::make_unique<SqliteConnection>(db);
    std::string pragmas =
        "PRAGMA busy_timeout = " + std::to_string(options_.busy_timeout_ms) +
        "; PRAGMA journal_mode = WAL; PRAGMA synchronous = " + options_.synchronous +
        "; PRAGMA foreign_keys = ON;";
    SG_RETURN_IF_ERROR(conn->ExecuteScript(pragmas).WithContext("configuring " + path_));
    return conn;
  }

  Status Transact(TxMode mode, const std::function<Status(SqlConnection&)>& body) override {
    SG_ASSIGN_OR_RETURN(auto conn,
                        pool_.Acquire(std::chrono::milliseconds(options_.busy_timeout_ms)));
    Status s = RunTransaction(*conn, mode, body);
    if (conn->InTransaction()) {
      // Only reachable when COMMIT or ROLLBACK itself failed; never pool a connection
      // mid-transaction.
      conn.reset();
      pool_.Discard();
    } else {
      pool_.Release(std::move(conn));
    }
    return s;
  }

  Status LockForMigration(SqlConnection&) override {
    return Status::Ok();  // BEGIN IMMEDIATE already excludes every other writer.
  }

 private:
  static Status RunTransaction(SqliteConnection& conn, TxMode mode,
                               const std::function<Status(SqlConnection&)>& body) {
    // IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a
    // write transaction never fails half-way with SQLITE_BUSY on lock upgrade.
    SG_RETURN_IF_ERROR(conn.ExecuteScript(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
    Status s = body(conn);
    if (s.ok()) {
      s = conn.ExecuteScript("COMMIT");
      if (s.ok()) return s;
    }
    (void)conn.ExecuteScript("ROLLBACK");
    return s;
  }

  const std::string path_;
  const SqliteOptions options_;
  ConnectionPool<SqliteConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const std::string& path,
                                                        const SqliteOptions& options) {
  auto db = std::make_unique<SqliteDatabase>(path, options);
  // Open one connection now so a bad path is reported at start-up, not on first use.
  SG_RETURN_IF_ERROR(db->Transact(TxMode::kRead, [](SqlConnection& c) {
    return c.Execute("SELECT count(*) FROM sqlite_master", {}).status();
  }));
  return std::unique_ptr<SqlDatabase>(std::move(db));
}

}  // namespace smartgov
