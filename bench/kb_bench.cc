// Knowledge-base search: entries indexed per second and per-query latency (p50,
// p99, one thread) of smartgov's Xapian index, beside SQLite FTS5 (trigram and
// unicode61 tokenizers) on the same entries and queries. Results and targets:
// bench/RESULTS.md.
//
// Corpus: the 197 demo entries, then entries that recombine the demo's real
// questions, alternatives, answer sentences and tags (both languages) under new
// ids and departments. Entry i is a pure function of i, so every engine and run
// sees the same corpus. The vocabulary stays the demo's, so posting lists grow
// linearly with N: pessimistic for latency at 100k. 10,000 entries always;
// 100,000 too with SMARTGOV_KB_BENCH_LARGE=1 (~19 minutes for the three engines).
//
// Queries: every demo question and alternative in English, Traditional Chinese
// (Cantonese alternatives among them) and Simplified (OpenCC): ~2,400, top 10.
//
// Import: from an entry's JSON to a committed index, as KnowledgeBase::
// RebuildIndex does. BM_KbImportToStore times `smartgov kb import` instead.
//
// Each benchmark runs one iteration (set-up is too slow to repeat); its time is
// the sum of the timed query latencies, and the counters are the result:
// p50_us, p99_us, mean_us (wall), cpu_p50_us, cpu_p99_us (thread CPU),
// import_per_s, index_mb, answered (fraction of queries with a hit); for smartgov
// also u0_* (the same index searched with unigram_weight = 0) and p50/p99 by language.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench_store.h"
#include "core/clock.h"
#include "kb/entry.h"
#include "kb/knowledge_base.h"
#include "kb/search_index.h"
#include "text/analyzer.h"

#ifndef SMARTGOV_DEMO_DIR
#define SMARTGOV_DEMO_DIR "data/demo"
#endif
#ifndef SMARTGOV_TEXT_DIR
#define SMARTGOV_TEXT_DIR "data/text"
#endif

namespace smartgov {
namespace {

namespace fs = std::filesystem;
using bench::CheckOk;
using Stopwatch = std::chrono::steady_clock;

constexpr std::size_t kBatch = 1000;            // entries generated ahead of each timed batch
constexpr std::size_t kTop = 10;                // hits asked for
constexpr std::size_t kWarmUpStride = 10;       // the untimed warm-up runs every 10th query
constexpr int kFts5RowsPerTransaction = 10000;  // as Xapian flushes every 10,000 documents

double MicrosSince(Stopwatch::time_point start) {
  return std::chrono::duration<double, std::micro>(Stopwatch::now() - start).count();
}

// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "smartgov-kb-bench.XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) CheckOk(Status::Unavailable("mkdtemp"), tmpl.c_str());
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<TextAnalyzer> LoadAnalyzer() {
  const std::string dir = SMARTGOV_TEXT_DIR;
  auto analyzer =
      TextAnalyzer::Create({dir + "/variants.tsv", dir + "/cantonese.tsv", dir + "/synonyms.tsv"});
  CheckOk(analyzer.status(), "loading the text analyzer");
  return std::move(analyzer).value();
}

// Splits an answer after '.', '?' or '!' and a space, and after '。', '？', '！'.
std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size();) {
    std::size_t end = i == text.size() ? i : 0;
    if (end == 0 && std::string_view(".?!").find(text[i]) != std::string_view::npos &&
        (i + 1 == text.size() || text[i + 1] == ' ')) {
      end = i + 1;
    }
    for (std::string_view mark : {"。", "？", "！"}) {
      if (end == 0 && text.compare(i, mark.size(), mark) == 0) end = i + mark.size();
    }
    if (end == 0) {
      ++i;
      continue;
    }
    std::size_t b = text.find_first_not_of(' ', start);
    if (b != std::string::npos && b < end) out.push_back(text.substr(b, end - b));
    start = end;
    i = end + (end == text.size() ? 1 : 0);
  }
  return out;
}

// The demo knowledge base, and its parts by language ("en", "zh-Hant").
struct DemoCorpus {
  std::vector<KnowledgeEntry> entries;
  std::vector<std::string> departments;
  std::vector<std::string> tags;
  std::map<std::string, std::vector<std::string>> questions;       // titles and alternatives
  std::map<std::string, std::vector<std::string>> sentences;       // of the answers
  std::map<std::string, std::vector<std::size_t>> answer_lengths;  // in sentences
};

