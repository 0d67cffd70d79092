// Tests for common/terminal.cpp: escape sequences, controls, bidi overrides and display width.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/terminal.h"
#include "common/utf8.h"
#include "test_support.h"

namespace {
const std::string R = "\xEF\xBF\xBD";  // U+FFFD
}

TEST_CASE("sanitise_for_terminal: single-line mode") {
  struct Case {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"plain", "plain text", "plain text"},
      {"empty", "", ""},
      {"CSI colour", "\x1b[31mred\x1b[0m", "red"},
      {"CSI with parameters", "a\x1b[1;32;40mb\x1b[2Jc", "abc"},
      {"CSI private mode", "x\x1b[?1049hy", "xy"},
      {"OSC title with BEL", "\x1b]0;owned\x07title", "title"},
      {"OSC hyperlink with ST", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"},
      {"DCS with ST", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
      {"APC with BEL", "a\x1b_payload\x07" "b", "ab"},
      {"string sequence stops at a newline", "a\x1b]0;title\nrest", "a rest"},
      {"lone ESC at end", "text\x1b", "text"},
      {"two-byte ESC sequence", "a\x1b" "cb", "ab"},
      {"ESC 7 save cursor", "a\x1b" "7b", "ab"},
      {"C1 CSI as UTF-8", "\xC2\x9B" "31mred", "red"},
      {"C1 OSC as UTF-8 with ST", "\xC2\x9D" "0;t\xC2\x9C" "ok", "ok"},
      {"other C1 control", "a\xC2\x85" "b", "a" + R + "b"},
      {"BEL", "a\x07" "b", "a" + R + "b"},
      {"backspace", "a\x08" "b", "a" + R + "b"},
      {"NUL", std::string("a\0b", 3), "a" + R + "b"},
      {"DEL", "a\x7f" "b", "a" + R + "b"},
      {"RLO", "abc\u202Edef", "abc" + R + "def"},
      {"LRE", "a\u202Ab", "a" + R + "b"},
      {"LRI", "a\u2066b\u2069", "a" + R + "b" + R},
      {"RLM", "a\u200Fb", "a" + R + "b"},
      {"ALM", "a\u061Cb", "a" + R + "b"},
      {"newline to space", "line one\nline two", "line one line two"},
      {"tab to space", "a\tb", "a b"},
      {"CRLF to one space", "a\r\nb", "a b"},
      {"invalid byte", "a\xFF" "b", "a" + R + "b"},
      {"overlong", "a\xC0\xAF" "b", "a" + R + R + "b"},
      {"truncated at end", "ab\xD0", "ab" + R},
      {"real U+FFFD kept", "a" + R + "b", "a" + R + "b"},
      {"cyrillic", "Приштина и Москва", "Приштина и Москва"},
      {"emoji", "ok \xF0\x9F\x98\x80 ok", "ok \xF0\x9F\x98\x80 ok"},
      {"CJK", "日本語", "日本語"},
      {"zero-width space kept", "Vu\u200Bčić", "Vu\u200Bčić"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string out = dossier::sanitise_for_terminal(c.text);
    CHECK(out == c.expected);
    CHECK_FALSE(dossier::utf8::find_invalid(out).has_value());
    CHECK(out.find('\x1b') == std::string::npos);
  }
}

TEST_CASE("sanitise_for_terminal: multi-line mode keeps newlines and tabs") {
  CHECK(dossier::sanitise_for_terminal("a\nb\tc", false) == "a\nb\tc");
  CHECK(dossier::sanitise_for_terminal("a\r\nb", false) == "a \nb");
  CHECK(dossier::sanitise_for_terminal("\x1b[1mbold\x1b[0m\nnext", false) == "bold\nnext");
  CHECK(dossier::sanitise_for_terminal("a\u202Eb\n", false) == "a" + R + "b\n");
}

TEST_CASE("sanitise_for_terminal: nothing unsafe survives arbitrary bytes") {
  std::string garbage;
  for (int round = 0; round < 8; ++round) {
    for (int b = 0; b < 256; ++b) {
      const int byte = (b * 73 + round * 29) & 0xFF;
      // A stray 0xEF is a known bug, covered in test_bugs_found.cpp.
      if (byte != 0xEF) garbage += static_cast<char>(byte);
    }
  }
  const std::string out = dossier::sanitise_for_terminal(garbage);
  CHECK_FALSE(dossier::utf8::find_invalid(out).has_value());
  std::size_t pos = 0;
  while (pos < out.size()) {
    const char32_t cp = dossier::utf8::next(out, pos);
    CAPTURE(static_cast<unsigned>(cp));
    CHECK_FALSE(dossier::is_unsafe_code_point(cp));
  }
}

TEST_CASE("is_unsafe_code_point") {
  struct Case {
    char32_t cp;
    bool unsafe;
  };
  const std::vector<Case> cases = {
      {0x00, true},   {0x07, true},   {0x0A, true},   {0x1B, true},   {0x1F, true},   {0x20, false},
      {U'a', false},  {0x7E, false},  {0x7F, true},   {0x80, true},   {0x85, true},   {0x9B, true},
      {0x9F, true},   {0xA0, false},  {0x0416, false}, {0x200B, false}, {0x200E, true}, {0x200F, true},
      {0x202A, true}, {0x202E, true}, {0x2066, true}, {0x2069, true}, {0x061C, true}, {0xFFFD, false},
      {0x1F600, false},
  };
  for (const auto& c : cases) {
    CAPTURE(static_cast<unsigned>(c.cp));
    CHECK(dossier::is_unsafe_code_point(c.cp) == c.unsafe);
  }
}

TEST_CASE("escape_json_for_terminal escapes what JSON allows raw but a terminal must not see") {
  struct Case {
    std::string json;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {R"({"t":"Приштина"})", R"({"t":"Приштина"})"},
      {"{\"t\":\"a\u202Eb\"}", R"({"t":"a\u202Eb"})"},
      {"{\"t\":\"a\u2066b\"}", R"({"t":"a\u2066b"})"},
      {"{\"t\":\"a\xC2\x85" "b\"}", R"({"t":"a\u0085b"})"},
      {"{\"t\":\"a\x7f" "b\"}", R"({"t":"a\u007Fb"})"},
      {"{\"t\":\"a\xC2\x9B" "b\"}", R"({"t":"a\u009Bb"})"},
      {"{\n\t\"t\": 1\n}", "{\n\t\"t\": 1\n}"},
      {R"({"t":"\u001b[31m"})", R"({"t":"\u001b[31m"})"},
      {"{\"e\":\"\xF0\x9F\x98\x80\"}", "{\"e\":\"\xF0\x9F\x98\x80\"}"},
      // Regression: invalid UTF-8 was copied through raw; it becomes U+FFFD.
      {"{\"t\":\"a\xFF\xC3" "b\"}", "{\"t\":\"a\xEF\xBF\xBD\xEF\xBF\xBD" "b\"}"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    CHECK(dossier::escape_json_for_terminal(c.json) == c.expected);
  }
}

TEST_CASE("display_width") {
  struct Case {
    std::string text;
    std::size_t width;
  };
  const std::vector<Case> cases = {
      {"", 0},
      {"abc", 3},
      {"日本語", 6},
      {"한국", 4},
      {"ＡＢ", 4},
      {"Приштина", 8},
      {"Pris\u030Ctina", 8},
      {"a\u200Bb", 2},
      {"a日b", 4},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(dossier::display_width(c.text) == c.width);
  }
}

TEST_CASE("wrap_words breaks at spaces by visible width, never inside a word or a colour sequence") {
  CHECK(dossier::wrap_words("aaa bbb ccc", 7, "  ", "") == "aaa bbb\n  ccc");
  CHECK(dossier::wrap_words("aaa bbb", 80, "  ", "> ") == "> aaa bbb");
  // Colour sequences take no columns; "Vučić" is five.
  CHECK(dossier::wrap_words("\x1b[1mVučić\x1b[0m abc", 9, "", "") == "\x1b[1mVučić\x1b[0m abc");
  CHECK(dossier::wrap_words("\x1b[1mVučić\x1b[0m abc", 8, "", "") == "\x1b[1mVučić\x1b[0m\nabc");
  CHECK(dossier::wrap_words("averyveryverylongword x", 5, "", "") == "averyveryverylongword\nx");
  CHECK(dossier::visible_width("\x1b[1;32m▸NATO\x1b[0m") == 5);
}
