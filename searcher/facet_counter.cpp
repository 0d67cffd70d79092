#include "searcher/facet_counter.h"

#include <algorithm>

#include "common/schema.h"

namespace dossier {

namespace {

// Calls visit(code) for each non-empty code of a '\x1f'-joined list (kSlotFacets, or the codes
// part of a kSlotArticleFacets value), without copying.
template <typename Visit>
void for_each_facet_code(std::string_view codes, Visit&& visit) {
  std::size_t start = 0;
  while (start < codes.size()) {
    std::size_t end = codes.find('\x1f', start);
    if (end == std::string_view::npos) end = codes.size();
    if (end > start) visit(codes.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> split_facet_codes(const std::string& value) {
  std::vector<std::string> codes;
  for_each_facet_code(value, [&](std::string_view code) { codes.emplace_back(code); });
  return codes;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++passages_;
  const std::string value = doc.get_value(schema::kSlotArticleFacets);
  std::string_view article, codes;
  if (!schema::split_article_facets_value(value, article, codes)) return;  // not written by Dossier
  if (!have_last_ || article != last_article_) {
    last_article_.assign(article);
    last_number_ = article_numbers_.emplace(last_article_, static_cast<std::uint32_t>(article_numbers_.size())).first->second;
    have_last_ = true;
  }
  for_each_facet_code(codes, [&](std::string_view code) {
    auto it = codes_.find(code);
    if (it == codes_.end()) it = codes_.emplace(std::string(code), CodeTally{}).first;
    CodeTally& tally = it->second;
    ++tally.passages;
    if (unit_ == CountUnit::Articles && (tally.articles.empty() || tally.articles.back() != last_number_)) {
      tally.articles.push_back(last_number_);
    }
  });
}

std::map<std::string, std::size_t> FacetCounter::counts(schema::Facet facet) const {
  std::map<std::string, std::size_t> out;
  const char letter = static_cast<char>(facet);
  for (const auto& [code, tally] : codes_) {
    if (code.size() <= 2 || code[0] != letter || code[1] != ':') continue;
    std::size_t count = tally.passages;
    if (unit_ == CountUnit::Articles) {
      std::vector<std::uint32_t> articles = tally.articles;
      std::sort(articles.begin(), articles.end());
      count = static_cast<std::size_t>(std::unique(articles.begin(), articles.end()) - articles.begin());
    }
    out[code.substr(2)] = count;
  }
  return out;
}

void SlotFacetTally::decode() const {
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

std::size_t SlotFacetTally::passages() const {
  return spy_.get_total();  // every passage has a (non-empty) value
}

std::size_t SlotFacetTally::articles() const {
  decode();
  return articles_.size();
}

std::map<std::string, std::size_t> SlotFacetTally::counts(schema::Facet facet) const {
  decode();
  std::map<std::string, std::size_t> out;
  const char letter = static_cast<char>(facet);
  for (const auto& [code, count] : counts_) {
    if (code.size() > 2 && code[0] == letter && code[1] == ':') out[code.substr(2)] = count;
  }
  return out;
}

std::unique_ptr<FacetTally> make_facet_tally(FacetMethod method, CountUnit unit) {
  if (method == FacetMethod::Slot) return std::make_unique<SlotFacetTally>(unit);
  return std::make_unique<LocalFacetTally>(unit);
}

}  // namespace dossier
