// A migrated SQLite store in a fresh temporary directory, for benchmarks that
// need real records behind them.
#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "store/store.h"

namespace smartgov::bench {

// Owns a temporary data directory and the SQLite store in it; the directory is
// removed, with everything in it, on destruction. Not thread-safe to construct;
// the store itself is thread-safe as every Store is.
class BenchStore {
 public:
  // Opens and migrates SQLite in a new directory under $TMPDIR (or /tmp) with
  // PRAGMA synchronous = `synchronous`, and adds the department "immd".
  // Aborts with a message on stderr when any step fails: a benchmark cannot run without it.
  explicit BenchStore(const std::string& synchronous = "full");
  ~BenchStore();
  BenchStore(const BenchStore&) = delete;
  BenchStore& operator=(const BenchStore&) = delete;

  Store& store() { return *store_; }
  const Config& config() const { return config_; }

 private:
  Config config_;
  std::unique_ptr<Store> store_;
};

// Aborts with `what` and the status on stderr when `s` is not OK.
void CheckOk(const Status& s, const char* what);

}  // namespace smartgov::bench
