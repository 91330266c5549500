#include "bench_store.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/clock.h"

namespace smartgov::bench {

void CheckOk(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "benchmark set-up failed: %s: %s\n", what, s.ToString().c_str());
  std::abort();
}

BenchStore::BenchStore(const std::string& synchronous) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "smartgov-bench.XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) CheckOk(Status::Unavailable("mkdtemp"), tmpl.c_str());
  config_.data_dir = tmpl;
  config_.store.sqlite_synchronous = synchronous;
  auto opened = OpenStore(config_);
  CheckOk(opened.status(), "opening the store");
  store_ = std::move(opened).value();
  CheckOk(store_->Migrate().status(), "migrating");
  CheckOk(store_->CreateDepartment(
              {"immd", "Immigration Department", "入境事務處", SystemClock().Now()}),
          "adding a department");
}

BenchStore::~BenchStore() {
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(config_.data_dir, ec);
}

}  // namespace smartgov::bench
