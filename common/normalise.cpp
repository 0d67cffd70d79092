#include "common/normalise.h"

#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <optional>
#include <unordered_map>

#include "common/cyrillic_fold.h"
#include "common/error.h"
#include "common/utf8.h"

namespace dossier {

namespace {

constexpr std::size_t kCacheLimit = 200000;

bool is_cyrillic(char32_t cp) { return cp >= 0x0400 && cp <= 0x052F; }

bool is_serbian_only(char32_t cp) {
  // ђ ј љ њ ћ џ and their capitals
  switch (cp) {
    case 0x0452: case 0x0458: case 0x0459: case 0x045A: case 0x045B: case 0x045F:
    case 0x0402: case 0x0408: case 0x0409: case 0x040A: case 0x040B: case 0x040F:
      return true;
    default:
      return false;
  }
}

bool is_ukrainian_only(char32_t cp) {
  // і ї є ґ and their capitals
  switch (cp) {
    case 0x0456: case 0x0457: case 0x0454: case 0x0491:
    case 0x0406: case 0x0407: case 0x0404: case 0x0490:
      return true;
    default:
      return false;
  }
}

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t) {
    throw Error(std::string("ICU transliterator '") + id + "' is unavailable: " + u_errorName(status));
  }
  return t;
}

}  // namespace

CyrillicScheme scheme_for_language(std::string_view language) {
  const std::string_view base = language.substr(0, language.find_first_of("-_"));
  if (base == "sr" || base == "mk" || base == "bs" || base == "cnr") return CyrillicScheme::Serbian;
  if (base == "ru" || base == "be") return CyrillicScheme::Russian;
  if (base == "uk") return CyrillicScheme::Ukrainian;
  return CyrillicScheme::Auto;
}

bool is_inflected_language(std::string_view language) {
  const std::string_view base = language.substr(0, language.find_first_of("-_"));
  for (std::string_view slavic : {"sr", "hr", "bs", "cnr", "mk", "bg", "sl", "ru", "uk", "be", "pl", "cs", "sk"}) {
    if (base == slavic) return true;
  }
  return false;
}

std::string inflection_key(const std::string& folded) {
  // Endings of the folded (Latin) forms, longest first. Serbian "ja"/"ju" are not endings
  // (the j belongs to the stem: Srbija, Srbiju); Russian BGN "ya"/"yu"/"yey" are (Rossiya).
  static const char* const endings[] = {"ovima", "evima", "yakh", "ama", "ima", "ega", "emu", "omu", "oga",
                                        "yey", "yam", "akh", "ami", "om", "em", "oj", "ov", "ev", "ih",
                                        "im", "oy", "ey", "iy", "ya", "yu", "ye", "a",  "e",  "i",  "o",
                                        "u",  "y"};
  constexpr std::size_t kMinStem = 4;
  for (const char* ending : endings) {
    const std::size_t length = std::char_traits<char>::length(ending);
    if (folded.size() >= kMinStem + length && folded.compare(folded.size() - length, length, ending) == 0) {
      return folded.substr(0, folded.size() - length);
    }
  }
  return folded;
}

bool is_format_char(char32_t cp) { return u_charType(static_cast<UChar32>(cp)) == U_FORMAT_CHAR; }

