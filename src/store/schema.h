// Versioned schema migrations, the same SQL for SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sql.h"

namespace smartgov {

struct Migration {
  std::int64_t version;
  std::string_view name;
  std::string_view sql;  // ';'-separated statements
};

// Every migration, oldest first. Versions are 1, 2, 3 … with no gaps.
const std::vector<Migration>& Migrations();

// Applies the migrations the database lacks, each in its own transaction, holding
// the migration lock so concurrent callers apply each one once. Returns the version.
Result<std::int64_t> ApplyMigrations(SqlDatabase& db, std::int64_t now);

// The newest applied version (0 for an empty database).
Result<std::int64_t> CurrentSchemaVersion(SqlDatabase& db);

}  // namespace smartgov
