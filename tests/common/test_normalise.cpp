// Tests for common/normalise.cpp: folding, transliteration schemes and tokenisation offsets.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/utf8.h"
#include "test_support.h"

using dossier::CyrillicScheme;
using dossier::Normaliser;
using dossier::Token;

namespace {

std::vector<std::string> folded_of(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.folded);
  return out;
}

std::vector<std::string> originals_of(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

void check_offsets(std::string_view text, const std::vector<Token>& tokens) {
  std::size_t last_end = 0;
  for (const auto& t : tokens) {
    CHECK(t.begin < t.end);
    CHECK(t.end <= text.size());
    CHECK(t.begin >= last_end);
    CHECK_FALSE(t.folded.empty());
    last_end = t.end;
  }
}

}  // namespace

TEST_CASE("Normaliser::fold_word folds case, diacritics, scripts and compatibility forms") {
  struct Case {
    std::string word;
    CyrillicScheme scheme;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"Hello", CyrillicScheme::Auto, "hello"},
      {"NATO", CyrillicScheme::Auto, "nato"},
      {"148", CyrillicScheme::Auto, "148"},
      {"Priština", CyrillicScheme::Auto, "pristina"},
      {"Vučić", CyrillicScheme::Auto, "vucic"},
      {"Đukanović", CyrillicScheme::Auto, "dukanovic"},
      {"Prishtinë", CyrillicScheme::Auto, "prishtine"},
      {"Straße", CyrillicScheme::Auto, "strasse"},
      {"Вучић", CyrillicScheme::Auto, "vucic"},
      {"Вучић", CyrillicScheme::Serbian, "vucic"},
      {"Љубљана", CyrillicScheme::Serbian, "ljubljana"},
      {"Љубљана", CyrillicScheme::Auto, "ljubljana"},
      {"Захарова", CyrillicScheme::Russian, "zakharova"},
      {"Захарова", CyrillicScheme::Auto, "zakharova"},
      {"Приштина", CyrillicScheme::Serbian, "pristina"},
      {"Приштина", CyrillicScheme::Russian, "prishtina"},
      {"Москва", CyrillicScheme::Auto, "moskva"},
      {"ＡＢＣ", CyrillicScheme::Auto, "abc"},
      {"ﬁnance", CyrillicScheme::Auto, "finance"},
      {"ﬁ", CyrillicScheme::Auto, "fi"},
      {"Pris\u030Ctina", CyrillicScheme::Auto, "pristina"},  // decomposed š
      {"Vu\u200Bčić", CyrillicScheme::Auto, "vucic"},        // zero-width space inside
      {"Ελλάδα", CyrillicScheme::Auto, "ellada"},
  };
  Normaliser normaliser;
  for (const auto& c : cases) {
    CAPTURE(c.word);
    CAPTURE(static_cast<int>(c.scheme));
    CHECK(normaliser.fold_word(c.word, c.scheme) == c.expected);
    // The memo cache gives the same answer the second time.
    CHECK(normaliser.fold_word(c.word, c.scheme) == c.expected);
  }
}

TEST_CASE("Normaliser::fold_variants lists every distinct fold, Auto first") {
  Normaliser normaliser;
  const auto variants = normaliser.fold_variants("Приштина");
  REQUIRE_FALSE(variants.empty());
  CHECK(variants.front() == normaliser.fold_word("Приштина", CyrillicScheme::Auto));
  CHECK(std::find(variants.begin(), variants.end(), "pristina") != variants.end());
  CHECK(std::find(variants.begin(), variants.end(), "prishtina") != variants.end());
  for (std::size_t i = 0; i < variants.size(); ++i) {
    for (std::size_t j = i + 1; j < variants.size(); ++j) CHECK(variants[i] != variants[j]);
  }

  const auto latin = normaliser.fold_variants("Kosovo");
  CHECK(latin == std::vector<std::string>{"kosovo"});
}

TEST_CASE("scheme_for_language maps language tags to Cyrillic schemes") {
  struct Case {
    const char* language;
    CyrillicScheme expected;
  };
  const std::vector<Case> cases = {
      {"sr", CyrillicScheme::Serbian},    {"sr-Cyrl", CyrillicScheme::Serbian}, {"sr_Latn", CyrillicScheme::Serbian},
      {"mk", CyrillicScheme::Serbian},    {"bs", CyrillicScheme::Serbian},      {"cnr", CyrillicScheme::Serbian},
      {"ru", CyrillicScheme::Russian},    {"ru-RU", CyrillicScheme::Russian},   {"be", CyrillicScheme::Russian},
      {"uk", CyrillicScheme::Ukrainian},  {"uk-UA", CyrillicScheme::Ukrainian}, {"en", CyrillicScheme::Auto},
      {"", CyrillicScheme::Auto},         {"srb", CyrillicScheme::Auto},        {"sq", CyrillicScheme::Auto},
  };
  for (const auto& c : cases) {
    CAPTURE(c.language);
    CHECK(dossier::scheme_for_language(c.language) == c.expected);
  }
}

