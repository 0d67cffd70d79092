// What dossier-index does with one parsed article, replayed without a database so that every
// fuzzed article also goes through tokenising, entity matching, the focus rule, the document
// builder, the stored record and the --dump-passages line; each step's output is checked.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>

#include "common/entity_matcher.h"
#include "common/focus.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/terminal.h"
#include "fuzz_support.h"
#include "indexer/document_builder.h"
#include "indexer/tagging.h"

namespace fuzz {

// Glass refuses terms longer than this; one such term would stop a whole indexing run.
constexpr std::size_t kXapianMaxTermBytes = 245;
// indexer.cpp skips articles with longer ids before building documents.
constexpr std::size_t kIndexerMaxIdBytes = 200;

inline void check_tokens(std::string_view text, const std::vector<dossier::Token>& tokens, const char* what) {
  std::vector<bool> boundary;
  const bool valid = decode_utf8(text, nullptr, &boundary);
  std::size_t previous_end = 0;
  for (const dossier::Token& token : tokens) {
    FUZZ_CHECK(token.begin < token.end && token.end <= text.size(), "%s: token [%zu, %zu) out of bounds (%zu bytes)",
               what, token.begin, token.end, text.size());
    FUZZ_CHECK(token.begin >= previous_end, "%s: tokens overlap or go backwards at %zu", what, token.begin);
    previous_end = token.end;
    if (valid) {
      FUZZ_CHECK(boundary[token.begin] && boundary[token.end], "%s: token [%zu, %zu) splits a UTF-8 sequence", what,
                 token.begin, token.end);
    }
    FUZZ_CHECK(!token.folded.empty(), "%s: empty folded token at %zu", what, token.begin);
    FUZZ_CHECK(valid_utf8(token.folded), "%s: folded token at %zu is not valid UTF-8", what, token.begin);
  }
}

inline void check_mentions(std::string_view text, const std::vector<dossier::EntityMention>& mentions, const char* what) {
  std::vector<bool> boundary;
  const bool valid = decode_utf8(text, nullptr, &boundary);
  for (const dossier::EntityMention& m : mentions) {
    FUZZ_CHECK(m.begin < m.end && m.end <= text.size(), "%s: mention %s [%zu, %zu) out of bounds", what, m.id.c_str(),
               m.begin, m.end);
    if (valid) FUZZ_CHECK(boundary[m.begin] && boundary[m.end], "%s: mention %s splits a UTF-8 sequence", what, m.id.c_str());
    FUZZ_CHECK(m.mention == text.substr(m.begin, m.end - m.begin), "%s: mention text of %s differs from its offsets",
               what, m.id.c_str());
    FUZZ_CHECK(!m.id.empty() && !m.facet.empty() && !m.rule.empty(), "%s: incomplete mention", what);
  }
}

class Pipeline {
 public:
  Pipeline()
      : gazetteer_(dossier::load_gazetteer_dir(DOSSIER_SOURCE_DIR "/corpus/gazetteers")),
        matcher_(gazetteer_, matcher_normaliser_),
        tagger_(gazetteer_, matcher_),
        builder_(tagger_.normaliser()) {}

  dossier::Normaliser& normaliser() { return tagger_.normaliser(); }

  void check(dossier::Article& article) {
    using dossier::Passage;
    FUZZ_CHECK(!article.passages.empty(), "article %s has no passages", article.meta.id.c_str());
    const auto& meta = article.meta;
    for (const std::string* field : {&meta.id, &meta.title, &meta.date, &meta.source, &meta.url, &meta.language}) {
      FUZZ_CHECK(valid_utf8(*field), "article metadata is not valid UTF-8");
    }
    FUZZ_CHECK(!meta.id.empty(), "article without id");
    FUZZ_CHECK(meta.date.empty() || meta.date.size() == 10, "date '%s' is not YYYY-MM-DD", meta.date.c_str());
    const dossier::CyrillicScheme scheme = dossier::scheme_for_language(meta.language);
    for (std::size_t i = 0; i < article.passages.size(); ++i) {
      const Passage& passage = article.passages[i];
      FUZZ_CHECK(passage.index == i, "passage %zu numbered %zu", i, passage.index);
      FUZZ_CHECK(!passage.text.empty(), "passage %zu is empty", i);
      FUZZ_CHECK(valid_utf8(passage.text), "passage %zu text is not valid UTF-8", i);
      FUZZ_CHECK(valid_utf8(passage.attribution.kind) && valid_utf8(passage.attribution.text),
                 "passage %zu attribution is not valid UTF-8", i);
    }
    // The indexer's own tagging step (tokens, mentions, affiliations, focus countries).
    const std::vector<std::vector<dossier::Token>> tokens = tagger_.tag(article);
    FUZZ_CHECK(tokens.size() == article.passages.size(), "tokens for %zu of %zu passages", tokens.size(),
               article.passages.size());
    for (std::size_t i = 0; i < article.passages.size(); ++i) {
      check_tokens(article.passages[i].text, tokens[i], "passage tokens");
      check_mentions(article.passages[i].text, article.passages[i].entities, "passage mentions");
    }
    const auto title_tokens = normaliser().tokenize(meta.title, scheme);
    check_tokens(meta.title, title_tokens, "title tokens");
    check_mentions(meta.title, matcher_.match(meta.title, title_tokens, dossier::is_inflected_language(meta.language)),
                   "title mentions");
    FUZZ_CHECK(dossier::find_dateline_end(article.passages.front().text) <= article.passages.front().text.size(),
               "dateline end past the lead");

    for (std::size_t i = 0; i < article.passages.size(); ++i) {
      const Passage& passage = article.passages[i];
      // The --dump-passages line: escaped for the terminal, yet it parses back to the same text.
      const nlohmann::json line = {{"article_id", meta.id},
                                   {"text", passage.text},
                                   {"attribution", dossier::attribution_json(passage.attribution)},
                                   {"title", meta.title},
                                   {"origin", article.origin}};
      const std::string printed = dossier::escape_json_for_terminal(line.dump());
      check_terminal_safe(printed, "--dump-passages line");
      FUZZ_CHECK(nlohmann::json::parse(printed) == line, "--dump-passages line does not parse back to its content");

      if (meta.id.size() > kIndexerMaxIdBytes) continue;  // the indexer skips the article here
      const Xapian::Document doc = builder_.build(meta, passage, tokens[i], scheme);
      for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        const std::string name = *term;
        FUZZ_CHECK(!name.empty(), "empty term");
        FUZZ_CHECK(name.size() <= kXapianMaxTermBytes,
                   "term of %zu bytes (Xapian's limit is %zu: add_document throws and the whole run stops): %.80s...",
                   name.size(), kXapianMaxTermBytes, name.c_str());
      }
      const dossier::PassageRecord record = dossier::decode_record(doc.get_data());
      FUZZ_CHECK(record.passage.text == passage.text && record.passage.index == passage.index &&
                     record.article.id == meta.id && record.article.title == meta.title &&
                     record.passage.attribution.kind == passage.attribution.kind &&
                     record.passage.attribution.text == passage.attribution.text &&
                     record.passage.entities.size() == passage.entities.size(),
                 "stored record does not round-trip");
    }
  }

 private:
  dossier::Normaliser matcher_normaliser_;
  dossier::Gazetteer gazetteer_;
  dossier::EntityMatcher matcher_;
  dossier::Tagger tagger_;
  dossier::DocumentBuilder builder_;
};

}  // namespace fuzz
