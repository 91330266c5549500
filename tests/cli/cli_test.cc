// The `smartgov` command line, run as a separate process.
#include <gtest/gtest.h>

#include "test_support.h"

namespace smartgov {
namespace {

using testing::RunCommand;
using testing::SmartgovBinary;

class CliTest : public ::testing::Test {
 protected:
  testing::CommandResult Run(std::vector<std::string> args,
                             const std::map<std::string, std::string>& env = {}) {
    args.push_back("--data");
    args.push_back(dir_.path());
    return RunCommand(SmartgovBinary(), args, env);
  }
  testing::TempDir dir_;
};

TEST_F(CliTest, DepartmentsAddAndListAsJson) {
  auto add = Run({"department", "add", "immd", "--name-en", "Immigration Department", "--name-zh",
                  "入境事務處"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto dup = Run({"department", "add", "immd", "--name-en", "X", "--name-zh", "X"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos) << dup.err;
  auto bad = Run({"department", "add", "Bad Id", "--name-en", "X", "--name-zh", "X"});
  EXPECT_EQ(bad.exit_code, 1);
  auto list = Run({"department", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(
      list.out,
      R"({"departments":[{"id":"immd","name_en":"Immigration Department","name_zh":"入境事務處"}]})"
      "\n");
}

TEST_F(CliTest, KeyCreatePrintsTheKeyAloneAndStoresOnlyItsHash) {
  ASSERT_EQ(Run({"department", "add", "ird", "--name-en", "Inland Revenue", "--name-zh", "稅務局"})
                .exit_code,
            0);
  auto key = Run({"key", "create", "--department", "ird", "--role", "officer", "--name", "desk 4"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  ASSERT_EQ(key.out.back(), '\n');
  std::string secret = key.out.substr(0, key.out.size() - 1);
  EXPECT_EQ(secret.rfind("sgk_", 0), 0u);
  EXPECT_EQ(secret.size(), 4u + 43u);
  EXPECT_EQ(secret.find_first_of(" \n\t"), std::string::npos);
  // The database file must not hold the key itself.
  auto db = RunCommand("/bin/grep", {"-c", secret, dir_.path() + "/smartgov.db"});
  EXPECT_EQ(db.out, "0\n");
  auto listed = Run({"key", "list", "--json"});
  EXPECT_EQ(listed.out.find(secret), std::string::npos);
  EXPECT_NE(listed.out.find("\"role\":\"officer\""), std::string::npos);

  struct Case {
    std::vector<std::string> args;
    std::string fragment;
  };
  const Case kCases[] = {
      {{"key", "create", "--department", "nope", "--role", "officer"}, "does not exist"},
      {{"key", "create", "--department", "ird", "--role", "king"}, "unknown role"},
      {{"key", "create", "--department", "ird", "--role", "citizen"}, "anonymous"},
  };
  for (const auto& c : kCases) {
    auto r = Run(c.args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find(c.fragment), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, ConfigShowReportsOriginsAndMasksSecrets) {
  auto r = RunCommand(SmartgovBinary(),
                      {"config", "show", "--database", "postgresql://app:topsecret@db/sg", "--set",
                       "server.threads=3"},
                      {{"SMARTGOV_LOG_LEVEL", "warn"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("topsecret"), std::string::npos);
  EXPECT_NE(r.out.find("database = \"postgresql://app:****@db/sg\"  # flag"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("threads = 3  # flag"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("level = \"warn\"  # env SMARTGOV_LOG_LEVEL"), std::string::npos) << r.out;
}

TEST_F(CliTest, UsageErrorsExitTwoAndRuntimeErrorsOne) {
  EXPECT_EQ(RunCommand(SmartgovBinary(), {}).exit_code, 2);
  EXPECT_EQ(RunCommand(SmartgovBinary(), {"frobnicate"}).exit_code, 2);
  EXPECT_EQ(RunCommand(SmartgovBinary(), {"department", "add", "x"}).exit_code, 2);
  auto bad_config =
      RunCommand(SmartgovBinary(), {"config", "show", "--set", "server.threads=lots"});
  EXPECT_EQ(bad_config.exit_code, 1);
  EXPECT_NE(bad_config.err.find("server.threads"), std::string::npos);
  auto bad_db = RunCommand(SmartgovBinary(), {"department", "list", "--database", "mysql://x"});
  EXPECT_EQ(bad_db.exit_code, 1);
  EXPECT_NE(bad_db.err.find("postgresql://"), std::string::npos) << bad_db.err;
}

TEST_F(CliTest, MigrateReportsTheSchemaVersion) {
  auto first = Run({"migrate"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("migrated from 0"), std::string::npos) << first.out;
  auto second = Run({"migrate"});
  EXPECT_NE(second.out.find("already current"), std::string::npos) << second.out;
}

}  // namespace
}  // namespace smartgov
