#include <filesystem>
#include <thread>

#include "store/postgres/postgres_database.h"
#include "store/sql_store.h"
#include "store/sqlite/sqlite_database.h"
#include "store/store.h"

namespace smartgov {

Result<std::unique_ptr<Store>> OpenStore(const Config& config) {
  std::size_t threads = config.server.threads > 0
                            ? static_cast<std::size_t>(config.server.threads)
                            : std::max(1u, std::thread::hardware_concurrency());
  std::size_t pool =
      config.store.pool_size > 0 ? static_cast<std::size_t>(config.store.pool_size) : threads + 2;
  const std::string& url = config.database;
  std::unique_ptr<SqlDatabase> db;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    SG_ASSIGN_OR_RETURN(
        db, OpenPostgresDatabase(
                url, {.pool_size = pool, .acquire_timeout_ms = config.store.busy_timeout_ms}));
  } else {
    std::string path;
    if (url.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(config.data_dir, ec);
      if (ec) {
        return Status::Unavailable("cannot create data directory '" + config.data_dir +
                                   "': " + ec.message());
      }
      path = (std::filesystem::path(config.data_dir) / "smartgov.db").string();
    } else if (url.starts_with("sqlite:")) {
      path = url.substr(7);
      if (path.starts_with("//")) path = path.substr(2);
    } else {
      return Status::InvalidArgument("database '" + MaskDatabaseUrl(url) +
                                     "' is neither postgresql://… nor sqlite:PATH");
    }
    SG_ASSIGN_OR_RETURN(
        db, OpenSqliteDatabase(path, {.pool_size = pool,
                                      .synchronous = config.store.sqlite_synchronous,
                                      .busy_timeout_ms = config.store.busy_timeout_ms}));
  }
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(db)));
}

}  // namespace smartgov
