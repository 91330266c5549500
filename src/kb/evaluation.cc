#include "kb/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace smartgov {
namespace {

template <typename F>
Status ForEachJsonLine(const std::string& path, F&& handle) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto doc = ParseJsonObject(line);
    if (!doc.ok()) return doc.status().WithContext(path + ":" + std::to_string(number));
    SG_RETURN_IF_ERROR(handle(*doc).WithContext(path + ":" + std::to_string(number)));
  }
  return Status::Ok();
}

std::string StringField(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

void Accumulate(RankingMetrics& total, const RankingMetrics& one) {
  total.queries += one.queries;
  total.recall_at_1 += one.recall_at_1;
  total.recall_at_5 += one.recall_at_5;
  total.mrr_at_10 += one.mrr_at_10;
  total.ndcg_at_10 += one.ndcg_at_10;
}

void Average(RankingMetrics& m) {
  if (m.queries == 0) return;
  double n = static_cast<double>(m.queries);
  m.recall_at_1 /= n;
  m.recall_at_5 /= n;
  m.mrr_at_10 /= n;
  m.ndcg_at_10 /= n;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
  return values[std::min(idx, values.size() - 1)];
}

void WriteMetrics(JsonWriter& w, const RankingMetrics& m, bool full) {
  w.Key("queries");
  w.Uint64(m.queries);
  w.Key("recall@1");
  w.Double(m.recall_at_1);
  w.Key("recall@5");
  w.Double(m.recall_at_5);
  w.Key("mrr@10");
  w.Double(m.mrr_at_10);
  if (full) {
    w.Key("ndcg@10");
    w.Double(m.ndcg_at_10);
  }
}

}  // namespace

Result<std::vector<IndexedDocument>> ReadEvalCorpus(const std::string& path) {
  std::vector<IndexedDocument> docs;
  SG_RETURN_IF_ERROR(ForEachJsonLine(path, [&](const rapidjson::Document& d) -> Status {
    IndexedDocument doc;
    doc.id = StringField(d, "id");
    std::string text = StringField(d, "text");
    if (doc.id.empty() || text.empty())
      return Status::InvalidArgument("needs non-empty \"id\" and \"text\"");
    std::string title = StringField(d, "title");
    if (!title.empty()) doc.questions.push_back(std::move(title));
    doc.bodies.push_back(std::move(text));
    docs.push_back(std::move(doc));
    return Status::Ok();
  }));
  return docs;
}

Result<std::vector<EvalQuery>> ReadEvalQueries(const std::string& path) {
  std::vector<EvalQuery> queries;
  SG_RETURN_IF_ERROR(ForEachJsonLine(path, [&](const rapidjson::Document& d) -> Status {
    EvalQuery q;
    q.qid = StringField(d, "qid");
    q.text = StringField(d, "text");
    q.lang = StringField(d, "lang");
    auto rel = d.FindMember("relevant");
    if (q.qid.empty() || q.text.empty() || rel == d.MemberEnd() || !rel->value.IsArray()) {
      return Status::InvalidArgument("needs \"qid\", \"text\" and a \"relevant\" array");
    }
    for (const auto& r : rel->value.GetArray()) {
      if (r.IsString()) q.relevant.emplace_back(r.GetString(), r.GetStringLength());
    }
    if (q.relevant.empty()) return Status::InvalidArgument("\"relevant\" lists no ids");
    queries.push_back(std::move(q));
    return Status::Ok();
  }));
  return queries;
}

RankingMetrics ScoreRanking(const std::vector<std::string>& ranking,
                            const std::vector<std::string>& relevant) {
  RankingMetrics m;
  m.queries = 1;
  auto is_relevant = [&](const std::string& id) {
    return std::find(relevant.begin(), relevant.end(), id) != relevant.end();
  };
  double found1 = 0, found5 = 0, dcg = 0;
  for (std::size_t i = 0; i < ranking.size() && i < 10; ++i) {
    if (!is_relevant(ranking[i])) continue;
    if (i < 1) found1 += 1;
    if (i < 5) found5 += 1;
    if (m.mrr_at_10 == 0) m.mrr_at_10 = 1.0 / static_cast<double>(i + 1);
    dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  }
  double idcg = 0;
  for (std::size_t i = 0; i < relevant.size() && i < 10; ++i)
    idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  double n = static_cast<double>(relevant.size());
  m.recall_at_1 = found1 / n;
  m.recall_at_5 = found5 / n;
  m.ndcg_at_10 = idcg > 0 ? dcg / idcg : 0;
  return m;
}

