#include "core/log.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>

#include "core/clock.h"
#include "core/json.h"

namespace smartgov {
namespace {

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendValue(std::string& out, const LogField& f, bool json) {
  if (const auto* s = std::get_if<std::string_view>(&f.value)) {
    if (json) {
      AppendJsonString(out, *s);
    } else {
      bool plain = !s->empty() && s->find_first_of(" \"=\n") == std::string_view::npos;
      if (plain) {
        out.append(*s);
      } else {
        AppendJsonString(out, *s);
      }
    }
  } else if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&f.value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *d);
    out += buf;
  } else {
    out += std::get<bool>(f.value) ? "true" : "false";
  }
}

}  // namespace

Logger::Logger(const LogConfig& config)
    : Logger(config, std::make_shared<spdlog::sinks::stderr_sink_mt>()) {}

Logger::Logger(const LogConfig& config, spdlog::sink_ptr sink)
    : logger_(std::make_shared<spdlog::logger>("smartgov", std::move(sink))),
      json_(config.format == "json") {
  logger_->set_pattern("%v");
  logger_->set_level(spdlog::level::from_str(config.level));
  logger_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

bool Logger::Enabled(LogLevel level) const { return logger_->should_log(ToSpd(level)); }

void Logger::Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!Enabled(level)) return;
  SystemClock clock;
  std::string line;
  line.reserve(256);
  if (json_) {
    line += "{\"ts\":\"";
    line += FormatTimestamp(clock.Now());
    line += "\",\"level\":\"";
    line += LevelName(level);
    line += "\",\"event\":";
    AppendJsonString(line, event);
    for (const auto& f : fields) {
      line += ',';
      AppendJsonString(line, f.key);
      line += ':';
      AppendValue(line, f, true);
    }
    line += '}';
  } else {
    line += FormatTimestamp(clock.Now());
    line += ' ';
    line += LevelName(level);
    line += ' ';
    line += event;
    for (const auto& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      AppendValue(line, f, false);
    }
  }
  logger_->log(ToSpd(level), "{}", line);
}

}  // namespace smartgov
