// Knowledge-base commands: eval (and, as they come, import and search).
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "kb/evaluation.h"
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
  RankingParams params{config.search.question_weight, config.search.k1, config.search.b,
                       config.search.synonym_weight, config.search.unigram_weight,
                       config.search.trigram_weight};
  auto report = RunEvaluation(*corpus, *queries, **analyzer, tmpl, params);
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
