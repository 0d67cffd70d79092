// Exact facet counts over every match. Xapian's ValueCountMatchSpy counts whole slot values
// and samples when not all matches are checked; this spy splits the facet codes of
// schema::kSlotFacets and counts distinct articles (default) or passages per facet value.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/schema.h"

namespace dossier {

enum class CountUnit { Articles, Passages };

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(CountUnit unit) : unit_(unit) {}

  void operator()(const Xapian::Document& doc, double weight) override;

  // Number of passages and distinct articles seen.
  std::size_t passages() const { return passages_; }
  std::size_t articles() const { return article_numbers_.size(); }

  // Counts per facet value id, for one facet.
  std::map<std::string, std::size_t> counts(schema::Facet facet) const;

 private:
  std::uint32_t article_number(const std::string& article_id);

  CountUnit unit_;
  std::size_t passages_ = 0;
  std::unordered_map<std::string, std::uint32_t> article_numbers_;
  // Per facet code ("C:RU"): the articles seen (Articles) or a passage count (Passages).
  std::unordered_map<std::string, std::unordered_set<std::uint32_t>> article_sets_;
  std::unordered_map<std::string, std::size_t> passage_counts_;
};

// Splits a kSlotFacets value into its codes.
std::vector<std::string> split_facet_codes(const std::string& value);

}  // namespace dossier
