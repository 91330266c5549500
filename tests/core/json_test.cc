#include "core/json.h"

#include <gtest/gtest.h>

namespace smartgov {
namespace {

TEST(JsonTest, MalformedInputNamesTheProblem) {
  struct Case {
    std::string input;
    std::string expected_fragment;
  };
  const Case kCases[] = {
      {"", "empty"},
      {"{bad", "byte 1"},
      {"{\"a\":1,}", "byte 7"},
      {"[1,2]", "JSON object"},
      {"\"text\"", "JSON object"},
      {"{\"a\":\"\xff\"}", "Invalid encoding"},
      {"{\"a\":1} trailing", "byte 8"},
  };
  for (const auto& c : kCases) {
    auto r = ParseJsonObject(c.input);
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.expected_fragment), std::string::npos)
        << c.input << " -> " << r.status().message();
  }
}

TEST(JsonTest, ReaderBindsFieldsAndRejectsUnknownOnes) {
  auto doc = ParseJsonObject(R"({"id":"immd","name_en":"Immigration","limit":5,"on":true})");
  ASSERT_TRUE(doc.ok());
  std::string id, name;
  std::optional<std::int64_t> limit;
  std::optional<bool> on;
  JsonObjectReader r(*doc);
  r.RequiredString("id", &id);
  r.OptionalString("name_en", &name);
  r.OptionalInt("limit", &limit);
  r.OptionalBool("on", &on);
  ASSERT_TRUE(r.Finish().ok());
  EXPECT_EQ(id, "immd");
  EXPECT_EQ(name, "Immigration");
  EXPECT_EQ(limit, 5);
  EXPECT_EQ(on, true);

  auto extra = ParseJsonObject(R"({"id":"x","surprise":1})");
  JsonObjectReader r2(*extra);
  r2.RequiredString("id", &id);
  Status s = r2.Finish();
  EXPECT_EQ(s.message(), "unknown field 'surprise'; expected one of: id");
}

TEST(JsonTest, ReaderReportsMissingWrongTypeAndTooLong) {
  struct Case {
    std::string input;
    std::string message;
  };
  const Case kCases[] = {
      {R"({})", "field 'id' is required"},
      {R"({"id":null})", "field 'id' is required"},
      {R"({"id":7})", "field 'id' must be a string"},
      {R"({"id":"0123456789"})", "field 'id' is longer than 4 bytes"},
  };
  for (const auto& c : kCases) {
    auto doc = ParseJsonObject(c.input);
    ASSERT_TRUE(doc.ok());
    std::string id;
    JsonObjectReader r(*doc);
    r.RequiredString("id", &id, 4);
    EXPECT_EQ(r.Finish().message(), c.message) << c.input;
  }
}

TEST(JsonTest, EscapingAlwaysYieldsValidJson) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
  EXPECT_EQ(JsonString("身份證"), "\"身份證\"");
  // A stray byte becomes U+FFFD rather than breaking the document.
  std::string bad = JsonString("ok\xff");
  EXPECT_EQ(bad, "\"ok\xEF\xBF\xBD\"");
  EXPECT_TRUE(ParseJsonObject("{\"v\":" + bad + "}").ok());
  // Overlong encodings and surrogates are not UTF-8.
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace smartgov
