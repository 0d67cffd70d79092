#include "common/cyrillic_fold.h"

#include <string_view>
#include <vector>

namespace dossier {

namespace {

// A small letter's fold wherever no context rule applies, per scheme (nullptr: not a letter of
// that alphabet), and the fold Any-Latin (Cyrillic-Latin: я -> â, щ -> ŝ, ђ -> đ, ї -> ï) gives
// the letters a scheme's transliterator leaves to it: Russian text folded as Serbian, as a query
// word's variants are. Capitals fold as their small letters (case folding follows the
// transliteration).
struct Letter {
  const char* russian;
  const char* serbian;
  const char* ukrainian;
  const char* any_latin;  // set for the letters one of the three alphabets lacks
};

// а to я, then ѐ to џ: indexed by the code point less U+0430.
constexpr Letter kLetters[] = {
    {"a", "a", "a", nullptr},  // а
    {"b", "b", "b", nullptr},  // б
    {"v", "v", "v", nullptr},  // в
    {"g", "g", "h", nullptr},  // г
    {"d", "d", "d", nullptr},  // д
    {"e", "e", "e", nullptr},  // е
    {"zh", "z", "zh", nullptr},  // ж
    {"z", "z", "z", nullptr},  // з
    {"i", "i", "y", nullptr},  // и
    {"y", nullptr, "y", "j"},  // й
    {"k", "k", "k", nullptr},  // к
    {"l", "l", "l", nullptr},  // л
    {"m", "m", "m", nullptr},  // м
    {"n", "n", "n", nullptr},  // н
    {"o", "o", "o", nullptr},  // о
    {"p", "p", "p", nullptr},  // п
    {"r", "r", "r", nullptr},  // р
    {"s", "s", "s", nullptr},  // с
    {"t", "t", "t", nullptr},  // т
    {"u", "u", "u", nullptr},  // у
    {"f", "f", "f", nullptr},  // ф
    {"kh", "h", "kh", nullptr},  // х
    {"ts", "c", "ts", nullptr},  // ц
    {"ch", "c", "ch", nullptr},  // ч
    {"sh", "s", "sh", nullptr},  // ш
    {"shch", nullptr, "shch", "s"},  // щ
    {"", nullptr, nullptr, ""},  // ъ
    {"y", nullptr, nullptr, "y"},  // ы
    {"", nullptr, "", ""},  // ь
    {"e", nullptr, nullptr, "e"},  // э
    {"yu", nullptr, "yu", "u"},  // ю
    {"ya", nullptr, "ya", "a"},  // я
    {nullptr, nullptr, nullptr, nullptr},  // ѐ
    {"e", nullptr, nullptr, "e"},  // ё
    {nullptr, "d", nullptr, "d"},  // ђ
    {nullptr, nullptr, nullptr, nullptr},  // ѓ
    {nullptr, nullptr, "ye", "e"},  // є
    {nullptr, nullptr, nullptr, nullptr},  // ѕ
    {nullptr, nullptr, "i", "i"},  // і
    {nullptr, nullptr, "yi", "i"},  // ї
    {nullptr, "j", nullptr, "j"},  // ј
    {nullptr, "lj", nullptr, "l"},  // љ
    {nullptr, "nj", nullptr, "n"},  // њ
    {nullptr, "c", nullptr, "c"},  // ћ
    {nullptr, nullptr, nullptr, nullptr},  // ќ
    {nullptr, nullptr, nullptr, nullptr},  // ѝ
    {nullptr, nullptr, nullptr, nullptr},  // ў
    {nullptr, "dz", nullptr, "d"},  // џ
};
constexpr Letter kGheWithUpturn = {nullptr, nullptr, "g", "g"};  // ґ

const Letter* letter_of(char32_t small) {
  if (small >= 0x0430 && small <= 0x045F) return &kLetters[small - 0x0430];
  return small == 0x0491 ? &kGheWithUpturn : nullptr;
}

// The fold of a small letter under a scheme (Russian, Serbian or Ukrainian); nullptr where
// neither the scheme nor Any-Latin here folds it.
const char* letter_fold(CyrillicScheme scheme, char32_t small) {
  const Letter* letter = letter_of(small);
  if (letter == nullptr) return nullptr;
  const char* own = scheme == CyrillicScheme::Serbian     ? letter->serbian
                    : scheme == CyrillicScheme::Ukrainian ? letter->ukrainian
                                                          : letter->russian;
  return own != nullptr ? own : letter->any_latin;
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
        out += letter_fold(CyrillicScheme::Russian, small);
      }
    }
    return out;
  }

 private:
  static bool in(std::u32string_view set, char32_t cp) { return set.find(cp) != std::u32string_view::npos; }
  static constexpr std::u32string_view kUpperVowels = U"ЁАЕИОУЫЭЮЯ";
  static constexpr std::u32string_view kVowels = U"ЁАЕИОУЫЭЮЯаеиоуыэюяё";

  // The character before i as the first pass has left it: Cyrillic as written, Latin (an ASCII
  // letter, or what the pass wrote), or neither (a digit, or the start of the word).
  enum class Before { Neither, Latin, Cyrillic };
  Before before(std::size_t i) const {
    if (i == 0) return Before::Neither;
    const char32_t cp = word_[i - 1];
    if (latin_[i - 1]) return Before::Latin;
    if (cp >= '0' && cp <= '9') return Before::Neither;
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
  if (scheme == CyrillicScheme::Auto) return std::nullopt;
  for (const char32_t cp : word) {
    if (!is_ascii_alnum(cp) && letter_fold(scheme, small_of(cp)) == nullptr) return std::nullopt;
  }
  if (scheme == CyrillicScheme::Russian) return RussianWord(word).fold();
  std::string out;
  for (const char32_t cp : word) {
    if (is_ascii_alnum(cp)) out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    else out += letter_fold(scheme, small_of(cp));
  }
  return out;
}

}  // namespace dossier
