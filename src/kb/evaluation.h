// Retrieval evaluation: index a corpus, run labelled queries, report
// Recall@1, Recall@5, MRR@10, nDCG@10 and query latency, overall and by language.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "kb/search_index.h"
#include "text/analyzer.h"

namespace smartgov {

struct EvalQuery {
  std::string qid;
  std::string text;
  std::string lang;  // "" when the file does not say
  std::vector<std::string> relevant;
};

struct RankingMetrics {
  std::size_t queries = 0;
  double recall_at_1 = 0;
  double recall_at_5 = 0;
  double mrr_at_10 = 0;
  double ndcg_at_10 = 0;
};

// A query whose first result was not relevant.
struct EvalMiss {
  std::string qid;
  std::string lang;
  std::string text;
  std::string expected;  // first relevant id
  std::string got;       // first result, "" for none
  int rank = 0;          // rank of the first relevant result in the top 10, 0 when absent
};

struct EvalReport {
  RankingMetrics overall;
  std::vector<EvalMiss> misses;
  std::map<std::string, RankingMetrics> by_lang;
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  std::size_t documents = 0;
};

// Reads corpus lines {"id","text","title"?,...} into documents (title as the
// question field). Errors name the file and line.
Result<std::vector<IndexedDocument>> ReadEvalCorpus(const std::string& path);
// Reads query lines {"qid","text","lang"?,"relevant":[ids]}.
Result<std::vector<EvalQuery>> ReadEvalQueries(const std::string& path);

// Metrics of one ranking against the relevant ids (recall is |relevant ∩ top k| / |relevant|).
RankingMetrics ScoreRanking(const std::vector<std::string>& ranking,
                            const std::vector<std::string>& relevant);

// Indexes `corpus` in `index_dir` and runs every query.
Result<EvalReport> RunEvaluation(const std::vector<IndexedDocument>& corpus,
                                 const std::vector<EvalQuery>& queries,
                                 const TextAnalyzer& analyzer, const std::string& index_dir,
                                 RankingParams params = {});

std::string EvalReportJson(const EvalReport& report);
std::string EvalReportText(const EvalReport& report);

}  // namespace smartgov
