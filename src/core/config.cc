#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <variant>

extern char** environ;

namespace smartgov {
namespace {

using StringField = std::string& (*)(Config&);
using IntField = std::int64_t& (*)(Config&);
using BoolField = bool& (*)(Config&);
using DoubleField = double& (*)(Config&);

struct KeyInfo {
  std::string_view key;
  std::variant<StringField, IntField, BoolField, DoubleField> field;
  bool secret = false;
  std::string_view help;
};

// Every configuration key, in the order `config show` prints them.
const std::vector<KeyInfo>& Keys() {
  static const std::vector<KeyInfo> kKeys = {
      {"data_dir", +[](Config& c) -> std::string& { return c.data_dir; }, false,
       "directory for the SQLite database and indexes"},
      {"database", +[](Config& c) -> std::string& { return c.database; }, true,
       "empty for SQLite in data_dir, or postgresql://user:password@host/db"},
      {"demo_dir", +[](Config& c) -> std::string& { return c.demo_dir; }, false,
       "demo data directory (serve --demo); empty for the one shipped with smartgov"},
      {"text_dir", +[](Config& c) -> std::string& { return c.text_dir; }, false,
       "variants, Cantonese and synonym tables; empty for the ones shipped with smartgov"},
      {"server.listen", +[](Config& c) -> std::string& { return c.server.listen; }, false,
       "address and port to listen on"},
      {"server.threads", +[](Config& c) -> std::int64_t& { return c.server.threads; }, false,
       "io threads; 0 = one per core"},
      {"server.body_limit", +[](Config& c) -> std::int64_t& { return c.server.body_limit; }, false,
       "largest request body in bytes"},
      {"server.header_limit", +[](Config& c) -> std::int64_t& { return c.server.header_limit; },
       false, "largest request head in bytes"},
      {"server.header_timeout_ms",
       +[](Config& c) -> std::int64_t& { return c.server.header_timeout_ms; }, false,
       "time allowed to receive request headers"},
      {"server.body_timeout_ms",
       +[](Config& c) -> std::int64_t& { return c.server.body_timeout_ms; }, false,
       "time allowed to receive a request body"},
      {"server.idle_timeout_ms",
       +[](Config& c) -> std::int64_t& { return c.server.idle_timeout_ms; }, false,
       "idle keep-alive connections are closed after this"},
      {"server.shutdown_timeout_ms",
       +[](Config& c) -> std::int64_t& { return c.server.shutdown_timeout_ms; }, false,
       "grace period for in-flight requests on shutdown"},
      {"store.pool_size", +[](Config& c) -> std::int64_t& { return c.store.pool_size; }, false,
       "database connections; 0 = io threads + 2"},
      {"store.sqlite_synchronous",
       +[](Config& c) -> std::string& { return c.store.sqlite_synchronous; }, false,
       "SQLite durability: off, normal, full or extra"},
      {"store.busy_timeout_ms", +[](Config& c) -> std::int64_t& { return c.store.busy_timeout_ms; },
       false, "how long to wait for a locked database"},
      {"search.question_weight", +[](Config& c) -> double& { return c.search.question_weight; },
       false, "extra weight of matches in an entry's questions and title"},
      {"search.k1", +[](Config& c) -> double& { return c.search.k1; }, false,
       "BM25 term-frequency saturation"},
      {"search.b", +[](Config& c) -> double& { return c.search.b; }, false,
       "BM25 document-length normalisation, 0 to 1"},
      {"search.synonym_weight", +[](Config& c) -> double& { return c.search.synonym_weight; },
       false, "weight of terms added from the synonym table"},
      {"search.unigram_weight", +[](Config& c) -> double& { return c.search.unigram_weight; },
       false, "weight of single Chinese characters beside character pairs"},
      {"search.trigram_weight", +[](Config& c) -> double& { return c.search.trigram_weight; },
       false, "weight of runs of three Chinese characters beside character pairs"},
      {"embeddings.base_url", +[](Config& c) -> std::string& { return c.embeddings.base_url; },
       false,
       "OpenAI-compatible endpoint for dense retrieval, http://host:port; empty turns it off"},
      {"embeddings.model", +[](Config& c) -> std::string& { return c.embeddings.model; }, false,
       "embedding model name sent to the endpoint"},
      {"embeddings.api_key", +[](Config& c) -> std::string& { return c.embeddings.api_key; }, true,
       "Bearer token for the endpoint, if it needs one"},
      {"embeddings.timeout_ms", +[](Config& c) -> std::int64_t& { return c.embeddings.timeout_ms; },
       false, "time allowed for one embeddings request"},
      {"log.level", +[](Config& c) -> std::string& { return c.log.level; }, false,
       "trace, debug, info, warn, error or off"},
      {"log.format", +[](Config& c) -> std::string& { return c.log.format; }, false,
       "json or text"},
      {"log.access", +[](Config& c) -> bool& { return c.log.access; }, false,
       "log one line per HTTP request"},
  };
  return kKeys;
}

const KeyInfo* FindKey(std::string_view key) {
  for (const auto& k : Keys()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

std::string EnvName(std::string_view key) {
  std::string out = "SMARTGOV_";
  for (char c : key)
    out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t mult = 1;
  std::string_view digits = text;
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 3> kSuffixes = {
      {{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", std::int64_t{1} << 30}}};
  for (const auto& [suffix, m] : kSuffixes) {
    if (digits.ends_with(suffix)) {
      digits.remove_suffix(suffix.size());
      mult = m;
      break;
    }
  }
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
    return Status::InvalidArgument("expected an integer (optionally with KiB, MiB or GiB), got '" +
                                   std::string(text) + "'");
  }
  return v * mult;
}

Result<double> ParseDouble(std::string_view text) {
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v)) {
    return Status::InvalidArgument("expected a number, got '" + copy + "'");
  }
  return v;
}

Result<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return Status::InvalidArgument("expected true or false, got '" + std::string(text) + "'");
}

Status SetFromString(Config& c, const KeyInfo& info, std::string_view value) {
  if (auto* f = std::get_if<StringField>(&info.field)) {
    (*f)(c) = std::string(value);
  } else if (auto* f = std::get_if<IntField>(&info.field)) {
    SG_ASSIGN_OR_RETURN((*f)(c), ParseInt(value));
  } else if (auto* f = std::get_if<DoubleField>(&info.field)) {
    SG_ASSIGN_OR_RETURN((*f)(c), ParseDouble(value));
  } else {
    SG_ASSIGN_OR_RETURN((*std::get_if<BoolField>(&info.field))(c), ParseBool(value));
  }
  return Status::Ok();
}

Status SetFromToml(Config& c, const KeyInfo& info, const toml::node& node) {
  if (auto* f = std::get_if<StringField>(&info.field)) {
    if (!node.is_string()) return Status::InvalidArgument("expected a string");
    (*f)(c) = *node.value<std::string>();
  } else if (auto* f = std::get_if<IntField>(&info.field)) {
    if (node.is_integer()) {
      (*f)(c) = *node.value<std::int64_t>();
    } else if (node.is_string()) {
      SG_ASSIGN_OR_RETURN((*f)(c), ParseInt(*node.value<std::string>()));
    } else {
      return Status::InvalidArgument("expected an integer");
    }
  } else if (auto* f = std::get_if<DoubleField>(&info.field)) {
    if (!node.is_number()) return Status::InvalidArgument("expected a number");
    (*f)(c) = node.is_integer() ? static_cast<double>(*node.value<std::int64_t>())
                                : *node.value<double>();
  } else {
    if (!node.is_boolean()) return Status::InvalidArgument("expected true or false");
    (*std::get_if<BoolField>(&info.field))(c) = *node.value<bool>();
  }
  return Status::Ok();
}

Status ApplyTomlTable(const toml::table& table, const std::string& prefix, LoadedConfig& out,
                      const std::string& file) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      SG_RETURN_IF_ERROR(ApplyTomlTable(*sub, key, out, file));
      continue;
    }
    const KeyInfo* info = FindKey(key);
    if (info == nullptr) {
      return Status::InvalidArgument(fmt::format("config file {}: unknown key '{}'", file, key));
    }
    SG_RETURN_IF_ERROR(SetFromToml(out.config, *info, node)
                           .WithContext(fmt::format("config file {}: {}", file, key)));
    out.origin[key] = "file";
  }
  return Status::Ok();
}

