// SqlStore: the Store interface over any SqlDatabase. The records' SQL is
// written once here and runs on SQLite and PostgreSQL alike.
#pragma once

#include <memory>

#include "core/clock.h"
#include "store/sql.h"
#include "store/store.h"

namespace smartgov {

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<SqlDatabase> db);

  Result<std::int64_t> Migrate() override;
  Result<std::int64_t> SchemaVersion() override;
  Status Ping() override;
  std::string Describe() const override { return db_->Describe(); }

  Status CreateDepartment(const Department& d) override;
  Result<Department> GetDepartment(const std::string& id) override;
  Result<std::vector<Department>> ListDepartments() override;

  Status CreateApiKey(const ApiKey& key) override;
  Result<ApiKey> FindActiveApiKey(const std::string& secret_hash) override;
  Result<std::vector<ApiKey>> ListApiKeys(const std::string& department_id) override;
  Status RevokeApiKey(const std::string& key_id, Timestamp at) override;
  Status TouchApiKey(const std::string& key_id, Timestamp at) override;

  Status CreateUser(const User& user) override;
  Result<User> FindUserByName(const std::string& username) override;

  Status CreateConversation(const Conversation& c) override;
  Result<Conversation> GetConversation(const std::string& id) override;
  Result<std::int64_t> AppendMessage(const Message& m) override;
  Result<std::vector<Message>> ListMessages(const std::string& conversation_id) override;

  Status CreateTicket(const Ticket& t) override;
  Result<Ticket> GetTicket(const std::string& id) override;
  Result<std::vector<Ticket>> ListTickets(const std::string& department_id,
                                          std::optional<TicketStatus> status) override;
  Status TransitionTicket(const std::string& id, TicketStatus from, TicketStatus to,
                          const std::optional<std::string>& assignee, Timestamp at) override;

  Status PutKbDocument(const KbDocument& d) override;
  Result<KbDocument> GetKbDocument(const std::string& id) override;
  Result<std::vector<KbDocument>> ListKbDocuments(const std::string& department_id) override;
  Status DeleteKbDocument(const std::string& id) override;
  Result<std::string> KbRevision() override;

  Result<std::int64_t> AppendAudit(const AuditEvent& e) override;
  Result<std::vector<AuditEvent>> ListAudit(std::int64_t after_seq, std::int64_t limit) override;

  Status EnqueueJob(const Job& job) override;
  Result<std::optional<Job>> ClaimJob(const std::string& worker, Timestamp now,
                                      std::int64_t lease_ms) override;
  Status FinishJob(const std::string& id, const std::string& worker, bool ok,
                   const std::string& error, Timestamp at) override;
  Result<Job> GetJob(const std::string& id) override;

 private:
  // Runs one statement in its own transaction.
  Result<SqlResult> Run(TxMode mode, std::string_view sql, std::vector<SqlValue> params);

  std::unique_ptr<SqlDatabase> db_;
  SystemClock clock_;
};

}  // namespace smartgov
