// The Store contract, run against every back end (SQLite and PostgreSQL) alike:
// schema, departments, keys, users, conversations and messages.
#include "store_fixture.h"

namespace smartgov::store_testing {
namespace {

TEST_P(StoreTest, MigrateIsIdempotent) {
  auto again = store_->Migrate();
  ASSERT_TRUE(IsOk(again));
  EXPECT_EQ(*again, NewestVersion());
  auto version = store_->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, NewestVersion());
  EXPECT_TRUE(IsOk(store_->Ping()));
}

TEST_P(StoreTest, FreshDatabaseIsAtVersionZero) {
  std::optional<Config> fresh = NewDatabase();
  ASSERT_TRUE(fresh.has_value());
  auto store = Open(*fresh);
  ASSERT_NE(store, nullptr);
  auto version = store->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, 0);
}

TEST_P(StoreTest, ConcurrentMigrationsFromSeveralStoresAgree) {
  constexpr std::size_t kStores = 4;
  auto stores = OpenReplicas(kStores);
  ASSERT_EQ(stores.size(), kStores);
  std::vector<Result<std::int64_t>> versions(kStores, Status::Internal("not run"));
  RunConcurrently(kStores, [&](std::size_t i) { versions[i] = stores[i]->Migrate(); });
  for (std::size_t i = 0; i < kStores; ++i) {
    ASSERT_TRUE(IsOk(versions[i])) << "store " << i;
    EXPECT_EQ(*versions[i], NewestVersion()) << "store " << i;
  }
  auto version = stores[0]->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, NewestVersion());
  // The schema works: a record written through one store is seen by another.
  ASSERT_TRUE(IsOk(stores[1]->CreateDepartment(MakeDepartment("immd"))));
  EXPECT_TRUE(IsOk(stores[2]->GetDepartment("immd")));
}

// What `smartgov migrate` does on each of several replicas started at once: read the version,
// then migrate. All methods are thread-safe, so neither call may fail.
TEST_P(StoreTest, SchemaVersionIsSafeDuringConcurrentMigrations) {
  constexpr std::size_t kStores = 4;
  constexpr int kRounds = 3;
  for (int round = 0; round < kRounds; ++round) {
    auto stores = OpenReplicas(kStores);
    ASSERT_EQ(stores.size(), kStores);
    std::vector<Result<std::int64_t>> before(kStores, Status::Internal("not run"));
    std::vector<Result<std::int64_t>> after(kStores, Status::Internal("not run"));
    RunConcurrently(kStores, [&](std::size_t i) {
      before[i] = stores[i]->SchemaVersion();
      after[i] = stores[i]->Migrate();
    });
    for (std::size_t i = 0; i < kStores; ++i) {
      EXPECT_TRUE(IsOk(before[i])) << "round " << round << " store " << i;
      if (before[i].ok()) {
        EXPECT_GE(*before[i], 0);
        EXPECT_LE(*before[i], NewestVersion());
      }
      EXPECT_TRUE(IsOk(after[i])) << "round " << round << " store " << i;
      if (after[i].ok()) {
        EXPECT_EQ(*after[i], NewestVersion());
      }
    }
  }
}

TEST_P(StoreTest, DescribeNamesTheBackEnd) {
  std::string described = store_->Describe();
  EXPECT_TRUE(described.starts_with(GetParam() == "sqlite" ? "sqlite " : "postgresql "))
      << described;
}

TEST_P(StoreTest, DepartmentsRoundTripAndListById) {
  for (const char* id : {"tax", "1823", "immd"}) {
    ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment(id)))) << id;
  }
  auto got = store_->GetDepartment("immd");
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(Fields(*got), Fields(MakeDepartment("immd")));

  auto all = store_->ListDepartments();
  ASSERT_TRUE(IsOk(all));
  std::vector<std::string> ids;
  for (const auto& d : *all) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"1823", "immd", "tax"}));
}

TEST_P(StoreTest, DuplicateDepartmentIsConflictAndKeepsTheFirst) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  Department second = MakeDepartment("immd");
  second.name_en = "Someone Else";
  second.created_at = kT0 + 1;
  EXPECT_TRUE(HasCode(store_->CreateDepartment(second), StatusCode::kConflict));

  auto all = store_->ListDepartments();
  ASSERT_TRUE(IsOk(all));
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(Fields(all->front()), Fields(MakeDepartment("immd")));
}

TEST_P(StoreTest, DepartmentIdsAreValidated) {
  struct Case {
    std::string id;
    StatusCode want;
  };
  const Case kCases[] = {
      {"", StatusCode::kInvalidArgument},
      {"IMMD", StatusCode::kInvalidArgument},
      {"Immd", StatusCode::kInvalidArgument},
      {"-immd", StatusCode::kInvalidArgument},
      {std::string(33, 'a'), StatusCode::kInvalidArgument},
      {"im md", StatusCode::kInvalidArgument},
      {" immd", StatusCode::kInvalidArgument},
      {"immd ", StatusCode::kInvalidArgument},
      {"im_md", StatusCode::kInvalidArgument},
      {"入境", StatusCode::kInvalidArgument},
      {"a", StatusCode::kOk},
      {"1823", StatusCode::kOk},
      {"i-m-d-", StatusCode::kOk},
      {std::string(32, 'z'), StatusCode::kOk},
  };
  std::size_t created = 0;
  for (const auto& c : kCases) {
    EXPECT_TRUE(HasCode(store_->CreateDepartment(MakeDepartment(c.id)), c.want))
        << "id '" << c.id << "'";
    if (c.want == StatusCode::kOk) ++created;
  }
  auto all = store_->ListDepartments();
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(all->size(), created);
}

