// EmbeddingsClient: vectors for texts from an OpenAI-compatible
// /v1/embeddings endpoint (llama.cpp's server, vLLM, Ollama, …).
//
//   POST {base_url}/v1/embeddings  {"model": M, "input": [texts]}
//   <- {"data": [{"index": i, "embedding": [floats]}, …]}
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace smartgov {

struct EmbeddingsConfig {
  std::string base_url;  // "http://127.0.0.1:8081"; empty turns dense retrieval off
  std::string model;
  std::string api_key;  // sent as a Bearer token when set
  std::chrono::milliseconds timeout{5000};
  std::size_t batch = 32;  // texts per request
  // Applied to every text before it leaves the process (the PII redactor).
  std::function<std::string(const std::string&)> redact;
};

// Thread-safe.
class EmbeddingsClient {
 public:
  explicit EmbeddingsClient(EmbeddingsConfig config) : config_(std::move(config)) {}

  // One unit-length vector per text, in order. Errors: kUnavailable or
  // kDeadlineExceeded when the endpoint fails; kInternal when it answers with
  // something that is not an embeddings response (the message says what).
  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) const;

 private:
  EmbeddingsConfig config_;
};

}  // namespace smartgov
