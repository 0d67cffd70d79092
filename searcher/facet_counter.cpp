#include "searcher/facet_counter.h"

#include "common/schema.h"

namespace dossier {

std::vector<std::string> split_facet_codes(const std::string& value) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find('\x1f', start);
    if (end == std::string::npos) end = value.size();
    if (end > start) codes.emplace_back(value, start, end - start);
    start = end + 1;
  }
  return codes;
}

std::uint32_t FacetCounter::article_number(const std::string& article_id) {
  const auto [it, inserted] = article_numbers_.emplace(article_id, static_cast<std::uint32_t>(article_numbers_.size()));
  return it->second;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++passages_;
  const std::uint32_t article = article_number(doc.get_value(schema::kSlotArticleId));
  for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
    if (unit_ == CountUnit::Articles) {
      article_sets_[code].insert(article);
    } else {
      ++passage_counts_[code];
    }
  }
}

std::map<std::string, std::size_t> FacetCounter::counts(schema::Facet facet) const {
  std::map<std::string, std::size_t> out;
  const char letter = static_cast<char>(facet);
  const auto take = [&](const std::string& code, std::size_t count) {
    if (code.size() > 2 && code[0] == letter && code[1] == ':') out[code.substr(2)] = count;
  };
  for (const auto& [code, articles] : article_sets_) take(code, articles.size());
  for (const auto& [code, count] : passage_counts_) take(code, count);
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
    std::size_t start = 0;
    while (start < codes.size()) {
      std::size_t end = codes.find('\x1f', start);
      if (end == std::string_view::npos) end = codes.size();
      if (end > start) {
        std::string code(codes.substr(start, end - start));
        if (unit_ == CountUnit::Articles) {
          article_sets[std::move(code)].insert(id);
        } else {
          counts_[std::move(code)] += it.get_termfreq();  // passages with exactly this value
        }
      }
      start = end + 1;
    }
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
