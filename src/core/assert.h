// SG_ASSERT: checks for programmer errors (broken invariants), never for input.
// On in debug, CI and sanitizer builds (SMARTGOV_ENABLE_ASSERTS); compiled out otherwise.
#pragma once

namespace smartgov::internal {
[[noreturn]] void AssertFailed(const char* expr, const char* file, int line);
}  // namespace smartgov::internal

#ifdef SMARTGOV_ENABLE_ASSERTS
#define SG_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::smartgov::internal::AssertFailed(#cond, __FILE__, __LINE__))
#else
#define SG_ASSERT(cond) static_cast<void>(sizeof(cond))
#endif
