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

}  // namespace dossier
