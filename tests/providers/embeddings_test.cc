// The embeddings client and dense retrieval, against a local server that
// speaks the OpenAI /v1/embeddings wire format. Its vectors come from a small
// concept table (car = automobile = 車), not from a model.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "core/json.h"
#include "core/log.h"
#include "kb/knowledge_base.h"
#include "providers/embeddings_client.h"
#include "server/http_server.h"
#include "test_support.h"

namespace smartgov {
namespace {

// Concept of a text: which of a few meaning groups it mentions.
std::vector<double> ConceptVector(const std::string& text) {
  const std::vector<std::vector<std::string>> kConcepts = {
      {"car", "automobile", "車"}, {"passport", "護照"}, {"tax", "稅"}, {"library", "圖書館"}};
  std::vector<double> v(kConcepts.size() + 1, 0.0);
  for (std::size_t c = 0; c < kConcepts.size(); ++c) {
    for (const auto& w : kConcepts[c]) v[c] += text.find(w) != std::string::npos ? 1.0 : 0.0;
  }
  v.back() = 0.05;  // never the zero vector
  return v;
}

class EmbeddingsServer {
 public:
  enum class Mode { kNormal, kError, kGarbage, kSlow };
  EmbeddingsServer() {
    ServerConfig sc;
    sc.listen = "127.0.0.1:0";
    sc.threads = 2;
    sc.shutdown_timeout_ms = 2000;
    server_ = std::make_unique<HttpServer>(
        sc, [this](HttpRequest& req, HttpResponse& res) { Handle(req, res); }, log_);
    EXPECT_TRUE(server_->Start().ok());
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void set_mode(Mode m) { mode_ = m; }
  int requests() const { return requests_; }
  std::string last_auth() const { return last_auth_; }

 private:
  void Handle(HttpRequest& req, HttpResponse& res) {
    ++requests_;
    last_auth_ = std::string(req.Header("Authorization"));
    if (req.path() != "/v1/embeddings" || req.method() != "POST") {
      res = HttpResponse::Json(404, R"({"error":{"message":"not found"}})");
      return;
    }
    if (mode_ == Mode::kError) {
      res = HttpResponse::Json(500, R"({"error":{"message":"model not loaded"}})");
      return;
    }
    if (mode_ == Mode::kGarbage) {
      res = HttpResponse::Json(200, R"({"object":"list","data":"nope"})");
      return;
    }
    if (mode_ == Mode::kSlow) std::this_thread::sleep_for(std::chrono::milliseconds(700));
    rapidjson::Document doc;
    doc.Parse(req.body().c_str());
    if (doc.HasParseError() || !doc.HasMember("input") || !doc["input"].IsArray() ||
        !doc.HasMember("model")) {
      res = HttpResponse::Json(400, R"({"error":{"message":"bad request"}})");
      return;
    }
    res = HttpResponse::Json(
        200, BuildJson([&](JsonWriter& w) {
          w.StartObject();
          w.Key("object");
          w.String("list");
          w.Key("data");
          w.StartArray();
          // Answer out of order: clients must use "index".
          const auto& inputs = doc["input"].GetArray();
          for (std::size_t i = inputs.Size(); i-- > 0;) {
            w.StartObject();
            w.Key("object");
            w.String("embedding");
            w.Key("index");
            w.Uint64(i);
            w.Key("embedding");
            w.StartArray();
            for (double x : ConceptVector(inputs[static_cast<rapidjson::SizeType>(i)].GetString()))
              w.Double(x * 3);
            w.EndArray();
            w.EndObject();
          }
          w.EndArray();
          w.Key("model");
          w.String(doc["model"].GetString());
          w.Key("usage");
          w.StartObject();
          w.Key("prompt_tokens");
          w.Uint(1);
          w.Key("total_tokens");
          w.Uint(1);
          w.EndObject();
          w.EndObject();
        }));
  }

  Logger log_{LogConfig{"warn", "json", false}};
  std::unique_ptr<HttpServer> server_;
  std::atomic<Mode> mode_{Mode::kNormal};
  std::atomic<int> requests_{0};
  std::string last_auth_;
};

TEST(EmbeddingsClientTest, VectorsComeBackInOrderAndOfUnitLength) {
  EmbeddingsServer server;
  EmbeddingsClient client(
      {server.url(), "test-embedder", "secret-token", std::chrono::seconds(5), 2, {}});
  std::vector<std::string> texts = {"car", "passport", "tax", "library", "car and passport"};
  auto vectors = client.Embed(texts);
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  ASSERT_EQ(vectors->size(), texts.size());
  EXPECT_EQ(server.requests(), 3) << "batches of two";
  EXPECT_EQ(server.last_auth(), "Bearer secret-token");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    double norm = 0;
    for (float x : (*vectors)[i]) norm += x * x;
    EXPECT_NEAR(norm, 1.0, 1e-5);
  }
  EXPECT_GT((*vectors)[0][0], 0.9f) << "first vector belongs to the first text";
  EXPECT_GT((*vectors)[1][1], 0.9f);
}

TEST(EmbeddingsClientTest, FailuresAreReportedNotThrown) {
  EmbeddingsServer server;
  EmbeddingsClient client({server.url(), "m", "", std::chrono::milliseconds(300), 8, {}});
  server.set_mode(EmbeddingsServer::Mode::kError);
  EXPECT_EQ(client.Embed({"x"}).status().code(), StatusCode::kUnavailable);
  server.set_mode(EmbeddingsServer::Mode::kGarbage);
  EXPECT_EQ(client.Embed({"x"}).status().code(), StatusCode::kInternal);
  server.set_mode(EmbeddingsServer::Mode::kSlow);
  EXPECT_EQ(client.Embed({"x"}).status().code(), StatusCode::kDeadlineExceeded);
  EmbeddingsClient bad_url({"https://nope", "m", "", std::chrono::seconds(1), 8, {}});
  EXPECT_EQ(bad_url.Embed({"x"}).status().code(), StatusCode::kInvalidArgument);
  EmbeddingsClient closed({"http://127.0.0.1:" + std::to_string(testing::FreePort()),
                           "m",
                           "",
                           std::chrono::seconds(1),
                           8,
                           {}});
  EXPECT_EQ(closed.Embed({"x"}).status().code(), StatusCode::kUnavailable);
}

TEST(EmbeddingsClientTest, TextsPassTheRedactorBeforeLeaving) {
  EmbeddingsServer server;
  std::atomic<int> redacted{0};
  EmbeddingsClient client(
      {server.url(), "m", "", std::chrono::seconds(5), 8, [&](const std::string& t) {
         ++redacted;
         return std::string(t.size(), 'x');
       }});
  ASSERT_TRUE(client.Embed({"A123456(7)", "9123 4567"}).ok());
  EXPECT_EQ(redacted.load(), 2);
}

class DenseRetrievalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config c;
    c.data_dir = dir_.path();
    store_ = std::move(OpenStore(c)).value();
    ASSERT_TRUE(store_->Migrate().ok());
    ASSERT_TRUE(store_->CreateDepartment({"td", "Transport", "運輸署", 1}).ok());
    std::string d = testing::SourceDir() + "/data/text";
    analyzer_ = std::move(TextAnalyzer::Create(
                              {d + "/variants.tsv", d + "/cantonese.tsv", d + "/synonyms.tsv"}))
                    .value();
    KnowledgeBase seed(*store_, *analyzer_, clock_, dir_.path() + "/seed");
    auto entry = EntryFromJson(
        R"({"id":"td-automobile","department":"td","en":{"question":"Registering an automobile","answer":"Bring the import papers."}})");
    ASSERT_TRUE(entry.ok());
    ASSERT_TRUE(seed.Put(*entry, "test").ok());
  }
  std::vector<std::string> Ids(KnowledgeBase& kb, const std::string& q) {
    auto hits = kb.Search(q, 3);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const auto& h : *hits) ids.push_back(h.entry.id);
    }
    return ids;
  }

  testing::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<TextAnalyzer> analyzer_;
};