DemoCorpus LoadDemo() {
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(fs::path(SMARTGOV_DEMO_DIR) / "kb")) {
    if (f.path().extension() == ".jsonl") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  DemoCorpus demo;
  std::set<std::string> departments;
  std::set<std::string> tags;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto entry = EntryFromJson(line);
      CheckOk(entry.status(), file.c_str());
      departments.insert(entry->department);
      tags.insert(entry->tags.begin(), entry->tags.end());
      for (const auto& [lang, t] : entry->text) {
        demo.questions[lang].push_back(t.question);
        for (const auto& a : t.alternatives) demo.questions[lang].push_back(a);
        auto sentences = Sentences(t.answer);
        demo.answer_lengths[lang].push_back(sentences.size());
        for (auto& s : sentences) demo.sentences[lang].push_back(std::move(s));
      }
      demo.entries.push_back(std::move(entry).value());
    }
  }
  if (demo.entries.empty()) CheckOk(Status::NotFound("no demo entries"), SMARTGOV_DEMO_DIR);
  demo.departments.assign(departments.begin(), departments.end());
  demo.tags.assign(tags.begin(), tags.end());
  return demo;
}

// SplitMix64: small, fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::uint64_t state_;
};

// Entry i: the demo's i-th entry, or one assembled from demo parts. A generated
// entry takes its shape (languages, number of alternatives and answer
// sentences, validity) from one demo entry and its text from random others.
KnowledgeEntry MakeEntry(const DemoCorpus& demo, std::size_t i) {
  if (i < demo.entries.size()) return demo.entries[i];
  Rng rng(i);
  const KnowledgeEntry& shape = rng.Pick(demo.entries);
  KnowledgeEntry e;
  e.department = rng.Pick(demo.departments);
  e.id = e.department + "-faq-" + std::to_string(i);
  e.url = "https://www.gov.hk/" + e.department + "/faq/" + std::to_string(i);
  for (std::size_t n = 2 + rng.Below(3); n > 0; --n) {
    const std::string& tag = rng.Pick(demo.tags);
    if (std::find(e.tags.begin(), e.tags.end(), tag) == e.tags.end()) e.tags.push_back(tag);
  }
  e.valid_from = shape.valid_from;
  e.valid_to = shape.valid_to;
  for (const auto& [lang, shape_text] : shape.text) {
    LocalizedText& t = e.text[lang];
    const auto& questions = demo.questions.at(lang);
    const auto& sentences = demo.sentences.at(lang);
    t.question = rng.Pick(questions);
    for (std::size_t n = shape_text.alternatives.size(); n > 0; --n) {
      t.alternatives.push_back(rng.Pick(questions));
    }
    const char* gap = lang == "en" ? " " : "";
    for (std::size_t n = std::max<std::size_t>(1, rng.Pick(demo.answer_lengths.at(lang))); n > 0;
         --n) {
      t.answer += (t.answer.empty() ? "" : gap) + rng.Pick(sentences);
    }
  }
  return e;
}

// Entries [begin, end) as the JSON the store keeps.
std::vector<std::string> EntryJsonLines(const DemoCorpus& demo, std::size_t begin,
                                        std::size_t end) {
  std::vector<std::string> lines;
  lines.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    KnowledgeEntry e = MakeEntry(demo, i);
    CheckOk(ValidateEntry(e), e.id.c_str());
    lines.push_back(EntryToJson(e));
  }
  return lines;
}

enum class QueryKind { kEnglish, kWritten, kColloquial, kSimplified };
constexpr const char* kKindNames[] = {"en", "zh_hant", "colloquial", "zh_hans"};

struct Query {
  std::string text;
  QueryKind kind;
};

