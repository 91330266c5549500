// Prometheus metrics of the HTTP API: requests by route, method and status, a
// latency histogram by route, and requests in flight.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace smartgov {

// Thread-safe.
class HttpMetrics {
 public:
  // `routes` labels each route index ("GET /healthz"); one more label,
  // "unmatched", counts requests that matched no route.
  explicit HttpMetrics(const std::vector<std::pair<std::string, std::string>>& routes);

  void Started() { in_flight_->Increment(); }
  // `route_index` == routes.size() for unmatched requests.
  void Finished(std::size_t route_index, unsigned status, double seconds);

  // The Prometheus text exposition format, version 0.0.4.
  std::string Render() const;
  prometheus::Registry& registry() { return *registry_; }

 private:
  prometheus::Counter& CounterFor(std::size_t route_index, unsigned status);

  std::shared_ptr<prometheus::Registry> registry_;
  std::vector<std::pair<std::string, std::string>> labels_;  // (method, route)
  prometheus::Family<prometheus::Counter>* requests_;
  std::vector<prometheus::Histogram*> latency_;  // by route index
  prometheus::Gauge* in_flight_;
  const std::uint64_t instance_;  // keys the per-thread counter cache
};

}  // namespace smartgov