TEST_CASE("is_word_char and is_format_char") {
  CHECK(dossier::is_word_char(U'a'));
  CHECK(dossier::is_word_char(U'Z'));
  CHECK(dossier::is_word_char(U'7'));
  CHECK(dossier::is_word_char(0x0416));   // Ж
  CHECK(dossier::is_word_char(0x030C));   // combining caron
  CHECK(dossier::is_word_char(0x65E5));   // 日
  CHECK_FALSE(dossier::is_word_char(U'-'));
  CHECK_FALSE(dossier::is_word_char(U'\''));
  CHECK_FALSE(dossier::is_word_char(U' '));
  CHECK_FALSE(dossier::is_word_char(0x2019));  // ’
  CHECK_FALSE(dossier::is_word_char(0xFFFD));
  CHECK_FALSE(dossier::is_word_char(0x200B));
  CHECK(dossier::is_format_char(0x200B));  // zero-width space
  CHECK(dossier::is_format_char(0x200D));  // zero-width joiner
  CHECK(dossier::is_format_char(0x00AD));  // soft hyphen
  CHECK(dossier::is_format_char(0x202E));  // RLO
  CHECK_FALSE(dossier::is_format_char(U'a'));
  CHECK_FALSE(dossier::is_format_char(U' '));
}

TEST_CASE("Normaliser::tokenize splits words and keeps byte offsets into the original text") {
  struct Case {
    const char* name;
    std::string text;
    CyrillicScheme scheme;
    std::vector<std::string> originals;
    std::vector<std::string> folded;
  };
  const std::vector<Case> cases = {
      {"empty", "", CyrillicScheme::Auto, {}, {}},
      {"punctuation only", " -- ... ’ ", CyrillicScheme::Auto, {}, {}},
      {"mixed scripts",
       "Vučić met Вучић in Priština.",
       CyrillicScheme::Auto,
       {"Vučić", "met", "Вучић", "in", "Priština"},
       {"vucic", "met", "vucic", "in", "pristina"}},
      {"serbian scheme", "Приштина и Љубљана", CyrillicScheme::Serbian,
       {"Приштина", "и", "Љубљана"}, {"pristina", "i", "ljubljana"}},
      {"decomposed combining caron", "in Pris\u030Ctina today", CyrillicScheme::Auto,
       {"in", "Pris\u030Ctina", "today"}, {"in", "pristina", "today"}},
      {"zero-width space inside a word", "Vu\u200Bčić said", CyrillicScheme::Auto,
       {"Vu\u200Bčić", "said"}, {"vucic", "said"}},
      {"soft hyphen inside a word", "Koso\u00ADvo", CyrillicScheme::Auto, {"Koso\u00ADvo"}, {"kosovo"}},
      {"format char at word end is not part of it", "abc\u200B def", CyrillicScheme::Auto, {"abc", "def"}, {"abc", "def"}},
      {"curly apostrophe splits", "Washington’s plans", CyrillicScheme::Auto,
       {"Washington", "s", "plans"}, {"washington", "s", "plans"}},
      {"straight apostrophe splits", "NATO's", CyrillicScheme::Auto, {"NATO", "s"}, {"nato", "s"}},
      {"hyphen splits", "FGM-148 Javelin", CyrillicScheme::Auto, {"FGM", "148", "Javelin"}, {"fgm", "148", "javelin"}},
      {"dots split", "U.S.", CyrillicScheme::Auto, {"U", "S"}, {"u", "s"}},
      {"fullwidth", "ＡＢＣ corp", CyrillicScheme::Auto, {"ＡＢＣ", "corp"}, {"abc", "corp"}},
      {"emoji separates", "Kosovo\xF0\x9F\x98\x80Serbia", CyrillicScheme::Auto, {"Kosovo", "Serbia"}, {"kosovo", "serbia"}},
  };
  Normaliser normaliser;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto tokens = normaliser.tokenize(c.text, c.scheme);
    CHECK(originals_of(c.text, tokens) == c.originals);
    CHECK(folded_of(tokens) == c.folded);
    check_offsets(c.text, tokens);
  }
}

TEST_CASE("Normaliser::tokenize reports exact byte offsets after multibyte characters") {
  Normaliser normaliser;
  const std::string text = "Москва и Priština";
  const auto tokens = normaliser.tokenize(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].begin == 0);
  CHECK(tokens[0].end == 12);
  CHECK(tokens[1].begin == 13);
  CHECK(tokens[1].end == 15);
  CHECK(tokens[2].begin == 16);
  CHECK(tokens[2].end == text.size());
}

TEST_CASE("Normaliser::tokenize copes with a 100 KB single token") {
  Normaliser normaliser;
  const std::string ascii(100 * 1024, 'a');
  auto tokens = normaliser.tokenize(ascii);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].begin == 0);
  CHECK(tokens[0].end == ascii.size());
  CHECK(tokens[0].folded.size() == ascii.size());

  std::string cyrillic;
  while (cyrillic.size() < 100 * 1024) cyrillic += "ж";
  tokens = normaliser.tokenize(cyrillic);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].end == cyrillic.size());
  CHECK(tokens[0].folded.rfind("zhzh", 0) == 0);
}