bool is_word_char(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (cp == 0xFFFD) return false;
  const auto c = static_cast<UChar32>(cp);
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

namespace {

// Latin letters that no decomposition takes to ASCII (đ, ß, æ, ø, ł), as Latin-ASCII folds them:
// Serbian and Croatian names (Đukanović), German, Nordic and Polish ones. Checked against the
// transliterators with the rest of fold_latin (test_normalise).
const char* latin_letter_fold(UChar32 c) {
  switch (c) {
    case 0x00C6: case 0x00E6: return "ae";  // Æ æ
    case 0x00D0: case 0x00F0: return "d";   // Ð ð
    case 0x00D8: case 0x00F8: return "o";   // Ø ø
    case 0x00DE: case 0x00FE: return "th";  // Þ þ
    case 0x00DF: return "ss";               // ß
    case 0x0110: case 0x0111: return "d";   // Đ đ
    case 0x0126: case 0x0127: return "h";   // Ħ ħ
    case 0x0131: return "i";                // ı
    case 0x0141: case 0x0142: return "l";   // Ł ł
    case 0x0152: case 0x0153: return "oe";  // Œ œ
    case 0x0166: case 0x0167: return "t";   // Ŧ ŧ
    default: return nullptr;
  }
}

}  // namespace

struct Normaliser::Impl {
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfkd = nullptr;
  std::unique_ptr<icu::Transliterator> serbian;
  std::unique_ptr<icu::Transliterator> russian;
  std::unique_ptr<icu::Transliterator> ukrainian;
  // Remaining scripts to Latin, then diacritics off. Runs after the Cyrillic step.
  std::unique_ptr<icu::Transliterator> to_ascii;
  std::unordered_map<std::string, std::string> cache[4];

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw Error(std::string("ICU NFKC data unavailable: ") + u_errorName(status));
    nfkd = icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status)) throw Error(std::string("ICU NFKD data unavailable: ") + u_errorName(status));
  }

  // The fold of a word whose letters are ASCII once decomposed and stripped of their accents
  // (Vučić, Škoda, Zürich, façade), without the transliterators: fold_slow gives such a word
  // NFKC, Any-Latin (nothing to do on Latin), NFD, accents off, NFC and Latin-ASCII (nothing to
  // do on ASCII), then case folding, and keeps letters and digits; NFD after NFKC is NFKD, so
  // this is NFKD, accents off, ASCII letters and digits lower-cased. Building the transliterators
  // costs a one-shot search 10-15 ms (ICU's registry), which a snippet with one accented name
  // paid. The Latin letters that do not decompose (ß, æ, đ) are folded by latin_letter_fold.
  // Nullopt for any other word (Cyrillic, Greek, ...): fold_by_table or fold_slow folds it.
  // Checked against fold_slow for every code point of the Basic Multilingual Plane
  // (test_normalise).
  std::optional<std::string> fold_latin(std::string_view word) const {
    icu::UnicodeString text;
    std::size_t pos = 0;
    while (pos < word.size()) {
      const char32_t cp = utf8::next(word, pos);
      if (is_cyrillic(cp)) return std::nullopt;  // the indexer's usual non-Latin word: no NFKD for nothing
      if (is_format_char(cp)) continue;           // as fold_slow
      text.append(static_cast<UChar32>(cp));
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = nfkd->normalize(text, status);
    if (U_FAILURE(status)) return std::nullopt;
    std::string out;
    out.reserve(word.size());
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (c >= 0x80) {
        // An accent of no script of its own (U+0301); a vowel point of Hebrew or Arabic is
        // spelled out by Any-Latin, so such a word takes the transliterators.
        UErrorCode script_status = U_ZERO_ERROR;
        if (u_charType(c) == U_NON_SPACING_MARK && uscript_getScript(c, &script_status) == USCRIPT_INHERITED) continue;
        if (const char* ascii = latin_letter_fold(c)) {
          out += ascii;
          continue;
        }
        return std::nullopt;
      }
      if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
    }
    return out;
  }

  // A Cyrillic word of one of the three alphabets (ASCII letters and digits allowed), folded by
  // fold_cyrillic's tables: as fold_slow does, without building the transliterators.
  std::optional<std::string> fold_by_table(std::string_view word, CyrillicScheme scheme) const {
    std::u32string letters;
    letters.reserve(word.size());
    std::size_t pos = 0;
    while (pos < word.size()) letters.push_back(utf8::next(word, pos));
    return fold_cyrillic(letters, resolve(word, scheme));
  }

  // The transliterators are built on the first word that is not ASCII: building them costs tens
  // of milliseconds, most of a one-shot search's start, and an English query never needs them.
  void load_transliterators() {
    if (to_ascii) return;
    serbian = make_transliterator("Serbian-Latin/BGN");
    russian = make_transliterator("Russian-Latin/BGN");
    ukrainian = make_transliterator("Ukrainian-Latin/BGN");
    to_ascii = make_transliterator("Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII");
  }

  CyrillicScheme resolve(std::string_view word, CyrillicScheme scheme) const {
    if (scheme != CyrillicScheme::Auto) return scheme;
    CyrillicScheme found = CyrillicScheme::Russian;
    std::size_t pos = 0;
    while (pos < word.size()) {
      const char32_t cp = utf8::next(word, pos);
      if (is_serbian_only(cp)) return CyrillicScheme::Serbian;
      if (is_ukrainian_only(cp)) found = CyrillicScheme::Ukrainian;
    }
    return found;
  }

  std::string fold_slow(std::string_view word, CyrillicScheme scheme) {
    load_transliterators();
    // Format characters (zero-width space, soft hyphen) never change what a word means.
    std::string cleaned;
    cleaned.reserve(word.size());
    bool has_cyrillic = false;
    std::size_t pos = 0;
    while (pos < word.size()) {
      const char32_t cp = utf8::next(word, pos);
      if (is_format_char(cp)) continue;
      has_cyrillic = has_cyrillic || is_cyrillic(cp);
      utf8::append(cleaned, cp);
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = nfkc->normalize(icu::UnicodeString::fromUTF8(cleaned), status);
    if (U_FAILURE(status)) text = icu::UnicodeString::fromUTF8(cleaned);
    if (has_cyrillic) {
      switch (resolve(cleaned, scheme)) {
        case CyrillicScheme::Serbian: serbian->transliterate(text); break;
        case CyrillicScheme::Ukrainian: ukrainian->transliterate(text); break;
        default: russian->transliterate(text); break;
      }
    }
    to_ascii->transliterate(text);
    text.foldCase();
    std::string folded;
    text.toUTF8String(folded);
    // Keep letters and digits only: transliteration leaves primes and apostrophes (Elʹcin).
    std::string out;
    out.reserve(folded.size());
    pos = 0;
    while (pos < folded.size()) {
      const char32_t cp = utf8::next(folded, pos);
      if (is_word_char(cp) && u_charType(static_cast<UChar32>(cp)) != U_NON_SPACING_MARK &&
          u_charType(static_cast<UChar32>(cp)) != U_MODIFIER_LETTER) {
        utf8::append(out, cp);
      }
    }
    return out;
  }

  std::string fold(std::string_view word, CyrillicScheme scheme) {
    bool ascii = true;
    for (unsigned char c : word) {
      if (c >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      std::string out(word);
      for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;  // no locale lookup per byte
      return out;
    }
    auto& memo = cache[static_cast<int>(scheme)];
    if (auto it = memo.find(std::string(word)); it != memo.end()) return it->second;
    std::optional<std::string> folded_fast = fold_latin(word);
    if (!folded_fast) folded_fast = fold_by_table(word, scheme);
    std::string folded = folded_fast ? std::move(*folded_fast) : fold_slow(word, scheme);
    if (memo.size() >= kCacheLimit) memo.clear();
    memo.emplace(std::string(word), folded);
    return folded;
  }
};

Normaliser::Normaliser() : impl_(std::make_unique<Impl>()) {}
Normaliser::~Normaliser() = default;

std::string Normaliser::fold_word(std::string_view word, CyrillicScheme scheme) {
  return impl_->fold(word, scheme);
}

std::string Normaliser::fold_word_by_transliteration(std::string_view word, CyrillicScheme scheme) {
  return impl_->fold_slow(word, scheme);
}

std::vector<std::string> Normaliser::fold_variants(std::string_view word) {
  std::vector<std::string> out{impl_->fold(word, CyrillicScheme::Auto)};
  // Letters that only one language has (ћ, ї) settle the scheme; otherwise the word may be
  // Russian or Serbian (Ukrainian folds of such words, e.g. и -> y, would only add noise).
  bool distinctive = false;
  std::size_t pos = 0;
  while (pos < word.size()) {
    const char32_t cp = utf8::next(word, pos);
    distinctive = distinctive || is_serbian_only(cp) || is_ukrainian_only(cp);
  }
  if (distinctive) return out;
  for (CyrillicScheme s : {CyrillicScheme::Russian, CyrillicScheme::Serbian}) {
    std::string folded = impl_->fold(word, s);
    bool seen = false;
    for (const auto& f : out) seen = seen || f == folded;
    if (!seen && !folded.empty()) out.push_back(std::move(folded));
  }
  return out;
}

std::vector<Token> Normaliser::tokenize(std::string_view text, CyrillicScheme scheme) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    char32_t cp = utf8::next(text, pos);
    if (!is_word_char(cp)) continue;
    std::size_t end = pos;
    // Extend over word characters, and over format characters that sit between two of them.
    while (pos < text.size()) {
      std::size_t probe = pos;
      cp = utf8::next(text, probe);
      if (is_word_char(cp)) {
        pos = end = probe;
      } else if (cp >= 0x80 && is_format_char(cp)) {  // no ASCII character is a format character
        pos = probe;
      } else {
        break;
      }
    }
    pos = end;
    std::string folded = impl_->fold(text.substr(start, end - start), scheme);
    if (!folded.empty()) tokens.push_back(Token{start, end, std::move(folded)});
  }
  return tokens;
}

std::string Normaliser::fold_phrase(std::string_view text, CyrillicScheme scheme) {
  std::string out;
  for (const Token& token : tokenize(text, scheme)) {
    if (!out.empty()) out += ' ';
    out += token.folded;
  }
  return out;
}

}  // namespace dossier
