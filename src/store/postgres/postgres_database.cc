#include "store/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>

#include "core/config.h"
#include "store/connection_pool.h"

namespace smartgov {
namespace {

// '?' placeholders -> $1, $2 … (outside quoted literals and identifiers).
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  bool Broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // Set by the last failed statement when retrying the transaction may succeed.
  bool last_error_transient() const { return last_error_transient_; }

  Result<SqlResult> Execute(std::string_view sql, const std::vector<SqlValue>& params) override {
    SG_RETURN_IF_ERROR(CheckSqlParams(params));
    std::string text = NumberPlaceholders(sql);
    std::vector<std::string> storage;
    storage.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
      if (const auto* v = std::get_if<std::int64_t>(&p)) {
        storage.push_back(std::to_string(*v));
        values.push_back(storage.back().c_str());
      } else if (const auto* s = std::get_if<std::string>(&p)) {
        values.push_back(s->c_str());
      } else {
        values.push_back(nullptr);
      }
    }
    PgResult res(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
    SG_RETURN_IF_ERROR(Check(res.get()));
    SqlResult out;
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    out.rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<std::optional<std::string>> cols(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) continue;
        cols[static_cast<std::size_t>(c)].emplace(
            PQgetvalue(res.get(), r, c), static_cast<std::size_t>(PQgetlength(res.get(), r, c)));
      }
      out.rows.emplace_back(std::move(cols));
    }
    const char* tuples = PQcmdTuples(res.get());
    out.affected = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
    return out;
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    PgResult res(PQexec(conn_, text.c_str()));
    return Check(res.get());
  }

 private:
  Status Check(PGresult* res) {
    last_error_transient_ = false;
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view code = state ? state : "";
    if (code == "23505") return Status::Conflict(msg);
    if (code == "23503" || code == "23502" || code == "23514") return Status::InvalidArgument(msg);
    if (code == "40001" || code == "40P01") {
      last_error_transient_ = true;
      return Status::Unavailable("transaction conflict, retry: " + msg);
    }
    if (Broken() || code.starts_with("08") || code.starts_with("57P")) {
      return Status::Unavailable("database connection lost: " + msg);
    }
    return Status::Internal(msg);
  }

  PGconn* conn_;
  bool last_error_transient_ = false;
};

void IgnoreNotice(void*, const char*) {}

class PostgresDatabase final : public SqlDatabase {
 public:
  PostgresDatabase(std::string url, PostgresOptions options)
      : url_(std::move(url)),
        options_(options),
        pool_(options.pool_size, [this] { return Connect(); }) {}

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  std::string Describe() const override { return "postgresql " + MaskDatabaseUrl(url_); }

  Result<std::unique_ptr<PostgresConnection>> Connect() {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      PQfinish(conn);
      return Status::Unavailable("cannot connect to PostgreSQL at " + MaskDatabaseUrl(url_) + ": " +
                                 msg);
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    return std::make_unique<PostgresConnection>(conn);
  }

  Status Transact(TxMode mode, const std::function<Status(SqlConnection&)>& body) override {
    constexpr int kAttempts = 5;
    Status s;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      SG_ASSIGN_OR_RETURN(auto conn,
                          pool_.Acquire(std::chrono::milliseconds(options_.acquire_timeout_ms)));
      bool began = false;
      s = RunTransaction(*conn, mode, body, &began);
      bool retry = !s.ok() && (conn->last_error_transient() || (!began && conn->Broken()));
      if (conn->Broken()) {
        conn.reset();
        pool_.Discard();
      } else {
        pool_.Release(std::move(conn));
      }
      if (!retry) return s;
    }
    return s;
  }

  Status LockForMigration(SqlConnection& conn) override {
    // Arbitrary constant naming "smartgov schema migrations"; released at transaction end.
    return conn.Execute("SELECT pg_advisory_xact_lock(1823000001)", {}).status();
  }

 private:
  static Status RunTransaction(PostgresConnection& conn, TxMode mode,
                               const std::function<Status(SqlConnection&)>& body, bool* began) {
    SG_RETURN_IF_ERROR(conn.ExecuteScript(mode == TxMode::kWrite ? "BEGIN" : "BEGIN READ ONLY"));
    *began = true;
    Status s = body(conn);
    if (s.ok()) return conn.ExecuteScript("COMMIT");
    if (!conn.Broken()) (void)conn.ExecuteScript("ROLLBACK");
    return s;
  }

  const std::string url_;
  const PostgresOptions options_;
  ConnectionPool<PostgresConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const std::string& url,
                                                          const PostgresOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(url, options);
  SG_RETURN_IF_ERROR(db->Transact(
      TxMode::kRead, [](SqlConnection& c) { return c.Execute("SELECT 1", {}).status(); }));
  return std::unique_ptr<SqlDatabase>(std::move(db));
}

}  // namespace smartgov
