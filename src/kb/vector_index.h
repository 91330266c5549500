// VectorIndex: approximate nearest neighbours (hnswlib) over unit-length
// embeddings, for dense retrieval beside the lexical index.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb/search_index.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
class InnerProductSpace;
}  // namespace hnswlib

namespace smartgov {

// Thread-safe: searches share a lock, changes take it alone.
class VectorIndex {
 public:
  explicit VectorIndex(std::size_t dimensions);
  ~VectorIndex();

  std::size_t dimensions() const { return dimensions_; }
  // Adds or replaces `doc` (its id, department, validity and payload are kept).
  // REQUIRES: vector.size() == dimensions() and unit length.
  void Put(const IndexedDocument& doc, const std::vector<float>& vector);
  void Remove(const std::string& id);
  // Nearest documents to `query`, best first, filtered like SearchIndex::Search.
  std::vector<SearchHit> Search(const std::vector<float>& query,
                                const SearchOptions& options) const;

 private:
  struct Item {
    IndexedDocument doc;  // without the text fields
    bool live = true;
  };
  const std::size_t dimensions_;
  std::unique_ptr<hnswlib::InnerProductSpace> space_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw_;  // guarded by mu_
  std::vector<Item> items_;                                // guarded by mu_; label = position
  std::unordered_map<std::string, std::size_t> labels_;    // guarded by mu_
};

// Reciprocal rank fusion of ranked lists: each document scores Σ 1/(k + rank).
std::vector<SearchHit> FuseRankings(const std::vector<std::vector<SearchHit>>& rankings,
                                    std::size_t k = 60);

}  // namespace smartgov
