// Structured logs: one JSON object (or key=value line) per event, on stderr.
#pragma once

#include <spdlog/common.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <variant>

#include "core/config.h"

namespace spdlog {
class logger;
}

namespace smartgov {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

struct LogField {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;
};

// Writes structured events. Thread-safe. Owned by whoever starts the process
// (the CLI) and passed by reference to the parts that log.
class Logger {
 public:
  // Logs to stderr.
  explicit Logger(const LogConfig& config);
  // Logs to `sink` (tests capture output this way).
  Logger(const LogConfig& config, spdlog::sink_ptr sink);
  ~Logger();

  bool Enabled(LogLevel level) const;
  // {"ts":"…","level":"info","event":"http.request","request_id":"…",…}
  void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields);
  void Info(std::string_view event, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kInfo, event, fields);
  }
  void Warn(std::string_view event, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kWarn, event, fields);
  }
  void Error(std::string_view event, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kError, event, fields);
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
  bool json_;
};

}  // namespace smartgov