TEST_CASE("Normaliser::tokenize survives invalid UTF-8 and keeps offsets in bounds") {
  Normaliser normaliser;
  const std::vector<std::string> texts = {
      "ab\xFF" "cd \xC3(x",
      "\xC3",
      "Pri\xC5",
      "\xED\xA0\x80wo\xF0\x9Frd\x80",
      std::string("nul\0inside", 10),
  };
  for (const auto& text : texts) {
    CAPTURE(text);
    const auto tokens = normaliser.tokenize(text);
    check_offsets(text, tokens);
  }
  const std::string text = "ab\xFF" "cd \xC3(x";
  const auto tokens = normaliser.tokenize(text);
  CHECK(originals_of(text, tokens) == std::vector<std::string>{"ab", "cd", "x"});

  // Garbage of every byte value.
  std::string garbage;
  for (int round = 0; round < 4; ++round) {
    for (int b = 0; b < 256; ++b) garbage += static_cast<char>((b * 37 + round * 11) & 0xFF);
  }
  check_offsets(garbage, normaliser.tokenize(garbage));
}

TEST_CASE("Normaliser::fold_phrase joins folded tokens with single spaces") {
  Normaliser normaliser;
  CHECK(normaliser.fold_phrase("  The  Kremlin’s   line ") == "the kremlin s line");
  CHECK(normaliser.fold_phrase("Министарство спољних послова", CyrillicScheme::Serbian) == "ministarstvo spoljnih poslova");
  CHECK(normaliser.fold_phrase("FGM-148") == "fgm 148");
  CHECK(normaliser.fold_phrase("--") == "");
}

TEST_CASE("is_inflected_language") {
  for (const char* language : {"sr", "sr-Latn", "hr", "bs", "cnr", "mk", "bg", "sl", "ru", "uk", "be", "pl", "cs", "sk"}) {
    CAPTURE(language);
    CHECK(dossier::is_inflected_language(language));
  }
  for (const char* language : {"en", "", "de", "sq", "fr", "srb"}) {
    CAPTURE(language);
    CHECK_FALSE(dossier::is_inflected_language(language));
  }
}

TEST_CASE("inflection_key strips one case ending and keeps a stem of at least 4 letters") {
  struct Case {
    std::string folded;
    std::string key;
  };
  const std::vector<Case> cases = {
      {"srbija", "srbij"},   {"srbije", "srbij"},   {"srbiji", "srbij"},     {"srbiju", "srbij"},
      {"moskva", "moskv"},   {"moskve", "moskv"},   {"moskvoy", "moskv"},    {"rossiya", "rossi"},
      {"rossii", "rossi"},   {"rossiyey", "rossi"}, {"beograd", "beograd"},  {"beogradu", "beograd"},
      {"kosovo", "kosov"},   {"kosova", "kosov"},   {"nato", "nato"},        {"rusa", "rusa"},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.folded);
    CHECK(dossier::inflection_key(c.folded) == c.key);
  }
}

TEST_CASE("fold_word's shortcut for accented Latin equals the transliterators on every BMP code point") {
  // fold_word folds a word whose letters are ASCII once decomposed and stripped of accents
  // without ICU's transliterators; fold_word_by_transliteration always uses them. Every code
  // point of the Basic Multilingual Plane, alone, inside ASCII letters and with a combining
  // accent after it, must fold the same both ways (whichever way fold_word takes).
  Normaliser normaliser;
  std::size_t differences = 0;
  std::string first_difference;
  for (char32_t cp = 0x80; cp <= 0xFFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not characters
    std::string c;
    dossier::utf8::append(c, cp);
    for (const std::string& word : {c, "Ab" + c + "cD", c + "e\xCC\x81", "1" + c}) {
      const std::string fast = normaliser.fold_word(word);
      const std::string reference = normaliser.fold_word_by_transliteration(word);
      if (fast != reference) {
        if (differences++ < 12) first_difference += "U+" + std::to_string(static_cast<unsigned>(cp)) + " [" + word + "]: " + fast + " vs " + reference + "; ";
      }
    }
  }
  CAPTURE(first_difference);
  CHECK(differences == 0);
  // Names as they appear in the news, through the shortcut.
  CHECK(normaliser.fold_word("Vu\xC4\x8Di\xC4\x87") == "vucic");          // Vučić
  CHECK(normaliser.fold_word("Z\xC3\xBCrich") == "zurich");               // Zürich
  CHECK(normaliser.fold_word("fa\xC3\xA7" "ade") == "facade");            // façade
  CHECK(normaliser.fold_word("\xC4\x90uri\xC4\x87") == normaliser.fold_word_by_transliteration("\xC4\x90uri\xC4\x87"));  // Đurić
  CHECK(normaliser.fold_word("Stra\xC3\x9F" "e") == "strasse");           // ß
}
