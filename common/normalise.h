// Text normalisation shared by the tagger, the indexer, the query parser and the snippet maker.
// Text is split into word tokens over the ORIGINAL bytes, and each token is folded separately,
// so a folded form can always be mapped back to exact byte offsets in the original text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// How Cyrillic is transliterated before folding. Serbian Cyrillic maps exactly onto Serbian
// Latin (Љубљана -> Ljubljana); Russian and Ukrainian follow BGN/PCGN (Захарова -> Zakharova).
enum class CyrillicScheme { Auto, Serbian, Russian, Ukrainian };

// "sr", "sr-Cyrl", "mk", "bs" -> Serbian; "ru", "be" -> Russian; "uk" -> Ukrainian; else Auto.
CyrillicScheme scheme_for_language(std::string_view language);

struct Token {
  std::size_t begin = 0;  // byte offsets into the original text
  std::size_t end = 0;
  std::string folded;     // NFKC, Latin script, no diacritics, case folded; never empty
};

class Normaliser {
 public:
  Normaliser();
  ~Normaliser();
  Normaliser(const Normaliser&) = delete;
  Normaliser& operator=(const Normaliser&) = delete;

  // Folds one word. Auto picks the scheme from the word's letters (Serbian-only letters such as
  // ђ ј љ -> Serbian, Ukrainian-only letters such as і ї є -> Ukrainian, otherwise Russian).
  std::string fold_word(std::string_view word, CyrillicScheme scheme = CyrillicScheme::Auto);
  // fold_word through ICU's transliterators always, without the shortcuts (words whose letters
  // are ASCII once their accents are off, Cyrillic by table: cyrillic_fold.h) nor the cache: the
  // reference the shortcuts are tested against.
  std::string fold_word_by_transliteration(std::string_view word, CyrillicScheme scheme = CyrillicScheme::Auto);

  // The distinct folds of a word that could be meant, the Auto fold first: one when its letters
  // identify the language (Вучић, Київ), else its Russian and Serbian folds (Приштина ->
  // prishtina, pristina). A query word of unknown language matches text indexed either way.
  std::vector<std::string> fold_variants(std::string_view word);

  // Word tokens of text (letters, digits and combining marks; format characters such as
  // zero-width spaces are skipped inside a word). Text need not be valid UTF-8.
  std::vector<Token> tokenize(std::string_view text, CyrillicScheme scheme = CyrillicScheme::Auto);

  // Folded tokens joined by single spaces: the form names are compared in.
  std::string fold_phrase(std::string_view text, CyrillicScheme scheme = CyrillicScheme::Auto);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Languages whose nouns inflect for case (Serbian, Croatian, Bosnian, Macedonian, Russian,
// Ukrainian, ...): the entity matcher compares case-ending-stripped keys there.
bool is_inflected_language(std::string_view language);

// The stem key of a folded word of an inflected language: one case ending stripped (the
// longest that leaves at least 4 letters). Srbija/Srbije/Srbiji -> "srbij", Moskva/Moskve/
// Moskvoy -> "moskv", Rossiya/Rossii/Rossiyey -> "rossi".
std::string inflection_key(const std::string& folded);

// True for code points that belong inside a word token.
bool is_word_char(char32_t cp);
// True for invisible format characters (zero-width space/joiners, soft hyphen, bidi marks).
bool is_format_char(char32_t cp);

}  // namespace dossier
