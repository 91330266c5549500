#include "server/auth.h"

#include <boost/beast/core/string.hpp>

#include "core/ids.h"

namespace smartgov {

Result<IssuedKey> IssueApiKey(Store& store, const std::string& department_id, Role role,
                              const std::string& name, Timestamp now) {
  if (role == Role::kCitizen) {
    return Status::InvalidArgument(
        "citizens are anonymous; keys are for officer, dept_admin, admin or auditor");
  }
  if (name.size() > 200) return Status::InvalidArgument("key name must be at most 200 bytes");
  IssuedKey out;
  out.secret = "sgk_" + RandomToken(32);
  out.record.id = NewRecordId("key", now);
  out.record.department_id = department_id;
  out.record.role = role;
  out.record.name = name;
  out.record.secret_hash = Sha256Hex(out.secret);
  out.record.created_at = now;
  SG_RETURN_IF_ERROR(store.CreateApiKey(out.record));
  return out;
}

Result<Caller> Authenticator::Authenticate(std::string_view authorization) const {
  Caller caller;
  if (authorization.empty()) return caller;
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !boost::beast::iequals(authorization.substr(0, kBearer.size()), kBearer)) {
    return Status::Unauthenticated("Authorization header must be 'Bearer <key>'");
  }
  std::string_view key = authorization.substr(kBearer.size());
  while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  if (!key.starts_with("sgk_") || key.size() > 128) {
    return Status::Unauthenticated("API key is not a smartgov key (they begin with 'sgk_')");
  }
  auto found = store_.FindActiveApiKey(Sha256Hex(key));
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("API key is unknown or revoked");
    }
    return found.status();
  }
  caller.role = found->role;
  caller.department_id = found->department_id;
  caller.key_id = found->id;
  return caller;
}

}  // namespace smartgov
