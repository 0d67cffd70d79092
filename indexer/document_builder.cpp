#include "indexer/document_builder.h"

#include <algorithm>
#include <set>

#include "common/record.h"
#include "common/schema.h"
#include "common/utf8.h"

namespace dossier {

namespace {

bool has_cyrillic(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = utf8::next(text, pos);
    if (cp >= 0x0400 && cp <= 0x052F) return true;
  }
  return false;
}

std::string date_value(std::string_view iso_date) {
  if (iso_date.size() != 10) return {};
  std::string value;
  value += iso_date.substr(0, 4);
  value += iso_date.substr(5, 2);
  value += iso_date.substr(8, 2);
  return value;
}

}  // namespace

DocumentBuilder::DocumentBuilder(Normaliser& normaliser) : normaliser_(normaliser), stemmer_("english") {}

void DocumentBuilder::index_tokens(Xapian::Document& doc, std::string_view text, const std::vector<Token>& tokens,
                                   std::string_view prefix, bool also_body) {
  // Only stemmed terms, with positions (QueryParser's STEM_ALL_Z): queries use stems anyway,
  // phrases match on stem positions, and leaving out the unstemmed copy of every word cut the
  // indexing CPU time by a third and the index by a sixth (README, "Indexing").
  Xapian::termpos position = 0;
  const std::string stem_prefix = "Z" + std::string(prefix);
  for (const Token& token : tokens) {
    ++position;
    if (token.folded.size() > kMaxTermBytes) continue;
    const auto add = [&](const std::string& stem) {
      doc.add_posting(stem_prefix + stem, position);
      if (also_body) doc.add_term("Z" + stem);  // without a position: no phrase runs into the text
    };
    add(stemmer_(token.folded));
    // A Cyrillic word also gets its folds under the other schemes at the same position, so
    // that a query in any script or transliteration finds it.
    const std::string_view original = text.substr(token.begin, token.end - token.begin);
    if (has_cyrillic(original)) {
      for (const std::string& variant : normaliser_.fold_variants(original)) {
        if (variant == token.folded || variant.size() > kMaxTermBytes) continue;
        add(stemmer_(variant));
      }
    }
  }
}

Xapian::Document DocumentBuilder::build(const ArticleMeta& article, const Passage& passage,
                                        const std::vector<Token>& tokens, CyrillicScheme scheme) {
  Xapian::Document doc;
  index_tokens(doc, passage.text, tokens, "", false);
  // The author's title also counts as body words of every passage (in the same pass): free-text
  // queries then find an article titled "Javelin deliveries" in all its passages. Measured on
  // the IR collections: README, "Ranking". A title made from the first sentence is not added.
  index_tokens(doc, article.title, normaliser_.tokenize(article.title, scheme), schema::kPrefixTitle,
               !article.title_is_fallback);
  if (!passage.attribution.text.empty()) {
    index_tokens(doc, passage.attribution.text, normaliser_.tokenize(passage.attribution.text, scheme),
                 schema::kPrefixAttribution, false);
  }

  doc.add_boolean_term(schema::passage_id_term(article.id, passage.index));
  doc.add_boolean_term(schema::article_term(article.id));
  for (const auto& mention : passage.entities) {
    schema::Facet facet;
    if (schema::parse_facet_name(mention.facet, facet)) {
      doc.add_boolean_term(std::string(schema::facet_prefix(facet)) + mention.id);
    }
  }
  for (const auto& country : article.focus_countries) {
    doc.add_boolean_term(std::string(schema::kPrefixCountryFocus) + country);
  }
  for (const auto& affiliation : passage.affiliations) {
    doc.add_boolean_term(std::string(schema::kPrefixAffiliation) + affiliation);
  }
  if (!passage.attribution.kind.empty()) {
    doc.add_boolean_term(std::string(schema::kPrefixKind) + schema::slug(passage.attribution.kind));
  }
  // Xapian refuses terms over 245 bytes, which would fail the whole run for one odd header:
  // a language code is short or not a language code; a source's filter term is cut.
  constexpr std::size_t kMaxLanguage = 35, kMaxSourceSlug = 120;
  if (!article.language.empty() && article.language.size() <= kMaxLanguage) {
    doc.add_boolean_term(std::string(schema::kPrefixLanguage) + article.language);
  }
  if (!article.source.empty()) {
    doc.add_boolean_term(std::string(schema::kPrefixSource) + std::string(utf8::truncate(schema::slug(article.source), kMaxSourceSlug)));
  }

  doc.add_value(schema::kSlotArticleId, article.id);
  if (const std::string date = date_value(article.date); !date.empty()) {
    doc.add_value(schema::kSlotDate, date);
    for (const std::string& term : schema::date_terms(date)) doc.add_boolean_term(term);
  }
  doc.add_value(schema::kSlotPassageIndex, Xapian::sortable_serialise(static_cast<double>(passage.index)));
  const std::string codes = encode_facet_codes(passage.entities);
  if (!codes.empty()) doc.add_value(schema::kSlotFacets, codes);
  doc.add_value(schema::kSlotArticleFacets, schema::article_facets_value(article.id, codes));
  doc.set_data(encode_record(article, passage));
  return doc;
}

}  // namespace dossier
