#include "common/icu_data.h"

#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>

#include <memory>
#include <string>

#include "common/normalise.h"

using namespace dossier;

// The build links ICU's code statically where it can (DOSSIER_STATIC_ICU) and then loads the data
// from the system's library at start; either way every kind of data the product uses is there.
TEST_CASE("ICU's data is loaded: normalisation, properties, transliterators, break rules") {
  if (const char* library = icu_data_library()) {
    CHECK(std::string(library).rfind("libicudata.so.", 0) == 0);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  REQUIRE(U_SUCCESS(status));
  icu::UnicodeString folded = nfkc->normalize(icu::UnicodeString::fromUTF8("ＡＢＣ Ǆ"), status);
  REQUIRE(U_SUCCESS(status));
  std::string utf8;
  folded.toUTF8String(utf8);
  CHECK(utf8 == "abc dž");
  CHECK(u_charType(0x0416) == U_UPPERCASE_LETTER);  // Ж: the character properties
  // The Greek transliterator is built from rules in the data's translit tree.
  std::unique_ptr<icu::Transliterator> greek(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8("Greek-Latin"), UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  icu::UnicodeString athens = icu::UnicodeString::fromUTF8("Αθήνα");
  greek->transliterate(athens);
  std::string latin;
  athens.toUTF8String(latin);
  CHECK(latin == "Athḗna");
  // And through the product's own folding, which uses all of these.
  Normaliser normaliser;
  CHECK(normaliser.fold_word("Vučić") == "vucic");
  CHECK(normaliser.fold_word_by_transliteration("Αθήνα") == "athena");
}
