#include "server/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <ctime>
#include <optional>

#include "core/ids.h"
#include "server/api_error.h"

namespace smartgov {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using std::chrono::milliseconds;

namespace {

// How long a connection that has sent nothing yet may still start a request
// once shutdown has begun; long enough for a client that is mid-send.
constexpr milliseconds kShutdownGrace{1000};
// After an error response we stop writing and read (and discard) what the client
// still sends for a while, so it sees our response rather than a reset.
constexpr milliseconds kLingerTime{3000};
constexpr std::size_t kLingerBytes = 64u << 20;

// "Sun, 22 Nov 2026 04:10:00 GMT", recomputed at most once a second per thread.
const std::string& HttpDate() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = buf;
    cached_at = now;
  }
  return cached;
}

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(int threads) : ioc(threads) {}
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
};

class HttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

  // Called once when the server begins shutting down. A connection waiting for
  // a request that has not started gets kShutdownGrace to start one, then closes.
  // (A separate timer: re-arming tcp_stream's own expiry mid-read would cancel it.)
  void OnShutdown() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->waiting_for_request_ || self->buffer_.size() != 0) return;
      self->grace_.emplace(self->stream_.get_executor(), kShutdownGrace);
      self->grace_->async_wait([self](beast::error_code ec) {
        if (!ec && self->waiting_for_request_ && self->buffer_.size() == 0) self->Close();
      });
    });
  }

  std::list<std::weak_ptr<Session>>::iterator handle;

 private:
  const ServerConfig& config() const { return server_.config_; }

  void DoRead() {
    parser_.emplace();
    parser_->body_limit(static_cast<std::uint64_t>(config().body_limit));
    parser_->header_limit(static_cast<std::uint32_t>(config().header_limit));
    milliseconds wait{first_ ? config().header_timeout_ms : config().idle_timeout_ms};
    if (server_.stopping_.load()) wait = std::min(wait, kShutdownGrace);
    stream_.expires_after(wait);
    waiting_for_request_ = true;
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    waiting_for_request_ = false;
    first_ = false;
    if (ec) {
      bool got_some = parser_->got_some() || buffer_.size() > 0;
      if (ec == http::error::header_limit) {
        return SendError(
            431, "header_too_large",
            "request line and headers exceed " + std::to_string(config().header_limit) + " bytes");
      }
      if (ec == http::error::body_limit) return SendTooLarge();
      // On timeout tcp_stream has already closed the socket: nothing can be sent.
      if (ec == http::error::end_of_stream || ec == beast::error::timeout || !got_some ||
          ec == net::error::operation_aborted || ec == net::error::connection_reset) {
        return Close();
      }
      return SendError(400, "bad_request", "malformed HTTP request: " + ec.message());
    }
    BeginRequest();
    stream_.expires_after(milliseconds(config().body_timeout_ms));
    auto expect = parser_->get()[http::field::expect];
    if (beast::iequals(expect, "100-continue") && !parser_->is_done()) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code wec, std::size_t) {
                         if (wec) return self->Close();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return SendTooLarge();
    // Timed out (tcp_stream closed the socket) or the client went away: nobody to answer.
    if (ec) return Close();

    BeastRequest raw = parser_->release();
    HttpRequest request(raw);
    std::string_view incoming_id = request.Header("X-Request-Id");
    request.request_id = ValidRequestId(incoming_id) ? std::string(incoming_id) : NewRequestId();
    request.remote_address = remote_;
    HttpResponse response;
    server_.handler_(request, response);
    bool close = !raw.keep_alive() || server_.stopping_.load();
    Send(std::move(response), request.request_id, raw.version(), close, /*linger=*/false);
  }

  void SendTooLarge() {
    BeginRequest();
    SendError(
        413, "payload_too_large",
        "request body exceeds the limit of " + std::to_string(config().body_limit) + " bytes");
  }

  // Transport-level errors end the connection: the stream may be out of step.
  void SendError(unsigned status, std::string_view code, const std::string& message) {
    BeginRequest();
    std::string id = NewRequestId();
    Send(HttpResponse::Json(status, ErrorBody(code, message, id)), id, 11, true, /*linger=*/true);
  }

  void Send(HttpResponse&& r, const std::string& request_id, unsigned version, bool close,
            bool linger) {
    res_ = {};
    res_.version(version);
    res_.result(r.status);
    res_.set(http::field::content_type, r.content_type);
    res_.set(http::field::date, HttpDate());
    res_.set("X-Request-Id", request_id);
    for (auto& [name, value] : r.headers) res_.set(name, value);
    res_.body() = std::move(r.body);
    res_.keep_alive(!close);
    res_.prepare_payload();
    stream_.expires_after(milliseconds(config().body_timeout_ms));
    http::async_write(
        stream_, res_,
        [self = shared_from_this(), close, linger](beast::error_code ec, std::size_t) {
          self->EndRequest();
          if (ec) return self->Close();
          if (linger) return self->Linger();
          if (close) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return self->Close();
          }
          self->DoRead();
        });
  }

  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    DrainOnce();
  }

  void DrainOnce() {
    if (drained_ > kLingerBytes) return Close();
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->Close();
                              self->drained_ += n;
                              self->DrainOnce();
                            });
  }

  void BeginRequest() {
    if (!counted_) {
      counted_ = true;
      server_.in_flight_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  void EndRequest() {
    if (counted_) {
      counted_ = false;
      server_.in_flight_.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  void Close() {
    EndRequest();
    if (grace_) grace_->cancel();
    beast::error_code ignored;
    stream_.socket().close(ignored);
    server_.Untrack(this);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  HttpServer& server_;
  std::string remote_;
  bool first_ = true;
  bool waiting_for_request_ = false;
  bool counted_ = false;
  bool untracked_ = false;
  std::size_t drained_ = 0;
  std::optional<net::steady_timer> grace_;
  std::array<char, 16384> scratch_{};

  friend class HttpServer;
};

HttpServer::HttpServer(const ServerConfig& config, HttpHandler handler, Logger& log)
    : config_(config), handler_(std::move(handler)), log_(log) {}

HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start() {
  SG_ASSIGN_OR_RETURN(auto host_port, ParseListenAddress(config_.listen));
  int threads = config_.threads > 0
                    ? static_cast<int>(config_.threads)
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  impl_ = std::make_unique<Impl>(threads);
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host_port.first, std::to_string(host_port.second), ec);
  if (ec || results.empty()) {
    return Status::InvalidArgument("cannot resolve listen address '" + config_.listen +
                                   "': " + ec.message());
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + config_.listen + ": " + ec.message());
  }
  port_ = acceptor.local_endpoint().port();
  Accept();
  {
    std::lock_guard lock(done_mu_);
    running_threads_ = threads;
  }
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      impl_->ioc.run();
      std::lock_guard lock(done_mu_);
      --running_threads_;
      done_cv_.notify_all();
    });
  }
  return Status::Ok();
}

