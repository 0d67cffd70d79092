#include "searcher/snippet.h"

#include <doctest/doctest.h>

#include <string>

using namespace dossier;

namespace {

std::string marked(const Snippet& snippet) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    out += snippet.text.substr(pos, begin - pos) + "[" + snippet.text.substr(begin, end - begin) + "]";
    pos = end;
  }
  return out + snippet.text.substr(pos);
}

Snippet snip(const std::string& text, MatchTerms terms, std::size_t fragments = 2, std::size_t bytes = 200) {
  static Normaliser normaliser;
  const Xapian::Stem stemmer("english");
  for (const auto& word : std::set<std::string>(terms.words)) terms.stems.insert(stemmer(word));
  return make_snippet(text, normaliser.tokenize(text), terms, SnippetOptions{fragments, bytes}, normaliser);
}

}  // namespace

TEST_CASE("snippets pick the best sentences and highlight every matching form (golden)") {
  struct Case {
    std::string text;
    std::set<std::string> words;
    std::size_t fragments;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"Nothing here. The Javelin missiles arrived. More text.", {"javelin", "missile"}, 1,
       "… The [Javelin] [missiles] arrived. …"},
      {"Kosovo bought missiles. Weather was fine. Serbia objected to the missiles.", {"kosovo", "serbia"}, 2,
       "[Kosovo] bought missiles. … [Serbia] objected to the missiles."},
      {"Officials in Priština said nothing.", {"pristina"}, 1, "Officials in [Priština] said nothing."},
      {"Делегација је стигла у Приштину. Крај.", {"pristinu"}, 1, "Делегација је стигла у [Приштину]. …"},
      {"The U.S. officials met in Brussels. Later more.", {"brussels"}, 1, "The U.S. officials met in [Brussels]. …"},
      {"No match at all in this passage. Second sentence.", {"zzz"}, 2, "No match at all in this passage. …"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    MatchTerms terms;
    terms.words = c.words;
    CHECK(marked(snip(c.text, terms, c.fragments)) == c.expected);
  }
}

TEST_CASE("a long sentence is cut around its first match at word boundaries") {
  std::string text = "Start";
  for (int i = 0; i < 60; ++i) text += " filler";
  text += " Javelin";
  for (int i = 0; i < 60; ++i) text += " filler";
  text += ".";
  MatchTerms terms;
  terms.words = {"javelin"};
  const Snippet snippet = snip(text, terms, 1, 120);
  // the window, a word finished past it, and the two ellipses
  CHECK(snippet.text.size() <= 120 + 7 + 8);
  CHECK(snippet.text.find("Javelin") != std::string::npos);
  CHECK(snippet.text.rfind("… ", 0) == 0);
  REQUIRE(snippet.highlights.size() == 1);
  CHECK(snippet.text.substr(snippet.highlights[0].first, 7) == "Javelin");
}

TEST_CASE("wildcard prefixes highlight matching words") {
  MatchTerms terms;
  terms.prefixes = {"javel"};
  CHECK(marked(snip("Javelins and javelin throwers.", terms, 1)) == "[Javelins] and [javelin] throwers.");
}

TEST_CASE("hostile bytes in the text never break highlight offsets") {
  MatchTerms terms;
  terms.words = {"kosovo"};
  const std::string text = "\x1b[31m Kosovo \x1b[0m \xff\xfe broken \xe2\x80\xae Kosovo.";
  const Snippet snippet = snip(text, terms, 2);
  REQUIRE(snippet.highlights.size() == 2);
  for (const auto& [begin, end] : snippet.highlights) {
    CHECK(end <= snippet.text.size());
    CHECK(snippet.text.substr(begin, end - begin) == "Kosovo");
  }
}