TEST_P(StoreTest, GetMissingDepartmentIsNotFound) {
  EXPECT_TRUE(HasCode(store_->GetDepartment("nope"), StatusCode::kNotFound));
}

TEST_P(StoreTest, ApiKeyLifecycle) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ApiKey key = MakeApiKey("key_1", "immd", kT0);
  ASSERT_TRUE(IsOk(store_->CreateApiKey(key)));

  auto found = store_->FindActiveApiKey(key.secret_hash);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(Fields(*found), Fields(key));
  EXPECT_TRUE(HasCode(store_->FindActiveApiKey("sha256-of-nothing"), StatusCode::kNotFound));

  ASSERT_TRUE(IsOk(store_->TouchApiKey("key_1", kT0 + 5)));
  found = store_->FindActiveApiKey(key.secret_hash);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->last_used_at, std::optional<Timestamp>(kT0 + 5));
  EXPECT_EQ(found->revoked_at, std::nullopt);

  ASSERT_TRUE(IsOk(store_->RevokeApiKey("key_1", kT0 + 9)));
  EXPECT_TRUE(HasCode(store_->FindActiveApiKey(key.secret_hash), StatusCode::kNotFound));
  // A second revocation keeps the first time.
  ASSERT_TRUE(IsOk(store_->RevokeApiKey("key_1", kT0 + 99)));
  auto listed = store_->ListApiKeys("immd");
  ASSERT_TRUE(IsOk(listed));
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().revoked_at, std::optional<Timestamp>(kT0 + 9));
}

TEST_P(StoreTest, ListApiKeysNewestFirst) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("tax"))));
  ASSERT_TRUE(IsOk(store_->CreateApiKey(MakeApiKey("key_a", "immd", kT0 + 1))));
  ASSERT_TRUE(IsOk(store_->CreateApiKey(MakeApiKey("key_b", "tax", kT0 + 2))));
  ASSERT_TRUE(IsOk(store_->CreateApiKey(MakeApiKey("key_c", "immd", kT0 + 3))));

  struct Case {
    std::string department_id;
    std::vector<std::string> ids;
  };
  const Case kCases[] = {
      {"immd", {"key_c", "key_a"}},
      {"tax", {"key_b"}},
      {"", {"key_c", "key_b", "key_a"}},
      {"none", {}},
  };
  for (const auto& c : kCases) {
    auto keys = store_->ListApiKeys(c.department_id);
    ASSERT_TRUE(IsOk(keys)) << c.department_id;
    std::vector<std::string> ids;
    for (const auto& k : *keys) ids.push_back(k.id);
    EXPECT_EQ(ids, c.ids) << "department '" << c.department_id << "'";
  }
}

TEST_P(StoreTest, ApiKeyForMissingDepartmentIsInvalidArgument) {
  EXPECT_TRUE(HasCode(store_->CreateApiKey(MakeApiKey("key_1", "nope", kT0)),
                      StatusCode::kInvalidArgument));
  auto keys = store_->ListApiKeys("");
  ASSERT_TRUE(IsOk(keys));
  EXPECT_TRUE(keys->empty());
}

TEST_P(StoreTest, RevokeOrTouchMissingKeyIsNotFound) {
  EXPECT_TRUE(HasCode(store_->RevokeApiKey("key_missing", kT0), StatusCode::kNotFound));
  EXPECT_TRUE(HasCode(store_->TouchApiKey("key_missing", kT0), StatusCode::kNotFound));
}

TEST_P(StoreTest, UsersRoundTripAndUsernamesAreUnique) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  User user{"usr_1", "immd", Role::kOfficer, "chan.tai.man", "$argon2id$v=19$...", kT0, true};
  ASSERT_TRUE(IsOk(store_->CreateUser(user)));
  auto found = store_->FindUserByName("chan.tai.man");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(Fields(*found), Fields(user));

  User same_name = user;
  same_name.id = "usr_2";
  EXPECT_TRUE(HasCode(store_->CreateUser(same_name), StatusCode::kConflict));
  EXPECT_TRUE(HasCode(store_->FindUserByName("nobody"), StatusCode::kNotFound));
}

TEST_P(StoreTest, ConversationsRoundTrip) {
  ASSERT_TRUE(IsOk(store_->CreateDepartment(MakeDepartment("immd"))));
  Conversation anonymous = MakeConversation("conv-1");
  Conversation handled = MakeConversation("conv-2");
  handled.department_id = "immd";
  for (const auto& c : {anonymous, handled}) {
    ASSERT_TRUE(IsOk(store_->CreateConversation(c)));
    auto got = store_->GetConversation(c.id);
    ASSERT_TRUE(IsOk(got));
    EXPECT_EQ(Fields(*got), Fields(c));
  }
  EXPECT_TRUE(HasCode(store_->GetConversation("conv-9"), StatusCode::kNotFound));
  EXPECT_TRUE(HasCode(store_->CreateConversation(anonymous), StatusCode::kConflict));
}

