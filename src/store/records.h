// The records smartgov keeps, as plain structs. Validation of what a caller may
// put in them lives here too, so the HTTP API and the CLI refuse the same things.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace smartgov {

// Who a caller is. Citizens are anonymous; every other role belongs to a department.
enum class Role { kCitizen, kOfficer, kDeptAdmin, kAdmin, kAuditor };
std::string_view RoleName(Role role);
// Accepts "officer", "dept_admin", "admin", "auditor", "citizen".
Result<Role> ParseRole(std::string_view name);

struct Department {
  std::string id;  // short lower-case code: "immd", "1823"
  std::string name_en;
  std::string name_zh;
  Timestamp created_at = 0;
};
// Ids are 1-32 characters of a-z, 0-9 and '-', starting with a letter or digit.
Status ValidateDepartment(const Department& d);

struct ApiKey {
  std::string id;  // public handle, safe to log ("key_01J…")
  std::string department_id;
  Role role = Role::kOfficer;
  std::string name;         // what the key is for
  std::string secret_hash;  // SHA-256 hex of the secret; the secret itself is never stored
  Timestamp created_at = 0;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

struct User {
  std::string id;
  std::string department_id;
  Role role = Role::kOfficer;
  std::string username;
  std::string password_hash;  // argon2id encoded string
  Timestamp created_at = 0;
  bool disabled = false;
};

struct Conversation {
  std::string id;
  std::string channel;                       // "web", "api", "voice"
  std::string lang;                          // last detected language of the citizen
  std::optional<std::string> department_id;  // set once a department handles it
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

enum class MessageRole { kCitizen, kAssistant, kOfficer, kSystem };
std::string_view MessageRoleName(MessageRole role);
Result<MessageRole> ParseMessageRole(std::string_view name);

struct Message {
  std::string conversation_id;
  std::int64_t seq = 0;  // 1, 2, 3 … within the conversation
  MessageRole role = MessageRole::kCitizen;
  std::string text;  // already redacted by the caller
  Timestamp at = 0;
};

enum class TicketStatus { kOpen, kClaimed, kResolved };
std::string_view TicketStatusName(TicketStatus status);
Result<TicketStatus> ParseTicketStatus(std::string_view name);

struct Ticket {
  std::string id;
  std::string department_id;
  std::string conversation_id;
  TicketStatus status = TicketStatus::kOpen;
  std::optional<std::string> assignee;  // officer key or user id once claimed
  std::string reason;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

// Metadata of one knowledge-base document; its text lives in the search index.
struct KbDocument {
  std::string id;
  std::string department_id;
  std::string source;  // file path or URL it was imported from
  std::string title;
  std::string lang;
  std::string url;
  std::string content_hash;
  std::int64_t version = 1;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_to;
  Timestamp updated_at = 0;
  std::string content;  // the entry itself (JSON), from which indexes are built
};

struct AuditEvent {
  std::int64_t seq = 0;  // position in the trail, assigned by the store
  Timestamp at = 0;
  std::string actor;   // key id, user id, or "system"
  std::string action;  // "key.create", "department.create", …
  std::string target;
  std::string department_id;
  std::string detail;  // JSON object text, already redacted
};

enum class JobStatus { kQueued, kRunning, kDone, kFailed };
std::string_view JobStatusName(JobStatus status);
Result<JobStatus> ParseJobStatus(std::string_view name);

struct Job {
  std::string id;
  std::string kind;     // "kb.reindex", "retention.purge", …
  std::string payload;  // JSON object text
  JobStatus status = JobStatus::kQueued;
  std::int64_t attempts = 0;
  Timestamp run_at = 0;  // not before
  std::optional<std::string> locked_by;
  std::optional<Timestamp> locked_until;
  std::string last_error;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

}  // namespace smartgov
