#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace smartgov {
namespace {

std::string WriteFile(const testing::TempDir& dir, const std::string& text) {
  std::string path = dir.path() + "/smartgov.toml";
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsAreValid) {
  auto c = LoadConfig({});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->config.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c->config.server.body_limit, 1 << 20);
  EXPECT_EQ(c->origin.at("server.listen"), "default");
}

TEST(ConfigTest, LayersApplyInOrderFileEnvFlag) {
  testing::TempDir dir;
  ConfigSources s;
  s.file = WriteFile(dir, R"(
data_dir = "/srv/file"
[server]
listen = "0.0.0.0:9000"
threads = 3
body_limit = "2MiB"
[log]
level = "warn"
)");
  s.env = {{"SMARTGOV_SERVER_THREADS", "5"}, {"SMARTGOV_LOG_LEVEL", "error"}};
  s.flags = {{"server.threads", "7"}};
  auto c = LoadConfig(s);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->config.data_dir, "/srv/file");
  EXPECT_EQ(c->origin.at("data_dir"), "file");
  EXPECT_EQ(c->config.server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c->config.server.body_limit, 2 << 20);
  EXPECT_EQ(c->config.log.level, "error");
  EXPECT_EQ(c->origin.at("log.level"), "env SMARTGOV_LOG_LEVEL");
  EXPECT_EQ(c->config.server.threads, 7);
  EXPECT_EQ(c->origin.at("server.threads"), "flag");
}

TEST(ConfigTest, ErrorsNameTheKeyAndTheLayer) {
  testing::TempDir dir;
  struct Case {
    std::string file;
    std::map<std::string, std::string> env;
    std::vector<std::pair<std::string, std::string>> flags;
    std::string fragment;
  };
  const Case kCases[] = {
      {"[server]\nlisen = \"x\"\n", {}, {}, "unknown key 'server.lisen'"},
      {"[server]\nthreads = \"many\"\n", {}, {}, "server.threads"},
      {"[server\n", {}, {}, "line 1"},
      {"", {{"SMARTGOV_SERVER_THREADS", "lots"}}, {}, "environment SMARTGOV_SERVER_THREADS"},
      {"", {}, {{"server.listen", "nope"}}, "HOST:PORT"},
      {"", {}, {{"no.such", "1"}}, "unknown configuration key 'no.such'"},
      {"", {}, {{"log.level", "loud"}}, "log.level"},
      {"", {}, {{"store.sqlite_synchronous", "sometimes"}}, "store.sqlite_synchronous"},
      {"", {}, {{"server.listen", "127.0.0.1:70000"}}, "port"},
  };
  for (const auto& c : kCases) {
    ConfigSources s;
    if (!c.file.empty()) s.file = WriteFile(dir, c.file);
    s.env = c.env;
    s.flags = c.flags;
    auto r = LoadConfig(s);
    ASSERT_FALSE(r.ok()) << c.fragment;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.fragment), std::string::npos) << r.status().message();
  }
}

TEST(ConfigTest, MissingFileIsAnError) {
  ConfigSources s;
  s.file = "/nonexistent/smartgov.toml";
  EXPECT_FALSE(LoadConfig(s).ok());
}

TEST(ConfigTest, RenderMasksSecretsAndShowsOrigins) {
  ConfigSources s;
  s.flags = {{"database", "postgresql://app:hunter2@db.internal:5432/smartgov"}};
  auto c = LoadConfig(s);
  ASSERT_TRUE(c.ok());
  std::string text = RenderConfig(*c);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_NE(text.find("postgresql://app:****@db.internal:5432/smartgov"), std::string::npos)
      << text;
  EXPECT_NE(text.find("[server]"), std::string::npos);
  EXPECT_NE(text.find("# flag"), std::string::npos);
}

TEST(ConfigTest, MaskDatabaseUrl) {
  const std::pair<std::string, std::string> kCases[] = {
      {"postgresql://u:p@h/d", "postgresql://u:****@h/d"},
      {"postgresql://u@h/d", "postgresql://u@h/d"},
      {"postgresql://h/d", "postgresql://h/d"},
      {"host=h password=pw user=u", "host=h password=**** user=u"},
      {"", ""},
  };
  for (const auto& [in, out] : kCases) EXPECT_EQ(MaskDatabaseUrl(in), out);
}

TEST(ConfigTest, ParseListenAddress) {
  auto v4 = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->first, "127.0.0.1");
  EXPECT_EQ(v4->second, 8080);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->first, "::1");
  for (const char* bad : {"", "8080", ":80", "host:", "h:x", "[::1]80"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace smartgov
