#include "kb/knowledge_base.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "kb/importers.h"

namespace smartgov {
namespace fs = std::filesystem;

namespace {

std::vector<IndexedDocument> ToIndexed(const KnowledgeEntry& e) {
  std::vector<IndexedDocument> docs = ToIndexedDocuments(e);
  std::string payload = EntryToJson(e);
  for (auto& d : docs) d.payload = payload;
  return docs;
}

// Removes an entry's documents, whatever shape it had before.
Status RemoveFromIndex(SearchIndex& index, const std::string& id, std::size_t passages) {
  SG_RETURN_IF_ERROR(index.Remove(id));
  for (std::size_t i = 1; i <= passages; ++i)
    SG_RETURN_IF_ERROR(index.Remove(id + "#" + std::to_string(i)));
  return Status::Ok();
}

// What a document's vector stands for: its questions, then its text, cut to a
// length embedding models take.
std::string EmbeddingText(const IndexedDocument& d) {
  std::string text;
  for (const auto& q : d.questions) text += q + "\n";
  for (const auto& b : d.bodies) text += b + "\n";
  constexpr std::size_t kMaxBytes = 2000;
  if (text.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
  }
  return text;
}

void RemoveVectors(VectorIndex& vectors, const std::string& id, std::size_t passages) {
  vectors.Remove(id);
  for (std::size_t i = 1; i <= passages; ++i) vectors.Remove(id + "#" + std::to_string(i));
}

std::size_t PassageCount(const std::string& content) {
  auto e = EntryFromJson(content);
  return e.ok() ? e->passages.size() : 0;
}

std::string Languages(const KnowledgeEntry& e) {
  std::string out;
  for (const auto& [lang, t] : e.text) out += (out.empty() ? "" : "+") + lang;
  return out;
}

// Files under `paths` that the importers read, sorted so runs are repeatable.
Result<std::vector<std::string>> CollectFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && IsKnowledgeFile(it->path().string()))
          files.push_back(it->path().string());
      }
      if (ec) return Status::Unavailable("cannot read directory " + p + ": " + ec.message());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      return Status::NotFound(p + " does not exist");
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

KnowledgeBase::KnowledgeBase(Store& store, const TextAnalyzer& analyzer, Clock& clock,
                             std::string index_dir, RankingParams params)
    : store_(store),
      analyzer_(analyzer),
      clock_(clock),
      index_dir_(std::move(index_dir)),
      params_(params) {}

KnowledgeBase::~KnowledgeBase() = default;

bool KnowledgeBase::index_ready() const {
  std::lock_guard lock(index_mu_);
  return index_ != nullptr;
}

Status KnowledgeBase::dense_status() const {
  std::lock_guard lock(index_mu_);
  return dense_status_;
}

void KnowledgeBase::EmbedInto(VectorIndex* vectors, const std::vector<IndexedDocument>& docs) {
  if (!embedder_ || docs.empty()) return;
  std::vector<std::string> texts;
  texts.reserve(docs.size());
  for (const auto& d : docs) texts.push_back(EmbeddingText(d));
  auto embedded = embedder_(texts);
  Status status = embedded.status();
  if (status.ok()) {
    std::shared_ptr<VectorIndex> fresh;
    if (vectors == nullptr && !embedded->empty()) {
      fresh = std::make_shared<VectorIndex>(embedded->front().size());
      vectors = fresh.get();
    }
    for (std::size_t i = 0; i < docs.size() && vectors != nullptr; ++i) {
      if ((*embedded)[i].size() != vectors->dimensions()) {
        status = Status::Internal("embeddings changed size; rebuild the index");
        break;
      }
      vectors->Put(docs[i], (*embedded)[i]);
    }
    std::lock_guard lock(index_mu_);
    if (fresh && status.ok()) vectors_ = std::move(fresh);
  }
  std::lock_guard lock(index_mu_);
  dense_status_ = status;
}

Result<bool> KnowledgeBase::RefreshIfChanged() {
  SG_ASSIGN_OR_RETURN(std::string revision, store_.KbRevision());
  {
    std::lock_guard write(write_mu_);
    if (revision == built_revision_ && index_ready()) return false;
  }
  SG_RETURN_IF_ERROR(RebuildIndex());
  return true;
}

