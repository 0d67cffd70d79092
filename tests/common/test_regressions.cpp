// Regression tests: each states the correct behaviour for a bug found and fixed, with the file
// and input that showed it. Keep them when refactoring.
#include <doctest/doctest.h>

#include <string>

#include "common/passage.h"
#include "common/record.h"
#include "common/terminal.h"
#include "common/utf8.h"
#include "test_support.h"

namespace {
const std::string R = "\xEF\xBF\xBD";  // U+FFFD
}

// common/terminal.cpp, sanitise_for_terminal: an invalid byte is only replaced when it is not
// 0xEF (`byte != 0xEF`); a lone or truncated 0xEF lead byte falls through to the final branch and
// is copied raw, so the "safe" output is invalid UTF-8.
TEST_CASE("regression: sanitise_for_terminal copies a stray 0xEF byte raw") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"a\xEF" "b", "a" + R + "b"},
      {"a\xEF\xBF", "a" + R + R},
      {"end\xEF", "end" + R},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const std::string out = dossier::sanitise_for_terminal(c.text);
    CHECK_FALSE(dossier::utf8::find_invalid(out).has_value());
    CHECK(out == c.expected);
  }
}

// common/terminal.cpp, skip_escape, default branch: for "ESC ( B" (designate G0 charset, which
// is how `tput sgr0` ends) the intermediate '(' is skipped but the loop stops before the final
// byte and returns, so the final byte 'B' is left in the output.
TEST_CASE("regression: sanitise_for_terminal leaves the final byte of ESC-intermediate-final sequences") {
  CHECK(dossier::sanitise_for_terminal("a\x1b(Bb") == "ab");
  CHECK(dossier::sanitise_for_terminal("\x1b[0m\x1b(Bplain") == "plain");
  CHECK(dossier::sanitise_for_terminal("x\x1b#8y") == "xy");
}

// common/passage.cpp, find_inline_attribution: `before.find_last_of(",.;:!?\"“”")` treats the
// multibyte quotes as a set of BYTES (0xE2 0x80 0x9C 0x9D), so it also matches the 0x80 inside
// any ’ — … or Cyrillic р, and cuts in the middle of a character. The attribution text then
// starts with a stray continuation byte (invalid UTF-8); encode_record() on such a passage
// throws nlohmann::json::type_error (316) from dump(), which aborts the whole indexing run.
TEST_CASE("regression: find_inline_attribution cuts inside multibyte characters") {
  struct Case {
    std::string body;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"Kosovo’s prime minister said.", "Kosovo’s prime minister"},
      {"The talks failed — the minister said.", "the minister"},
      {"Troops will stay, Russia’s envoy said.", "Russia’s envoy"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const dossier::Attribution attribution = dossier::find_inline_attribution(c.body);
    CHECK_FALSE(dossier::utf8::find_invalid(attribution.text).has_value());
    CHECK(attribution.text == c.expected);
  }
  // The consequence: the passage cannot be encoded.
  const auto passages = dossier::make_passages({"Kosovo’s prime minister said."});
  REQUIRE(passages.size() == 1);
  dossier::ArticleMeta article;
  article.id = "a";
  CHECK_NOTHROW(dossier::encode_record(article, passages[0]));
}
