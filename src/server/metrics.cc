#include "server/metrics.h"

#include <prometheus/text_serializer.h>

#include <atomic>
#include <unordered_map>

namespace smartgov {
namespace {
std::atomic<std::uint64_t> next_instance{1};
}  // namespace

HttpMetrics::HttpMetrics(const std::vector<std::pair<std::string, std::string>>& routes)
    : registry_(std::make_shared<prometheus::Registry>()),
      labels_(routes),
      instance_(next_instance.fetch_add(1)) {
  labels_.emplace_back("other", "unmatched");
  requests_ = &prometheus::BuildCounter()
                   .Name("smartgov_http_requests_total")
                   .Help("HTTP requests by route, method and status")
                   .Register(*registry_);
  auto& latency = prometheus::BuildHistogram()
                      .Name("smartgov_http_request_duration_seconds")
                      .Help("Time from a request's last byte to its response, by route")
                      .Register(*registry_);
  const prometheus::Histogram::BucketBoundaries buckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  for (const auto& [method, route] : labels_) {
    latency_.push_back(&latency.Add({{"method", method}, {"route", route}}, buckets));
  }
  in_flight_ = &prometheus::BuildGauge()
                    .Name("smartgov_http_requests_in_flight")
                    .Help("HTTP requests being handled now")
                    .Register(*registry_)
                    .Add({});
}

prometheus::Counter& HttpMetrics::CounterFor(std::size_t route_index, unsigned status) {
  // Family::Add locks and hashes labels; a per-thread cache keeps that off the hot path.
  thread_local std::unordered_map<std::uint64_t, prometheus::Counter*> cache;
  std::uint64_t key = (instance_ << 32) | (static_cast<std::uint64_t>(route_index) << 10) | status;
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  const auto& [method, route] = labels_[route_index];
  auto& c =
      requests_->Add({{"method", method}, {"route", route}, {"status", std::to_string(status)}});
  cache.emplace(key, &c);
  return c;
}

void HttpMetrics::Finished(std::size_t route_index, unsigned status, double seconds) {
  if (route_index >= labels_.size()) route_index = labels_.size() - 1;
  CounterFor(route_index, status).Increment();
  latency_[route_index]->Observe(seconds);
  in_flight_->Decrement();
}

std::string HttpMetrics::Render() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace smartgov
