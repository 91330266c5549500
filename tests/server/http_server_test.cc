// The HTTP transport under misbehaving clients: limits, timeouts, keep-alive,
// garbage, half-closed connections, and graceful shutdown.
#include <random>
#include <thread>

#include "server_fixture.h"

namespace smartgov {
namespace {

using std::chrono::milliseconds;
using testing::RawConnection;

class HttpServerTest : public ServerFixture {
 protected:
  int StatusOf(const std::string& raw_response) {
    if (raw_response.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::stoi(raw_response.substr(9, 3));
  }
  bool Healthy() { return Get("/healthz").status == 200; }
};

TEST_F(HttpServerTest, OversizedBodyGets413AndTheServerCarriesOn) {
  StartServer();
  std::string admin = Key("immd", Role::kAdmin);
  auto r = Post("/api/v1/departments", std::string(5 << 20, 'x'), Bearer(admin));
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_NE(r.body.find("payload_too_large"), std::string::npos);
  EXPECT_NE(r.body.find("1048576"), std::string::npos);
  // A chunked body that grows past the limit is cut off the same way.
  RawConnection c(port_);
  c.Send("POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk(64 << 10, 'y');
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 20 && c.Send(size + chunk + "\r\n"); ++i) {
  }
  EXPECT_EQ(StatusOf(c.ReadUntil("\r\n\r\n", milliseconds(5000))), 413);
  EXPECT_TRUE(Healthy());
}

TEST_F(HttpServerTest, ExpectContinueIsAnsweredOrRefusedEarly) {
  StartServer();
  std::string admin = Key("immd", Role::kAdmin);
  {
    RawConnection c(port_);
    c.Send(
        "POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n"
        "Expect: 100-continue\r\n\r\n");
    EXPECT_EQ(StatusOf(c.ReadUntil("\r\n\r\n", milliseconds(3000))), 413);
  }
  RawConnection c(port_);
  std::string body = R"({"id":"td","name_en":"Transport","name_zh":"運輸署"})";
  c.Send("POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(StatusOf(c.ReadUntil("\r\n\r\n", milliseconds(3000))), 100);
  c.Send(body);
  EXPECT_EQ(StatusOf(c.ReadUntil("\r\n\r\n", milliseconds(3000))), 201);
}

TEST_F(HttpServerTest, OversizedHeadGets431) {
  StartServer();
  auto r = Get("/healthz", {{"X-Filler", std::string(20000, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(Healthy());
}

TEST_F(HttpServerTest, SlowClientsTimeOutWithoutHoldingThreads) {
  config_.server.header_timeout_ms = 300;
  config_.server.idle_timeout_ms = 300;
  config_.server.threads = 1;
  StartServer();
  // More trickling clients than io threads: others are still served meanwhile.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port_));
    slow.back()->Send("GET /heal");
  }
  EXPECT_TRUE(Healthy());
  auto start = std::chrono::steady_clock::now();
  // The trickler is disconnected once the header timeout passes.
  std::string reply = slow[0]->ReadAll(milliseconds(3000));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(reply, "");
  EXPECT_LT(waited, milliseconds(2000));
  // An idle keep-alive connection is closed after the idle timeout.
  RawConnection idle(port_);
  idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  start = std::chrono::steady_clock::now();
  std::string first = idle.ReadAll(milliseconds(3000));
  EXPECT_EQ(StatusOf(first), 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000))
      << "idle connection not closed";
  EXPECT_TRUE(Healthy());
}

TEST_F(HttpServerTest, KeepAliveAndPipelining) {
  StartServer();
  RawConnection c(port_);
  std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  c.Send(one + one + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string all = c.ReadAll(milliseconds(3000));
  std::size_t count = 0;
  for (auto p = all.find("HTTP/1.1 200"); p != std::string::npos;
       p = all.find("HTTP/1.1 200", p + 1))
    ++count;
  EXPECT_EQ(count, 3u) << all;
}

TEST_F(HttpServerTest, GarbageAndRandomBodiesLeaveTheServerHealthy) {
  StartServer();
  std::string admin = Key("immd", Role::kAdmin);
  std::mt19937 rng(1823);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> len(0, 2048);
  int server_errors = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string body(static_cast<std::size_t>(len(rng)), '\0');
    for (char& ch : body) ch = static_cast<char>(byte(rng));
    if (i % 3 == 0 && !body.empty()) body[0] = '{';  // reach deeper into the JSON parser
    auto r = Post("/api/v1/departments", body, Bearer(admin));
    ASSERT_NE(r.status, 0) << "request " << i << ": " << r.error;
    if (r.status >= 500) ++server_errors;
    EXPECT_EQ(r.status, 400) << r.body;
  }
  EXPECT_EQ(server_errors, 0);
  // Raw garbage instead of HTTP.
  for (int i = 0; i < 50; ++i) {
    RawConnection c(port_);
    std::string junk(static_cast<std::size_t>(len(rng)) + 1, '\0');
    for (char& ch : junk) ch = static_cast<char>(byte(rng));
    c.Send(junk + "\r\n\r\n");
    std::string reply = c.ReadAll(milliseconds(2000));
    if (!reply.empty()) {
      EXPECT_EQ(StatusOf(reply) / 100, 4) << reply.substr(0, 80);
    }
  }
  EXPECT_TRUE(Healthy());
  EXPECT_EQ(store_->ListDepartments()->size(), 2u);
}

TEST_F(HttpServerTest, HalfClosedConnectionsStillGetAnswers) {
  StartServer();
  for (int i = 0; i < 20; ++i) {
    RawConnection c(port_);
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    c.ShutdownWrite();
    EXPECT_EQ(StatusOf(c.ReadAll(milliseconds(3000))), 200);
  }
  for (int i = 0; i < 20; ++i) {
    RawConnection c(port_);
    c.Send("POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\"");
    c.ShutdownWrite();
    c.ReadAll(milliseconds(3000));  // closed without an answer: the request never completed
  }
  EXPECT_TRUE(Healthy());
  // The count drops when the server's write completes, a moment after the client has read.
  auto deadline = std::chrono::steady_clock::now() + milliseconds(2000);
  while (server_->in_flight() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(server_->in_flight(), 0) << "a half-closed connection left a request counted";
}

TEST_F(HttpServerTest, ShutdownFinishesRequestsInFlightAndClosesIdleOnes) {
  StartServer();
  std::string admin = Key("immd", Role::kAdmin);
  std::string body = R"({"id":"td","name_en":"Transport","name_zh":"運輸署"})";
  RawConnection in_flight(port_);
  in_flight.Send("POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                 body.substr(0, 10));
  RawConnection idle(port_);
  idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(StatusOf(idle.ReadUntil("\r\n\r\n", milliseconds(2000))), 200);
  std::this_thread::sleep_for(milliseconds(50));

  auto started = std::chrono::steady_clock::now();
  std::thread stopper([&] { server_->Shutdown(); });
  std::this_thread::sleep_for(milliseconds(200));
  in_flight.Send(body.substr(10));
  std::string reply = in_flight.ReadAll(milliseconds(5000));
  EXPECT_EQ(StatusOf(reply), 201) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(5000));
  EXPECT_TRUE(store_->GetDepartment("td").ok());
  EXPECT_EQ(idle.ReadAll(milliseconds(2000)), "") << "idle keep-alive connection was closed";
  EXPECT_FALSE(RawConnection(port_).connected() && Healthy());
}

}  // namespace
}  // namespace smartgov
