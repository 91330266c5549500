// The Store contract on every back end: tickets, knowledge-base documents,
// the audit trail, jobs, and what failed or committed writes leave behind.
#include "store_fixture.h"

namespace smartgov::store_testing {
namespace {

class WorkRecordsTest : public StoreTest {};

class TicketTest : public StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
    ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("tax"))));
    ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-1"))));
  }
};

TEST_P(TicketTest, CreateGetAndListByStatus) {
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_3", "immd", kT0 + 3))));
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_1", "immd", kT0 + 1))));
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_2", "immd", kT0 + 2))));
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_9", "tax", kT0))));
  auto got = store_->GetTicket("tk_2");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(Fields(*got), Fields(MakeTicket("tk_2", "immd", kT0 + 2)));
  EXPECT_TRUE(HasCode(store_->GetTicket("tk_0"), StatusCode::kNotFound));
  ASSERT_TRUE(IsOk(store_->TransitionTicket("tk_2", TicketStatus::kOpen, TicketStatus::kClaimed,
                                            "usr_1", kT0 + 10)));

  struct Case {
    std::string department_id;
    std::optional<TicketStatus> status;
    std::vector<std::string> ids;
  };
  const Case kCases[] = {
      {"immd", std::nullopt, {"tk_1", "tk_2", "tk_3"}},
      {"immd", TicketStatus::kOpen, {"tk_1", "tk_3"}},
      {"immd", TicketStatus::kClaimed, {"tk_2"}},
      {"immd", TicketStatus::kResolved, {}},
      {"tax", std::nullopt, {"tk_9"}},
      {"none", std::nullopt, {}},
  };
  for (const auto& c : kCases) {
    auto tickets = store_->ListTickets(c.department_id, c.status);
    ASSERT_TRUE(IsOk(tickets));
    std::vector<std::string> ids;
    for (const auto& t : *tickets) ids.push_back(t.id);
    EXPECT_EQ(ids, c.ids) << c.department_id << " "
                          << (c.status ? TicketStatusName(*c.status) : "any");
  }
}

TEST_P(TicketTest, TransitionIsCompareAndSet) {
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_1", "immd", kT0))));
  ASSERT_TRUE(IsOk(store_->TransitionTicket("tk_1", TicketStatus::kOpen, TicketStatus::kClaimed,
                                            "usr_1", kT0 + 1)));
  EXPECT_TRUE(HasCode(store_->TransitionTicket("tk_1", TicketStatus::kOpen, TicketStatus::kClaimed,
                                               "usr_2", kT0 + 2),
                      StatusCode::kConflict));
  auto got = store_->GetTicket("tk_1");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->status, TicketStatus::kClaimed);
  EXPECT_EQ(got->assignee, std::optional<std::string>("usr_1"));
  EXPECT_EQ(got->updated_at, kT0 + 1);

  ASSERT_TRUE(IsOk(store_->TransitionTicket("tk_1", TicketStatus::kClaimed, TicketStatus::kResolved,
                                            "usr_1", kT0 + 3)));
  got = store_->GetTicket("tk_1");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->status, TicketStatus::kResolved);
  EXPECT_TRUE(HasCode(
      store_->TransitionTicket("tk_0", TicketStatus::kOpen, TicketStatus::kClaimed, "usr_1", kT0),
      StatusCode::kNotFound));
}

TEST_P(TicketTest, ReferencesToMissingRecordsAreInvalidArgument) {
  EXPECT_TRUE(
      HasCode(store_->CreateTicket(MakeTicket("tk_1", "nope", kT0)), StatusCode::kInvalidArgument));
  Ticket orphan = MakeTicket("tk_2", "immd", kT0);
  orphan.conversation_id = "conv-9";
  EXPECT_TRUE(HasCode(store_->CreateTicket(orphan), StatusCode::kInvalidArgument));
  auto tickets = store_->ListTickets("immd", std::nullopt);
  ASSERT_TRUE(IsOk(tickets));
  EXPECT_TRUE(tickets->empty());
}

