// The seam between SqlStore (records <-> SQL) and a database driver.
// Statements use '?' placeholders; drivers translate them as their database needs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace smartgov {

enum class SqlDialect { kSqlite, kPostgres };

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// One result row; columns as text (NULL as nullopt).
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  bool IsNull(std::size_t i) const { return !cols_.at(i).has_value(); }
  const std::string& Text(std::size_t i) const;  // "" for NULL
  std::int64_t Int(std::size_t i) const;         // 0 for NULL
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  std::optional<std::string> OptText(std::size_t i) const { return cols_.at(i); }

 private:
  std::vector<std::optional<std::string>> cols_;
};

struct SqlResult {
  std::vector<SqlRow> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// One open connection, used by one thread at a time inside SqlDatabase::Transact.
// Text parameters may not contain NUL: PostgreSQL cannot store it, and both back
// ends must keep the same data. Returns kInvalidArgument naming the problem.
Status CheckSqlParams(const std::vector<SqlValue>& params);

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs one statement. Errors map constraint violations to kConflict
  // (unique) and kInvalidArgument (foreign key), lost connections to kUnavailable.
  virtual Result<SqlResult> Execute(std::string_view sql, const std::vector<SqlValue>& params) = 0;
  // Runs several ';'-separated statements without parameters (schema changes).
  virtual Status ExecuteScript(std::string_view sql) = 0;
};

enum class TxMode { kRead, kWrite };

// A pool of connections to one database. Thread-safe.
class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  virtual SqlDialect dialect() const = 0;
  virtual std::string Describe() const = 0;

  // Runs `body` inside one transaction on a pooled connection and commits when it
  // returns OK, rolls back otherwise. PostgreSQL retries the whole body a few times
  // on a serialization failure or deadlock, so `body` must have no side effects
  // outside the database; SQLite instead waits (busy timeout) for its write lock
  // at BEGIN IMMEDIATE and never fails half-way on it.
  virtual Status Transact(TxMode mode, const std::function<Status(SqlConnection&)>& body) = 0;

  // Takes the database-wide lock that serialises schema migrations, held until the
  // current transaction ends. REQUIRES: called inside Transact(kWrite).
  virtual Status LockForMigration(SqlConnection& conn) = 0;
};

}  // namespace smartgov
