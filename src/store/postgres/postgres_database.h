// The PostgreSQL back end, for several smartgov replicas sharing one database.
#pragma once

#include <memory>
#include <string>

#include "store/sql.h"

namespace smartgov {

struct PostgresOptions {
  std::size_t pool_size = 4;
  std::int64_t acquire_timeout_ms = 5000;
};

// Connects to `url` (postgresql://user:password@host:port/db, or any libpq
// connection string). Errors: kUnavailable when the server cannot be reached.
Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const std::string& url,
                                                          const PostgresOptions& options);

}  // namespace smartgov