// The demo's questions and alternatives in every script a citizen uses. A
// Traditional query that the colloquial table rewrites counts as colloquial:
// Cantonese forms and particles, and the written question words it drops.
std::vector<Query> QueryMix(const DemoCorpus& demo, const TextAnalyzer& analyzer) {
  std::vector<Query> out;
  for (const auto& e : demo.entries) {
    for (const auto& [lang, t] : e.text) {
      std::vector<std::string> texts = {t.question};
      texts.insert(texts.end(), t.alternatives.begin(), t.alternatives.end());
      for (const auto& text : texts) {
        if (lang == "en") {
          out.push_back({text, QueryKind::kEnglish});
          continue;
        }
        bool colloquial = analyzer.Canonical(text) != analyzer.normalizer().Normalize(text);
        out.push_back({text, colloquial ? QueryKind::kColloquial : QueryKind::kWritten});
        out.push_back({analyzer.normalizer().ToSimplified(text), QueryKind::kSimplified});
      }
    }
  }
  return out;
}

// Nearest-rank percentile, p in (0, 1].
double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// Microseconds of CPU this thread has used: beside wall time, it shows how much
// of a latency was waiting for a core that other processes held.
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Times one query, wall clock and thread CPU.
class QueryTimer {
 public:
  QueryTimer() : cpu_start_(ThreadCpuMicros()), start_(Stopwatch::now()) {}
  double wall_us() const { return MicrosSince(start_); }
  double cpu_us() const { return ThreadCpuMicros() - cpu_start_; }

 private:
  double cpu_start_;
  Stopwatch::time_point start_;
};

// Per-query times, with the kind of each query.
struct Latencies {
  std::vector<double> micros;
  std::vector<double> cpu_micros;
  std::vector<QueryKind> kinds;
  std::size_t answered = 0;

  void Add(const QueryTimer& timer, QueryKind kind, bool hit) {
    micros.push_back(timer.wall_us());
    cpu_micros.push_back(timer.cpu_us());
    kinds.push_back(kind);
    answered += hit ? 1 : 0;
  }
  double Total() const {
    double sum = 0;
    for (double us : micros) sum += us;
    return sum;
  }
  void Report(benchmark::State& state, const std::string& prefix, bool by_kind) const {
    state.counters[prefix + "p50_us"] = Percentile(micros, 0.50);
    state.counters[prefix + "p99_us"] = Percentile(micros, 0.99);
    state.counters[prefix + "mean_us"] =
        micros.empty() ? 0 : Total() / static_cast<double>(micros.size());
    state.counters[prefix + "cpu_p50_us"] = Percentile(cpu_micros, 0.50);
    state.counters[prefix + "cpu_p99_us"] = Percentile(cpu_micros, 0.99);
    if (!by_kind) return;
    for (int k = 0; k < 4; ++k) {
      std::vector<double> of_kind;
      for (std::size_t i = 0; i < micros.size(); ++i) {
        if (static_cast<int>(kinds[i]) == k) of_kind.push_back(micros[i]);
      }
      state.counters[prefix + kKindNames[k] + "_p50_us"] = Percentile(of_kind, 0.50);
      state.counters[prefix + kKindNames[k] + "_p99_us"] = Percentile(of_kind, 0.99);
    }
  }
};

double DirectoryMegabytes(const std::string& dir) {
  std::uintmax_t bytes = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    if (f.is_regular_file()) bytes += f.file_size();
  }
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

Timestamp QueryMoment() {
  auto t = ParseDate("2025-07-01", false);
  CheckOk(t.status(), "parsing the query date");
  return *t;
}

// Args {entries, passes over the query mix}: 10,000 entries, and 100,000 as well
// when SMARTGOV_KB_BENCH_LARGE=1, since building that takes 4-8 minutes per engine.
// One iteration: the set-up is too slow to repeat; the counters are the result.
void SearchRuns(benchmark::internal::Benchmark* b) {
  b->ArgNames({"entries", "passes"})->Args({10000, 3});
  const char* large = std::getenv("SMARTGOV_KB_BENCH_LARGE");
  if (large != nullptr && std::string_view(large) == "1") b->Args({100000, 1});
  b->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
}

// What every search benchmark starts from. Not thread-safe.
struct SearchBench {
  explicit SearchBench(const benchmark::State& state)
      : entries(static_cast<std::size_t>(state.range(0))),
        passes(static_cast<int>(state.range(1))) {}