TEST_P(StoreTest, MessagesAreNumberedAndRoundTrip) {
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-1"))));
  std::string large;
  while (large.size() < 100 * 1024) large += "申請續期 renewal 🛂 line\n";
  const std::vector<std::pair<MessageRole, std::string>> kTexts = {
      {MessageRole::kCitizen, "我想續領護照，需要幾多錢？"},
      {MessageRole::kAssistant, "費用為 HK$460 🙂🚀"},
      {MessageRole::kOfficer, ""},
      {MessageRole::kSystem, large},
      {MessageRole::kCitizen, "What's the fee? 50% off? $1 \\ \"quoted\""},
  };
  std::vector<Message> sent;
  for (std::size_t i = 0; i < kTexts.size(); ++i) {
    Message m{"conv-1", 0, kTexts[i].first, kTexts[i].second, kT0 + static_cast<Timestamp>(i)};
    auto seq = store_->AppendMessage(m);
    ASSERT_TRUE(IsOk(seq)) << "message " << i;
    EXPECT_EQ(*seq, static_cast<std::int64_t>(i + 1));
    m.seq = static_cast<std::int64_t>(i + 1);
    sent.push_back(m);
  }
  auto listed = store_->ListMessages("conv-1");
  ASSERT_TRUE(IsOk(listed));
  ASSERT_EQ(listed->size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(Fields((*listed)[i]), Fields(sent[i])) << "message " << i;
  }
  auto conversation = store_->GetConversation("conv-1");
  ASSERT_TRUE(IsOk(conversation));
  EXPECT_EQ(conversation->updated_at, sent.back().at);
}

TEST_P(StoreTest, EachConversationCountsItsOwnSeqs) {
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-a"))));
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-b"))));
  const std::vector<std::pair<std::string, std::int64_t>> kAppends = {
      {"conv-a", 1}, {"conv-b", 1}, {"conv-a", 2}, {"conv-a", 3}, {"conv-b", 2}};
  for (const auto& [conversation, want] : kAppends) {
    auto seq = store_->AppendMessage({conversation, 0, MessageRole::kCitizen, "hi", kT0});
    ASSERT_TRUE(IsOk(seq));
    EXPECT_EQ(*seq, want) << conversation;
  }
}

TEST_P(StoreTest, AppendToMissingConversationIsNotFound) {
  EXPECT_TRUE(HasCode(store_->AppendMessage({"conv-9", 0, MessageRole::kCitizen, "hi", kT0}),
                      StatusCode::kNotFound));
  auto listed = store_->ListMessages("conv-9");
  ASSERT_TRUE(IsOk(listed));
  EXPECT_TRUE(listed->empty());
}

TEST_P(StoreTest, ConcurrentAppendsGetSeqsOneToN) {
  constexpr std::size_t kThreads = 8;
  constexpr int kPerThread = 25;
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-1"))));
  auto seqs = AppendConcurrently(kThreads, kPerThread, [&](std::size_t t, int i) {
    std::string text = std::to_string(t) + "/" + std::to_string(i);
    return store_->AppendMessage({"conv-1", 0, MessageRole::kCitizen, text, kT0 + i});
  });
  EXPECT_EQ(seqs, OneTo(kThreads * kPerThread));

  auto listed = store_->ListMessages("conv-1");
  ASSERT_TRUE(IsOk(listed));
  std::vector<std::int64_t> listed_seqs;
  std::set<std::string> texts;
  for (const auto& m : *listed) {
    listed_seqs.push_back(m.seq);
    texts.insert(m.text);
  }
  EXPECT_EQ(listed_seqs, OneTo(kThreads * kPerThread));
  EXPECT_EQ(texts.size(), kThreads * kPerThread);
}

// A write that returns OK stored exactly what it was given; PostgreSQL cannot hold a NUL
// character in text, so there the only other acceptable answer is a refusal.
TEST_P(StoreTest, TextWithNulIsStoredExactlyOrRefused) {
  ASSERT_TRUE(IsOk(store_->CreateConversation(MakeConversation("conv-1"))));
  const std::string text("before\0after", 12);
  auto seq = store_->AppendMessage({"conv-1", 0, MessageRole::kCitizen, text, kT0});
  auto listed = store_->ListMessages("conv-1");
  ASSERT_TRUE(IsOk(listed));
  if (seq.ok()) {
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().text, text)
        << "stored " << listed->front().text.size() << " of " << text.size() << " bytes";
  } else {
    EXPECT_TRUE(HasCode(seq, StatusCode::kInvalidArgument));
    EXPECT_TRUE(listed->empty());
  }
}

INSTANTIATE_TEST_SUITE_P(BackEnds, StoreTest, ::testing::Values("sqlite", "postgres"), BackEndName);

}  // namespace
}  // namespace smartgov::store_testing
