// fold_cyrillic against ICU's transliterators (Normaliser::fold_word_by_transliteration), the
// reference it replaces, on words of the three alphabets' letters (with ASCII letters and a
// digit): every short word and random longer ones, under each scheme and Auto.
#include "common/cyrillic_fold.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/utf8.h"

using dossier::CyrillicScheme;
using dossier::Normaliser;

namespace {

// The three alphabets together (each scheme folds the others' letters too, through Any-Latin),
// and an ASCII letter of each case and a digit.
const std::u32string kLetters =
    U"АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"  // Russian
    U"ЂЈЉЊЋЏђјљњћџ"                                                         // Serbian's own
    U"ҐЄІЇґєії"                                                             // Ukrainian's own
    U"aZ1";

std::string utf8_of(const std::u32string& word) {
  std::string out;
  for (const char32_t cp : word) dossier::utf8::append(out, cp);
  return out;
}

// Words whose fold differs between fold_word (the tables where they apply) and the
// transliterators, the first few named.
struct Differences {
  std::size_t count = 0;
  std::string first;
  void check(Normaliser& normaliser, const std::u32string& letters, CyrillicScheme scheme) {
    const std::string word = utf8_of(letters);
    const std::string fast = normaliser.fold_word(word, scheme);
    const std::string reference = normaliser.fold_word_by_transliteration(word, scheme);
    if (fast != reference && count++ < 12) first += "[" + word + "] " + fast + " vs " + reference + "; ";
  }
};

const char* name_of(CyrillicScheme scheme) {
  switch (scheme) {
    case CyrillicScheme::Serbian: return "Serbian";
    case CyrillicScheme::Ukrainian: return "Ukrainian";
    case CyrillicScheme::Russian: return "Russian";
    default: return "Auto";
  }
}

}  // namespace

TEST_CASE("fold_cyrillic equals the transliterators on every word of up to three letters (two outside Russian)") {
  // Russian's context rules look one letter back and one ahead, over two passes: every word of
  // three letters. The other schemes are letter for letter: every word of two.
  Normaliser normaliser;
  for (const CyrillicScheme scheme : {CyrillicScheme::Russian, CyrillicScheme::Serbian, CyrillicScheme::Ukrainian}) {
    CAPTURE(name_of(scheme));
    Differences differences;
    for (const char32_t a : kLetters) {
      differences.check(normaliser, {a}, scheme);
      for (const char32_t b : kLetters) {
        differences.check(normaliser, {a, b}, scheme);
        differences.check(normaliser, {a, b}, CyrillicScheme::Auto);
        if (scheme != CyrillicScheme::Russian) continue;
        for (const char32_t c : kLetters) differences.check(normaliser, {a, b, c}, scheme);
      }
    }
    CAPTURE(differences.first);
    CHECK(differences.count == 0);
  }
}

TEST_CASE("fold_cyrillic equals the transliterators on random words of three to twelve letters") {
  Normaliser normaliser;
  std::mt19937 random(20261207);
  for (const CyrillicScheme scheme : {CyrillicScheme::Russian, CyrillicScheme::Serbian, CyrillicScheme::Ukrainian}) {
    CAPTURE(name_of(scheme));
    Differences differences;
    for (int n = 0; n < 10000; ++n) {
      std::u32string word(3 + random() % 10, U' ');
      for (char32_t& cp : word) cp = kLetters[random() % kLetters.size()];
      differences.check(normaliser, word, scheme);
      differences.check(normaliser, word, CyrillicScheme::Auto);
    }
    CAPTURE(differences.first);
    CHECK(differences.count == 0);
  }
}

TEST_CASE("fold_cyrillic folds names as the archive spells them, and leaves other words to ICU") {
  CHECK(dossier::fold_cyrillic(U"Вучић", CyrillicScheme::Serbian) == "vucic");
  CHECK(dossier::fold_cyrillic(U"Љубљана", CyrillicScheme::Serbian) == "ljubljana");
  CHECK(dossier::fold_cyrillic(U"Захарова", CyrillicScheme::Russian) == "zakharova");
  CHECK(dossier::fold_cyrillic(U"Ельцин", CyrillicScheme::Russian) == "yeltsin");
  CHECK(dossier::fold_cyrillic(U"Київ", CyrillicScheme::Ukrainian) == "kyyiv");
  CHECK(dossier::fold_cyrillic(U"Т72", CyrillicScheme::Russian) == "t72");
  // A letter of another alphabet, a mark, or Auto: not for the tables.
  CHECK(dossier::fold_cyrillic(U"Вучић", CyrillicScheme::Russian) == "vuchic");  // ћ through Any-Latin
  CHECK(dossier::fold_cyrillic(U"месяцев", CyrillicScheme::Serbian) == "mesacev");  // я through Any-Latin
  CHECK_FALSE(dossier::fold_cyrillic(U"Ѓорче", CyrillicScheme::Serbian).has_value());  // Macedonian ѓ
  CHECK_FALSE(dossier::fold_cyrillic(U"и\u0306", CyrillicScheme::Russian).has_value());
  CHECK_FALSE(dossier::fold_cyrillic(U"Москва", CyrillicScheme::Auto).has_value());
}
