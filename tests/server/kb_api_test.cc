// Knowledge-base routes through a real server.
#include <rapidjson/document.h>

#include "server_fixture.h"

namespace smartgov {
namespace {

class KbApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
  }
  static std::string Entry(const std::string& id, const std::string& dept_field,
                           const std::string& question) {
    return R"({"id":")" + id + "\"" + dept_field +
           R"(,"url":"https://www.gov.hk/x","en":{"question":")" + question +
           R"(","answer":"See the office."},"zh-Hant":{"question":"續領護照","answer":"請到辦事處。"}})";
  }
  std::vector<std::string> SearchIds(const std::string& q) {
    auto r = Get("/api/v1/kb/search?q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    std::vector<std::string> ids;
    if (d.HasParseError() || !d.HasMember("results")) return ids;
    for (const auto& hit : d["results"].GetArray()) ids.emplace_back(hit["id"].GetString());
    return ids;
  }
};

TEST_F(KbApiTest, DepartmentAdminsEditTheirOwnEntriesAndSearchSeesThem) {
  auto immd_admin = Bearer(Key("immd", Role::kDeptAdmin));
  auto ird_admin = Bearer(Key("ird", Role::kDeptAdmin));
  std::string body = Entry("immd-passport-renew", "", "How do I renew my passport?");
  EXPECT_EQ(Post("/api/v1/kb/documents", body).status, 401);
  EXPECT_EQ(Post("/api/v1/kb/documents", body, Bearer(Key("immd", Role::kOfficer))).status, 403);
  EXPECT_EQ(
      Post("/api/v1/kb/documents", Entry("x", R"(,"department":"immd")", "Q"), ird_admin).status,
      403);
  auto added = Post("/api/v1/kb/documents", body, immd_admin);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_NE(added.body.find("\"outcome\":\"added\""), std::string::npos);
  EXPECT_EQ(Post("/api/v1/kb/documents", body, immd_admin).status, 200);  // unchanged
  // Another department cannot overwrite it by reusing the id.
  EXPECT_EQ(Post("/api/v1/kb/documents", body, ird_admin).status, 403);

  EXPECT_EQ(SearchIds("renew%20passport").front(), "immd-passport-renew");
  EXPECT_EQ(SearchIds("%E7%BA%AD%E9%A2%86%E6%8A%A4%E7%85%A7").front(),
            "immd-passport-renew");  // 续领护照

  EXPECT_EQ(
      testing::HttpCall(port_, "DELETE", "/api/v1/kb/documents/immd-passport-renew", "", ird_admin)
          .status,
      404);
  EXPECT_EQ(
      testing::HttpCall(port_, "DELETE", "/api/v1/kb/documents/immd-passport-renew", "", immd_admin)
          .status,
      200);
  EXPECT_TRUE(SearchIds("renew%20passport").empty());
  EXPECT_EQ(
      testing::HttpCall(port_, "DELETE", "/api/v1/kb/documents/immd-passport-renew", "", immd_admin)
          .status,
      404);
}

TEST_F(KbApiTest, BadEntriesAndQueriesGet400) {
  auto admin = Bearer(Key("immd", Role::kAdmin));
  struct Case {
    std::string body;
    std::string fragment;
  };
  const Case kCases[] = {
      {"{oops", "malformed JSON"},
      {R"({"id":"immd-a","department":"immd","en":{"question":"Q"}})", "en.answer"},
      {R"({"id":"immd-a","department":"immd","en":{"question":"Q","answer":"A"},"extra":1})",
       "unknown field 'extra'"},
      {R"({"id":"Bad Id","department":"immd","en":{"question":"Q","answer":"A"}})", "'id'"},
      {R"({"id":"immd-a","department":"immd"})", "needs text"},
      {R"({"id":"immd-a","department":"nowhere","en":{"question":"Q","answer":"A"}})",
       "does not exist"},
  };
  for (const auto& c : kCases) {
    auto r = Post("/api/v1/kb/documents", c.body, admin);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_NE(r.body.find(c.fragment), std::string::npos) << r.body;
  }
  EXPECT_EQ(Get("/api/v1/kb/search").status, 400);
  EXPECT_EQ(Get("/api/v1/kb/search?q=x&top=0").status, 400);
  EXPECT_EQ(Get("/api/v1/kb/search?q=x&top=abc").status, 400);
  EXPECT_EQ(Get("/api/v1/kb/search?q=" + std::string(3000, 'a')).status, 400);
}

}  // namespace
}  // namespace smartgov
