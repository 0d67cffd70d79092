// MatchTerms::matches stems only the tokens whose first letter begins a query stem: checked against
// stemming every token (matches_by_stemming), over every word of the shipped archive and words
// chosen for the stemmer's special cases.
#include "searcher/match_terms.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/normalise.h"

using namespace dossier;

namespace {

// Every folded word of corpus/articles, and words that exercise Porter2's exceptions, its
// leading-y and apostrophe handling and its endings.
std::vector<std::string> vocabulary() {
  Normaliser normaliser;
  std::set<std::string> words = {"skis",  "skies", "dying", "lying",  "tying",  "idly",   "gently", "ugly",  "early",
                                 "only",  "singly", "sky",  "news",   "howe",   "atlas",  "cosmos", "bias",  "andes",
                                 "yes",   "yelling", "'tis", "'s",    "o'neill", "ies",   "ied",    "ties",  "cries",
                                 "a",     "y",     "ys",    "eed",    "ing",    "ed",     "generously", "hopping",
                                 "rated", "luxuriating", "communism", "arsenal", "arsenic", "united", "unite", "uncut"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(DOSSIER_SOURCE_DIR) + "/corpus/articles")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const Token& token : normaliser.tokenize(text.str())) words.insert(token.folded);
  }
  return {words.begin(), words.end()};
}

}  // namespace

TEST_CASE("English stemming keeps a word's first letter (what may_share_stem relies on)") {
  const Xapian::Stem stemmer("english");
  const std::vector<std::string> words = vocabulary();
  REQUIRE(words.size() > 2000);
  for (const std::string& word : words) {
    if (word.empty() || word.front() == '\'') continue;
    const std::string stem = stemmer(word);
    CAPTURE(word);
    CHECK((stem.empty() || stem.front() == word.front()));
  }
}

TEST_CASE("matches() gives what stemming every token gives") {
  const Xapian::Stem stemmer("english");
  const std::vector<std::string> words = vocabulary();
  std::size_t compared = 0, matched = 0;
  // Query words spread over the vocabulary, one, two and three at a time, with and without a
  // wildcard prefix.
  for (std::size_t i = 0; i < words.size(); i += words.size() / 40) {
    MatchTerms terms;
    for (std::size_t k = 0; k < 1 + i % 3; ++k) {
      const std::string& word = words[(i + k * 977) % words.size()];
      terms.words.insert(word);
      terms.stems.insert(stemmer(word));
    }
    if (i % 2 == 1) terms.prefixes.push_back(words[i].substr(0, 3));
    for (const std::string& token : words) {
      CAPTURE(token);
      const bool want = terms.matches_by_stemming(token, stemmer);
      CHECK(terms.matches(token, stemmer) == want);
      matched += want ? 1 : 0;
      ++compared;
    }
  }
  CHECK(compared > 50000);
  CHECK(matched > 40);  // the comparison met matches, not only misses
}
