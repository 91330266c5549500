#include "kb/search_index.h"

#include <xapian.h>

#include <filesystem>

namespace smartgov {
namespace {

constexpr Xapian::valueno kValidFromSlot = 0;
constexpr Xapian::valueno kValidToSlot = 1;
constexpr Xapian::valueno kDepartmentSlot = 2;
constexpr Xapian::valueno kIdSlot = 3;
constexpr std::string_view kIdPrefix = "XI";
constexpr std::string_view kQuestionPrefix = "XQ";

// Keeps entries valid at a moment (and of one department, when asked).
class ValidityDecider : public Xapian::MatchDecider {
 public:
  ValidityDecider(std::optional<Timestamp> now, std::string department)
      : now_(now), department_(std::move(department)) {}
  bool operator()(const Xapian::Document& doc) const override {
    if (!department_.empty() && doc.get_value(kDepartmentSlot) != department_) return false;
    if (!now_) return true;
    std::string from = doc.get_value(kValidFromSlot);
    std::string to = doc.get_value(kValidToSlot);
    if (!from.empty() && Xapian::sortable_unserialise(from) > static_cast<double>(*now_))
      return false;
    if (!to.empty() && Xapian::sortable_unserialise(to) < static_cast<double>(*now_)) return false;
    return true;
  }

 private:
  std::optional<Timestamp> now_;
  std::string department_;
};

Status XapianError(const Xapian::Error& e, std::string_view what) {
  return Status::Unavailable(std::string(what) + ": " + e.get_msg());
}

}  // namespace

SearchIndex::SearchIndex(std::string dir, const TextAnalyzer& analyzer, RankingParams params)
    : dir_(std::move(dir)), analyzer_(analyzer), params_(params) {}

SearchIndex::~SearchIndex() = default;

Result<std::unique_ptr<SearchIndex>> SearchIndex::Create(const std::string& dir,
                                                         const TextAnalyzer& analyzer,
                                                         RankingParams params) {
  std::unique_ptr<SearchIndex> index(new SearchIndex(dir, analyzer, params));
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    index->writer_ =
        std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OVERWRITE);
  } catch (const Xapian::Error& e) {
    return XapianError(e, "creating search index in " + dir);
  }
  return index;
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::string& dir,
                                                       const TextAnalyzer& analyzer,
                                                       RankingParams params) {
  std::unique_ptr<SearchIndex> index(new SearchIndex(dir, analyzer, params));
  try {
    index->ReleaseReader(std::make_unique<Xapian::Database>(dir));
  } catch (const Xapian::Error& e) {
    return XapianError(e, "opening search index " + dir);
  }
  return index;
}

Status SearchIndex::Put(const IndexedDocument& doc) {
  SG_ASSERT(writer_ != nullptr);
  Xapian::Document d;
  for (const auto& q : doc.questions) {
    for (const auto& term : analyzer_.IndexTerms(q)) {
      d.add_term(std::string(kQuestionPrefix) + term);
      d.add_term(term);
    }
  }
  for (const auto& body : doc.bodies) {
    for (const auto& term : analyzer_.IndexTerms(body)) d.add_term(term);
  }
  std::string id_term = std::string(kIdPrefix) + doc.id;
  d.add_boolean_term(id_term);
  d.set_data(doc.payload);
  d.add_value(kIdSlot, doc.id);
  if (doc.valid_from)
    d.add_value(kValidFromSlot, Xapian::sortable_serialise(static_cast<double>(*doc.valid_from)));
  if (doc.valid_to)
    d.add_value(kValidToSlot, Xapian::sortable_serialise(static_cast<double>(*doc.valid_to)));
  d.add_value(kDepartmentSlot, doc.department);
  try {
    writer_->replace_document(id_term, d);
  } catch (const Xapian::Error& e) {
    return XapianError(e, "indexing " + doc.id);
  }
  return Status::Ok();
}

Status SearchIndex::Remove(const std::string& id) {
  SG_ASSERT(writer_ != nullptr);
  try {
    writer_->delete_document(std::string(kIdPrefix) + id);
  } catch (const Xapian::Error& e) {
    return XapianError(e, "removing " + id);
  }
  return Status::Ok();
}

Status SearchIndex::Commit() {
  SG_ASSERT(writer_ != nullptr);
  try {
    writer_->commit();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "committing search index");
  }
  return Status::Ok();
}

std::size_t SearchIndex::size() const {
  auto db = AcquireReader();
  std::size_t n = db ? db->get_doccount() : 0;
  ReleaseReader(std::move(db));
  return n;
}

std::unique_ptr<Xapian::Database> SearchIndex::AcquireReader() const {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      try {
        db->reopen();  // pick up the latest commit
      } catch (const Xapian::Error&) {
        db.reset();
      }
      if (db) return db;
    }
  }
  try {
    return std::make_unique<Xapian::Database>(dir_);
  } catch (const Xapian::Error&) {
    return nullptr;
  }
}

void SearchIndex::ReleaseReader(std::unique_ptr<Xapian::Database> db) const {
  if (!db) return;
  std::lock_guard lock(readers_mu_);
  readers_.push_back(std::move(db));
}

Result<std::vector<SearchHit>> SearchIndex::Search(std::string_view query,
                                                   const SearchOptions& options) const {
  std::vector<WeightedTerm> terms = analyzer_.QueryTerms(
      query, params_.synonym_weight, params_.unigram_weight, params_.trigram_weight);
  std::vector<SearchHit> hits;
  if (terms.empty() || options.top == 0) return hits;
  std::vector<Xapian::Query> parts;
  parts.reserve(terms.size() * 2);
  for (const auto& t : terms) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term), t.weight);
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(std::string(kQuestionPrefix) + t.term),
                       t.weight * params_.question_weight);
  }
  Xapian::Query q(Xapian::Query::OP_OR, parts.begin(), parts.end());
  auto db = AcquireReader();
  if (!db) return Status::Unavailable("search index " + dir_ + " cannot be opened");
  try {
    Xapian::Enquire enquire(*db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight(params_.k1, 0, 1, params_.b, 0.5));
    ValidityDecider decider(options.now, options.department);
    bool filter = options.now.has_value() || !options.department.empty();
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(options.top), nullptr,
                                         filter ? &decider : nullptr);
    hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      hits.push_back({doc.get_value(kIdSlot), it.get_weight(), doc.get_data()});
    }
  } catch (const Xapian::Error& e) {
    ReleaseReader(std::move(db));
    return XapianError(e, "searching");
  }
  ReleaseReader(std::move(db));
  return hits;
}

}  // namespace smartgov
