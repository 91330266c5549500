// What route handlers can reach: the store, the clock, the logger, the
// configuration and the server's own state. Built once by whoever starts the
// server; handlers receive it through RequestContext.
#pragma once

#include <atomic>

#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "store/store.h"

namespace smartgov {

class HttpMetrics;
class KnowledgeBase;
class Router;

struct Services {
  Store& store;
  Clock& clock;
  Logger& log;
  const Config& config;
  KnowledgeBase* kb = nullptr;  // null until the knowledge base is loaded
  // Set by ApiService.
  HttpMetrics* metrics = nullptr;
  const Router* router = nullptr;
  // True once start-up work (migrations, index load) is done; /readyz reports it.
  std::atomic<bool> ready{false};
};

}  // namespace smartgov
