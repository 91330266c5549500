// Store: every record the platform keeps, behind one interface with two back
// ends (SQLite, the embedded default, and PostgreSQL for several replicas).
//
// All methods are thread-safe. A method that returns OK has made its write
// durable (committed); one that fails has written nothing. Errors:
//   kNotFound       the record does not exist
//   kConflict       a record with that id exists, or a compare-and-set lost
//   kInvalidArgument a reference to a record that does not exist, or text holding NUL
//   kUnavailable    the database cannot be reached or stayed locked
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "store/records.h"

namespace smartgov {

class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema to the newest version; safe when several processes call it
  // at once. Returns the schema version now in place.
  virtual Result<std::int64_t> Migrate() = 0;
  virtual Result<std::int64_t> SchemaVersion() = 0;
  // OK when the database answers a trivial query.
  virtual Status Ping() = 0;
  // "sqlite /path/smartgov.db" or the PostgreSQL URL with its password masked.
  virtual std::string Describe() const = 0;

  // Departments.
  virtual Status CreateDepartment(const Department& d) = 0;
  virtual Result<Department> GetDepartment(const std::string& id) = 0;
  virtual Result<std::vector<Department>> ListDepartments() = 0;

  // API keys. Looked up by the hash of their secret.
  virtual Status CreateApiKey(const ApiKey& key) = 0;
  // kNotFound when no key has that hash, or the key is revoked.
  virtual Result<ApiKey> FindActiveApiKey(const std::string& secret_hash) = 0;
  // Keys of one department, or of all when `department_id` is empty; newest first.
  virtual Result<std::vector<ApiKey>> ListApiKeys(const std::string& department_id) = 0;
  virtual Status RevokeApiKey(const std::string& key_id, Timestamp at) = 0;
  virtual Status TouchApiKey(const std::string& key_id, Timestamp at) = 0;

  // Users of the web consoles.
  virtual Status CreateUser(const User& user) = 0;
  virtual Result<User> FindUserByName(const std::string& username) = 0;

  // Conversations and their messages.
  virtual Status CreateConversation(const Conversation& c) = 0;
  virtual Result<Conversation> GetConversation(const std::string& id) = 0;
  // Appends at the end of the conversation; fills in and returns the seq it got.
  virtual Result<std::int64_t> AppendMessage(const Message& m) = 0;
  virtual Result<std::vector<Message>> ListMessages(const std::string& conversation_id) = 0;

  // Handoff tickets.
  virtual Status CreateTicket(const Ticket& t) = 0;
  virtual Result<Ticket> GetTicket(const std::string& id) = 0;
  // Tickets of one department, optionally only with `status`; oldest first.
  virtual Result<std::vector<Ticket>> ListTickets(const std::string& department_id,
                                                  std::optional<TicketStatus> status) = 0;
  // Moves a ticket from `from` to `to` (and sets assignee); kConflict if it was not in `from`.
  virtual Status TransitionTicket(const std::string& id, TicketStatus from, TicketStatus to,
                                  const std::optional<std::string>& assignee, Timestamp at) = 0;

  // Knowledge-base document metadata.
  // Inserts, or replaces the row with the same id (the caller sets version).
  virtual Status PutKbDocument(const KbDocument& d) = 0;
  virtual Result<KbDocument> GetKbDocument(const std::string& id) = 0;
  // Documents of one department, or of all when `department_id` is empty; by id.
  virtual Result<std::vector<KbDocument>> ListKbDocuments(const std::string& department_id) = 0;
  virtual Status DeleteKbDocument(const std::string& id) = 0;
  // Changes whenever any document is added, changed or deleted: "count:latest update".
  virtual Result<std::string> KbRevision() = 0;

  // Audit trail, append-only. Returns the seq the event got.
  virtual Result<std::int64_t> AppendAudit(const AuditEvent& e) = 0;
  // Events with seq > `after_seq`, in order, at most `limit`.
  virtual Result<std::vector<AuditEvent>> ListAudit(std::int64_t after_seq, std::int64_t limit) = 0;

  // Background jobs. A claimed job is invisible to other claimers until
  // `lease_ms` passes; a worker that dies loses its claim then.
  virtual Status EnqueueJob(const Job& job) = 0;
  // The oldest due queued job (or expired claim), now running for `worker`; nullopt if none.
  virtual Result<std::optional<Job>> ClaimJob(const std::string& worker, Timestamp now,
                                              std::int64_t lease_ms) = 0;
  // Marks a job this worker holds as done, or failed with `error`.
  virtual Status FinishJob(const std::string& id, const std::string& worker, bool ok,
                           const std::string& error, Timestamp at) = 0;
  virtual Result<Job> GetJob(const std::string& id) = 0;
};

// Opens the store the configuration names: PostgreSQL when `database` is a
// postgresql:// (or postgres://) URL, SQLite at `database` when it is
// sqlite:PATH, else SQLite at data_dir/smartgov.db (creating data_dir). Does not migrate.
// `pool_size` 0 means "io threads + 2".
Result<std::unique_ptr<Store>> OpenStore(const Config& config);

}  // namespace smartgov
