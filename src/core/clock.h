// Wall-clock time as the platform records it: milliseconds since the Unix epoch, UTC.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace smartgov {

using Timestamp = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

// Source of the current time. Passed in wherever time matters so tests can set it.
// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_.load(std::memory_order_relaxed); }
  void Set(Timestamp t) { now_.store(t, std::memory_order_relaxed); }
  void Advance(std::int64_t millis) { now_.fetch_add(millis, std::memory_order_relaxed); }

 private:
  std::atomic<Timestamp> now_;
};

// RFC 3339 in UTC with milliseconds: "2026-11-22T04:10:00.123Z".
std::string FormatTimestamp(Timestamp t);

}  // namespace smartgov