Status KnowledgeBase::RebuildIndex() {
  std::lock_guard write(write_mu_);
  // Read the revision first: a change made while building shows up as a new one.
  SG_ASSIGN_OR_RETURN(std::string revision, store_.KbRevision());
  SG_ASSIGN_OR_RETURN(auto docs, store_.ListKbDocuments(""));
  // Each build goes into a directory of its own: the current index keeps its
  // write lock and serves searches until the new one replaces it.
  ++generation_;
  std::string dir = (fs::path(index_dir_) / std::to_string(generation_)).string();
  SG_ASSIGN_OR_RETURN(std::unique_ptr<SearchIndex> fresh,
                      SearchIndex::Create(dir, analyzer_, params_));
  std::vector<IndexedDocument> all;
  for (const auto& d : docs) {
    auto entry = EntryFromJson(d.content);
    if (!entry.ok()) return entry.status().WithContext("stored entry " + d.id);
    for (auto& doc : ToIndexed(*entry)) {
      SG_RETURN_IF_ERROR(fresh->Put(doc));
      all.push_back(std::move(doc));
    }
  }
  if (embedder_) {
    {
      std::lock_guard lock(index_mu_);
      vectors_.reset();
    }
    EmbedInto(nullptr, all);
  }
  SG_RETURN_IF_ERROR(fresh->Commit());
  built_revision_ = revision;
  {
    std::lock_guard lock(index_mu_);
    index_ = std::move(fresh);
  }
  // The generation before the previous one has no searches left in it.
  if (generation_ >= 2) {
    std::error_code ec;
    fs::remove_all(fs::path(index_dir_) / std::to_string(generation_ - 2), ec);
  }
  return Status::Ok();
}

Result<std::string> KnowledgeBase::PutLocked(const KnowledgeEntry& entry,
                                             const std::string& source) {
  SG_RETURN_IF_ERROR(ValidateEntry(entry));
  std::string hash = EntryHash(entry);
  std::int64_t version = 1;
  std::string outcome = "added";
  auto existing = store_.GetKbDocument(entry.id);
  if (existing.ok()) {
    if (existing->content_hash == hash && existing->source == source)
      return std::string("unchanged");
    version = existing->version + (existing->content_hash == hash ? 0 : 1);
    outcome = existing->content_hash == hash ? "unchanged" : "updated";
  } else if (existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  KbDocument doc;
  doc.id = entry.id;
  doc.department_id = entry.department;
  doc.source = source;
  doc.title = entry.Title("en");
  doc.lang = Languages(entry);
  doc.url = entry.url;
  doc.content_hash = hash;
  doc.version = version;
  doc.valid_from = entry.valid_from;
  doc.valid_to = entry.valid_to;
  doc.updated_at = clock_.Now();
  doc.content = EntryToJson(entry);
  Status s = store_.PutKbDocument(doc);
  if (s.code() == StatusCode::kInvalidArgument) {
    return Status::InvalidArgument("entry " + entry.id + ": department '" + entry.department +
                                   "' does not exist (add it with: smartgov department add)");
  }
  SG_RETURN_IF_ERROR(s);
  std::shared_ptr<SearchIndex> index;
  {
    std::lock_guard lock(index_mu_);
    index = index_;
  }
  if (index) {
    if (existing.ok())
      SG_RETURN_IF_ERROR(RemoveFromIndex(*index, entry.id, PassageCount(existing->content)));
    for (const auto& d : ToIndexed(entry)) SG_RETURN_IF_ERROR(index->Put(d));
  }
  return outcome;
}

Result<std::string> KnowledgeBase::Put(const KnowledgeEntry& entry, const std::string& source) {
  std::lock_guard write(write_mu_);
  SG_ASSIGN_OR_RETURN(std::string outcome, PutLocked(entry, source));
  NoteOwnChange();
  std::lock_guard lock(index_mu_);
  if (index_) SG_RETURN_IF_ERROR(index_->Commit());
  return outcome;
}

Status KnowledgeBase::Remove(const std::string& id) {
  std::lock_guard write(write_mu_);
  SG_ASSIGN_OR_RETURN(KbDocument existing, store_.GetKbDocument(id));
  SG_RETURN_IF_ERROR(store_.DeleteKbDocument(id));
  NoteOwnChange();
  std::lock_guard lock(index_mu_);
  if (vectors_) RemoveVectors(*vectors_, id, PassageCount(existing.content));
  if (index_) {
    SG_RETURN_IF_ERROR(RemoveFromIndex(*index_, id, PassageCount(existing.content)));
    SG_RETURN_IF_ERROR(index_->Commit());
  }
  return Status::Ok();
}

Result<ImportSummary> KnowledgeBase::Import(const std::vector<std::string>& paths,
                                            const ImportOptions& options) {
  std::lock_guard write(write_mu_);
  SG_ASSIGN_OR_RETURN(auto files, CollectFiles(paths));
  ImportSummary summary;
  std::map<std::string, std::set<std::string>> ids_by_source;
  std::vector<std::vector<KnowledgeEntry>> parsed(files.size());
  std::size_t total = 0;
  std::vector<bool> ok(files.size(), false);
  SG_ASSIGN_OR_RETURN(auto departments, store_.ListDepartments());
  std::set<std::string> known;
  for (const auto& d : departments) known.insert(d.id);
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto entries = ParseKnowledgeFile(files[i], options.department);
    // A file is written whole or not at all, so its departments are checked first.
    if (entries.ok()) {
      for (const auto& e : *entries) {
        if (known.count(e.department) == 0) {
          entries = Status::InvalidArgument(
              files[i] + ": entry " + e.id + ": department '" + e.department +
              "' does not exist (add it with: smartgov department add)");
          break;
        }
      }
    }
    if (!entries.ok()) {
      ++summary.failed_files;
      summary.errors.push_back(entries.status().message());
      continue;
    }
    ok[i] = true;
    total += entries->size();
    parsed[i] = std::move(entries).value();
  }
  std::size_t done = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!ok[i]) continue;
    std::string source = fs::absolute(files[i]).lexically_normal().string();
    for (const auto& entry : parsed[i]) {
      auto outcome = PutLocked(entry, source);
      ++done;
      if (!outcome.ok()) {
        summary.errors.push_back(files[i] + ": " + outcome.status().message());
        continue;
      }
      ids_by_source[source].insert(entry.id);
      if (*outcome == "added") ++summary.added;
      if (*outcome == "updated") ++summary.updated;
      if (*outcome == "unchanged") ++summary.unchanged;
    }
    if (options.progress) options.progress(done, total, files[i]);
  }
  if (options.prune) {
    std::vector<std::string> roots;
    roots.reserve(paths.size());
    for (const auto& p : paths) roots.push_back(fs::absolute(p).lexically_normal().string());
    SG_ASSIGN_OR_RETURN(auto stored, store_.ListKbDocuments(""));
    std::set<std::string> failed_sources;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (!ok[i]) failed_sources.insert(fs::absolute(files[i]).lexically_normal().string());
    }
    for (const auto& d : stored) {
      bool under = std::any_of(roots.begin(), roots.end(), [&](const std::string& r) {
        return d.source == r || d.source.starts_with(r + "/");
      });
      // A file that failed to parse keeps its entries until it is fixed.
      if (!under || failed_sources.count(d.source) != 0) continue;
      auto seen = ids_by_source.find(d.source);
      if (seen != ids_by_source.end() && seen->second.count(d.id) != 0) continue;
      SG_RETURN_IF_ERROR(store_.DeleteKbDocument(d.id));
      std::lock_guard lock(index_mu_);
      if (vectors_) RemoveVectors(*vectors_, d.id, PassageCount(d.content));
      if (index_) SG_RETURN_IF_ERROR(RemoveFromIndex(*index_, d.id, PassageCount(d.content)));
      ++summary.removed;
    }
  }
  NoteOwnChange();
  std::lock_guard lock(index_mu_);
  if (index_) SG_RETURN_IF_ERROR(index_->Commit());
  return summary;
}

