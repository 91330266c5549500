// Shared helpers and the back-end-parameterised fixture of the store tests.
#pragma once

#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <latch>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "store/schema.h"
#include "test_support.h"

namespace smartgov::store_testing {

inline constexpr Timestamp kT0 = 1'763'784'000'000;  // 2025-11-22T04:00:00Z
inline constexpr std::int64_t kLongLease = 600'000;

inline std::int64_t NewestVersion() { return Migrations().back().version; }

inline ::testing::AssertionResult IsOk(const Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << s.ToString();
}
template <typename T>
::testing::AssertionResult IsOk(const Result<T>& r) {
  return IsOk(r.status());
}

inline ::testing::AssertionResult HasCode(const Status& s, StatusCode want) {
  if (s.code() == want) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected " << StatusCodeName(want) << ", got "
                                       << (s.ok() ? std::string("ok") : s.ToString());
}
template <typename T>
::testing::AssertionResult HasCode(const Result<T>& r, StatusCode want) {
  return HasCode(r.status(), want);
}

// The fields of each record as a tuple, so whole records compare (and print) in one EXPECT_EQ.
inline auto Fields(const Department& d) {
  return std::make_tuple(d.id, d.name_en, d.name_zh, d.created_at);
}
inline auto Fields(const ApiKey& k) {
  return std::make_tuple(k.id, k.department_id, RoleName(k.role), k.name, k.secret_hash,
                         k.created_at, k.last_used_at, k.revoked_at);
}
inline auto Fields(const User& u) {
  return std::make_tuple(u.id, u.department_id, RoleName(u.role), u.username, u.password_hash,
                         u.created_at, u.disabled);
}
inline auto Fields(const Conversation& c) {
  return std::make_tuple(c.id, c.channel, c.lang, c.department_id, c.created_at, c.updated_at);
}
inline auto Fields(const Message& m) {
  return std::make_tuple(m.conversation_id, m.seq, MessageRoleName(m.role), m.text, m.at);
}
inline auto Fields(const Ticket& t) {
  return std::make_tuple(t.id, t.department_id, t.conversation_id, TicketStatusName(t.status),
                         t.assignee, t.reason, t.created_at, t.updated_at);
}
inline auto Fields(const KbDocument& d) {
  return std::make_tuple(d.id, d.department_id, d.source, d.title, d.lang, d.url, d.content_hash,
                         d.version, d.valid_from, d.valid_to, d.updated_at);
}
inline auto Fields(const AuditEvent& e) {
  return std::make_tuple(e.seq, e.at, e.actor, e.action, e.target, e.department_id, e.detail);
}

inline Department MakeDepartment(std::string id) {
  return {std::move(id), "Immigration Department", "入境事務處", kT0};
}

inline ApiKey MakeApiKey(std::string id, std::string department_id, Timestamp created_at) {
  ApiKey k;
  k.id = std::move(id);
  k.department_id = std::move(department_id);
  k.role = Role::kDeptAdmin;
  k.name = "intake bot";
  k.secret_hash = "sha256-of-" + k.id;
  k.created_at = created_at;
  return k;
}

inline Conversation MakeConversation(std::string id) {
  return {std::move(id), "web", "zh-Hant", std::nullopt, kT0, kT0};
}

inline Ticket MakeTicket(std::string id, std::string department_id, Timestamp created_at) {
  Ticket t;
  t.id = std::move(id);
  t.department_id = std::move(department_id);
  t.conversation_id = "conv-1";
  t.reason = "citizen asked for an officer";
  t.created_at = created_at;
  t.updated_at = created_at;
  return t;
}

inline KbDocument MakeKbDocument(std::string id, std::string department_id) {
  KbDocument d;
  d.id = std::move(id);
  d.department_id = std::move(department_id);
  d.source = "kb/immd/passport.md";
  d.title = "Renewing a passport 續領護照";
  d.lang = "zh-Hant";
  d.url = "https://www.immd.gov.hk/passport";
  d.content_hash = "abc123";
  d.updated_at = kT0;
  return d;
}

inline Job MakeJob(std::string id, Timestamp run_at) {
  Job j;
  j.id = std::move(id);
  j.kind = "kb.reindex";
  j.payload = R"({"department":"immd"})";
  j.run_at = run_at;
  j.created_at = kT0;
  j.updated_at = kT0;
  return j;
}

// Runs `body(i)` for i in [0, n) on n threads released together, and waits for all of them.
template <typename Body>
void RunConcurrently(std::size_t n, Body body) {
  std::latch start(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

// Calls `append(thread, i)` `per_thread` times on each of `threads` threads at once. Records a
// failure for every error and for a thread whose seqs do not increase; returns all seqs, sorted.
template <typename Append>
std::vector<std::int64_t> AppendConcurrently(std::size_t threads, int per_thread, Append append) {
  std::vector<std::vector<Result<std::int64_t>>> results(threads);
  RunConcurrently(threads, [&](std::size_t t) {
    for (int i = 0; i < per_thread; ++i) results[t].push_back(append(t, i));
  });
  std::vector<std::int64_t> all;
  for (std::size_t t = 0; t < threads; ++t) {
    std::int64_t last = 0;
    for (const auto& r : results[t]) {
      if (!r.ok()) {
        ADD_FAILURE() << "thread " << t << ": " << r.status().ToString();
        continue;
      }
      EXPECT_GT(*r, last) << "thread " << t << " saw seqs go backwards";
      last = *r;
      all.push_back(*r);
    }
  }
  std::sort(all.begin(), all.end());
  return all;
}

inline std::vector<std::int64_t> OneTo(std::size_t n) {
  std::vector<std::int64_t> v(n);
  std::iota(v.begin(), v.end(), 1);
  return v;
}

// Each test gets a fresh, migrated store on the back end named by the parameter.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::optional<Config> config = NewDatabase();
    ASSERT_TRUE(config.has_value());
    config_ = *config;
    store_ = Open(config_);
    ASSERT_NE(store_, nullptr);
    auto version = store_->Migrate();
    ASSERT_TRUE(IsOk(version));
    ASSERT_EQ(*version, NewestVersion());
  }

  // A configuration naming a new, empty database; nullopt (and a recorded failure) when the
  // back end has none to give.
  std::optional<Config> NewDatabase() {
    Config c;
    if (GetParam() == "sqlite") {
      dirs_.push_back(std::make_unique<testing::TempDir>());
      c.data_dir = dirs_.back()->path();
      return c;
    }
    c.database = testing::CreatePostgresDatabase();
    if (c.database.empty()) return std::nullopt;
    return c;
  }

  // Opens a store on `config`, or records a failure and returns null.
  std::unique_ptr<Store> Open(const Config& config) {
    auto opened = OpenStore(config);
    EXPECT_TRUE(IsOk(opened));
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // `n` independent stores (each with its own connections) on one new database, as several
  // replicas would have; none (and a recorded failure) when one cannot be opened.
  std::vector<std::unique_ptr<Store>> OpenReplicas(std::size_t n) {
    std::optional<Config> shared = NewDatabase();
    if (!shared) return {};
    std::vector<std::unique_ptr<Store>> stores;
    for (std::size_t i = 0; i < n; ++i) {
      stores.push_back(Open(*shared));
      if (stores.back() == nullptr) return {};
    }
    return stores;
  }

  std::vector<std::unique_ptr<testing::TempDir>> dirs_;  // outlive the stores below
  Config config_;
  std::unique_ptr<Store> store_;
};

inline std::string BackEndName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace smartgov::store_testing