template <typename T>
bool OneOf(const std::string& v, std::initializer_list<T> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

Status Validate(const Config& c) {
  SG_RETURN_IF_ERROR(ParseListenAddress(c.server.listen).status().WithContext("server.listen"));
  if (c.server.threads < 0 || c.server.threads > 1024) {
    return Status::InvalidArgument("server.threads: must be between 0 (one per core) and 1024");
  }
  if (c.server.body_limit < 1)
    return Status::InvalidArgument("server.body_limit: must be positive");
  if (c.server.header_limit < 1024) {
    return Status::InvalidArgument("server.header_limit: must be at least 1024 bytes");
  }
  for (auto v : {c.server.header_timeout_ms, c.server.body_timeout_ms, c.server.idle_timeout_ms,
                 c.server.shutdown_timeout_ms, c.store.busy_timeout_ms}) {
    if (v < 1) return Status::InvalidArgument("timeouts must be positive numbers of milliseconds");
  }
  if (c.store.pool_size < 0)
    return Status::InvalidArgument("store.pool_size: must not be negative");
  if (!OneOf(c.store.sqlite_synchronous, {"off", "normal", "full", "extra"})) {
    return Status::InvalidArgument("store.sqlite_synchronous: must be off, normal, full or extra");
  }
  if (!OneOf(c.log.level, {"trace", "debug", "info", "warn", "error", "off"})) {
    return Status::InvalidArgument("log.level: must be trace, debug, info, warn, error or off");
  }
  if (!OneOf(c.log.format, {"json", "text"})) {
    return Status::InvalidArgument("log.format: must be json or text");
  }
  if (c.data_dir.empty()) return Status::InvalidArgument("data_dir: must not be empty");
  for (double w : {c.search.question_weight, c.search.k1, c.search.synonym_weight,
                   c.search.unigram_weight, c.search.trigram_weight}) {
    if (w < 0) return Status::InvalidArgument("search weights and k1 must not be negative");
  }
  if (c.search.b < 0 || c.search.b > 1)
    return Status::InvalidArgument("search.b: must be between 0 and 1");
  return Status::Ok();
}

std::string TomlQuote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::map<std::string, std::string> ReadEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (!entry.starts_with("SMARTGOV_")) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

Result<LoadedConfig> LoadConfig(const ConfigSources& sources) {
  LoadedConfig out;
  for (const auto& k : Keys()) out.origin[std::string(k.key)] = "default";

  if (!sources.file.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(sources.file);
    } catch (const toml::parse_error& err) {
      std::ostringstream msg;
      msg << "config file " << sources.file << ": " << err.description();
      if (err.source().begin.line > 0) {
        msg << " (line " << err.source().begin.line << ", column " << err.source().begin.column
            << ")";
      }
      return Status::InvalidArgument(msg.str());
    }
    SG_RETURN_IF_ERROR(ApplyTomlTable(table, "", out, sources.file));
  }

  for (const auto& k : Keys()) {
    std::string name = EnvName(k.key);
    auto it = sources.env.find(name);
    if (it == sources.env.end()) continue;
    SG_RETURN_IF_ERROR(SetFromString(out.config, k, it->second).WithContext("environment " + name));
    out.origin[std::string(k.key)] = "env " + name;
  }

  for (const auto& [key, value] : sources.flags) {
    const KeyInfo* info = FindKey(key);
    if (info == nullptr) return Status::InvalidArgument("unknown configuration key '" + key + "'");
    SG_RETURN_IF_ERROR(SetFromString(out.config, *info, value).WithContext("flag " + key));
    out.origin[key] = "flag";
  }

  SG_RETURN_IF_ERROR(Validate(out.config));
  return out;
}

