#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace smartgov {

int Fail(const Status& status) {
  std::cerr << "smartgov: " << status.ToString() << "\n";
  return 1;
}

Result<LoadedConfig> LoadCliConfig(const GlobalOptions& options) {
  ConfigSources sources;
  sources.env = ReadEnvironment();
  sources.file = options.config_file;
  if (sources.file.empty()) {
    if (auto it = sources.env.find("SMARTGOV_CONFIG"); it != sources.env.end())
      sources.file = it->second;
  }
  if (!options.data_dir.empty()) sources.flags.emplace_back("data_dir", options.data_dir);
  if (!options.database.empty()) sources.flags.emplace_back("database", options.database);
  if (!options.listen.empty()) sources.flags.emplace_back("server.listen", options.listen);
  for (const auto& kv : options.set) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--set expects KEY=VALUE, got '" + kv + "'");
    }
    sources.flags.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return LoadConfig(sources);
}

int RunCli(int argc, char** argv) {
  CLI::App app{"smartgov: a self-hosted AI platform for public services"};
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions g;
  app.add_option("--config", g.config_file, "TOML configuration file (or SMARTGOV_CONFIG)");
  app.add_option("--data", g.data_dir, "data directory (SQLite database, indexes)");
  app.add_option("--database", g.database, "postgresql://… URL, or sqlite:PATH");
  app.add_option("--set", g.set, "override a configuration key: --set server.threads=4");

  // The command to run once parsing succeeded; it needs the loaded configuration.
  std::function<int(const LoadedConfig&)> command;

  bool demo = false;
  auto* serve = app.add_subcommand("serve", "run the HTTP server");
  serve->add_option("--listen", g.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_flag("--demo", demo, "load the demo departments and knowledge base");
  serve->callback(
      [&] { command = [&](const LoadedConfig& c) { return RunServe(c.config, demo); }; });

  auto* migrate = app.add_subcommand("migrate", "bring the database schema up to date");
  migrate->callback([&] { command = [&](const LoadedConfig& c) { return RunMigrate(c.config); }; });

  auto* config = app.add_subcommand("config", "inspect the configuration");
  config->require_subcommand(1);
  auto* config_show =
      config->add_subcommand("show", "print the effective configuration, secrets masked");
  config_show->callback([&] {
    command = [&](const LoadedConfig& c) {
      std::cout << RenderConfig(c);
      return 0;
    };
  });

  auto* department = app.add_subcommand("department", "manage departments");
  department->require_subcommand(1);
  std::string dept_id, name_en, name_zh;
  auto* dept_add = department->add_subcommand("add", "add a department");
  dept_add->add_option("id", dept_id, "short id such as immd")->required();
  dept_add->add_option("--name-en", name_en, "English name")->required();
  dept_add->add_option("--name-zh", name_zh, "Chinese name")->required();
  dept_add->callback([&] {
    command = [&](const LoadedConfig& c) {
      return RunDepartmentAdd(c.config, dept_id, name_en, name_zh);
    };
  });
  bool json = false;
  auto* dept_list = department->add_subcommand("list", "list departments");
  dept_list->add_flag("--json", json, "print JSON");
  dept_list->callback(
      [&] { command = [&](const LoadedConfig& c) { return RunDepartmentList(c.config, json); }; });

  auto* key = app.add_subcommand("key", "manage API keys");
  key->require_subcommand(1);
  std::string key_department, key_role, key_name, key_id;
  auto* key_create = key->add_subcommand("create", "issue a key; prints it alone on stdout, once");
  key_create->add_option("--department", key_department, "department id")->required();
  key_create->add_option("--role", key_role, "officer, dept_admin, admin or auditor")->required();
  key_create->add_option("--name", key_name, "what the key is for");
  key_create->callback([&] {
    command = [&](const LoadedConfig& c) {
      return RunKeyCreate(c.config, key_department, key_role, key_name);
    };
  });
  auto* key_list = key->add_subcommand("list", "list keys (never their secrets)");
  key_list->add_option("--department", key_department, "only this department");
  key_list->add_flag("--json", json, "print JSON");
  key_list->callback([&] {
    command = [&](const LoadedConfig& c) { return RunKeyList(c.config, key_department, json); };
  });
  auto* key_revoke = key->add_subcommand("revoke", "revoke a key by its id");
  key_revoke->add_option("id", key_id, "key id (key_…)")->required();
  key_revoke->callback(
      [&] { command = [&](const LoadedConfig& c) { return RunKeyRevoke(c.config, key_id); }; });

  std::string corpus, queries;
  auto* eval = app.add_subcommand("eval", "measure retrieval on a labelled corpus and queries");
  eval->add_option("--corpus", corpus, "JSONL lines {\"id\",\"text\",\"title\"?}")->required();
  eval->add_option("--queries", queries, "JSONL lines {\"qid\",\"text\",\"relevant\":[ids]}")
      ->required();
  bool misses = false;
  eval->add_flag("--json", json, "print one JSON object");
  eval->add_flag("--misses", misses, "also list the queries whose first result was wrong");
  eval->callback([&] {
    command = [&](const LoadedConfig& c) {
      return RunEval(c.config, corpus, queries, json, misses);
    };
  });

  auto* kb = app.add_subcommand("kb", "manage and search the knowledge base");
  kb->require_subcommand(1);
  std::vector<std::string> kb_paths;
  std::string kb_department;
  bool prune = false;
  auto* kb_import =
      kb->add_subcommand("import", "import knowledge files and directories (.jsonl, .json)");
  kb_import->add_option("paths", kb_paths, "files or directories")->required();
  kb_import->add_option("--department", kb_department, "set every imported entry's department");
  kb_import->add_flag("--prune", prune,
                      "remove entries whose files are gone or no longer hold them");
  kb_import->callback([&] {
    command = [&](const LoadedConfig& c) {
      return RunKbImport(c.config, kb_paths, kb_department, prune);
    };
  });
  std::string kb_query;
  std::size_t top = 5;
  auto* kb_search = kb->add_subcommand("search", "search the knowledge base");
  kb_search->add_option("query", kb_query, "what to look for, in any language")->required();
  kb_search->add_option("--top", top, "how many results (default 5)")->check(CLI::Range(1, 100));
  kb_search->add_flag("--json", json, "print JSON");
  kb_search->callback([&] {
    command = [&](const LoadedConfig& c) { return RunKbSearch(c.config, kb_query, top, json); };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  auto loaded = LoadCliConfig(g);
  if (!loaded.ok()) return Fail(loaded.status());
  return command(*loaded);
}

}  // namespace smartgov
