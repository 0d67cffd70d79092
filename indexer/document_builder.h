// Turns a tagged passage into a Xapian document following common/schema.h.
#pragma once

#include <xapian.h>

#include "common/facet_codes.h"  // encode_facet_codes
#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(Normaliser& normaliser);

  // tokens are the passage text's tokens (already computed for tagging).
  Xapian::Document build(const ArticleMeta& article, const Passage& passage, const std::vector<Token>& tokens,
                         CyrillicScheme scheme);

  // Terms longer than this (folded bytes) are not indexed: Xapian's limit is 245 and such
  // "words" are base64 blobs or URLs, never what anyone searches for.
  static constexpr std::size_t kMaxTermBytes = 64;

 private:
  // Stems with positions under "Z" + prefix; also_body: each stem also as a body term ("Z"),
  // without a position.
  void index_tokens(Xapian::Document& doc, std::string_view text, const std::vector<Token>& tokens,
                    std::string_view prefix, bool also_body);

  Normaliser& normaliser_;
  Xapian::Stem stemmer_;
};


}  // namespace dossier
