// The `smartgov` command line: parses arguments, loads configuration, runs one command.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "kb/knowledge_base.h"
#include "kb/search_index.h"
#include "text/analyzer.h"

namespace smartgov {

// Runs the command line; returns the process exit code (0 ok, 1 failure, 2 usage).
int RunCli(int argc, char** argv);

// Options every command shares.
struct GlobalOptions {
  std::string config_file;
  std::string data_dir;
  std::string database;
  std::string listen;
  std::vector<std::string> set;  // "key=value"
};

// Applies defaults, the config file, SMARTGOV_* variables and the flags.
Result<LoadedConfig> LoadCliConfig(const GlobalOptions& options);

// Commands, each returning an exit code. Errors are printed to stderr.
int RunServe(const Config& config, bool demo);
int RunMigrate(const Config& config);
int RunDepartmentAdd(const Config& config, const std::string& id, const std::string& name_en,
                     const std::string& name_zh);
int RunDepartmentList(const Config& config, bool json);
int RunKeyCreate(const Config& config, const std::string& department, const std::string& role,
                 const std::string& name);
int RunKeyList(const Config& config, const std::string& department, bool json);
int RunKeyRevoke(const Config& config, const std::string& id);

int RunEval(const Config& config, const std::string& corpus, const std::string& queries, bool json,
            bool misses);

int RunKbImport(const Config& config, const std::vector<std::string>& paths,
                const std::string& department, bool prune);
int RunKbSearch(const Config& config, const std::string& query, std::size_t top, bool json);

// The text analyzer over the configured language tables.
Result<std::unique_ptr<TextAnalyzer>> LoadAnalyzer(const Config& config);
// Turns on dense retrieval when [embeddings] names an endpoint.
void ConfigureEmbeddings(const Config& config, KnowledgeBase& kb);
// The [search] settings as ranking parameters.
RankingParams RankingFromConfig(const Config& config);

// Prints "smartgov: <message>" to stderr and returns 1.
int Fail(const Status& status);

}  // namespace smartgov
