#include "providers/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <regex>

namespace smartgov {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Result<HttpClientResponse> HttpPost(const std::string& url, const std::string& body,
                                    const std::map<std::string, std::string>& headers,
                                    std::chrono::milliseconds timeout) {
  static const std::regex kUrl(R"(^http://([^/:]+|\[[^\]]+\])(?::(\d+))?(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) {
    return Status::InvalidArgument("endpoint URL must look like http://host:port/path, got '" +
                                   url + "'");
  }
  std::string host = m[1].str();
  if (host.front() == '[') host = host.substr(1, host.size() - 2);
  std::string port = m[2].matched ? m[2].str() : "80";
  std::string target = m[3].matched ? m[3].str() : "/";
  // Asynchronous operations on a private io_context: tcp_stream's deadline
  // applies only to those, and it bounds every step of the exchange.
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  beast::error_code result;
  stream.expires_after(timeout);
  resolver.async_resolve(
      host, port, [&](beast::error_code ec, const tcp::resolver::results_type& endpoints) {
        if (ec) {
          result = ec;
          return;
        }
        stream.async_connect(endpoints, [&](beast::error_code ec2, const tcp::endpoint&) {
          if (ec2) {
            result = ec2;
            return;
          }
          http::async_write(stream, req, [&](beast::error_code ec3, std::size_t) {
            if (ec3) {
              result = ec3;
              return;
            }
            http::async_read(stream, buffer, parser,
                             [&](beast::error_code ec4, std::size_t) { result = ec4; });
          });
        });
      });
  ioc.run();
  if (result == beast::error::timeout) {
    return Status::DeadlineExceeded("endpoint " + url + " did not answer within " +
                                    std::to_string(timeout.count()) + " ms");
  }
  if (result) return Status::Unavailable("endpoint " + url + ": " + result.message());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return HttpClientResponse{parser.get().result_int(), parser.get().body()};
}

}  // namespace smartgov
