// The server's per-request work in-process, no sockets: matching a path against
// the real route table, and ApiService::Handle end to end (route, authenticate,
// handler, metrics) for GET /healthz and GET /api/v1/whoami with a Bearer key.
//
// What wrk measures over HTTP (bench/http_bench.sh) is this plus Beast's parsing,
// writing and the sockets; the difference is the transport's share.
#include <benchmark/benchmark.h>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <string>
#include <string_view>

#include "bench_store.h"
#include "core/clock.h"
#include "core/log.h"
#include "server/api_service.h"
#include "server/auth.h"
#include "server/router.h"

namespace smartgov {
namespace {

namespace http = boost::beast::http;
using bench::BenchStore;
using bench::CheckOk;

// Arg indexes kPaths: the first route, one in the middle, one with a path
// parameter at the end of the table, and a path that matches nothing.
struct PathCase {
  http::verb method;
  std::string_view path;
};
constexpr PathCase kPaths[] = {
    {http::verb::get, "/healthz"},
    {http::verb::get, "/api/v1/whoami"},
    {http::verb::delete_, "/api/v1/keys/key_01JD3Q8W2F4K9M7T5V6X8Y0Z1A"},
    {http::verb::get, "/api/v1/no-such-route"},
};

void BM_RouterMatch(benchmark::State& state) {
  const Router router(RouteTable());
  const PathCase& c = kPaths[state.range(0)];
  state.SetLabel(std::string(http::to_string(c.method)) + " " + std::string(c.path));
  for (auto _ : state) {
    RouteMatch m = router.Match(c.method, c.path);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_RouterMatch)->DenseRange(0, 3);

// What `smartgov serve` builds around an ApiService, on a temporary SQLite store.
class InProcessApi {
 public:
  InProcessApi()
      : config_(MakeConfig()),
        log_(config_.log),
        services_{db_.store(), clock_, log_, config_},
        api_(services_) {
    services_.ready = true;
  }

  Store& store() { return db_.store(); }
  ApiService& api() { return api_; }

 private:
  static Config MakeConfig() {
    Config c;
    c.log = LogConfig{.level = "warn", .access = false};
    return c;
  }

  BenchStore db_;
  Config config_;
  SystemClock clock_;
  Logger log_;
  Services services_;
  ApiService api_;
};

// Runs one request through ApiService::Handle per iteration; fails the benchmark
// unless every answer has status `want`.
void HandleLoop(benchmark::State& state, ApiService& api, const BeastRequest& raw, unsigned want) {
  for (auto _ : state) {
    HttpRequest request(raw);
    request.request_id = "0123456789abcdef";
    request.remote_address = "127.0.0.1";
    HttpResponse response;
    api.Handle(request, response);
    if (response.status != want) {
      state.SkipWithError(
          ("unexpected status " + std::to_string(response.status) + ": " + response.body).c_str());
      break;
    }
    benchmark::DoNotOptimize(response);
  }
}

void BM_HandleHealthz(benchmark::State& state) {
  InProcessApi server;
  BeastRequest raw{http::verb::get, "/healthz", 11};
  raw.set(http::field::host, "127.0.0.1");
  HandleLoop(state, server.api(), raw, 200);
}
BENCHMARK(BM_HandleHealthz);

// Includes the key's SHA-256 and its lookup in SQLite, as every authenticated request does.
void BM_HandleWhoAmIBearer(benchmark::State& state) {
  InProcessApi server;
  auto issued = IssueApiKey(server.store(), "immd", Role::kAdmin, "bench", SystemClock().Now());
  CheckOk(issued.status(), "issuing an API key");
  BeastRequest raw{http::verb::get, "/api/v1/whoami", 11};
  raw.set(http::field::host, "127.0.0.1");
  raw.set(http::field::authorization, "Bearer " + issued->secret);
  HandleLoop(state, server.api(), raw, 200);
}
BENCHMARK(BM_HandleWhoAmIBearer);

}  // namespace
}  // namespace smartgov