TEST_P(TicketTest, ConcurrentClaimHasExactlyOneWinner) {
  constexpr std::size_t kThreads = 6;
  ASSERT_TRUE(IsOk(store_->CreateTicket(MakeTicket("tk_1", "immd", kT0))));
  std::vector<Status> results(kThreads);
  RunConcurrently(kThreads, [&](std::size_t t) {
    results[t] = store_->TransitionTicket("tk_1", TicketStatus::kOpen, TicketStatus::kClaimed,
                                          "usr_" + std::to_string(t), kT0 + 1);
  });
  std::vector<std::size_t> winners;
  for (std::size_t t = 0; t < kThreads; ++t) {
    if (results[t].ok()) {
      winners.push_back(t);
    } else {
      EXPECT_TRUE(HasCode(results[t], StatusCode::kConflict)) << "thread " << t;
    }
  }
  ASSERT_EQ(winners.size(), 1u);
  auto got = store_->GetTicket("tk_1");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->assignee, std::optional<std::string>("usr_" + std::to_string(winners[0])));
}

TEST_P(WorkRecordsTest, PutKbDocumentReplacesTheSameId) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  KbDocument first = MakeKbDocument("doc-1", "immd");
  ASSERT_TRUE(IsOk(store_->PutKbDocument(first)));
  KbDocument second = first;
  second.title = "Renewing a passport (2026)";
  second.content_hash = "def456";
  second.version = 2;
  second.updated_at = kT0 + 1;
  ASSERT_TRUE(IsOk(store_->PutKbDocument(second)));

  auto got = store_->GetKbDocument("doc-1");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(Fields(*got), Fields(second));
  auto listed = store_->ListKbDocuments("immd");
  ASSERT_TRUE(IsOk(listed));
  EXPECT_EQ(listed->size(), 1u);
}

TEST_P(WorkRecordsTest, ListKbDocumentsByDepartmentSortedById) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("tax"))));
  for (const auto& [id, department] : std::vector<std::pair<std::string, std::string>>{
           {"doc-c", "immd"}, {"doc-a", "immd"}, {"doc-b", "tax"}, {"doc-d", "immd"}}) {
    ASSERT_TRUE(IsOk(store_->PutKbDocument(MakeKbDocument(id, department))));
  }
  auto listed = store_->ListKbDocuments("immd");
  ASSERT_TRUE(IsOk(listed));
  std::vector<std::string> ids;
  for (const auto& d : *listed) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"doc-a", "doc-c", "doc-d"}));
  EXPECT_TRUE(HasCode(store_->PutKbDocument(MakeKbDocument("doc-x", "nope")),
                      StatusCode::kInvalidArgument));
}

TEST_P(WorkRecordsTest, DeleteKbDocument) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ASSERT_TRUE(IsOk(store_->PutKbDocument(MakeKbDocument("doc-1", "immd"))));
  ASSERT_TRUE(IsOk(store_->PutKbDocument(MakeKbDocument("doc-2", "immd"))));
  ASSERT_TRUE(IsOk(store_->DeleteKbDocument("doc-1")));
  EXPECT_TRUE(HasCode(store_->GetKbDocument("doc-1"), StatusCode::kNotFound));
  EXPECT_TRUE(HasCode(store_->DeleteKbDocument("doc-1"), StatusCode::kNotFound));
  EXPECT_TRUE(HasCode(store_->DeleteKbDocument("doc-9"), StatusCode::kNotFound));
  auto listed = store_->ListKbDocuments("immd");
  ASSERT_TRUE(IsOk(listed));
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "doc-2");
}

TEST_P(WorkRecordsTest, KbValidityWindowRoundTrips) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  struct Case {
    std::optional<Timestamp> valid_from;
    std::optional<Timestamp> valid_to;
  };
  const Case kCases[] = {
      {std::nullopt, std::nullopt},
      {kT0, std::nullopt},
      {std::nullopt, kT0 + 86'400'000},
      {kT0, kT0 + 86'400'000},
      {0, 0},
      {-1, std::nullopt},
  };
  int n = 0;
  for (const auto& c : kCases) {
    KbDocument d = MakeKbDocument("doc-" + std::to_string(n++), "immd");
    d.valid_from = c.valid_from;
    d.valid_to = c.valid_to;
    ASSERT_TRUE(IsOk(store_->PutKbDocument(d)));
    auto got = store_->GetKbDocument(d.id);
    ASSERT_TRUE(IsOk(got));
    EXPECT_EQ(got->valid_from, c.valid_from) << d.id;
    EXPECT_EQ(got->valid_to, c.valid_to) << d.id;
  }
}