void KnowledgeBase::NoteOwnChange() {
  // This process's index already holds its own change; only others' need a rebuild.
  auto revision = store_.KbRevision();
  if (revision.ok()) built_revision_ = *revision;
}

Result<std::vector<KbHit>> KnowledgeBase::Search(std::string_view query, std::size_t top,
                                                 const std::string& department) const {
  std::shared_ptr<SearchIndex> index;
  std::shared_ptr<VectorIndex> vectors;
  {
    std::lock_guard lock(index_mu_);
    index = index_;
    vectors = vectors_;
  }
  if (!index) return Status::Unavailable("the knowledge base index is still being built");
  SearchOptions options;
  // Passages of one document may take several places: fetch more, keep each entry's best.
  options.top = top * 3;
  options.now = clock_.Now();
  options.department = department;
  SG_ASSIGN_OR_RETURN(auto hits, index->Search(query, options));
  if (vectors && embedder_) {
    // A failing endpoint costs the dense half of this search, never the answer.
    auto embedded = embedder_({std::string(query)});
    if (embedded.ok() && embedded->size() == 1) {
      hits = FuseRankings({hits, vectors->Search(embedded->front(), options)});
    }
  }
  std::vector<KbHit> out;
  std::set<std::string> seen;
  for (const auto& h : hits) {
    auto [entry_id, passage] = SplitHitId(h.id);
    if (!seen.insert(entry_id).second) continue;
    auto entry = EntryFromJson(h.payload);
    if (!entry.ok()) return entry.status().WithContext("index entry " + h.id);
    out.push_back({std::move(entry).value(), h.score, passage});
    if (out.size() == top) break;
  }
  return out;
}

}  // namespace smartgov
