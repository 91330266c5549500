// Configuration: one struct, filled from four layers.
//
// Precedence, lowest to highest:
//   1. built-in defaults (below)
//   2. the TOML file named by --config or SMARTGOV_CONFIG
//   3. environment variables SMARTGOV_<KEY>, the key upper-cased with '.' -> '_'
//      (server.listen -> SMARTGOV_SERVER_LISTEN, database -> SMARTGOV_DATABASE)
//   4. command-line flags (--listen, --data, --database, --set KEY=VALUE)
// `smartgov config show` prints the result with the layer each value came from.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace smartgov {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::int64_t threads = 0;                   // io threads; 0 = one per core
  std::int64_t body_limit = 1 << 20;          // bytes; larger bodies get 413
  std::int64_t header_limit = 16 << 10;       // bytes of request line + headers; past it 431
  std::int64_t header_timeout_ms = 10'000;    // time to receive a request's headers
  std::int64_t body_timeout_ms = 30'000;      // time to receive a request's body
  std::int64_t idle_timeout_ms = 30'000;      // keep-alive connection with no request
  std::int64_t shutdown_timeout_ms = 15'000;  // grace for in-flight requests on SIGTERM
};

struct StoreConfig {
  std::int64_t pool_size = 0;               // connections; 0 = io threads + 2
  std::string sqlite_synchronous = "full";  // off | normal | full | extra
  std::int64_t busy_timeout_ms = 5'000;
};

// Ranking of knowledge-base search; the defaults were tuned on the development sets.
struct SearchConfig {
  double question_weight = 0.5;  // extra weight of matches in an entry's questions and title
  double k1 = 1.0;               // BM25 term-frequency saturation
  double b = 0.5;                // BM25 length normalisation
  double synonym_weight = 0.4;   // weight of terms added from the synonym table
  double unigram_weight = 0.3;   // weight of single Han characters beside bigrams
  double trigram_weight = 0.0;   // weight of Han character trigrams beside bigrams
};

// Optional dense retrieval through an OpenAI-compatible /v1/embeddings endpoint.
struct EmbeddingsSettings {
  std::string base_url;  // empty = off
  std::string model;
  std::string api_key;
  std::int64_t timeout_ms = 5'000;
};

struct LogConfig {
  std::string level = "info";   // trace | debug | info | warn | error | off
  std::string format = "json";  // json | text
  bool access = true;           // one line per HTTP request
};

struct Config {
  std::string data_dir = "smartgov-data";  // SQLite file, indexes, uploads
  std::string database;                    // empty = SQLite in data_dir; or postgresql://…
  std::string demo_dir;                    // empty = the demo data shipped with smartgov
  std::string text_dir;                    // language tables; empty = those shipped
  ServerConfig server;
  StoreConfig store;
  SearchConfig search;
  EmbeddingsSettings embeddings;
  LogConfig log;
};

// Where the layers come from. `env` holds only the SMARTGOV_* variables of interest
// (ReadEnvironment() collects them from the process).
struct ConfigSources {
  std::string file;  // may be empty
  std::map<std::string, std::string> env;
  std::vector<std::pair<std::string, std::string>> flags;  // (key, value), in order
};

struct LoadedConfig {
  Config config;
  std::map<std::string, std::string>
      origin;  // key -> "default" | "file" | "env SMARTGOV_X" | "flag"
};

// The SMARTGOV_* variables of this process.
std::map<std::string, std::string> ReadEnvironment();

// Applies the layers in order and validates the result. Errors name the layer and
// the key ("config file smartgov.toml: server.threads: expected an integer").
Result<LoadedConfig> LoadConfig(const ConfigSources& sources);

// The effective configuration as TOML, each value commented with its origin;
// secrets (passwords inside database URLs, keys) are masked.
std::string RenderConfig(const LoadedConfig& loaded);

// "postgresql://app:s3cret@db/x" -> "postgresql://app:****@db/x"
std::string MaskDatabaseUrl(const std::string& url);

// Splits "host:port" ("[::1]:8080" for IPv6). Errors say what a valid value looks like.
Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(const std::string& listen);

}  // namespace smartgov