  // Feeds entries [0, entries) as JSON to `index_entry`, generated in untimed
  // batches, then calls `finish`; adds the time both took to import_us.
  template <typename IndexEntry, typename Finish>
  void TimedImport(IndexEntry index_entry, Finish finish) {
    for (std::size_t begin = 0; begin < entries; begin += kBatch) {
      auto lines = EntryJsonLines(demo, begin, std::min(entries, begin + kBatch));
      auto start = Stopwatch::now();
      for (const auto& line : lines) {
        auto entry = EntryFromJson(line);
        CheckOk(entry.status(), "parsing an entry");
        index_entry(*entry);
      }
      import_us += MicrosSince(start);
    }
    auto start = Stopwatch::now();
    finish();
    import_us += MicrosSince(start);
  }

  // The counters every engine reports; `latencies` is what GB's time shows.
  void Report(benchmark::State& state, const Latencies& latencies, double index_mb) const {
    state.SetIterationTime(latencies.Total() / 1e6);
    state.SetItemsProcessed(static_cast<std::int64_t>(latencies.micros.size()));
    state.counters["entries"] = static_cast<double>(entries);
    state.counters["queries"] = static_cast<double>(queries.size());
    state.counters["import_per_s"] = static_cast<double>(entries) / (import_us / 1e6);
    state.counters["index_mb"] = index_mb;
    state.counters["answered"] =
        static_cast<double>(latencies.answered) / static_cast<double>(queries.size() * passes);
    latencies.Report(state, "", true);
  }

  const std::size_t entries;
  const int passes;
  const std::unique_ptr<TextAnalyzer> analyzer = LoadAnalyzer();
  const DemoCorpus demo = LoadDemo();
  const std::vector<Query> queries = QueryMix(demo, *analyzer);
  const ScratchDir scratch;
  double import_us = 0;
};

void BM_SmartgovSearch(benchmark::State& state) {
  SearchBench bench(state);
  const std::string dir = bench.scratch.path() + "/index";
  auto created = SearchIndex::Create(dir, *bench.analyzer, RankingParams{});
  CheckOk(created.status(), "creating the index");
  std::unique_ptr<SearchIndex> index = std::move(created).value();
  bench.TimedImport(
      [&](const KnowledgeEntry& entry) {
        std::string payload = EntryToJson(entry);
        for (auto& doc : ToIndexedDocuments(entry)) {
          doc.payload = payload;
          CheckOk(index->Put(doc), "indexing an entry");
        }
      },
      [&] { CheckOk(index->Commit(), "committing the index"); });

  // Ranking weights apply at query time, so one index serves both settings.
  RankingParams no_unigrams;
  no_unigrams.unigram_weight = 0;
  auto opened = SearchIndex::Open(dir, *bench.analyzer, no_unigrams);
  CheckOk(opened.status(), "opening the index");
  std::unique_ptr<SearchIndex> plain = std::move(opened).value();

  SearchOptions options;
  options.top = kTop;
  options.now = QueryMoment();
  auto run_pass = [&](const SearchIndex& searcher, Latencies* out) {
    const auto& queries = bench.queries;
    for (std::size_t i = 0; i < queries.size(); i += out != nullptr ? 1 : kWarmUpStride) {
      QueryTimer timer;
      auto hits = searcher.Search(queries[i].text, options);
      if (out != nullptr) out->Add(timer, queries[i].kind, hits.ok() && !hits->empty());
      CheckOk(hits.status(), "searching");
    }
  };
  run_pass(*index, nullptr);  // warm-up
  run_pass(*plain, nullptr);
  Latencies with_unigrams;
  Latencies without_unigrams;
  for (auto _ : state) {
    for (int p = 0; p < bench.passes; ++p) {
      run_pass(*index, &with_unigrams);
      run_pass(*plain, &without_unigrams);
    }
  }
  bench.Report(state, with_unigrams, DirectoryMegabytes(dir));
  without_unigrams.Report(state, "u0_", false);
}
BENCHMARK(BM_SmartgovSearch)->Apply(SearchRuns);

// Owns an SQLite connection or statement; aborts on errors, as set-up must succeed.
struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteCloser>;

void CheckSqlite(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  CheckOk(Status::Unavailable(sqlite3_errmsg(db)), what);
}

void Exec(sqlite3* db, const std::string& sql) {
  CheckSqlite(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
}

SqliteStmt Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  CheckSqlite(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), sql.c_str());
  return SqliteStmt(stmt);
}

