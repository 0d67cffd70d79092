#include "indexer/document_builder.h"

#include <algorithm>
#include <set>

#include "common/copy_index.h"
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

// The filter terms of what one passage says: facets, affiliations, attribution kind, speaker.
void add_passage_filter_terms(Xapian::Document& doc, const Passage& passage) {
  for (const auto& mention : passage.entities) {
    schema::Facet facet;
    if (schema::parse_facet_name(mention.facet, facet)) {
      doc.add_boolean_term(std::string(schema::facet_prefix(facet)) + mention.id);
    }
  }
  for (const auto& affiliation : passage.affiliations) {
    doc.add_boolean_term(std::string(schema::kPrefixAffiliation) + affiliation);
  }
  if (!passage.attribution.kind.empty()) {
    doc.add_boolean_term(std::string(schema::kPrefixKind) + schema::slug(passage.attribution.kind));
  }
  if (!passage.attribution.speaker.id.empty()) {
    doc.add_boolean_term(std::string(schema::kPrefixSpeaker) + passage.attribution.speaker.id);
  }
}

// The filter terms every passage of an article shares: focus, language, source, date.
void add_article_filter_terms(Xapian::Document& doc, const ArticleMeta& article) {
  for (const auto& country : article.focus_countries) {
    doc.add_boolean_term(std::string(schema::kPrefixCountryFocus) + country);
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
  for (const std::string& term : schema::date_terms(date_value(article.date))) doc.add_boolean_term(term);
}

// How many times each word of passage i counts in the article document: the lead of an article
// of several paragraphs counts schema::kArticleLeadWeight times. News is written as an inverted
// pyramid, the lead saying what the story is about; measured on Reuters-21578 topics in
// docs/ranking.md. An article of one passage keeps its words' own counts (its whole text is the
// lead: weighting it would only rescale BM25's k1).
Xapian::termcount article_wdf(const Article& article, std::size_t i) {
  return i == 0 && article.passages.size() > 1 ? schema::kArticleLeadWeight : 1;
}

}  // namespace

DocumentBuilder::DocumentBuilder(Normaliser& normaliser) : normaliser_(normaliser), stemmer_("english") {}

template <typename Add>
void DocumentBuilder::for_each_stem(std::string_view text, const std::vector<Token>& tokens, Add&& add) {
  // Only stemmed terms (QueryParser's STEM_ALL_Z): queries use stems anyway, phrases match on
  // stem positions, and leaving out the unstemmed copy of every word cut the indexing CPU time
  // by a third and the index by a sixth (docs/performance.md).
  Xapian::termpos position = 0;
  for (const Token& token : tokens) {
    ++position;
    if (token.folded.size() > kMaxTermBytes) continue;
    add(stemmer_(token.folded), position);
    // A Cyrillic word also gets its folds under the other schemes at the same position, so
    // that a query in any script or transliteration finds it.
    const std::string_view original = text.substr(token.begin, token.end - token.begin);
    if (has_cyrillic(original)) {
      for (const std::string& variant : normaliser_.fold_variants(original)) {
        if (variant == token.folded || variant.size() > kMaxTermBytes) continue;
        add(stemmer_(variant), position);
      }
    }
  }
}

void DocumentBuilder::add_title_terms(Xapian::Document& doc, const ArticleMeta& article,
                                      const std::vector<Token>& title_tokens, bool with_positions) {
  // The author's title also counts as body words (without positions: no phrase runs into the
  // text): free-text queries then find an article titled "Javelin deliveries" in all its
  // passages. Measured on the IR collections: docs/ranking.md. A title made from the first
  // sentence is not added.
  const std::string title_prefix = "Z" + std::string(schema::kPrefixTitle);
  for_each_stem(article.title, title_tokens, [&](const std::string& stem, Xapian::termpos position) {
    if (with_positions) {
      doc.add_posting(title_prefix + stem, position);
    } else {
      doc.add_term(title_prefix + stem);
    }
    if (!article.title_is_fallback) doc.add_term("Z" + stem);
  });
}

