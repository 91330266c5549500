#include "kb/vector_index.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace smartgov {
namespace {
constexpr std::size_t kInitialCapacity = 1024;
}  // namespace

VectorIndex::VectorIndex(std::size_t dimensions)
    : dimensions_(dimensions),
      space_(std::make_unique<hnswlib::InnerProductSpace>(dimensions)),
      hnsw_(std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), kInitialCapacity, 16,
                                                              200)) {
  hnsw_->setEf(64);
}

VectorIndex::~VectorIndex() = default;

void VectorIndex::Put(const IndexedDocument& doc, const std::vector<float>& vector) {
  SG_ASSERT(vector.size() == dimensions_);
  std::unique_lock lock(mu_);
  if (auto it = labels_.find(doc.id); it != labels_.end()) {
    hnsw_->markDelete(it->second);
    items_[it->second].live = false;
  }
  if (items_.size() >= hnsw_->max_elements_) hnsw_->resizeIndex(hnsw_->max_elements_ * 2);
  Item item{doc, true};
  item.doc.questions.clear();
  item.doc.bodies.clear();
  std::size_t label = items_.size();
  items_.push_back(std::move(item));
  labels_[doc.id] = label;
  hnsw_->addPoint(vector.data(), label);
}

void VectorIndex::Remove(const std::string& id) {
  std::unique_lock lock(mu_);
  auto it = labels_.find(id);
  if (it == labels_.end()) return;
  hnsw_->markDelete(it->second);
  items_[it->second].live = false;
  labels_.erase(it);
}

std::vector<SearchHit> VectorIndex::Search(const std::vector<float>& query,
                                           const SearchOptions& options) const {
  std::vector<SearchHit> hits;
  if (query.size() != dimensions_ || options.top == 0) return hits;
  std::shared_lock lock(mu_);
  std::size_t live = labels_.size();
  if (live == 0) return hits;
  // Ask for more than needed: filtered-out documents take places.
  std::size_t k = std::min(live, options.top * 4 + 8);
  auto result = hnsw_->searchKnn(query.data(), k);
  std::vector<std::pair<float, std::size_t>> ordered;
  while (!result.empty()) {
    ordered.emplace_back(result.top().first, result.top().second);
    result.pop();
  }
  std::reverse(ordered.begin(), ordered.end());  // smallest distance first
  for (const auto& [distance, label] : ordered) {
    const Item& item = items_[label];
    if (!item.live) continue;
    const IndexedDocument& d = item.doc;
    if (!options.department.empty() && d.department != options.department) continue;
    if (options.now && ((d.valid_from && *d.valid_from > *options.now) ||
                        (d.valid_to && *d.valid_to < *options.now))) {
      continue;
    }
    hits.push_back({d.id, 1.0 - distance, d.payload});
    if (hits.size() == options.top) break;
  }
  return hits;
}

std::vector<SearchHit> FuseRankings(const std::vector<std::vector<SearchHit>>& rankings,
                                    std::size_t k) {
  std::map<std::string, SearchHit> fused;
  for (const auto& ranking : rankings) {
    for (std::size_t rank = 0; rank < ranking.size(); ++rank) {
      const SearchHit& h = ranking[rank];
      auto [it, inserted] = fused.emplace(h.id, SearchHit{h.id, 0, h.payload});
      it->second.score += 1.0 / static_cast<double>(k + rank + 1);
    }
  }
  std::vector<SearchHit> out;
  out.reserve(fused.size());
  for (auto& [id, hit] : fused) out.push_back(std::move(hit));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  return out;
}

}  // namespace smartgov