// REQUIRES: `text` outlives the statement's next reset.
void Bind(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void AppendTerm(std::string_view term, std::set<std::string>* seen, std::string* out) {
  if (!seen->emplace(term).second) return;
  if (!out->empty()) *out += " OR ";
  *out += '"';
  *out += term;  // Tokenize keeps letters, digits and Han only: nothing to escape
  *out += '"';
}

// The FTS5 expression for a query: canonicalised as the index text was, split
// by smartgov's Tokenize, English stop words dropped, each token quoted, joined
// with OR. unicode61: every word and Han run as it is ("身份证" OR "renew").
// trigram: words of 3+ characters, and each Han run of 3+ characters as its
// overlapping trigrams ("补领身" OR "领身份" OR …); shorter tokens cannot match a
// trigram index and are dropped. Empty when no token is left.
std::string Fts5Query(const TextAnalyzer& analyzer, std::string_view query, bool trigram) {
  std::string out;
  std::set<std::string> seen;
  for (const Token& t : Tokenize(analyzer.Canonical(query))) {
    if (t.kind == TokenKind::kWord) {
      if (analyzer.IndexTerms(t.text).empty()) continue;  // a stop word
      if (!trigram || CodePoints(t.text) >= 3) AppendTerm(t.text, &seen, &out);
      continue;
    }
    if (!trigram) {
      AppendTerm(t.text, &seen, &out);
      continue;
    }
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < t.text.size(); ++i) {
      if ((t.text[i] & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(t.text.size());
    for (std::size_t k = 0; k + 3 < starts.size(); ++k) {
      AppendTerm(std::string_view(t.text).substr(starts[k], starts[k + 3] - starts[k]), &seen,
                 &out);
    }
  }
  return out;
}

std::string JoinCanonical(const TextAnalyzer& analyzer, const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& t : texts) {
    if (!out.empty()) out += '\n';
    out += analyzer.Canonical(t);
  }
  return out;
}

// FTS5, the reference: fts5(id UNINDEXED, questions, body, payload UNINDEXED)
// in WAL mode, one transaction per 10,000 rows, over the analyzer's canonical
// text (NFKC, Simplified, Cantonese rewritten) so that scripts meet as in
// smartgov; import_per_s includes that step, sqlite_import_per_s leaves it out.
// Ranked by bm25(kb, 0, 1.5, 1, 0) (questions 1.5x, as smartgov's question field
// adds 0.5), LIMIT 10, id and payload read; validity dates are not checked.
// Queries with no token left are not run; `matchable` is the fraction run.
void BM_Fts5Search(benchmark::State& state, const char* tokenizer) {
  SearchBench bench(state);
  const TextAnalyzer& analyzer = *bench.analyzer;
  const bool trigram = std::string_view(tokenizer) == "trigram";
  const std::string path = bench.scratch.path() + "/kb.db";
  sqlite3* raw = nullptr;
  CheckSqlite(raw, sqlite3_open(path.c_str(), &raw), "opening the FTS5 database");
  SqliteDb db(raw);
  Exec(db.get(), "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  Exec(db.get(), std::string("CREATE VIRTUAL TABLE kb USING fts5(id UNINDEXED, questions, body, "
                             "payload UNINDEXED, tokenize = '") +
                     tokenizer + "')");
  SqliteStmt insert = Prepare(db.get(), "INSERT INTO kb VALUES (?1, ?2, ?3, ?4)");
  double canonical_us = 0;  // part of bench.import_us
  int in_transaction = 0;
  bench.TimedImport(
      [&](const KnowledgeEntry& entry) {
        if (in_transaction == 0) Exec(db.get(), "BEGIN");
        // Demo and generated entries are short FAQ entries: one document each.
        IndexedDocument doc = ToIndexedDocuments(entry).front();
        auto canonical_start = Stopwatch::now();
        std::string questions = JoinCanonical(analyzer, doc.questions);
        std::string body = JoinCanonical(analyzer, doc.bodies);
        canonical_us += MicrosSince(canonical_start);
        std::string payload = EntryToJson(entry);
        Bind(insert.get(), 1, doc.id);
        Bind(insert.get(), 2, questions);
        Bind(insert.get(), 3, body);
        Bind(insert.get(), 4, payload);
        CheckSqlite(db.get(), sqlite3_step(insert.get()), "inserting an entry");
        sqlite3_reset(insert.get());
        if (++in_transaction == kFts5RowsPerTransaction) {
          Exec(db.get(), "COMMIT");
          in_transaction = 0;
        }
      },
      [&] {
        if (in_transaction > 0) Exec(db.get(), "COMMIT");
      });

  SqliteStmt select = Prepare(db.get(),
                              "SELECT id, payload FROM kb WHERE kb MATCH ?1"
                              " ORDER BY bm25(kb, 0.0, 1.5, 1.0, 0.0) LIMIT " +
                                  std::to_string(kTop));
  auto run_pass = [&](Latencies* out) {
    const auto& queries = bench.queries;
    for (std::size_t i = 0; i < queries.size(); i += out != nullptr ? 1 : kWarmUpStride) {
      QueryTimer timer;
      std::string match = Fts5Query(analyzer, queries[i].text, trigram);
      if (match.empty()) continue;
      Bind(select.get(), 1, match);
      std::size_t rows = 0;
      std::size_t bytes = 0;
      int rc;
      while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
        ++rows;
        bytes += static_cast<std::size_t>(sqlite3_column_bytes(select.get(), 1));
      }
      CheckSqlite(db.get(), rc, "searching");
      sqlite3_reset(select.get());
      if (out != nullptr) out->Add(timer, queries[i].kind, rows > 0);
      benchmark::DoNotOptimize(bytes);
    }
  };
  run_pass(nullptr);  // warm-up
  Latencies latencies;
  for (auto _ : state) {
    for (int p = 0; p < bench.passes; ++p) run_pass(&latencies);
  }
  select.reset();
  insert.reset();
  bench.Report(state, latencies, DirectoryMegabytes(bench.scratch.path()));
  state.counters["matchable"] = static_cast<double>(latencies.micros.size()) /
                                static_cast<double>(bench.queries.size() * bench.passes);
  state.counters["sqlite_import_per_s"] =
      static_cast<double>(bench.entries) / ((bench.import_us - canonical_us) / 1e6);
}
BENCHMARK_CAPTURE(BM_Fts5Search, trigram, "trigram")->Apply(SearchRuns);
BENCHMARK_CAPTURE(BM_Fts5Search, unicode61, "unicode61")->Apply(SearchRuns);

// `smartgov kb import`: entries from a JSONL file into the SQLite store (one
// transaction per entry, synchronous as the Arg says), no index, as the CLI runs it.
// Arg: entries.
void BM_KbImportToStore(benchmark::State& state, const char* synchronous) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto analyzer = LoadAnalyzer();
  const DemoCorpus demo = LoadDemo();
  ScratchDir scratch;
  const std::string file = scratch.path() + "/entries.jsonl";
  {
    std::ofstream out(file);
    for (std::size_t begin = 0; begin < n; begin += kBatch) {
      for (const auto& line : EntryJsonLines(demo, begin, std::min(n, begin + kBatch))) {
        out << line << '\n';
      }
    }
  }
  bench::BenchStore db(synchronous);
  SystemClock clock;
  ImportOptions options;
  options.department = "immd";  // the one department BenchStore has
  double import_us = 0;
  for (auto _ : state) {
    KnowledgeBase kb(db.store(), *analyzer, clock, "");
    auto start = Stopwatch::now();
    auto summary = kb.Import({file}, options);
    import_us = MicrosSince(start);
    CheckOk(summary.status(), "importing");
    if (summary->added != n) CheckOk(Status::Internal("not every entry was added"), file.c_str());
    state.SetIterationTime(import_us / 1e6);
  }
  state.counters["entries"] = static_cast<double>(n);
  state.counters["import_per_s"] = static_cast<double>(n) / (import_us / 1e6);
}
void ImportRuns(benchmark::internal::Benchmark* b) {
  b->ArgNames({"entries"})
      ->Arg(10000)
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}
BENCHMARK_CAPTURE(BM_KbImportToStore, synchronous_full, "full")->Apply(ImportRuns);
BENCHMARK_CAPTURE(BM_KbImportToStore, synchronous_normal, "normal")->Apply(ImportRuns);

}  // namespace
}  // namespace smartgov
