#include "searcher/facet_counters.h"

#include <unordered_set>

#include "common/facet_ids.h"
#include "common/schema.h"

namespace dossier {

bool LocalFacetCounter::absorb(FacetCounter& other) {
  auto* local = dynamic_cast<LocalFacetCounter*>(&other);
  if (local == nullptr) return false;
  spy_.absorb(local->spy_);
  return true;
}

void SlotFacetCounter::decode() const {
  if (decoded_) return;
  decoded_ = true;
  std::unordered_map<std::string, std::unordered_set<std::uint32_t>> article_sets;
  for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
    const std::string value = *it;
    std::string_view article, codes;
    if (!schema::split_article_facets_value(value, article, codes)) continue;
    const auto number = static_cast<std::uint32_t>(articles_.size());
    const std::uint32_t id = articles_.emplace(article, number).first->second;
    for_each_facet_code(codes, [&](std::string_view code) {
      if (unit_ == CountUnit::Articles) {
        article_sets[std::string(code)].insert(id);
      } else {
        counts_[std::string(code)] += it.get_termfreq();  // passages with exactly this value
      }
    });
  }
  for (const auto& [code, set] : article_sets) counts_[code] = set.size();
}

std::size_t SlotFacetCounter::passages() const {
  return spy_.get_total();  // every passage has a (non-empty) value
}

std::size_t SlotFacetCounter::articles() const {
  decode();
  return articles_.size();
}

FacetCounts SlotFacetCounter::counts(schema::Facet facet) const {
  decode();
  FacetCounts out;
  const char letter = static_cast<char>(facet);
  for (const auto& [code, count] : counts_) {
    if (code.size() > 2 && code[0] == letter && code[1] == ':') out.emplace_back(std::string_view(code).substr(2), count);
  }
  return out;
}

std::unique_ptr<FacetCounter> make_facet_counter(FacetMethod method, CountUnit unit, const FacetCodeTables* tables) {
  if (method == FacetMethod::Slot || tables == nullptr) return std::make_unique<SlotFacetCounter>(unit);
  return std::make_unique<LocalFacetCounter>(unit, *tables);
}

}  // namespace dossier