Result<EvalReport> RunEvaluation(const std::vector<IndexedDocument>& corpus,
                                 const std::vector<EvalQuery>& queries,
                                 const TextAnalyzer& analyzer, const std::string& index_dir,
                                 RankingParams params) {
  SG_ASSIGN_OR_RETURN(auto index, SearchIndex::Create(index_dir, analyzer, params));
  for (const auto& doc : corpus) SG_RETURN_IF_ERROR(index->Put(doc));
  SG_RETURN_IF_ERROR(index->Commit());
  EvalReport report;
  report.documents = index->size();
  std::vector<double> latencies;
  latencies.reserve(queries.size());
  SearchOptions options;
  options.top = 10;
  for (const auto& q : queries) {
    auto start = std::chrono::steady_clock::now();
    SG_ASSIGN_OR_RETURN(auto hits, index->Search(q.text, options));
    latencies.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    std::vector<std::string> ranking;
    ranking.reserve(hits.size());
    for (const auto& h : hits) ranking.push_back(h.id);
    RankingMetrics m = ScoreRanking(ranking, q.relevant);
    if (m.recall_at_1 == 0) {
      int rank = m.mrr_at_10 > 0 ? static_cast<int>(std::lround(1.0 / m.mrr_at_10)) : 0;
      report.misses.push_back({q.qid, q.lang, q.text, q.relevant.front(),
                               ranking.empty() ? "" : ranking.front(), rank});
    }
    Accumulate(report.overall, m);
    Accumulate(report.by_lang[q.lang.empty() ? "unknown" : q.lang], m);
  }
  Average(report.overall);
  for (auto& [lang, m] : report.by_lang) Average(m);
  report.latency_p50_ms = Percentile(latencies, 0.50);
  report.latency_p99_ms = Percentile(latencies, 0.99);
  return report;
}

std::string EvalReportJson(const EvalReport& r) {
  return BuildJson([&](JsonWriter& w) {
    w.StartObject();
    WriteMetrics(w, r.overall, true);
    w.Key("latency_ms");
    w.StartObject();
    w.Key("p50");
    w.Double(r.latency_p50_ms);
    w.Key("p99");
    w.Double(r.latency_p99_ms);
    w.EndObject();
    w.Key("by_lang");
    w.StartObject();
    for (const auto& [lang, m] : r.by_lang) {
      WriteString(w, lang);
      w.StartObject();
      WriteMetrics(w, m, false);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  });
}

std::string EvalReportText(const EvalReport& r) {
  std::ostringstream out;
  char line[160];
  std::snprintf(line, sizeof line, "%-10s %7s %9s %9s %8s %8s\n", "lang", "queries", "Recall@1",
                "Recall@5", "MRR@10", "nDCG@10");
  out << line;
  auto row = [&](const std::string& name, const RankingMetrics& m) {
    std::snprintf(line, sizeof line, "%-10s %7zu %9.3f %9.3f %8.3f %8.3f\n", name.c_str(),
                  m.queries, m.recall_at_1, m.recall_at_5, m.mrr_at_10, m.ndcg_at_10);
    out << line;
  };
  for (const auto& [lang, m] : r.by_lang) row(lang, m);
  row("all", r.overall);
  std::snprintf(line, sizeof line, "documents %zu; query latency p50 %.3f ms, p99 %.3f ms\n",
                r.documents, r.latency_p50_ms, r.latency_p99_ms);
  out << line;
  return out.str();
}

}  // namespace smartgov
