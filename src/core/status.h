// Status and Result<T>: how smartgov reports expected failures.
//
// A Status is either OK or carries a domain code and a message written for
// the person who must fix the problem. Codes describe the domain, never a
// transport: the server maps them to HTTP in one place (server/api_error.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/assert.h"

namespace smartgov {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller sent something malformed or out of range
  kNotFound,            // the named thing does not exist (or is not visible to the caller)
  kConflict,            // the thing already exists, or changed underneath the caller
  kUnauthenticated,     // no valid credentials
  kPermissionDenied,    // credentials valid, action not allowed
  kPayloadTooLarge,     // input larger than the configured limit
  kResourceExhausted,   // rate limit or capacity reached
  kFailedPrecondition,  // the system is not in a state that allows the action
  kUnavailable,         // a dependency (database, endpoint) cannot be reached; retrying may help
  kDeadlineExceeded,    // the work did not finish in time
  kInternal,            // a bug or broken invariant
};

// Stable lower-case name of a code ("invalid_argument"), used in logs and API errors.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status PayloadTooLarge(std::string m) {
    return {StatusCode::kPayloadTooLarge, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DeadlineExceeded(std::string m) {
    return {StatusCode::kDeadlineExceeded, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not_found: department 'xyz' does not exist"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` ("opening store: ...").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
// REQUIRES: a Result is never built from an OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    SG_ASSERT(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

  // REQUIRES: ok()
  T& value() & {
    SG_ASSERT(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    SG_ASSERT(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    SG_ASSERT(ok());
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace smartgov

#define SG_CONCAT_INNER_(a, b) a##b
#define SG_CONCAT_(a, b) SG_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define SG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::smartgov::Status sg_status_ = (expr);  \
    if (!sg_status_.ok()) return sg_status_; \
  } while (0)

// Evaluates a Result<T> expression; on error returns its Status, else moves the value into `lhs`.
#define SG_ASSIGN_OR_RETURN(lhs, expr) \
  SG_ASSIGN_OR_RETURN_IMPL_(SG_CONCAT_(sg_result_, __LINE__), lhs, expr)
// `lhs` may be a declaration ("auto x"), so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define SG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