TEST_P(WorkRecordsTest, ConcurrentAuditAppendsHaveNoGapsOrDuplicates) {
  constexpr std::size_t kThreads = 8;
  constexpr int kPerThread = 25;
  auto seqs = AppendConcurrently(kThreads, kPerThread, [&](std::size_t t, int i) {
    return store_->AppendAudit(
        {0, kT0 + i, "key_" + std::to_string(t), "ticket.claim", std::to_string(i), "immd", "{}"});
  });
  EXPECT_EQ(seqs, OneTo(kThreads * kPerThread));

  auto events = store_->ListAudit(0, 10'000);
  ASSERT_TRUE(IsOk(events));
  std::vector<std::int64_t> listed;
  std::set<std::pair<std::string, std::string>> distinct;
  for (const auto& e : *events) {
    listed.push_back(e.seq);
    distinct.emplace(e.actor, e.target);
  }
  EXPECT_EQ(listed, OneTo(kThreads * kPerThread));
  EXPECT_EQ(distinct.size(), kThreads * kPerThread);
}

TEST_P(WorkRecordsTest, ListAuditPages) {
  std::vector<AuditEvent> appended;
  for (int i = 1; i <= 10; ++i) {
    AuditEvent e;
    e.at = kT0 + i;
    e.actor = "system";
    e.action = "department.create";
    e.target = "dept-" + std::to_string(i);
    e.department_id = "immd";
    e.detail = R"({"name_zh":"入境事務處"})";
    auto seq = store_->AppendAudit(e);
    ASSERT_TRUE(IsOk(seq));
    ASSERT_EQ(*seq, i);
    e.seq = i;
    appended.push_back(e);
  }
  struct Case {
    std::int64_t after;
    std::int64_t limit;
    std::vector<std::int64_t> seqs;
  };
  const Case kCases[] = {
      {0, 3, {1, 2, 3}},   {3, 3, {4, 5, 6}}, {9, 5, {10}},    {10, 5, {}},
      {0, 100, OneTo(10)}, {0, 0, {}},        {-5, 2, {1, 2}},
  };
  for (const auto& c : kCases) {
    auto page = store_->ListAudit(c.after, c.limit);
    ASSERT_TRUE(IsOk(page));
    std::vector<std::int64_t> seqs;
    for (const auto& e : *page) {
      seqs.push_back(e.seq);
      EXPECT_EQ(Fields(e), Fields(appended[static_cast<std::size_t>(e.seq - 1)]));
    }
    EXPECT_EQ(seqs, c.seqs) << "after " << c.after << " limit " << c.limit;
  }
}

TEST_P(WorkRecordsTest, ClaimJobTakesTheOldestDueJob) {
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-late", kT0 + 5))));
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-b", kT0 + 1))));
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-a", kT0 + 1))));
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-future", kT0 + 60'000))));
  EXPECT_TRUE(HasCode(store_->EnqueueJob(MakeJob("job-a", kT0)), StatusCode::kConflict));

  const Timestamp now = kT0 + 10;
  for (const char* want : {"job-a", "job-b", "job-late"}) {
    auto claimed = store_->ClaimJob("w1", now, kLongLease);
    ASSERT_TRUE(IsOk(claimed));
    ASSERT_TRUE(claimed->has_value()) << "expected " << want;
    const Job& job = **claimed;
    EXPECT_EQ(job.id, want);
    EXPECT_EQ(job.status, JobStatus::kRunning);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.locked_by, std::optional<std::string>("w1"));
    EXPECT_EQ(job.locked_until, std::optional<Timestamp>(now + kLongLease));
    EXPECT_EQ(job.payload, MakeJob(want, 0).payload);
    auto stored = store_->GetJob(want);
    ASSERT_TRUE(IsOk(stored));
    EXPECT_EQ(stored->status, JobStatus::kRunning);
    EXPECT_EQ(stored->attempts, 1);
  }
  auto none = store_->ClaimJob("w2", now, kLongLease);
  ASSERT_TRUE(IsOk(none));
  EXPECT_FALSE(none->has_value()) << "claimed " << (*none)->id;

  auto later = store_->ClaimJob("w2", kT0 + 60'000, kLongLease);
  ASSERT_TRUE(IsOk(later));
  ASSERT_TRUE(later->has_value());
  EXPECT_EQ((*later)->id, "job-future");
}

TEST_P(WorkRecordsTest, ClaimOnEmptyQueueIsNullopt) {
  auto claimed = store_->ClaimJob("w1", kT0, 30'000);
  ASSERT_TRUE(IsOk(claimed));
  EXPECT_FALSE(claimed->has_value());
  EXPECT_TRUE(HasCode(store_->GetJob("job-1"), StatusCode::kNotFound));
}

TEST_P(WorkRecordsTest, FinishJobOnlyByItsHolder) {
  struct Case {
    std::string id;
    bool ok;
    std::string error;
    JobStatus want;
  };
  const Case kCases[] = {
      {"job-done", true, "", JobStatus::kDone},
      {"job-failed", false, "index is locked", JobStatus::kFailed},
  };
  for (const auto& c : kCases) {
    ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob(c.id, kT0))));
    auto claimed = store_->ClaimJob("w1", kT0, kLongLease);
    ASSERT_TRUE(IsOk(claimed));
    ASSERT_TRUE(claimed->has_value());
    ASSERT_EQ((*claimed)->id, c.id);

    EXPECT_TRUE(
        HasCode(store_->FinishJob(c.id, "w2", c.ok, c.error, kT0 + 1), StatusCode::kConflict));
    auto job = store_->GetJob(c.id);
    ASSERT_TRUE(IsOk(job));
    EXPECT_EQ(job->status, JobStatus::kRunning);
    EXPECT_EQ(job->locked_by, std::optional<std::string>("w1"));

    ASSERT_TRUE(IsOk(store_->FinishJob(c.id, "w1", c.ok, c.error, kT0 + 2)));
    job = store_->GetJob(c.id);
    ASSERT_TRUE(IsOk(job));
    EXPECT_EQ(job->status, c.want) << c.id;
    EXPECT_EQ(job->last_error, c.error);
    EXPECT_EQ(job->locked_by, std::nullopt);
    EXPECT_EQ(job->locked_until, std::nullopt);
    EXPECT_EQ(job->updated_at, kT0 + 2);
    EXPECT_TRUE(
        HasCode(store_->FinishJob(c.id, "w1", c.ok, c.error, kT0 + 3), StatusCode::kConflict));
    // A finished job is never handed out again, however late.
    auto next = store_->ClaimJob("w1", kT0 + kLongLease * 2, kLongLease);
    ASSERT_TRUE(IsOk(next));
    EXPECT_FALSE(next->has_value()) << "claimed " << (*next)->id;
  }
  EXPECT_TRUE(
      HasCode(store_->FinishJob("job-missing", "w1", true, "", kT0), StatusCode::kConflict));
}

