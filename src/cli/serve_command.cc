// `smartgov serve`: open and migrate the store, load demo data if asked, serve
// HTTP until SIGTERM or SIGINT, then shut down gracefully.
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "core/json.h"
#include "core/log.h"
#include "kb/knowledge_base.h"
#include "server/api_service.h"
#include "server/http_server.h"
#include "store/store.h"

#ifndef SMARTGOV_DEMO_DIR
#define SMARTGOV_DEMO_DIR "data/demo"
#endif

namespace smartgov {
namespace {

Status LoadDemoDepartments(Store& store, const std::string& dir, Clock& clock, Logger& log) {
  std::string path = dir + "/departments.json";
  std::ifstream in(path);
  if (!in) return Status::NotFound("demo data not found at " + path + " (set demo_dir)");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsArray()) {
    return Status::InvalidArgument(path + ": expected a JSON array of departments");
  }
  int added = 0;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject())
      return Status::InvalidArgument(path + ": each department must be an object");
    Department d;
    JsonObjectReader r(item);
    r.RequiredString("id", &d.id);
    r.RequiredString("name_en", &d.name_en);
    r.RequiredString("name_zh", &d.name_zh);
    SG_RETURN_IF_ERROR(r.Finish().WithContext(path));
    d.created_at = clock.Now();
    Status s = store.CreateDepartment(d);
    if (s.ok()) {
      ++added;
    } else if (s.code() != StatusCode::kConflict) {
      return s;
    }
  }
  log.Info("demo.departments_loaded", {{"added", static_cast<std::int64_t>(added)}});
  return Status::Ok();
}

// This process's own index directory under data_dir/index, named host-pid.
// Directories left by processes of this host that no longer run are removed.
std::string PrepareIndexDir(const Config& config) {
  namespace fs = std::filesystem;
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  fs::path root = fs::path(config.data_dir) / "index";
  std::error_code ec;
  fs::create_directories(root, ec);
  std::string prefix = std::string(host) + "-";
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
    if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH)
      fs::remove_all(entry.path(), ec);
  }
  return (root / (prefix + std::to_string(getpid()))).string();
}

// Re-reads the store every few seconds and rebuilds the index when another
// replica or the CLI changed the knowledge base.
class IndexRefresher {
 public:
  IndexRefresher(KnowledgeBase& kb, Logger& log) : kb_(kb), log_(log), thread_([this] { Run(); }) {}
  ~IndexRefresher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(5), [&] { return stop_; })) {
      lock.unlock();
      auto rebuilt = kb_.RefreshIfChanged();
      if (!rebuilt.ok()) {
        log_.Warn("kb.refresh_failed", {{"error", rebuilt.status().message()}});
      } else if (*rebuilt) {
        log_.Info("kb.index_rebuilt");
      }
      lock.lock();
    }
  }

  KnowledgeBase& kb_;
  Logger& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

int RunServe(const Config& config, bool demo) {
  Logger log(config.log);
  // Block the shutdown signals before any thread starts, so every thread inherits
  // the mask and only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto store = OpenStore(config);
  if (!store.ok()) return Fail(store.status());
  auto version = (*store)->Migrate();
  if (!version.ok()) return Fail(version.status());
  SystemClock clock;
  auto analyzer = LoadAnalyzer(config);
  if (!analyzer.ok()) return Fail(analyzer.status());
  std::string index_dir = PrepareIndexDir(config);
  KnowledgeBase kb(**store, **analyzer, clock, index_dir, RankingFromConfig(config));
  ConfigureEmbeddings(config, kb);
  if (demo) {
    std::string dir = config.demo_dir.empty() ? SMARTGOV_DEMO_DIR : config.demo_dir;
    if (Status s = LoadDemoDepartments(**store, dir, clock, log); !s.ok()) return Fail(s);
    auto summary = kb.Import({dir + "/kb"}, {});
    if (!summary.ok()) return Fail(summary.status());
    for (const auto& e : summary->errors) log.Warn("demo.kb_error", {{"error", e}});
    log.Info("demo.kb_loaded", {{"added", static_cast<std::int64_t>(summary->added)},
                                {"updated", static_cast<std::int64_t>(summary->updated)},
                                {"unchanged", static_cast<std::int64_t>(summary->unchanged)}});
  }

  Services services{**store, clock, log, config};
  ApiService api(services);
  HttpServer server(
      config.server, [&api](HttpRequest& req, HttpResponse& res) { api.Handle(req, res); }, log);
  if (Status s = server.Start(); !s.ok()) return Fail(s);
  // Health checks answer at once; readiness waits for the index.
  if (Status s = kb.RebuildIndex(); !s.ok()) return Fail(s);
  if (Status d = kb.dense_status(); !d.ok()) {
    log.Warn("kb.dense_retrieval_off", {{"error", d.message()}});
  }
  services.kb = &kb;
  services.ready = true;
  auto refresher = std::make_unique<IndexRefresher>(kb, log);
  log.Info("server.started", {{"listen", config.server.listen},
                              {"port", static_cast<std::int64_t>(server.port())},
                              {"store", (*store)->Describe()},
                              {"schema_version", *version}});

  int sig = 0;
  sigwait(&signals, &sig);
  log.Info("server.stopping",
           {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}, {"in_flight", server.in_flight()}});
  services.ready = false;
  server.Shutdown();
  refresher.reset();
  std::error_code ec;
  std::filesystem::remove_all(index_dir, ec);
  log.Info("server.stopped");
  return 0;
}

}  // namespace smartgov