Xapian::Document DocumentBuilder::build_passage(const ArticleMeta& article, const Passage& passage,
                                                const std::vector<Token>& tokens,
                                                const std::vector<Token>& title_tokens, CyrillicScheme scheme,
                                                const std::string& copy_label, ArticleWords article_words,
                                                const SourceOrigin& origin) {
  Xapian::Document doc;
  for_each_stem(passage.text, tokens, [&](const std::string& stem, Xapian::termpos position) {
    const std::string term = "Z" + stem;
    doc.add_posting(term, position);
    if (article_words.document != nullptr) article_words.document->add_term(term, article_words.wdf);
  });
  add_title_terms(doc, article, title_tokens, true);
  if (!passage.attribution.text.empty()) {
    const std::string prefix = "Z" + std::string(schema::kPrefixAttribution);
    for_each_stem(passage.attribution.text, normaliser_.tokenize(passage.attribution.text, scheme),
                  [&](const std::string& stem, Xapian::termpos position) { doc.add_posting(prefix + stem, position); });
  }

  doc.add_boolean_term(schema::passage_id_term(article.id, passage.index));
  doc.add_boolean_term(schema::article_term(article.id));
  doc.add_boolean_term(schema::copy_group_term(copy_label));
  add_passage_filter_terms(doc, passage);
  add_article_filter_terms(doc, article);

  doc.add_value(schema::kSlotArticleId, article.id);
  if (const std::string date = date_value(article.date); !date.empty()) doc.add_value(schema::kSlotDate, date);
  doc.add_value(schema::kSlotPassageIndex, Xapian::sortable_serialise(static_cast<double>(passage.index)));
  const std::string codes = encode_facet_codes(passage.entities, passage.attribution.speaker.id);
  if (!codes.empty()) doc.add_value(schema::kSlotFacets, codes);
  doc.add_value(schema::kSlotArticleFacets, schema::article_facets_value(article.id, codes));
  doc.add_value(schema::kSlotCopyGroup, copy_label);
  doc.set_data(encode_record(article, passage, origin));
  return doc;
}

void DocumentBuilder::finish_article(Xapian::Document& doc, const Article& article,
                                     const std::vector<Token>& title_tokens) {
  // The title once, not once per passage as in the passage documents: an article's length and
  // its title words' wdf do not grow with its number of passages. Attribution texts are not
  // article words ("ZXT" is a passage field).
  add_title_terms(doc, article.meta, title_tokens, false);
  doc.add_boolean_term(schema::article_term(article.meta.id));
  doc.add_boolean_term(schema::copy_group_term(article.copy_group.empty() ? copy_label(article.meta.id) : article.copy_group));
  for (const Passage& passage : article.passages) add_passage_filter_terms(doc, passage);
  add_article_filter_terms(doc, article.meta);
  doc.add_boolean_term(schema::run_term(article.run));  // a filter term as its passages have (format 8)
  doc.add_value(schema::kSlotArticleId, article.meta.id);
}

Xapian::Document DocumentBuilder::build(const ArticleMeta& article, const Passage& passage,
                                        const std::vector<Token>& tokens, CyrillicScheme scheme) {
  return build_passage(article, passage, tokens, normaliser_.tokenize(article.title, scheme), scheme, copy_label(article.id),
                       {});
}

Xapian::Document DocumentBuilder::build_article(const Article& article, const std::vector<std::vector<Token>>& tokens,
                                                CyrillicScheme scheme) {
  Xapian::Document doc;
  for (std::size_t i = 0; i < article.passages.size(); ++i) {
    const Xapian::termcount wdf = article_wdf(article, i);
    for_each_stem(article.passages[i].text, tokens.at(i),
                  [&](const std::string& stem, Xapian::termpos) { doc.add_term("Z" + stem, wdf); });
  }
  finish_article(doc, article, normaliser_.tokenize(article.meta.title, scheme));
  return doc;
}

DocumentBuilder::ArticleDocuments DocumentBuilder::build_documents(const Article& article,
                                                                   const std::vector<std::vector<Token>>& tokens,
                                                                   CyrillicScheme scheme) {
  ArticleDocuments out;
  const std::vector<Token> title_tokens = normaliser_.tokenize(article.meta.title, scheme);
  const std::string label = article.copy_group.empty() ? copy_label(article.meta.id) : article.copy_group;
  out.passages.reserve(article.passages.size());
  for (std::size_t i = 0; i < article.passages.size(); ++i) {
    out.passages.push_back(build_passage(article.meta, article.passages[i], tokens.at(i), title_tokens, scheme, label,
                                         {&out.article, article_wdf(article, i)}, article.location));
    out.passages.back().add_boolean_term(schema::run_term(article.run));  // format 8
  }
  if (out.passages.size() == 1) out.passages.front().add_boolean_term(std::string(schema::kTermOnlyPassage));  // format 9
  finish_article(out.article, article, title_tokens);
  return out;
}

}  // namespace dossier