std::string RenderConfig(const LoadedConfig& loaded) {
  Config copy = loaded.config;
  std::ostringstream out;
  std::string section;
  for (const auto& k : Keys()) {
    std::string_view key = k.key;
    std::string_view name = key;
    if (auto dot = key.find('.'); dot != std::string_view::npos) {
      std::string sec(key.substr(0, dot));
      name = key.substr(dot + 1);
      if (sec != section) {
        out << "\n[" << sec << "]\n";
        section = sec;
      }
    }
    std::string value;
    if (auto* f = std::get_if<StringField>(&k.field)) {
      std::string v = (*f)(copy);
      if (k.secret) v = k.key == "database" ? MaskDatabaseUrl(v) : (v.empty() ? "" : "****");
      value = TomlQuote(v);
    } else if (auto* f = std::get_if<IntField>(&k.field)) {
      value = std::to_string((*f)(copy));
    } else if (auto* f = std::get_if<DoubleField>(&k.field)) {
      value = fmt::format("{}", (*f)(copy));
    } else {
      value = (*std::get_if<BoolField>(&k.field))(copy) ? "true" : "false";
    }
    out << name << " = " << value << "  # " << loaded.origin.at(std::string(key)) << "; " << k.help
        << "\n";
  }
  return out.str();
}

std::string MaskDatabaseUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme != std::string::npos) {
    auto at = url.find('@', scheme + 3);
    if (at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "****" + url.substr(at);
  }
  // keyword form: "host=db password=secret"
  auto pw = url.find("password=");
  if (pw == std::string::npos) return url;
  auto end = url.find(' ', pw);
  return url.substr(0, pw + 9) + "****" + (end == std::string::npos ? "" : url.substr(end));
}

Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(const std::string& listen) {
  std::string host;
  std::string port;
  if (!listen.empty() && listen.front() == '[') {
    auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return Status::InvalidArgument("expected [IPv6]:PORT, got '" + listen + "'");
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return Status::InvalidArgument("expected HOST:PORT such as 127.0.0.1:8080, got '" + listen +
                                     "'");
    }
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || ec != std::errc() || ptr != port.data() + port.size() || value > 65535) {
    return Status::InvalidArgument("expected HOST:PORT with a port from 0 to 65535, got '" +
                                   listen + "'");
  }
  return std::make_pair(host, static_cast<std::uint16_t>(value));
}

}  // namespace smartgov
