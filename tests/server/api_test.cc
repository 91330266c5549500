// The HTTP API's behaviour through a real server: auth and roles, departments,
// keys, errors, metrics, the OpenAPI document and the access log.
#include <rapidjson/document.h>

#include "server_fixture.h"

namespace smartgov {
namespace {

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

class ApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
  }
};

TEST_F(ApiTest, WhoAmIForAnonymousAndKeys) {
  auto anon = Get("/api/v1/whoami");
  ASSERT_EQ(anon.status, 200);
  auto a = Json(anon.body);
  EXPECT_TRUE(a["department"].IsNull());
  EXPECT_STREQ(a["role"].GetString(), "citizen");

  auto officer = Get("/api/v1/whoami", Bearer(Key("immd", Role::kOfficer)));
  ASSERT_EQ(officer.status, 200);
  auto o = Json(officer.body);
  EXPECT_STREQ(o["department"].GetString(), "immd");
  EXPECT_STREQ(o["role"].GetString(), "officer");
}

TEST_F(ApiTest, BadCredentialsAreRefusedWithReasons) {
  std::string revoked = Key("immd", Role::kOfficer);
  auto keys = store_->ListApiKeys("immd");
  ASSERT_TRUE(keys.ok());
  ASSERT_TRUE(store_->RevokeApiKey(keys->front().id, 1).ok());
  struct Case {
    std::string header;
    std::string fragment;
  };
  const Case kCases[] = {
      {"Basic dXNlcjpwYXNz", "Bearer"},
      {"Bearer ", "Bearer"},
      {"Bearer not-a-key", "sgk_"},
      {"Bearer sgk_unknownunknownunknownunknownunknownunkno", "unknown or revoked"},
      {"Bearer " + revoked, "unknown or revoked"},
  };
  for (const auto& c : kCases) {
    auto r = Get("/api/v1/whoami", {{"Authorization", c.header}});
    EXPECT_EQ(r.status, 401) << c.header;
    EXPECT_EQ(r.headers["www-authenticate"], "Bearer");
    auto d = Json(r.body);
    EXPECT_STREQ(d["error"]["code"].GetString(), "unauthenticated");
    EXPECT_NE(std::string(d["error"]["message"].GetString()).find(c.fragment), std::string::npos)
        << d["error"]["message"].GetString();
  }
}

TEST_F(ApiTest, RolesGateAdministrativeRoutes) {
  const std::string body = R"({"id":"td","name_en":"Transport Department","name_zh":"運輸署"})";
  EXPECT_EQ(Post("/api/v1/departments", body).status, 401);
  EXPECT_EQ(Post("/api/v1/departments", body, Bearer(Key("immd", Role::kOfficer))).status, 403);
  EXPECT_EQ(Post("/api/v1/departments", body, Bearer(Key("immd", Role::kDeptAdmin))).status, 403);
  auto created = Post("/api/v1/departments", body, Bearer(Key("immd", Role::kAdmin)));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_STREQ(Json(created.body)["name_zh"].GetString(), "運輸署");
  auto again = Post("/api/v1/departments", body, Bearer(Key("immd", Role::kAdmin)));
  EXPECT_EQ(again.status, 409);
  auto list = Json(Get("/api/v1/departments").body);
  EXPECT_EQ(list["departments"].Size(), 3u);
}

TEST_F(ApiTest, MalformedAndUnexpectedBodiesGet400NamingTheProblem) {
  auto admin = Bearer(Key("immd", Role::kAdmin));
  struct Case {
    std::string body;
    std::string fragment;
  };
  const Case kCases[] = {
      {"{bad json", "malformed JSON at byte 1"},
      {"", "empty"},
      {"[]", "JSON object"},
      {R"({"id":"x1","name_en":"X","name_zh":"X","extra":1})", "unknown field 'extra'"},
      {R"({"id":"x1","name_en":"X"})", "field 'name_zh' is required"},
      {R"({"id":5,"name_en":"X","name_zh":"X"})", "field 'id' must be a string"},
      {R"({"id":"Bad Id","name_en":"X","name_zh":"X"})", "may hold only"},
      {"{\"id\":\"x\xff\"}", "Invalid encoding"},
  };
  for (const auto& c : kCases) {
    auto r = Post("/api/v1/departments", c.body, admin);
    EXPECT_EQ(r.status, 400) << c.body;
    auto d = Json(r.body);
    EXPECT_STREQ(d["error"]["code"].GetString(), "invalid_argument");
    EXPECT_NE(std::string(d["error"]["message"].GetString()).find(c.fragment), std::string::npos)
        << d["error"]["message"].GetString();
    EXPECT_FALSE(std::string(d["error"]["request_id"].GetString()).empty());
  }
  EXPECT_EQ(store_->ListDepartments()->size(), 2u) << "a refused request wrote something";
}

TEST_F(ApiTest, UnknownRoutesAndMethodsGetJsonErrors) {
  auto r = Get("/no/such/route");
  EXPECT_EQ(r.status, 404);
  EXPECT_STREQ(Json(r.body)["error"]["code"].GetString(), "not_found");
  auto m = testing::HttpCall(port_, "DELETE", "/healthz");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.headers["allow"], "GET");
  EXPECT_STREQ(Json(m.body)["error"]["code"].GetString(), "method_not_allowed");
}

