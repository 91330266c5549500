#include "providers/embeddings_client.h"

#include <cmath>

#include "core/json.h"
#include "providers/http_client.h"

namespace smartgov {

Result<std::vector<std::vector<float>>> EmbeddingsClient::Embed(
    const std::vector<std::string>& texts) const {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  std::string url = config_.base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.ends_with("/v1")) url += "/v1";
  url += "/embeddings";
  std::map<std::string, std::string> headers;
  if (!config_.api_key.empty()) headers["Authorization"] = "Bearer " + config_.api_key;
  for (std::size_t start = 0; start < texts.size(); start += config_.batch) {
    std::size_t end = std::min(texts.size(), start + config_.batch);
    std::string body = BuildJson([&](JsonWriter& w) {
      w.StartObject();
      w.Key("model");
      WriteString(w, config_.model);
      w.Key("input");
      w.StartArray();
      for (std::size_t i = start; i < end; ++i) {
        WriteString(w, config_.redact ? config_.redact(texts[i]) : texts[i]);
      }
      w.EndArray();
      w.EndObject();
    });
    SG_ASSIGN_OR_RETURN(HttpClientResponse res, HttpPost(url, body, headers, config_.timeout));
    if (res.status != 200) {
      return Status::Unavailable("embeddings endpoint answered HTTP " + std::to_string(res.status) +
                                 ": " + res.body.substr(0, 200));
    }
    rapidjson::Document doc;
    doc.Parse(res.body.c_str(), res.body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("data") ||
        !doc["data"].IsArray()) {
      return Status::Internal("embeddings endpoint did not answer with {\"data\":[…]}");
    }
    std::vector<std::vector<float>> batch(end - start);
    for (const auto& item : doc["data"].GetArray()) {
      if (!item.IsObject() || !item.HasMember("embedding") || !item["embedding"].IsArray()) {
        return Status::Internal("embeddings response item without an \"embedding\" array");
      }
      std::size_t index =
          item.HasMember("index") && item["index"].IsUint() ? item["index"].GetUint() : 0;
      if (index >= batch.size()) return Status::Internal("embeddings response index out of range");
      std::vector<float> v;
      double norm = 0;
      for (const auto& x : item["embedding"].GetArray()) {
        if (!x.IsNumber()) return Status::Internal("embedding holds a value that is not a number");
        v.push_back(static_cast<float>(x.GetDouble()));
        norm += x.GetDouble() * x.GetDouble();
      }
      if (v.empty() || norm == 0)
        return Status::Internal("embeddings endpoint returned an empty vector");
      for (float& f : v) f = static_cast<float>(f / std::sqrt(norm));
      batch[index] = std::move(v);
    }
    for (auto& v : batch) {
      if (v.empty()) return Status::Internal("embeddings response is missing a vector");
      if (!out.empty() && v.size() != out.front().size()) {
        return Status::Internal("embeddings endpoint returned vectors of different sizes");
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace smartgov
