// KnowledgeBase: the departments' entries, kept in the store (shared by every
// replica) and searchable through a local index built from it.
//
//   import:  files -> parse whole file -> store (versioned by content hash) -> index
//   start:   store -> index (each replica builds its own copy)
//   search:  query -> index -> entries
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "kb/entry.h"
#include "kb/search_index.h"
#include "kb/vector_index.h"
#include "store/store.h"
#include "text/analyzer.h"

namespace smartgov {

struct ImportOptions {
  std::string department;  // when set, overrides every entry's department
  bool prune = false;      // remove entries whose source files are gone or no longer hold them
  // Called after each file with entries done so far and the total to do.
  std::function<void(std::size_t done, std::size_t total, const std::string& file)> progress;
};

struct ImportSummary {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t removed = 0;
  std::size_t failed_files = 0;
  std::vector<std::string> errors;  // "file:line: what is wrong"
};

struct KbHit {
  KnowledgeEntry entry;
  double score = 0;
  std::size_t passage = 0;  // 1-based passage of a long document that matched; 0 for none
};

// Turns texts into unit-length vectors (an embeddings endpoint, in practice).
using Embedder =
    std::function<Result<std::vector<std::vector<float>>>(const std::vector<std::string>&)>;

// Thread-safe: searches run concurrently; changes are serialised.
class KnowledgeBase {
 public:
  // `store`, `analyzer` and `clock` must outlive it. The index lives in `index_dir`.
  KnowledgeBase(Store& store, const TextAnalyzer& analyzer, Clock& clock, std::string index_dir,
                RankingParams params = {});
  ~KnowledgeBase();

  // Turns on dense retrieval: documents and queries are embedded, and the
  // vector ranking is fused with the lexical one. REQUIRES: before RebuildIndex.
  void SetEmbedder(Embedder embedder) { embedder_ = std::move(embedder); }
  // OK while dense retrieval works (or is off); else why searches are lexical only.
  Status dense_status() const;

  // Builds the index afresh from every entry in the store.
  Status RebuildIndex();
  // Rebuilds when the store's entries changed since the last build (another
  // replica or the CLI imported). Returns true when it rebuilt.
  Result<bool> RefreshIfChanged();
  bool index_ready() const;

  // Imports files and directories (recursively). A file that fails to parse is
  // reported in the summary and nothing of it is written; the others go on.
  Result<ImportSummary> Import(const std::vector<std::string>& paths, const ImportOptions& options);

  // Adds or updates one entry (as the HTTP API does). Returns "added", "updated" or "unchanged".
  Result<std::string> Put(const KnowledgeEntry& entry, const std::string& source);
  Status Remove(const std::string& id);

  // Entries valid now, best first.
  Result<std::vector<KbHit>> Search(std::string_view query, std::size_t top,
                                    const std::string& department = "") const;

 private:
  // REQUIRES: write_mu_ held.
  void NoteOwnChange();
  // REQUIRES: write_mu_ held.
  Result<std::string> PutLocked(const KnowledgeEntry& entry, const std::string& source);

  Store& store_;
  const TextAnalyzer& analyzer_;
  Clock& clock_;
  const std::string index_dir_;
  const RankingParams params_;
  std::mutex write_mu_;           // serialises imports, puts and rebuilds
  std::string built_revision_;    // guarded by write_mu_: store revision the index reflects
  std::uint64_t generation_ = 0;  // guarded by write_mu_: index_dir_/<generation> holds the index
  // Embeds `docs` into `vectors` (a new index when null), or records why not;
  // searches then stay lexical.
  void EmbedInto(VectorIndex* vectors, const std::vector<IndexedDocument>& docs);

  Embedder embedder_;                     // set before use; empty when dense retrieval is off
  std::shared_ptr<SearchIndex> index_;    // guarded by index_mu_ (the pointer, not the index)
  std::shared_ptr<VectorIndex> vectors_;  // guarded by index_mu_; null without dense retrieval
  Status dense_status_;                   // guarded by index_mu_
  mutable std::mutex index_mu_;
};

}  // namespace smartgov