TEST_F(ApiTest, DepartmentAdminsManageOnlyTheirOwnKeys) {
  auto dept_admin = Bearer(Key("immd", Role::kDeptAdmin));
  EXPECT_EQ(Post("/api/v1/keys", R"({"department":"ird","role":"officer"})", dept_admin).status,
            403);
  EXPECT_EQ(Post("/api/v1/keys", R"({"department":"immd","role":"admin"})", dept_admin).status,
            403);
  EXPECT_EQ(Post("/api/v1/keys", R"({"department":"immd","role":"emperor"})", dept_admin).status,
            400);
  auto made = Post("/api/v1/keys", R"({"department":"immd","role":"officer","name":"counter 3"})",
                   dept_admin);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.headers["cache-control"], "no-store");
  auto issued = Json(made.body);
  std::string secret = issued["key"].GetString();
  std::string id = issued["id"].GetString();
  EXPECT_EQ(Get("/api/v1/whoami", Bearer(secret)).status, 200);

  // Listing never shows secrets; an ird admin cannot see or revoke immd keys.
  auto listed = Get("/api/v1/keys", dept_admin);
  EXPECT_EQ(listed.body.find(secret), std::string::npos);
  EXPECT_NE(listed.body.find(id), std::string::npos);
  auto other = Bearer(Key("ird", Role::kDeptAdmin));
  EXPECT_EQ(Get("/api/v1/keys", other).body.find(id), std::string::npos);
  EXPECT_EQ(testing::HttpCall(port_, "DELETE", "/api/v1/keys/" + id, "", other).status, 404);

  EXPECT_EQ(testing::HttpCall(port_, "DELETE", "/api/v1/keys/" + id, "", dept_admin).status, 200);
  EXPECT_EQ(Get("/api/v1/whoami", Bearer(secret)).status, 401);
  // Key creation and revocation were audited.
  auto audit = store_->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  int creates = 0, revokes = 0;
  for (const auto& e : *audit) {
    creates += e.action == "key.create";
    revokes += e.action == "key.revoke";
  }
  EXPECT_EQ(creates, 1);
  EXPECT_EQ(revokes, 1);
}

TEST_F(ApiTest, ReadyzReportsTheStore) {
  auto r = Get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_STREQ(Json(r.body)["status"].GetString(), "ready");
  services_->ready = false;
  EXPECT_EQ(Get("/readyz").status, 503);
}

TEST_F(ApiTest, MetricsCountRequestsByRouteAndStatus) {
  for (int i = 0; i < 3; ++i) Get("/healthz");
  Get("/nowhere");
  auto m = Get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.headers["content-type"].find("text/plain"), std::string::npos);
  EXPECT_NE(
      m.body.find(R"(smartgov_http_requests_total{method="GET",route="/healthz",status="200"} 3)"),
      std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  EXPECT_NE(m.body.find("smartgov_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("smartgov_http_requests_in_flight"), std::string::npos);
}

// The document is generated from the route table; this walks the table and
// checks that every route, its parameters and its schemas are described.
TEST_F(ApiTest, OpenApiDescribesEveryRoute) {
  auto r = Get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = Json(r.body);
  EXPECT_STREQ(doc["openapi"].GetString(), "3.1.0");
  const auto& schemas = doc["components"]["schemas"];
  for (const auto& route : api_->router().routes()) {
    std::string path(route.pattern);
    ASSERT_TRUE(doc["paths"].HasMember(path.c_str())) << path;
    std::string method(boost::beast::http::to_string(route.method));
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    const auto& paths = doc["paths"][path.c_str()];
    ASSERT_TRUE(paths.HasMember(method.c_str())) << method << " " << path;
    const auto& op = paths[method.c_str()];
    EXPECT_STREQ(op["summary"].GetString(), std::string(route.doc.summary).c_str());
    EXPECT_TRUE(op["responses"].HasMember(std::to_string(route.doc.success_status).c_str()))
        << path;
    EXPECT_TRUE(op["responses"].HasMember("default")) << path;
    EXPECT_EQ(op.HasMember("security"), !route.roles.empty()) << path;
    if (path.find('{') != std::string::npos) {
      EXPECT_TRUE(op.HasMember("parameters")) << path;
    }
    for (auto schema : {route.doc.request_schema, route.doc.response_schema}) {
      if (schema.empty() || schema == "text") continue;
      EXPECT_TRUE(schemas.HasMember(std::string(schema).c_str())) << schema;
    }
    EXPECT_EQ(op.HasMember("requestBody"), !route.doc.request_schema.empty()) << path;
  }
}

TEST_F(ApiTest, AccessLogHasRequestIdButNoQueryOrSecrets) {
  std::string key = Key("immd", Role::kOfficer);
  auto r = Get("/api/v1/whoami?hkid=A1234563", Bearer(key));
  ASSERT_EQ(r.status, 200);
  std::string id = r.headers["x-request-id"];
  ASSERT_EQ(id.size(), 16u);
  std::string log = LogText();
  EXPECT_NE(log.find("\"request_id\":\"" + id + "\""), std::string::npos) << log;
  EXPECT_EQ(log.find("A1234563"), std::string::npos);
  EXPECT_EQ(log.find(key), std::string::npos);
  // Probes stay out of the access log at info level.
  Get("/healthz");
  EXPECT_EQ(LogText().find("\"route\":\"/healthz\""), std::string::npos);
}

TEST_F(ApiTest, RequestIdIsEchoedWhenSafeAndReplacedOtherwise) {
  EXPECT_EQ(Get("/healthz", {{"X-Request-Id", "lb-abc.123_x"}}).headers["x-request-id"],
            "lb-abc.123_x");
  std::string replaced =
      Get("/healthz", {{"X-Request-Id", "bad id<script>"}}).headers["x-request-id"];
  EXPECT_EQ(replaced.size(), 16u);
  EXPECT_EQ(Get("/healthz").headers["x-content-type-options"], "nosniff");
}

}  // namespace
}  // namespace smartgov
