// The SQLite back end: one database file in WAL mode, foreign keys on, a busy
// timeout, and a pool of connections so readers run beside the single writer.
#pragma once

#include <memory>
#include <string>

#include "store/sql.h"

namespace smartgov {

struct SqliteOptions {
  std::size_t pool_size = 4;
  std::string synchronous = "full";  // off | normal | full | extra
  std::int64_t busy_timeout_ms = 5000;
};

// Opens (creating if needed) the database at `path`. Errors: kUnavailable when the
// file cannot be opened or is not a SQLite database.
Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const std::string& path,
                                                        const SqliteOptions& options);

}  // namespace smartgov
