#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace smartgov {
namespace {

TEST(IdsTest, RecordIdsHavePrefixAndCrockfordBody) {
  std::string id = NewRecordId("tk", 1'700'000'000'000);
  ASSERT_EQ(id.size(), 3u + 26u);
  EXPECT_EQ(id.substr(0, 3), "tk_");
  for (char c : id.substr(3)) {
    EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string_view::npos)
        << c;
  }
}

TEST(IdsTest, RecordIdsSortByTimeAndDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) seen.insert(NewRecordId("x", 1'700'000'000'000));
  EXPECT_EQ(seen.size(), 2000u);
  EXPECT_LT(NewRecordId("x", 1'700'000'000'000), NewRecordId("x", 1'700'000'000'001));
  EXPECT_LT(NewRecordId("x", 1'000), NewRecordId("x", 1'700'000'000'000));
}

TEST(IdsTest, TokensAreRandomAndUrlSafe) {
  std::string a = RandomToken(32);
  std::string b = RandomToken(32);
  EXPECT_EQ(a.size(), 43u);  // 256 bits in unpadded base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST(IdsTest, Sha256MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(IdsTest, RequestIdsAreSixteenHex) {
  std::string id = NewRequestId();
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, NewRequestId());
}

TEST(IdsTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace smartgov
