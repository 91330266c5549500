// API keys: issuing them and recognising the caller behind a request.
//
// A key is "sgk_" followed by 256 random bits (base64url). Only its SHA-256 is
// stored; the key itself is shown once, when issued.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "server/router.h"
#include "store/store.h"

namespace smartgov {

struct IssuedKey {
  ApiKey record;
  std::string secret;  // give to the caller once; never log or store it
};

// Creates a key for `department_id` with `role` (not citizen). Errors:
// kInvalidArgument for the citizen role or an unknown department.
Result<IssuedKey> IssueApiKey(Store& store, const std::string& department_id, Role role,
                              const std::string& name, Timestamp now);

// Thread-safe; `store` must outlive it.
class Authenticator {
 public:
  explicit Authenticator(Store& store) : store_(store) {}
  // No header: an anonymous citizen. "Bearer <key>" with a live key: that key's
  // department and role. Anything else: kUnauthenticated saying what was wrong.
  Result<Caller> Authenticate(std::string_view authorization) const;

 private:
  Store& store_;
};

}  // namespace smartgov