void HttpServer::Accept() {
  impl_->acceptor.async_accept(
      net::make_strand(impl_->ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (!ec) {
          // Even when shutdown has begun: a connection we accepted gets its answer.
          StartSession(std::move(socket));
        } else if (ec != net::error::operation_aborted && !stopping_.load()) {
          // Out of descriptors or similar: report, pause briefly, keep serving.
          log_.Error("http.accept_failed", {{"error", ec.message()}});
          auto timer = std::make_shared<net::steady_timer>(impl_->ioc, milliseconds(50));
          timer->async_wait([this, timer](beast::error_code) {
            if (!stopping_.load()) Accept();
          });
          return;
        }
        if (!stopping_.load() && impl_->acceptor.is_open()) Accept();
      });
}

void HttpServer::StartSession(tcp::socket socket) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto session = std::make_shared<Session>(std::move(socket), *this);
  Track(session);
  session->Start();
}

// Runs on an io thread. Connections the kernel completed but we had not yet
// accepted are taken in and served before the listening socket closes, so a
// client whose connect() succeeded is not reset.
void HttpServer::StopAccepting() {
  auto& acceptor = impl_->acceptor;
  beast::error_code ec;
  acceptor.cancel(ec);
  acceptor.non_blocking(true, ec);
  for (;;) {
    tcp::socket socket(net::make_strand(impl_->ioc));
    acceptor.accept(socket, ec);
    if (ec) break;
    StartSession(std::move(socket));
  }
  acceptor.close(ec);
}

void HttpServer::Track(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu_);
  s->handle = sessions_.insert(sessions_.end(), s);
  if (stopping_.load()) s->OnShutdown();
}

void HttpServer::Untrack(Session* s) {
  std::lock_guard lock(sessions_mu_);
  if (s->untracked_) return;
  s->untracked_ = true;
  sessions_.erase(s->handle);
}

void HttpServer::Shutdown() {
  if (!impl_) return;
  if (!stopping_.exchange(true)) {
    net::post(impl_->ioc, [this] { StopAccepting(); });
    std::lock_guard lock(sessions_mu_);
    for (auto& weak : sessions_) {
      if (auto s = weak.lock()) s->OnShutdown();
    }
  }
  {
    std::unique_lock lock(done_mu_);
    if (!done_cv_.wait_for(lock, milliseconds(config_.shutdown_timeout_ms),
                           [&] { return running_threads_ == 0; })) {
      log_.Warn("http.shutdown_timeout", {{"in_flight", in_flight()}});
      impl_->ioc.stop();
    }
  }
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace smartgov