TEST_P(WorkRecordsTest, ExpiredLeaseCanBeClaimedByAnotherWorker) {
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-1", kT0))));
  auto first = store_->ClaimJob("w1", kT0, 100);
  ASSERT_TRUE(IsOk(first));
  ASSERT_TRUE(first->has_value());

  auto early = store_->ClaimJob("w2", kT0 + 50, 100);
  ASSERT_TRUE(IsOk(early));
  EXPECT_FALSE(early->has_value()) << "claimed while the lease still held";

  auto late = store_->ClaimJob("w2", kT0 + 101, 100);
  ASSERT_TRUE(IsOk(late));
  ASSERT_TRUE(late->has_value());
  EXPECT_EQ((*late)->id, "job-1");
  EXPECT_EQ((*late)->attempts, 2);
  EXPECT_EQ((*late)->locked_by, std::optional<std::string>("w2"));

  EXPECT_TRUE(
      HasCode(store_->FinishJob("job-1", "w1", true, "", kT0 + 102), StatusCode::kConflict));
  EXPECT_TRUE(IsOk(store_->FinishJob("job-1", "w2", true, "", kT0 + 103)));
}

TEST_P(WorkRecordsTest, ConcurrentClaimersTakeEachJobOnce) {
  constexpr int kJobs = 50;
  constexpr std::size_t kThreads = 4;
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-" + std::to_string(i), kT0 + i % 7))));
  }
  std::vector<std::vector<std::string>> claimed(kThreads);
  std::vector<std::vector<Status>> errors(kThreads);
  RunConcurrently(kThreads, [&](std::size_t t) {
    const std::string worker = "w" + std::to_string(t);
    for (;;) {
      auto job = store_->ClaimJob(worker, kT0 + 100, kLongLease);
      if (!job.ok()) {
        errors[t].push_back(job.status());
        break;
      }
      if (!job->has_value()) break;
      claimed[t].push_back((*job)->id);
    }
  });
  std::multiset<std::string> all;
  for (std::size_t t = 0; t < kThreads; ++t) {
    for (const Status& s : errors[t]) ADD_FAILURE() << "worker " << t << ": " << s.ToString();
    all.insert(claimed[t].begin(), claimed[t].end());
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kJobs));
  for (int i = 0; i < kJobs; ++i) {
    std::string id = "job-" + std::to_string(i);
    EXPECT_EQ(all.count(id), 1u) << id;
    auto job = store_->GetJob(id);
    ASSERT_TRUE(IsOk(job));
    EXPECT_EQ(job->attempts, 1) << id;
    EXPECT_EQ(job->status, JobStatus::kRunning) << id;
  }
}

