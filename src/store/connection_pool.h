// A bounded pool of database connections, opened lazily. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/status.h"

namespace smartgov {

template <typename Conn>
class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  ConnectionPool(std::size_t max_size, Factory factory)
      : max_size_(max_size == 0 ? 1 : max_size), factory_(std::move(factory)) {}

  // Hands out an idle connection, opens a new one while under the limit, or waits
  // up to `wait` for one to come back (kUnavailable after that).
  Result<std::unique_ptr<Conn>> Acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait, [&] { return !idle_.empty() || open_ < max_size_; })) {
      return Status::Unavailable("all " + std::to_string(max_size_) +
                                 " database connections stayed busy");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
    lock.unlock();
    auto conn = factory_();
    if (!conn.ok()) {
      lock.lock();
      --open_;
      cv_.notify_one();
    }
    return conn;
  }

  // Returns a healthy connection to the pool.
  void Release(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

  // Forgets a broken connection (already destroyed by the caller), freeing its slot.
  void Discard() {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
  }

 private:
  const std::size_t max_size_;
  const Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  std::size_t open_ = 0;                     // guarded by mu_: idle + handed out
};

}  // namespace smartgov
