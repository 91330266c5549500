// Knowledge-base commands: eval (and, as they come, import and search).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "core/json.h"
#include "kb/evaluation.h"
#include "kb/knowledge_base.h"
#include "providers/embeddings_client.h"
#include "server/handlers.h"
#include "store/store.h"
#include "text/analyzer.h"

#ifndef SMARTGOV_TEXT_DIR
#define SMARTGOV_TEXT_DIR "data/text"
#endif

namespace smartgov {

Result<std::unique_ptr<TextAnalyzer>> LoadAnalyzer(const Config& config) {
  std::string dir = config.text_dir.empty() ? SMARTGOV_TEXT_DIR : config.text_dir;
  return TextAnalyzer::Create(
      {dir + "/variants.tsv", dir + "/cantonese.tsv", dir + "/synonyms.tsv"});
}

void ConfigureEmbeddings(const Config& config, KnowledgeBase& kb) {
  if (config.embeddings.base_url.empty()) return;
  EmbeddingsConfig ec;
  ec.base_url = config.embeddings.base_url;
  ec.model = config.embeddings.model;
  ec.api_key = config.embeddings.api_key;
  ec.timeout = std::chrono::milliseconds(config.embeddings.timeout_ms);
  auto client = std::make_shared<EmbeddingsClient>(std::move(ec));
  kb.SetEmbedder([client](const std::vector<std::string>& texts) { return client->Embed(texts); });
}

RankingParams RankingFromConfig(const Config& config) {
  const SearchConfig& s = config.search;
  return {s.question_weight, s.k1, s.b, s.synonym_weight, s.unigram_weight, s.trigram_weight};
}

namespace {

Result<std::unique_ptr<Store>> OpenMigratedStore(const Config& config) {
  SG_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  SG_RETURN_IF_ERROR(store->Migrate().status());
  return store;
}

// A temporary directory removed when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "smartgov.XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

int RunKbImport(const Config& config, const std::vector<std::string>& paths,
                const std::string& department, bool prune) {
  auto store = OpenMigratedStore(config);
  if (!store.ok()) return Fail(store.status());
  auto analyzer = LoadAnalyzer(config);
  if (!analyzer.ok()) return Fail(analyzer.status());
  SystemClock clock;
  // The store is what matters here; servers rebuild their indexes from it.
  KnowledgeBase kb(**store, **analyzer, clock, "", RankingFromConfig(config));
  bool tty = isatty(STDOUT_FILENO) == 1;
  auto start = std::chrono::steady_clock::now();
  ImportOptions options;
  options.department = department;
  options.prune = prune;
  options.progress = [&](std::size_t done, std::size_t total, const std::string& file) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    if (tty) {
      int width = 30;
      int filled = total ? static_cast<int>(width * done / total) : width;
      double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
      std::printf("\r[%s%s] %zu/%zu entries  %.0f/s  ETA %.0fs ", std::string(filled, '#').c_str(),
                  std::string(width - filled, ' ').c_str(), done, total, rate, eta);
      std::fflush(stdout);
    } else {
      std::printf("imported %s (%zu/%zu entries)\n", file.c_str(), done, total);
    }
  };
  auto summary = kb.Import(paths, options);
  if (tty) std::printf("\n");
  if (!summary.ok()) return Fail(summary.status());
  for (const auto& e : summary->errors) std::cerr << "smartgov: " << e << "\n";
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("added %zu, updated %zu, unchanged %zu, removed %zu, failed %zu files (%.2fs)\n",
              summary->added, summary->updated, summary->unchanged, summary->removed,
              summary->failed_files, secs);
  return summary->errors.empty() ? 0 : 1;
}

int RunKbSearch(const Config& config, const std::string& query, std::size_t top, bool json) {
  auto store = OpenMigratedStore(config);
  if (!store.ok()) return Fail(store.status());
  auto analyzer = LoadAnalyzer(config);
  if (!analyzer.ok()) return Fail(analyzer.status());
  SystemClock clock;
  ScratchDir scratch;
  KnowledgeBase kb(**store, **analyzer, clock, scratch.path() + "/index",
                   RankingFromConfig(config));
  if (Status s = kb.RebuildIndex(); !s.ok()) return Fail(s);
  auto hits = kb.Search(query, top);
  if (!hits.ok()) return Fail(hits.status());
  if (json) {
    std::cout << KbSearchJson(query, *hits) << "\n";
    return 0;
  }
  for (std::size_t i = 0; i < hits->size(); ++i) {
    const auto& h = (*hits)[i];
    std::printf("%zu. %s  (%s, %.2f)\n   %s\n   %s\n", i + 1, h.entry.Title("en").c_str(),
                h.entry.department.c_str(), h.score, h.entry.Title("zh-Hant").c_str(),
                h.entry.url.c_str());
  }
  if (hits->empty()) std::printf("no results\n");
  return 0;
}

int RunEval(const Config& config, const std::string& corpus_path, const std::string& queries_path,
            bool json, bool misses) {
  auto analyzer = LoadAnalyzer(config);
  if (!analyzer.ok()) return Fail(analyzer.status());
  auto corpus = ReadEvalCorpus(corpus_path);
  if (!corpus.ok()) return Fail(corpus.status());
  auto queries = ReadEvalQueries(queries_path);
  if (!queries.ok()) return Fail(queries.status());
  std::string tmpl = (std::filesystem::temp_directory_path() / "smartgov-eval.XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr)
    return Fail(Status::Unavailable("cannot create a temporary directory"));
  auto report = RunEvaluation(*corpus, *queries, **analyzer, tmpl, RankingFromConfig(config));
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
  if (!report.ok()) return Fail(report.status());
  std::cout << (json ? EvalReportJson(*report) + "\n" : EvalReportText(*report));
  if (misses) {
    for (const auto& m : report->misses) {
      std::cerr << m.qid << "\t" << m.lang << "\trank " << m.rank << "\twant " << m.expected
                << "\tgot " << m.got << "\t" << m.text << "\n";
    }
  }
  return 0;
}

}  // namespace smartgov
