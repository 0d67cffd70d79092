// Tests for common/utf8.cpp: validation, repair, iteration and truncation.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "test_support.h"

namespace utf8 = dossier::utf8;

namespace {
const std::string kReplacement = "\xEF\xBF\xBD";
}

TEST_CASE("utf8::find_invalid reports the offset of the first invalid sequence") {
  struct Case {
    const char* name;
    std::string text;
    std::optional<std::size_t> expected;
  };
  const std::vector<Case> cases = {
      {"empty", "", std::nullopt},
      {"ascii", "plain ascii text", std::nullopt},
      {"latin with diacritics", "Priština Vučić Đukanović", std::nullopt},
      {"cyrillic", "Приштина", std::nullopt},
      {"4-byte emoji", "ok \xF0\x9F\x98\x80 ok", std::nullopt},
      {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF", std::nullopt},
      {"U+FFFD itself is valid", kReplacement, std::nullopt},
      {"lone 0xFF", "ab\xFF" "cd", 2},
      {"lone 0xFE", "\xFE", 0},
      {"lone continuation byte", "abc\x80", 3},
      {"overlong 2-byte slash", "\xC0\xAF", 0},
      {"overlong 2-byte C1", "x\xC1\xBF", 1},
      {"overlong 3-byte", "\xE0\x80\xAF", 0},
      {"overlong 4-byte", "\xF0\x82\x82\xAC", 0},
      {"high surrogate", "a\xED\xA0\x80", 1},
      {"low surrogate", "\xED\xBF\xBF", 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"5-byte form", "\xF8\x88\x80\x80\x80", 0},
      {"truncated 2-byte at end", "a\xC3", 1},
      {"truncated 3-byte at end", "ab\xE2\x82", 2},
      {"truncated 4-byte at end", "\xF0\x9F\x98", 0},
      {"lead byte followed by ascii", "\xC3(", 0},
      {"valid then invalid", "\xC3\xA9\xC3", 2},
      {"invalid after cyrillic", "Москва\xFF", 12},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(utf8::find_invalid(c.text) == c.expected);
  }
}

TEST_CASE("utf8::repair replaces invalid bytes with U+FFFD and keeps valid text") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"", ""},
      {"Приштина", "Приштина"},
      {"ab\xFF" "cd", "ab" + kReplacement + "cd"},
      {"\xC0\xAF", kReplacement + kReplacement},
      {"\xED\xA0\x80", kReplacement + kReplacement + kReplacement},
      {"x\x80y", "x" + kReplacement + "y"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const std::string repaired = utf8::repair(c.text);
    CHECK(repaired == c.expected);
    CHECK_FALSE(utf8::find_invalid(repaired).has_value());
  }
  // A truncated sequence at the end: whatever the count of replacements, the result is valid,
  // keeps the prefix and holds no raw lead byte.
  const std::string truncated = utf8::repair("ab\xE2\x82");
  CHECK(truncated.rfind("ab" + kReplacement, 0) == 0);
  CHECK_FALSE(utf8::find_invalid(truncated).has_value());
}

TEST_CASE("utf8::next decodes code points and advances one byte over invalid ones") {
  const std::string text = "a\xFF\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3";
  std::size_t pos = 0;
  struct Step {
    char32_t cp;
    std::size_t pos_after;
  };
  const std::vector<Step> steps = {{U'a', 1}, {0xFFFD, 2}, {0xE9, 4}, {0x20AC, 7}, {0x1F600, 11}, {0xFFFD, 12}};
  for (const auto& step : steps) {
    CAPTURE(pos);
    REQUIRE(pos < text.size());
    CHECK(utf8::next(text, pos) == step.cp);
    CHECK(pos == step.pos_after);
  }
  CHECK(pos == text.size());

  // Iteration over arbitrary garbage always terminates and always moves forward.
  std::string garbage;
  for (int i = 0; i < 256; ++i) garbage += static_cast<char>(255 - i);
  std::size_t p = 0;
  std::size_t steps_taken = 0;
  while (p < garbage.size()) {
    const std::size_t before = p;
    utf8::next(garbage, p);
    CHECK(p > before);
    ++steps_taken;
  }
  CHECK(p == garbage.size());
  CHECK(steps_taken <= garbage.size());
}

TEST_CASE("utf8::append encodes 1 to 4 byte forms") {
  struct Case {
    char32_t cp;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {U'A', "A"}, {0xE9, "\xC3\xA9"}, {0x0416, "\xD0\x96"}, {0x20AC, "\xE2\x82\xAC"},
      {0xFFFD, kReplacement}, {0x1F600, "\xF0\x9F\x98\x80"}, {0x10FFFF, "\xF4\x8F\xBF\xBF"},
  };
  for (const auto& c : cases) {
    CAPTURE(static_cast<unsigned>(c.cp));
    std::string out = "x";
    utf8::append(out, c.cp);
    CHECK(out == "x" + c.expected);
    std::size_t pos = 1;
    CHECK(utf8::next(out, pos) == c.cp);
  }
}

TEST_CASE("utf8::truncate never splits a code point") {
  CHECK(utf8::truncate("Priština", 100) == "Priština");
  CHECK(utf8::truncate("Priština", 5) == "Priš");
  CHECK(utf8::truncate("Priština", 4) == "Pri");
  CHECK(utf8::truncate("Приштина", 3) == "П");
  CHECK(utf8::truncate("\xF0\x9F\x98\x80x", 3) == "");
  CHECK(utf8::truncate("abc", 0) == "");

  const std::vector<std::string> texts = {"Priština", "Приштина", "a\xF0\x9F\x98\x80" "b\xE2\x82\xAC", "日本語のテキスト"};
  for (const auto& text : texts) {
    for (std::size_t max = 0; max <= text.size() + 1; ++max) {
      CAPTURE(text);
      CAPTURE(max);
      const std::string_view cut = utf8::truncate(text, max);
      CHECK(cut.size() <= max);
      CHECK(text.compare(0, cut.size(), cut) == 0);
      CHECK_FALSE(utf8::find_invalid(cut).has_value());
      // The cut is maximal: the next code point would not have fitted.
      if (cut.size() < text.size()) {
        std::size_t pos = cut.size();
        utf8::next(text, pos);
        CHECK(pos > max);
      }
    }
  }
}
