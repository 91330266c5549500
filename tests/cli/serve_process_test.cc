// `smartgov serve` as a process: start-up, replicas sharing PostgreSQL, crash
// durability and shutdown under load.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "test_support.h"

namespace smartgov {
namespace {

using std::chrono::milliseconds;
using testing::HttpCall;
using testing::RunCommand;
using testing::ServerProcess;
using testing::SmartgovBinary;

std::string CreateKey(const std::vector<std::string>& store_args, const std::string& department,
                      const std::string& role) {
  std::vector<std::string> args = {"key", "create", "--department", department, "--role", role};
  args.insert(args.end(), store_args.begin(), store_args.end());
  auto r = RunCommand(SmartgovBinary(), args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.empty() ? "" : r.out.substr(0, r.out.size() - 1);
}

TEST(ServeProcessTest, DemoServerAnswersHealthQuicklyAndListsTheEnquiryCentre) {
  testing::TempDir dir;
  auto start = std::chrono::steady_clock::now();
  ServerProcess server({"--demo", "--data", dir.path()});
  ASSERT_TRUE(server.started());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  auto list = HttpCall(server.port(), "GET", "/api/v1/departments");
  EXPECT_NE(list.body.find("\"id\":\"1823\""), std::string::npos) << list.body;
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(), 0);
  auto cli = RunCommand(SmartgovBinary(), {"department", "list", "--json", "--data", dir.path()});
  EXPECT_NE(cli.out.find("\"id\":\"1823\""), std::string::npos);
  EXPECT_GE(std::count(cli.out.begin(), cli.out.end(), '{'), 15);
}

TEST(ServeProcessTest, TwoReplicasOnOnePostgresSeeEachOthersWrites) {
  std::string url = testing::CreatePostgresDatabase();
  ASSERT_FALSE(url.empty());
  std::vector<std::string> db = {"--database", url};
  ASSERT_EQ(RunCommand(SmartgovBinary(), {"department", "add", "immd", "--name-en", "Immigration",
                                          "--name-zh", "入境事務處", "--database", url})
                .exit_code,
            0);
  std::string admin = CreateKey(db, "immd", "admin");
  ServerProcess a({"--database", url});
  ServerProcess b({"--database", url});
  ASSERT_TRUE(a.started() && b.started());
  // A key issued through replica A authenticates on replica B.
  auto made =
      HttpCall(a.port(), "POST", "/api/v1/keys", R"({"department":"immd","role":"officer"})",
               {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(made.status, 201) << made.body;
  rapidjson::Document d;
  d.Parse(made.body.c_str());
  std::string officer = d["key"].GetString();
  auto who =
      HttpCall(b.port(), "GET", "/api/v1/whoami", "", {{"Authorization", "Bearer " + officer}});
  ASSERT_EQ(who.status, 200);
  EXPECT_EQ(who.body, R"({"department":"immd","role":"officer","key_id":")" +
                          std::string(d["id"].GetString()) + "\"}");
  // A department added on B is listed by A.
  auto dept = HttpCall(b.port(), "POST", "/api/v1/departments",
                       R"({"id":"td","name_en":"Transport","name_zh":"運輸署"})",
                       {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(dept.status, 201);
  EXPECT_NE(HttpCall(a.port(), "GET", "/api/v1/departments").body.find("\"td\""),
            std::string::npos);
  // Writes racing through both replicas all land, none twice.
  std::atomic<int> created{0};
  auto writer = [&](std::uint16_t port, const std::string& prefix) {
    for (int i = 0; i < 25; ++i) {
      auto r = HttpCall(
          port, "POST", "/api/v1/keys",
          R"({"department":"immd","role":"officer","name":")" + prefix + std::to_string(i) + "\"}",
          {{"Authorization", "Bearer " + admin}});
      if (r.status == 201) ++created;
    }
  };
  std::thread ta(writer, a.port(), "a");
  std::thread tb(writer, b.port(), "b");
  ta.join();
  tb.join();
  EXPECT_EQ(created.load(), 50);
  auto keys = HttpCall(a.port(), "GET", "/api/v1/keys", "", {{"Authorization", "Bearer " + admin}});
  rapidjson::Document k;
  k.Parse(keys.body.c_str());
  EXPECT_EQ(k["keys"].Size(), 52u);  // admin + officer + 50
}

class CrashTest : public ::testing::TestWithParam<std::string> {};

// Every write the server acknowledged is still there after kill -9.
TEST_P(CrashTest, KillNineLosesNoAcknowledgedWrite) {
  testing::TempDir dir;
  std::vector<std::string> store_args;
  if (GetParam() == "postgres") {
    std::string url = testing::CreatePostgresDatabase();
    ASSERT_FALSE(url.empty());
    store_args = {"--database", url};
  } else {
    store_args = {"--data", dir.path()};
  }
  std::vector<std::string> add = {"department",  "add",       "immd", "--name-en",
                                  "Immigration", "--name-zh", "入境"};
  add.insert(add.end(), store_args.begin(), store_args.end());
  ASSERT_EQ(RunCommand(SmartgovBinary(), add).exit_code, 0);
  std::string admin = CreateKey(store_args, "immd", "admin");
  auto server = std::make_unique<ServerProcess>(store_args);
  ASSERT_TRUE(server->started());

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  auto writer = [&](int w) {
    for (int i = 0; !stop.load(); ++i) {
      std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
      auto r = HttpCall(server->port(), "POST", "/api/v1/departments",
                        R"({"id":")" + id + R"(","name_en":"N","name_zh":"N"})",
                        {{"Authorization", "Bearer " + admin}}, milliseconds(2000));
      if (r.status == 201) {
        std::lock_guard lock(mu);
        acknowledged.insert(id);
      } else if (r.status == 0) {
        return;  // the server is gone
      }
    }
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) writers.emplace_back(writer, w);
  std::this_thread::sleep_for(milliseconds(700));
  server->process().Signal(SIGKILL);
  server->process().Wait();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acknowledged.size(), 10u);

  std::vector<std::string> list = {"department", "list", "--json"};
  list.insert(list.end(), store_args.begin(), store_args.end());
  auto listed = RunCommand(SmartgovBinary(), list);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::size_t missing = 0;
  for (const auto& id : acknowledged) {
    if (listed.out.find("\"id\":\"" + id + "\"") == std::string::npos) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  // And the store still works after the crash.
  ServerProcess again(store_args);
  ASSERT_TRUE(again.started());
  // Health answers at once; readiness follows once the index is built.
  int ready = 0;
  for (int i = 0; i < 200 && ready != 200; ++i) {
    ready = HttpCall(again.port(), "GET", "/readyz").status;
    if (ready != 200) std::this_thread::sleep_for(milliseconds(25));
  }
  EXPECT_EQ(ready, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// SIGTERM while clients are busy: every connection the server accepted gets a
// complete answer, and the process exits 0.
TEST(ServeProcessTest, SigtermUnderLoadDropsNoAcceptedRequest) {
  testing::TempDir dir;
  ServerProcess server({"--data", dir.path(), "--set", "log.access=false"});
  ASSERT_TRUE(server.started());
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, refused{0}, dropped{0};
  auto client = [&] {
    while (!stop.load()) {
      testing::RawConnection c(server.port());
      if (!c.connected()) {
        ++refused;
        if (refused.load() > 50) return;
        std::this_thread::sleep_for(milliseconds(2));
        continue;
      }
      c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      std::string reply = c.ReadUntil("\r\n\r\n{\"status\":\"ok\"}", milliseconds(5000));
      if (reply.rfind("HTTP/1.1 200", 0) == 0 &&
          reply.find("{\"status\":\"ok\"}") != std::string::npos) {
        ++answered;
      } else {
        ++dropped;
      }
    }
  };
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) clients.emplace_back(client);
  std::this_thread::sleep_for(milliseconds(500));
  server.process().Signal(SIGTERM);
  int code = server.process().Wait(std::chrono::seconds(20));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0);
  EXPECT_GT(answered.load(), 100);
  EXPECT_EQ(dropped.load(), 0) << answered.load() << " answered, " << refused.load() << " refused";
  EXPECT_NE(server.process().Stderr().find("server.stopped"), std::string::npos);
}

}  // namespace
}  // namespace smartgov
