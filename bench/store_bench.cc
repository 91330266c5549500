// The store calls on the request path, on SQLite in a temporary directory:
// the per-request API key lookup, appending a message (durable commit, with
// synchronous=full and =normal), and reading back a conversation.
//
// Times are wall-clock (UseRealTime): a commit's cost is mostly waiting for fsync,
// which CPU time does not see.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench_store.h"
#include "core/clock.h"
#include "core/ids.h"

namespace smartgov {
namespace {

using bench::BenchStore;
using bench::CheckOk;

// A citizen's message of ordinary length (~300 bytes).
constexpr char kMessageText[] =
    "I lost my identity card on the MTR last week and reported it to the police. How do I apply "
    "for a replacement, what does it cost, and can I travel to Shenzhen with my Home Return "
    "Permit while I wait for the new card? 我下個月要出境，請問需要帶甚麼文件？";

std::string NewConversation(Store& store, Timestamp now) {
  Conversation c;
  c.id = NewRecordId("cv", now);
  c.channel = "web";
  c.lang = "en";
  c.created_at = now;
  c.updated_at = now;
  CheckOk(store.CreateConversation(c), "creating a conversation");
  return c.id;
}

// Arg: how many keys the table holds; the one looked up is among them.
void BM_FindActiveApiKey(benchmark::State& state) {
  // Reads do not depend on synchronous; "normal" only makes seeding the table quick.
  BenchStore db("normal");
  SystemClock clock;
  std::string wanted;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    std::string secret = "sgk_" + RandomToken(32);
    ApiKey k;
    k.id = NewRecordId("key", clock.Now());
    k.department_id = "immd";
    k.role = i == 0 ? Role::kAdmin : Role::kOfficer;
    k.name = "bench";
    k.secret_hash = Sha256Hex(secret);
    k.created_at = clock.Now();
    CheckOk(db.store().CreateApiKey(k), "creating an API key");
    if (i == state.range(0) / 2) wanted = k.secret_hash;
  }
  for (auto _ : state) {
    auto key = db.store().FindActiveApiKey(wanted);
    if (!key.ok()) state.SkipWithError(key.status().ToString().c_str());
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(BM_FindActiveApiKey)->Arg(1)->Arg(1000)->UseRealTime();

// One append is one write transaction: UPDATE the conversation, read MAX(seq),
// INSERT the message, commit. The conversation grows as the benchmark runs.
void BM_AppendMessage(benchmark::State& state, const char* synchronous) {
  BenchStore db(synchronous);
  SystemClock clock;
  Message m;
  m.conversation_id = NewConversation(db.store(), clock.Now());
  m.role = MessageRole::kCitizen;
  m.text = kMessageText;
  for (auto _ : state) {
    m.at = clock.Now();
    auto seq = db.store().AppendMessage(m);
    if (!seq.ok()) state.SkipWithError(seq.status().ToString().c_str());
    benchmark::DoNotOptimize(seq);
  }
}
BENCHMARK_CAPTURE(BM_AppendMessage, synchronous_full, "full")->UseRealTime();
BENCHMARK_CAPTURE(BM_AppendMessage, synchronous_normal, "normal")->UseRealTime();

// Arg: messages in the conversation.
void BM_ListMessages(benchmark::State& state) {
  BenchStore db("normal");
  SystemClock clock;
  Message m;
  m.conversation_id = NewConversation(db.store(), clock.Now());
  m.text = kMessageText;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    m.role = i % 2 == 0 ? MessageRole::kCitizen : MessageRole::kAssistant;
    m.at = clock.Now();
    CheckOk(db.store().AppendMessage(m).status(), "appending a message");
  }
  for (auto _ : state) {
    auto messages = db.store().ListMessages(m.conversation_id);
    if (!messages.ok() || static_cast<std::int64_t>(messages->size()) != state.range(0)) {
      state.SkipWithError("ListMessages did not return the conversation");
    }
    benchmark::DoNotOptimize(messages);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ListMessages)->Arg(20)->UseRealTime();

}  // namespace
}  // namespace smartgov
