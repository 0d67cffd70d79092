// Turns a tagged article into Xapian documents following common/schema.h: one document per
// passage (the passage shards) and one per article (the article shards, schema::article_dir_name).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/facet_codes.h"  // encode_facet_codes
#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(Normaliser& normaliser);

  // One passage document. tokens are the passage text's tokens (already computed for tagging).
  // Its copy label is the article's own (copy_label(article.id)).
  Xapian::Document build(const ArticleMeta& article, const Passage& passage, const std::vector<Token>& tokens,
                         CyrillicScheme scheme);

  // The article document of a tagged article: its title and every passage's words as "Z" terms
  // (the title once; the lead's words schema::kArticleLeadWeight times where the article has
  // several passages), the title as "ZS" terms, all without positions; XART; every filter term
  // of its passages; kSlotArticleId. tokens[i] are the tokens of passage i (as for build()).
  Xapian::Document build_article(const Article& article, const std::vector<std::vector<Token>>& tokens,
                                 CyrillicScheme scheme);

  // Both at once, each word stemmed once: the same documents as build() for every passage and
  // build_article() (what the shard writers use), the passages labelled with article.copy_group.
  struct ArticleDocuments {
    std::vector<Xapian::Document> passages;
    Xapian::Document article;
  };
  ArticleDocuments build_documents(const Article& article, const std::vector<std::vector<Token>>& tokens,
                                   CyrillicScheme scheme);

  // Terms longer than this (folded bytes) are not indexed: Xapian's limit is 245 and such
  // "words" are base64 blobs or URLs, never what anyone searches for.
  static constexpr std::size_t kMaxTermBytes = 64;

 private:
  // The one place words become terms: calls add(stem, position) for every indexed stem of the
  // tokens of text (positions from 1; a Cyrillic word's other-scheme folds at its position).
  template <typename Add>
  void for_each_stem(std::string_view text, const std::vector<Token>& tokens, Add&& add);

  // Where a passage's body words also go: the article document ("Z", no positions), each
  // occurrence counted wdf times (article_wdf()).
  struct ArticleWords {
    Xapian::Document* document = nullptr;  // null: nowhere
    Xapian::termcount wdf = 1;
  };
  // A passage document; its body words are also added to article_words. copy_label: the
  // article's (kSlotCopyGroup).
  Xapian::Document build_passage(const ArticleMeta& article, const Passage& passage, const std::vector<Token>& tokens,
                                 const std::vector<Token>& title_tokens, CyrillicScheme scheme,
                                 const std::string& copy_label, ArticleWords article_words,
                                 const SourceOrigin& origin = {});
  // "ZS" title terms (with positions or not) and, for the author's title, "Z" terms without.
  void add_title_terms(Xapian::Document& doc, const ArticleMeta& article, const std::vector<Token>& title_tokens,
                       bool with_positions);
  // Everything of the article document but its passages' body words.
  void finish_article(Xapian::Document& doc, const Article& article, const std::vector<Token>& title_tokens);

  Normaliser& normaliser_;
  Xapian::Stem stemmer_;
};

}  // namespace dossier
