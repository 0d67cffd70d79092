// Tests for common/passage.cpp: attribution tags, inline attribution, passage building, titles.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/passage.h"
#include "common/utf8.h"
#include "test_support.h"

using dossier::Attribution;
using dossier::Passage;

TEST_CASE("take_trailing_attribution splits a trailing tag off the paragraph") {
  struct Case {
    const char* name;
    std::string paragraph;
    std::string kind;       // empty: no tag taken
    std::string text;
    std::string remaining;  // paragraph afterwards
  };
  const std::vector<Case> cases = {
      {"Source",
       "Moscow condemned the plan. [Source: Russian Foreign Ministry briefing on security matters in Europe]",
       "Source", "Russian Foreign Ministry briefing on security matters in Europe", "Moscow condemned the plan."},
      {"Attribution",
       "Russia argues otherwise. [Attribution: Moscow’s assessment of Western arms sales in the Balkans]",
       "Attribution", "Moscow’s assessment of Western arms sales in the Balkans", "Russia argues otherwise."},
      {"Source with US", "The package includes launchers. [Source: US government notification on defense exports]",
       "Source", "US government notification on defense exports", "The package includes launchers."},
      {"Context", "Kosovo faces pressure. [Context: regional security dynamics in Southeast Europe]", "Context",
       "regional security dynamics in Southeast Europe", "Kosovo faces pressure."},
      {"known kind without colon", "Observers point to risks. [Analyst perspective on arms transfers and regional risk]",
       "Analyst perspective", "on arms transfers and regional risk", "Observers point to risks."},
      {"known kind, case kept as written", "Body. [analyst perspective on risk]", "analyst perspective", "on risk", "Body."},
      {"known kind with comma", "Body. [Editor's note, corrected on Monday]", "Editor's note", "corrected on Monday", "Body."},
      {"known kind with dash", "Body. [Note - figures rounded]", "Note", "figures rounded", "Body."},
      {"known kind alone", "Body. [Update]", "Update", "", "Body."},
      {"lower-case kind with colon", "Body. [source: wire copy]", "source", "wire copy", "Body."},
      {"trailing spaces after tag", "Body.   [Source: X]   ", "Source", "X", "Body."},
      {"no space before tag", "Body.[Source: X]", "Source", "X", "Body."},
      {"cyrillic kind", "Тело вести. [Извор: Министарство спољних послова]", "Извор", "Министарство спољних послова",
       "Тело вести."},
      {"tag after an earlier bracket", "Body [sic] more. [Source: X]", "Source", "X", "Body [sic] more."},
      {"[sic] is text", "He said it was fine [sic]", "", "", "He said it was fine [sic]"},
      {"footnote [1] is text", "A contested claim.[1]", "", "", "A contested claim.[1]"},
      {"ratio is text", "The vote was [3:1]", "", "", "The vote was [3:1]"},
      {"word starting with a kind is not the kind", "Body. [Sources close to the ministry]", "", "",
       "Body. [Sources close to the ministry]"},
      {"tag not at the end", "[Source: X] and then the body continues.", "", "", "[Source: X] and then the body continues."},
      {"nested brackets are not taken", "Body. [Source: Reuters [archived]]", "", "", "Body. [Source: Reuters [archived]]"},
      {"empty brackets", "Body. []", "", "", "Body. []"},
      {"blank brackets", "Body. [   ]", "", "", "Body. [   ]"},
      {"only a closing bracket", "Body. ]", "", "", "Body. ]"},
      {"kind with sentence punctuation", "Body. [He said, quietly: no]", "", "", "Body. [He said, quietly: no]"},
      {"empty paragraph", "", "", "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    std::string paragraph = c.paragraph;
    const Attribution attribution = dossier::take_trailing_attribution(paragraph);
    CHECK(attribution.kind == c.kind);
    CHECK(attribution.text == c.text);
    CHECK(attribution.empty() == c.kind.empty());
    CHECK(paragraph == c.remaining);
  }
}

TEST_CASE("find_inline_attribution finds 'according to X' and 'X said'") {
  struct Case {
    std::string body;
    std::string text;  // empty: none
  };
  const std::vector<Case> cases = {
      {"The sale is illegal, according to the ministry, and must stop.", "the ministry"},
      {"According to Zakharova, Washington’s decision complicates negotiations.", "Zakharova"},
      {"The deal was signed according to officials.", "officials"},
      {"The sale is illegal, the spokesperson said.", "the spokesperson"},
      {"Troops will stay, the minister says.", "the minister"},
      {"Officials said the deal was final.", "Officials"},
      {"“We will respond,” the ambassador told reporters.", "the ambassador"},
      {"Nothing here names a source.", ""},
      {"The word unsaid does not count.", ""},
      {"The plan, according to a very long list of many unnamed people in several capitals, failed.", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const Attribution attribution = dossier::find_inline_attribution(c.body);
    CHECK(attribution.text == c.text);
    CHECK(attribution.kind == (c.text.empty() ? "" : "Inline"));
  }
}

TEST_CASE("make_passages drops empty paragraphs, numbers from 0 and keeps tag-only paragraphs") {
  const std::vector<std::string> paragraphs = {
      "  First paragraph. [Source: Agency report]  ",
      "",
      "   \t ",
      "\xC2\xA0",
      "Troops will stay, the minister said.",
      "[Source: only a tag]",
      "Plain closing paragraph.",
  };
  const auto passages = dossier::make_passages(paragraphs);
  REQUIRE(passages.size() == 4);
  for (std::size_t i = 0; i < passages.size(); ++i) CHECK(passages[i].index == i);

  CHECK(passages[0].text == "First paragraph.");
  CHECK(passages[0].attribution.kind == "Source");
  CHECK(passages[0].attribution.text == "Agency report");

  CHECK(passages[1].text == "Troops will stay, the minister said.");
  CHECK(passages[1].attribution.kind == "Inline");
  CHECK(passages[1].attribution.text == "the minister");

  CHECK(passages[2].text == "[Source: only a tag]");
  CHECK(passages[2].attribution.empty());

  CHECK(passages[3].text == "Plain closing paragraph.");
  CHECK(passages[3].attribution.empty());
  for (const auto& p : passages) CHECK(p.entities.empty());

  CHECK(dossier::make_passages({}).empty());
  CHECK(dossier::make_passages({"", " ", "\n"}).empty());
}

TEST_CASE("fallback_title uses the first sentence, cut at a word boundary") {
  const auto one = [](std::string text) {
    Passage p;
    p.text = std::move(text);
    return std::vector<Passage>{p};
  };
  CHECK(dossier::fallback_title({}) == "");
  CHECK(dossier::fallback_title(one("Moscow has issued a firm condemnation. More text follows.")) ==
        "Moscow has issued a firm condemnation");
  CHECK(dossier::fallback_title(one("Is this a question? Yes.")) == "Is this a question");
  CHECK(dossier::fallback_title(one("No sentence end at all")) == "No sentence end at all");
  CHECK(dossier::fallback_title(one("Version 2.5 released. Next.")) == "Version 2.5 released");
  // Regression: a passage starting with ". " gave an empty title.
  CHECK(dossier::fallback_title(one(". Kosovo police said so. More.")) == ". Kosovo police said so");
  CHECK(dossier::fallback_title(one("... ? Belgrade")) == "... ? Belgrade");

  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "word" + std::to_string(i) + " ";
  const std::string title = dossier::fallback_title(one(long_text), 50);
  CHECK(title.size() <= 50 + std::string("…").size());
  CHECK(title.substr(title.size() - 3) == "…");
  const std::string body = title.substr(0, title.size() - 3);
  CHECK(long_text.rfind(body, 0) == 0);
  CHECK(long_text[body.size()] == ' ');  // cut at a word boundary

  // Cyrillic without spaces near the limit: never split a code point.
  std::string cyrillic;
  for (int i = 0; i < 80; ++i) cyrillic += "ж";
  const std::string cut = dossier::fallback_title(one(cyrillic), 51);
  CHECK_FALSE(dossier::utf8::find_invalid(cut).has_value());
  CHECK(cut == std::string(cyrillic.substr(0, 50)) + "…");
}

TEST_CASE("trim removes ASCII and Unicode spaces at both ends") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"", ""},
      {"  a b  ", "a b"},
      {"\t\r\n x \n", "x"},
      {"\xC2\xA0 nbsp \xC2\xA0", "nbsp"},
      {"\xE3\x80\x80ideographic\xE3\x80\x80", "ideographic"},
      {"\xEF\xBB\xBFwith bom", "with bom"},
      {"   ", ""},
      {"inner\xC2\xA0space", "inner\xC2\xA0space"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(dossier::trim(c.text) == c.expected);
  }
}

TEST_CASE("known_attribution_kinds lists the longest kinds first where they share a prefix") {
  const auto& kinds = dossier::known_attribution_kinds();
  const auto position = [&](const std::string& kind) {
    return static_cast<std::size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
  };
  REQUIRE(position("Analyst perspective") < kinds.size());
  REQUIRE(position("Source") < kinds.size());
  REQUIRE(position("Context") < kinds.size());
  REQUIRE(position("Attribution") < kinds.size());
  CHECK(position("Analysis") > position("Analyst perspective"));
}
