// SearchIndex: the knowledge base's lexical index (Xapian, BM25).
//
// A document has weighted question text (its title and the ways citizens ask
// for it) and body text, in any language; both are reduced to terms by the
// TextAnalyzer, so a query in any script meets them. Questions are indexed in
// their own field as well as in the body, and count for more at query time.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "text/analyzer.h"

namespace Xapian {  // NOLINT(readability-identifier-naming): the library's name
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace smartgov {

struct IndexedDocument {
  std::string id;  // entry id, or "entry#passage" for passages
  std::string department;
  std::vector<std::string> questions;  // title, question and alternatives, any language
  std::vector<std::string> bodies;     // answer or passage text, any language
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_to;
  std::string payload;  // stored as is and returned with hits
};

struct SearchHit {
  std::string id;
  double score = 0;
  std::string payload;
};

struct SearchOptions {
  std::size_t top = 10;
  std::optional<Timestamp> now;  // when set, entries not valid at `now` are left out
  std::string department;        // when set, only this department's entries
};

// Ranking knobs; the defaults were tuned on the development sets.
struct RankingParams {
  double question_weight = 0.5;  // extra weight of a question-field match
  double k1 = 1.0;
  double b = 0.5;
  double synonym_weight = 0.4;
  double unigram_weight = 0.3;
  double trigram_weight = 0.0;
};

class SearchIndex {
 public:
  // Creates an empty index in `dir` (replacing any there). Not thread-safe for
  // writing; searches may run concurrently with each other.
  static Result<std::unique_ptr<SearchIndex>> Create(const std::string& dir,
                                                     const TextAnalyzer& analyzer,
                                                     RankingParams params = {});
  // Opens an existing index read-only.
  static Result<std::unique_ptr<SearchIndex>> Open(const std::string& dir,
                                                   const TextAnalyzer& analyzer,
                                                   RankingParams params = {});
  ~SearchIndex();

  // Adds or replaces the document with this id. REQUIRES: created writable.
  Status Put(const IndexedDocument& doc);
  Status Remove(const std::string& id);
  // Makes the changes durable and visible to searches.
  Status Commit();

  // Best matches first. Thread-safe.
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) const;
  std::size_t size() const;

 private:
  SearchIndex(std::string dir, const TextAnalyzer& analyzer, RankingParams params);
  std::unique_ptr<Xapian::Database> AcquireReader() const;
  void ReleaseReader(std::unique_ptr<Xapian::Database> db) const;

  const std::string dir_;
  const TextAnalyzer& analyzer_;
  const RankingParams params_;
  std::unique_ptr<Xapian::WritableDatabase> writer_;  // null when opened read-only
  mutable std::mutex readers_mu_;
  mutable std::vector<std::unique_ptr<Xapian::Database>> readers_;  // guarded by readers_mu_
};

}  // namespace smartgov
