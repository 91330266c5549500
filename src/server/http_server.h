// HttpServer: HTTP/1.1 on Boost.Beast, asynchronous, one io thread per core.
//
// Keep-alive; limits on head size, body size and the time each phase may take
// (so a slow client holds a connection, never a thread); graceful shutdown that
// stops accepting, lets requests already being read or handled finish, and
// closes idle connections.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/config.h"
#include "core/log.h"
#include "core/status.h"
#include "server/http_types.h"

namespace smartgov {

// Turns one request into one response. Called on an io thread, concurrently
// from several threads; must not throw (ApiService wraps handlers).
using HttpHandler = std::function<void(HttpRequest& request, HttpResponse& response)>;

class HttpServer {
 public:
  // `handler` and `log` must outlive the server.
  HttpServer(const ServerConfig& config, HttpHandler handler, Logger& log);
  ~HttpServer();

  // Binds, listens and starts the io threads. Errors: kUnavailable when the
  // address cannot be bound, kInvalidArgument for a malformed address.
  Status Start();
  // The bound port (useful when listening on port 0). REQUIRES: Start() succeeded.
  std::uint16_t port() const { return port_; }

  // Stops accepting, finishes in-flight requests, closes idle connections, and
  // returns when every connection is closed or shutdown_timeout_ms has passed.
  // Idempotent. Thread-safe, but not from an io thread.
  void Shutdown();

  // Number of requests being read, handled or written right now.
  std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  class Session;
  struct Impl;

  void Accept();
  void StartSession(boost::asio::ip::tcp::socket socket);
  void StopAccepting();
  void Track(const std::shared_ptr<Session>& s);
  void Untrack(Session* s);

  const ServerConfig config_;
  HttpHandler handler_;
  Logger& log_;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> in_flight_{0};
  std::vector<std::thread> threads_;

  std::mutex sessions_mu_;
  std::list<std::weak_ptr<Session>> sessions_;  // guarded by sessions_mu_

  std::mutex done_mu_;
  std::condition_variable done_cv_;
  int running_threads_ = 0;  // guarded by done_mu_
};

}  // namespace smartgov
