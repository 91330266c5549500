#include "server/router.h"

#include <gtest/gtest.h>

#include "server/api_service.h"

namespace smartgov {
namespace {

using V = boost::beast::http::verb;

Result<HttpResponse> Nothing(const RequestContext&) { return HttpResponse{}; }

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router({
      {V::get, "/healthz", {}, {}, Nothing},
      {V::get, "/api/v1/tickets/{id}", {}, {}, Nothing},
      {V::post, "/api/v1/tickets/{id}/claim", {}, {}, Nothing},
  });
  struct Case {
    V method;
    std::string path;
    bool matched;
    std::string id;
    std::string allow;
  };
  const Case kCases[] = {
      {V::get, "/healthz", true, "", ""},
      {V::get, "/healthz/", false, "", ""},
      {V::get, "/health", false, "", ""},
      {V::get, "/api/v1/tickets/tk_1", true, "tk_1", ""},
      {V::get, "/api/v1/tickets/a%2Fb", true, "a/b", ""},
      {V::get, "/api/v1/tickets/", false, "", ""},
      {V::post, "/api/v1/tickets/tk_1/claim", true, "tk_1", ""},
      {V::get, "/api/v1/tickets/tk_1/claim", false, "", "POST"},
      {V::delete_, "/healthz", false, "", "GET"},
      {V::get, "/", false, "", ""},
  };
  for (const auto& c : kCases) {
    RouteMatch m = router.Match(c.method, c.path);
    EXPECT_EQ(m.route != nullptr, c.matched) << c.path;
    if (c.matched && !c.id.empty()) {
      EXPECT_EQ(m.params.Get("id"), c.id);
    }
    EXPECT_EQ(m.allow, c.allow) << c.path;
  }
}

TEST(RouterTest, RouteTableHasUniqueDocumentedRoutes) {
  Router router(RouteTable());
  ASSERT_FALSE(router.routes().empty());
  for (const auto& r : router.routes()) {
    EXPECT_FALSE(r.doc.summary.empty()) << r.pattern;
    EXPECT_NE(r.handler, nullptr) << r.pattern;
    EXPECT_EQ(router.Match(r.method, std::string(r.pattern)).route, &r) << r.pattern;
  }
}

}  // namespace
}  // namespace smartgov
