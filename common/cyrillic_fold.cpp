#include "common/cyrillic_fold.h"

#include <string_view>
#include <vector>

namespace dossier {

namespace {

// A letter's fold wherever no context rule applies; nullptr outside the scheme's alphabet.
// Capitals fold as their small letters (case folding follows the transliteration).
const char* serbian_letter(char32_t small) {
  switch (small) {
    case U'а': return "a";  case U'б': return "b";  case U'в': return "v";  case U'г': return "g";
    case U'д': return "d";  case U'ђ': return "d";  case U'е': return "e";  case U'ж': return "z";
    case U'з': return "z";  case U'и': return "i";  case U'ј': return "j";  case U'к': return "k";
    case U'л': return "l";  case U'љ': return "lj"; case U'м': return "m";  case U'н': return "n";
    case U'њ': return "nj"; case U'о': return "o";  case U'п': return "p";  case U'р': return "r";
    case U'с': return "s";  case U'т': return "t";  case U'ћ': return "c";  case U'у': return "u";
    case U'ф': return "f";  case U'х': return "h";  case U'ц': return "c";  case U'ч': return "c";
    case U'џ': return "dz"; case U'ш': return "s";
    default: return nullptr;
  }
}

const char* ukrainian_letter(char32_t small) {
  switch (small) {
    case U'а': return "a";  case U'б': return "b";  case U'в': return "v";  case U'г': return "h";
    case U'ґ': return "g";  case U'д': return "d";  case U'е': return "e";  case U'є': return "ye";
    case U'ж': return "zh"; case U'з': return "z";  case U'и': return "y";  case U'і': return "i";
    case U'ї': return "yi"; case U'й': return "y";  case U'к': return "k";  case U'л': return "l";
    case U'м': return "m";  case U'н': return "n";  case U'о': return "o";  case U'п': return "p";
    case U'р': return "r";  case U'с': return "s";  case U'т': return "t";  case U'у': return "u";
    case U'ф': return "f";  case U'х': return "kh"; case U'ц': return "ts"; case U'ч': return "ch";
    case U'ш': return "sh"; case U'щ': return "shch"; case U'ю': return "yu"; case U'я': return "ya";
    case U'ь': return "";
    default: return nullptr;
  }
}

const char* russian_letter(char32_t small) {
  switch (small) {
    case U'а': return "a";  case U'б': return "b";  case U'в': return "v";  case U'г': return "g";
    case U'д': return "d";  case U'е': return "e";  case U'ё': return "e";  case U'ж': return "zh";
    case U'з': return "z";  case U'и': return "i";  case U'й': return "y";  case U'к': return "k";
    case U'л': return "l";  case U'м': return "m";  case U'н': return "n";  case U'о': return "o";
    case U'п': return "p";  case U'р': return "r";  case U'с': return "s";  case U'т': return "t";
    case U'у': return "u";  case U'ф': return "f";  case U'х': return "kh"; case U'ц': return "ts";
    case U'ч': return "ch"; case U'ш': return "sh"; case U'щ': return "shch"; case U'ъ': return "";
    case U'ы': return "y";  case U'ь': return "";   case U'э': return "e";  case U'ю': return "yu";
    case U'я': return "ya";
    default: return nullptr;
  }
}

// A letter of another of the three alphabets, which the scheme's transliterator leaves to
// Any-Latin (Cyrillic-Latin: я -> â, щ -> ŝ, ђ -> đ, ї -> ї), folded: Russian text folded as
// Serbian, as a query word's variants are.
const char* other_alphabet_letter(char32_t small) {
  switch (small) {
    case U'ё': return "e";  case U'й': return "j";  case U'ъ': return "";   case U'ы': return "y";
    case U'ь': return "";   case U'э': return "e";  case U'ю': return "u";  case U'я': return "a";
    case U'щ': return "s";  case U'ґ': return "g";  case U'є': return "e";  case U'і': return "i";
    case U'ї': return "i";  case U'ђ': return "d";  case U'ј': return "j";  case U'љ': return "l";
    case U'њ': return "n";  case U'ћ': return "c";  case U'џ': return "d";
    default: return nullptr;
  }
}

// The small letter of a capital of the basic Cyrillic block (А-Я, Ѐ-Џ); others unchanged.
char32_t small_of(char32_t cp) {
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  if (cp == 0x0490) return 0x0491;  // Ґ
  return cp;
}

bool is_ascii_alnum(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'); }

// Russian-Latin/BGN's context rules (ICU 72), as far as they survive folding (case, the
// separator · and the primes ʹ ʺ all go). A first pass runs over the text as its earlier rules
// left it: е/ё after a vowel or й ъ ь become ye/yë; ы after a vowel and э after another cased
// letter (a consonant, a Latin letter, the Latin the pass already wrote) become ·y and ·e; a later
// letter's context then sees Latin there. The second pass maps letter for letter, but е/ё at the
// start of the word become ye/yë (Ё only before a letter). Nothing else changes the fold.
class RussianWord {
 public:
  explicit RussianWord(std::u32string_view word) : word_(word), latin_(word.size(), false) {}

  std::string fold() {
    first_pass();
    std::string out;
    for (std::size_t i = 0; i < word_.size(); ++i) {
      const char32_t cp = word_[i];
      const char32_t small = small_of(cp);
      if (latin_[i]) {
        out += small == U'ы' ? "y" : small == U'э' ? "e" : "ye";
      } else if (is_ascii_alnum(cp)) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      } else if (i == 0 && (small == U'е' || small == U'ё')) {
        // [^[:L:][:M:][:N:]]{е} > ye; {Ё}[·]?[:Uppercase:] > YË and [:Lowercase:] > Yë, else Ë.
        const bool before_letter = word_.size() > 1 && !(word_[1] >= '0' && word_[1] <= '9');
        out += cp == U'Ё' && !before_letter ? "e" : "ye";
      } else {
        const char* own = russian_letter(small);
        out += own != nullptr ? own : other_alphabet_letter(small);
      }
    }
    return out;
  }

 private:
  static bool in(std::u32string_view set, char32_t cp) { return set.find(cp) != std::u32string_view::npos; }
  static constexpr std::u32string_view kUpperVowels = U"ЁАЕИОУЫЭЮЯ";
  static constexpr std::u32string_view kVowels = U"ЁАЕИОУЫЭЮЯаеиоуыэюяё";

  // The character before i as the first pass has left it: Cyrillic as written, Latin (an ASCII
  // letter, or what the pass wrote), a digit, or none at the start.
  enum class Before { None, Digit, Latin, Cyrillic };
  Before before(std::size_t i) const {
    if (i == 0) return Before::None;
    const char32_t cp = word_[i - 1];
    if (latin_[i - 1]) return Before::Latin;
    if (cp >= '0' && cp <= '9') return Before::Digit;
    return is_ascii_alnum(cp) ? Before::Latin : Before::Cyrillic;
  }

  void first_pass() {
    for (std::size_t i = 1; i < word_.size(); ++i) {
      const char32_t cp = word_[i];
      const Before kind = before(i);
      const char32_t p = word_[i - 1];
      const bool cyrillic = kind == Before::Cyrillic;
      bool to_latin = false;
      switch (cp) {
        case U'ы': to_latin = cyrillic && in(kVowels, p); break;        // [аеиоуыэ-яё]{ы}, [ЁАЕИОУЫЭ-Я]{[Ыы]}
        case U'Ы': to_latin = cyrillic && in(kUpperVowels, p); break;
        case U'Э': case U'э':
          // [[:Uppercase:][:Lowercase:] less the vowels and Йй]{Э}
          to_latin = kind == Before::Latin || (cyrillic && !in(kVowels, p) && p != U'Й' && p != U'й');
          break;
        case U'Е': case U'Ё': to_latin = cyrillic && (in(kUpperVowels, p) || in(U"ЙЪЬ", p)); break;
        case U'е': case U'ё': to_latin = cyrillic && (in(kVowels, p) || in(U"ЙЪЬйъь", p)); break;
        default: break;
      }
      latin_[i] = to_latin;
    }
  }

  std::u32string_view word_;
  std::vector<bool> latin_;
};

}  // namespace

std::optional<std::string> fold_cyrillic(std::u32string_view word, CyrillicScheme scheme) {
  const auto own = scheme == CyrillicScheme::Serbian     ? serbian_letter
                   : scheme == CyrillicScheme::Ukrainian ? ukrainian_letter
                   : scheme == CyrillicScheme::Russian   ? russian_letter
                                                         : nullptr;
  if (own == nullptr) return std::nullopt;
  const auto letter = [own](char32_t cp) {
    const char32_t small = small_of(cp);
    const char* fold = own(small);
    return fold != nullptr ? fold : other_alphabet_letter(small);
  };
  for (const char32_t cp : word) {
    if (is_ascii_alnum(cp)) continue;
    if (cp < 0x0400 || cp > 0x04FF || letter(cp) == nullptr) return std::nullopt;
  }
  if (scheme == CyrillicScheme::Russian) return RussianWord(word).fold();
  std::string out;
  for (const char32_t cp : word) {
    if (is_ascii_alnum(cp)) out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    else out += letter(cp);
  }
  return out;
}

}  // namespace dossier
