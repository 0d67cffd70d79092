// The normaliser (common/normalise.h): tokenize, fold_word, fold_variants, fold_phrase under
// every Cyrillic scheme, and the inflection key. Text need not be valid UTF-8.
//
// Checked: token offsets are in bounds, ordered, on UTF-8 boundaries (for valid text) and cover
// only word characters' bytes; folded tokens are non-empty valid UTF-8 and equal to fold_word
// of their own bytes, and to the transliterators' fold (fold_word's tables for accented Latin
// and Cyrillic are a shortcut past them); fold_phrase is the tokens joined; the Auto fold is the
// first variant.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/normalise.h"
#include "common/error.h"
#include "fuzz_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static dossier::Normaliser normaliser;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (dossier::CyrillicScheme scheme : {dossier::CyrillicScheme::Auto, dossier::CyrillicScheme::Serbian,
                                          dossier::CyrillicScheme::Russian, dossier::CyrillicScheme::Ukrainian}) {
    const auto tokens = normaliser.tokenize(text, scheme);
    fuzz::check_tokens(text, tokens, "tokenize");
    std::string joined;
    for (const auto& token : tokens) {
      const std::string_view original = text.substr(token.begin, token.end - token.begin);
      const std::string again = normaliser.fold_word(original, scheme);
      FUZZ_CHECK(again == token.folded, "fold_word of a token's bytes differs from its folded form");
      FUZZ_CHECK(normaliser.fold_word_by_transliteration(original, scheme) == token.folded,
                 "fold_word's shortcut differs from the transliterators");
      const std::string key = dossier::inflection_key(token.folded);
      FUZZ_CHECK(!key.empty() && token.folded.rfind(key, 0) == 0, "inflection key is not a non-empty prefix");
      if (!joined.empty()) joined += ' ';
      joined += token.folded;
    }
    FUZZ_CHECK(normaliser.fold_phrase(text, scheme) == joined, "fold_phrase differs from the joined tokens");
  }
  // The whole input as one word.
  const std::string folded = normaliser.fold_word(text);
  FUZZ_CHECK(fuzz::valid_utf8(folded), "fold_word output is not valid UTF-8");
  const auto variants = normaliser.fold_variants(text);
  FUZZ_CHECK(!variants.empty() && variants.front() == folded, "fold_variants does not start with the Auto fold");
  for (const auto& variant : variants) FUZZ_CHECK(fuzz::valid_utf8(variant), "variant is not valid UTF-8");
  (void)dossier::is_inflected_language(text);
  (void)dossier::scheme_for_language(text);
  return 0;
}
