#include "store/records.h"

#include <array>
#include <utility>

namespace smartgov {
namespace {

template <typename E, std::size_t N>
Result<E> ParseName(const std::array<std::pair<E, std::string_view>, N>& table,
                    std::string_view name, std::string_view what) {
  std::string options;
  for (const auto& [value, text] : table) {
    if (text == name) return value;
    options += (options.empty() ? "" : ", ") + std::string(text);
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) +
                                 "'; expected one of: " + options);
}

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "unknown";
}

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::kCitizen, "citizen"},
    {Role::kOfficer, "officer"},
    {Role::kDeptAdmin, "dept_admin"},
    {Role::kAdmin, "admin"},
    {Role::kAuditor, "auditor"},
}};
constexpr std::array<std::pair<MessageRole, std::string_view>, 4> kMessageRoles = {{
    {MessageRole::kCitizen, "citizen"},
    {MessageRole::kAssistant, "assistant"},
    {MessageRole::kOfficer, "officer"},
    {MessageRole::kSystem, "system"},
}};
constexpr std::array<std::pair<TicketStatus, std::string_view>, 3> kTicketStatuses = {{
    {TicketStatus::kOpen, "open"},
    {TicketStatus::kClaimed, "claimed"},
    {TicketStatus::kResolved, "resolved"},
}};
constexpr std::array<std::pair<JobStatus, std::string_view>, 4> kJobStatuses = {{
    {JobStatus::kQueued, "queued"},
    {JobStatus::kRunning, "running"},
    {JobStatus::kDone, "done"},
    {JobStatus::kFailed, "failed"},
}};

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
Result<Role> ParseRole(std::string_view name) { return ParseName(kRoles, name, "role"); }
std::string_view MessageRoleName(MessageRole role) { return NameOf(kMessageRoles, role); }
Result<MessageRole> ParseMessageRole(std::string_view name) {
  return ParseName(kMessageRoles, name, "message role");
}
std::string_view TicketStatusName(TicketStatus s) { return NameOf(kTicketStatuses, s); }
Result<TicketStatus> ParseTicketStatus(std::string_view name) {
  return ParseName(kTicketStatuses, name, "ticket status");
}
std::string_view JobStatusName(JobStatus s) { return NameOf(kJobStatuses, s); }
Result<JobStatus> ParseJobStatus(std::string_view name) {
  return ParseName(kJobStatuses, name, "job status");
}

Status ValidateDepartment(const Department& d) {
  if (d.id.empty() || d.id.size() > 32) {
    return Status::InvalidArgument("department id must be 1 to 32 characters");
  }
  for (std::size_t i = 0; i < d.id.size(); ++i) {
    char c = d.id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) {
      return Status::InvalidArgument("department id '" + d.id +
                                     "' may hold only a-z, 0-9 and '-' (not first)");
    }
  }
  if (d.name_en.empty() || d.name_en.size() > 200) {
    return Status::InvalidArgument("department English name (name_en) must be 1 to 200 bytes");
  }
  if (d.name_zh.empty() || d.name_zh.size() > 200) {
    return Status::InvalidArgument("department Chinese name (name_zh) must be 1 to 200 bytes");
  }
  return Status::Ok();
}

}  // namespace smartgov
