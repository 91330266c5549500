// A real smartgov HTTP server on 127.0.0.1 (ephemeral port) over a SQLite
// store in a temporary directory, with its log captured.
#pragma once

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <memory>
#include <mutex>
#include <sstream>

#include "kb/knowledge_base.h"
#include "server/api_service.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "store/store.h"
#include "test_support.h"

namespace smartgov {

class ServerFixture : public ::testing::Test {
 protected:
  // Tests may adjust config_ before calling StartServer().
  void SetUp() override {
    config_.data_dir = dir_.path();
    config_.server.listen = "127.0.0.1:0";
    config_.server.threads = 2;
  }

  void StartServer() {
    auto store = OpenStore(config_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    ASSERT_TRUE(store_->CreateDepartment({"immd", "Immigration Department", "入境事務處", 1}).ok());
    ASSERT_TRUE(store_->CreateDepartment({"ird", "Inland Revenue Department", "稅務局", 1}).ok());
    log_stream_ = std::make_shared<LockedStream>();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_->stream);
    log_ = std::make_unique<Logger>(config_.log, sink);
    std::string d = testing::SourceDir() + "/data/text";
    auto analyzer =
        TextAnalyzer::Create({d + "/variants.tsv", d + "/cantonese.tsv", d + "/synonyms.tsv"});
    ASSERT_TRUE(analyzer.ok());
    analyzer_ = std::move(analyzer).value();
    kb_ = std::make_unique<KnowledgeBase>(*store_, *analyzer_, clock_, dir_.path() + "/index");
    ASSERT_TRUE(kb_->RebuildIndex().ok());
    services_ = std::make_unique<Services>(*store_, clock_, *log_, config_);
    services_->kb = kb_.get();
    api_ = std::make_unique<ApiService>(*services_);
    server_ = std::make_unique<HttpServer>(
        config_.server, [this](HttpRequest& q, HttpResponse& r) { api_->Handle(q, r); }, *log_);
    ASSERT_TRUE(server_->Start().ok());
    services_->ready = true;
    port_ = server_->port();
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::string Key(const std::string& department, Role role) {
    auto issued = IssueApiKey(*store_, department, role, "test", clock_.Now());
    EXPECT_TRUE(issued.ok());
    return issued.ok() ? issued->secret : "";
  }

  static std::map<std::string, std::string> Bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
  }

  testing::HttpReply Get(const std::string& target,
                         const std::map<std::string, std::string>& h = {}) {
    return testing::HttpCall(port_, "GET", target, "", h);
  }
  testing::HttpReply Post(const std::string& target, const std::string& body,
                          const std::map<std::string, std::string>& h = {}) {
    return testing::HttpCall(port_, "POST", target, body, h);
  }

  std::string LogText() {
    std::lock_guard lock(log_stream_->mu);
    return log_stream_->stream.str();
  }

  struct LockedStream {
    std::mutex mu;
    std::ostringstream stream;
  };

  testing::TempDir dir_;
  Config config_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<LockedStream> log_stream_;
  std::unique_ptr<Logger> log_;
  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<KnowledgeBase> kb_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<ApiService> api_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace smartgov
