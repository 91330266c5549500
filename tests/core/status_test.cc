#include "core/status.h"

#include <gtest/gtest.h>

namespace smartgov {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument(std::to_string(v) + " is odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  SG_ASSIGN_OR_RETURN(int h, Half(v));
  SG_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int v) {
  SG_RETURN_IF_ERROR(Half(v).status());
  return Status::Ok();
}

TEST(StatusTest, OkAndErrorsCarryCodeAndMessage) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Status::NotFound("department 'x' does not exist");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not_found: department 'x' does not exist");
  EXPECT_EQ(s.WithContext("loading").message(), "loading: department 'x' does not exist");
  EXPECT_EQ(s.WithContext("loading").code(), StatusCode::kNotFound);
}

TEST(StatusTest, CodeNamesAreStable) {
  const std::pair<StatusCode, std::string_view> kCases[] = {
      {StatusCode::kInvalidArgument, "invalid_argument"},
      {StatusCode::kConflict, "conflict"},
      {StatusCode::kUnauthenticated, "unauthenticated"},
      {StatusCode::kPermissionDenied, "permission_denied"},
      {StatusCode::kPayloadTooLarge, "payload_too_large"},
      {StatusCode::kUnavailable, "unavailable"},
  };
  for (const auto& [code, name] : kCases) EXPECT_EQ(StatusCodeName(code), name);
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "3 is odd");
  EXPECT_EQ(Quarter(5).status().message(), "5 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace smartgov