TEST_F(DenseRetrievalTest, VectorsFindWhatWordsMissAndAnOutageFallsBackToWords) {
  EmbeddingsServer server;
  KnowledgeBase lexical(*store_, *analyzer_, clock_, dir_.path() + "/lexical");
  ASSERT_TRUE(lexical.RebuildIndex().ok());
  EXPECT_TRUE(Ids(lexical, "car").empty())
      << "no shared words: lexical search alone cannot find it";

  KnowledgeBase dense(*store_, *analyzer_, clock_, dir_.path() + "/dense");
  auto client = std::make_shared<EmbeddingsClient>(
      EmbeddingsConfig{server.url(), "m", "", std::chrono::milliseconds(500), 16, {}});
  dense.SetEmbedder([client](const std::vector<std::string>& t) { return client->Embed(t); });
  ASSERT_TRUE(dense.RebuildIndex().ok());
  EXPECT_TRUE(dense.dense_status().ok());
  EXPECT_EQ(Ids(dense, "car"), std::vector<std::string>{"td-automobile"});
  EXPECT_EQ(Ids(dense, "registering automobile").front(), "td-automobile");

  server.set_mode(EmbeddingsServer::Mode::kError);
  EXPECT_EQ(Ids(dense, "registering automobile").front(), "td-automobile")
      << "lexical half still answers";
  EXPECT_TRUE(Ids(dense, "car").empty());
}

TEST_F(DenseRetrievalTest, AnEndpointDownAtStartLeavesLexicalSearchWorking) {
  KnowledgeBase kb(*store_, *analyzer_, clock_, dir_.path() + "/down");
  auto client = std::make_shared<EmbeddingsClient>(
      EmbeddingsConfig{"http://127.0.0.1:" + std::to_string(testing::FreePort()),
                       "m",
                       "",
                       std::chrono::milliseconds(300),
                       16,
                       {}});
  kb.SetEmbedder([client](const std::vector<std::string>& t) { return client->Embed(t); });
  ASSERT_TRUE(kb.RebuildIndex().ok());
  EXPECT_EQ(kb.dense_status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Ids(kb, "automobile").front(), "td-automobile");
}

TEST(FuseRankingsTest, ReciprocalRankFusion) {
  std::vector<SearchHit> a = {{"x", 9, ""}, {"y", 5, ""}, {"z", 1, ""}};
  std::vector<SearchHit> b = {{"y", 0.9, ""}, {"w", 0.8, ""}};
  auto fused = FuseRankings({a, b});
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].id, "y");  // second and first: 1/62 + 1/61
  EXPECT_EQ(fused[1].id, "x");
  EXPECT_NEAR(fused[0].score, 1.0 / 62 + 1.0 / 61, 1e-12);
}

}  // namespace
}  // namespace smartgov
