// `smartgov serve`: open and migrate the store, load demo data if asked, serve
// HTTP until SIGTERM or SIGINT, then shut down gracefully.
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "core/json.h"
#include "core/log.h"
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
  if (demo) {
    std::string dir = config.demo_dir.empty() ? SMARTGOV_DEMO_DIR : config.demo_dir;
    if (Status s = LoadDemoDepartments(**store, dir, clock, log); !s.ok()) return Fail(s);
  }

  Services services{**store, clock, log, config};
  ApiService api(services);
  HttpServer server(
      config.server, [&api](HttpRequest& req, HttpResponse& res) { api.Handle(req, res); }, log);
  if (Status s = server.Start(); !s.ok()) return Fail(s);
  services.ready = true;
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
  log.Info("server.stopped");
  return 0;
}

}  // namespace smartgov