TEST_P(WorkRecordsTest, FailedWritesLeaveNothingBehind) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ASSERT_TRUE(IsOk(store_->CreateApiKey(MakeApiKey("key_1", "immd", kT0))));
  ASSERT_TRUE(IsOk(store_->EnqueueJob(MakeJob("job-1", kT0))));

  EXPECT_TRUE(HasCode(store_->CreateDepartment(MakeDepartment("immd")), StatusCode::kConflict));
  ApiKey same_hash = MakeApiKey("key_2", "immd", kT0 + 1);
  same_hash.secret_hash = MakeApiKey("key_1", "immd", kT0).secret_hash;
  EXPECT_TRUE(HasCode(store_->CreateApiKey(same_hash), StatusCode::kConflict));
  Job duplicate = MakeJob("job-1", kT0 + 5);
  duplicate.payload = "{}";
  EXPECT_TRUE(HasCode(store_->EnqueueJob(duplicate), StatusCode::kConflict));
  EXPECT_TRUE(HasCode(store_->AppendMessage({"conv-9", 0, MessageRole::kCitizen, "hi", kT0}),
                      StatusCode::kNotFound));

  auto departments = store_->ListDepartments();
  ASSERT_TRUE(IsOk(departments));
  EXPECT_EQ(departments->size(), 1u);
  auto keys = store_->ListApiKeys("");
  ASSERT_TRUE(IsOk(keys));
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front().id, "key_1");
  auto job = store_->GetJob("job-1");
  ASSERT_TRUE(IsOk(job));
  EXPECT_EQ(job->payload, MakeJob("job-1", kT0).payload);
  EXPECT_EQ(job->run_at, kT0);
  // A failed write did not disturb the audit trail's numbering either.
  auto seq = store_->AppendAudit({0, kT0, "system", "noop", "", "", "{}"});
  ASSERT_TRUE(IsOk(seq));
  EXPECT_EQ(*seq, 1);
}

TEST_P(WorkRecordsTest, CommittedWritesSurviveReopening) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-1"))));
  ASSERT_TRUE(IsOk(store_->AppendMessage({"conv-1", 0, MessageRole::kCitizen, "你好", kT0})));
  ASSERT_TRUE(IsOk(store_->AppendAudit({0, kT0, "system", "department.create", "immd", "", "{}"})));
  store_.reset();

  store_ = Open(config_);
  ASSERT_NE(store_, nullptr);
  auto version = store_->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, NewestVersion());
  auto department = store_->GetDepartment("immd");
  ASSERT_TRUE(IsOk(department));
  EXPECT_EQ(Fields(*department), Fields(MakeDepartment("immd")));
  auto messages = store_->ListMessages("conv-1");
  ASSERT_TRUE(IsOk(messages));
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().text, "你好");
  auto next = store_->AppendAudit({0, kT0, "system", "noop", "", "", "{}"});
  ASSERT_TRUE(IsOk(next));
  EXPECT_EQ(*next, 2);
}

INSTANTIATE_TEST_SUITE_P(BackEnds, WorkRecordsTest, ::testing::Values("sqlite", "postgres"),
                         BackEndName);
INSTANTIATE_TEST_SUITE_P(BackEnds, TicketTest, ::testing::Values("sqlite", "postgres"),
                         BackEndName);

}  // namespace
}  // namespace smartgov::store_testing
