// Tests for searcher/article_view.cpp and its renderers (render_article.cpp, render_json.cpp):
// dossier-search --show ID and :open N on the sample archive; and --format tsv (render_tsv.cpp).
#include "searcher/article_view.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "common/terminal.h"
#include "corpus_index.h"
#include "searcher/render.h"
#include "searcher/search.h"

using namespace dossier;

namespace {

const std::string kId = "2019-10-slavic-shield-s400";

std::string highlighted_words(const ArticleView& view) {
  std::string out;
  for (std::size_t i = 0; i < view.passages.size(); ++i) {
    for (const auto& [begin, end] : view.highlights[i]) out += view.passages[i].text.substr(begin, end - begin) + "|";
  }
  return out;
}

}  // namespace

TEST_CASE("show_article: every passage in order, the query's words and filtered entities highlighted") {
  IndexReader index(testing::corpus_db());
  SearchRequest request;
  const auto plain = show_article(index, kId, request);
  REQUIRE(plain.has_value());
  CHECK(plain->article.title == "Russian S-400 and Pantsir units join air defence drill in Serbia");
  REQUIRE(plain->passages.size() == 5);
  for (std::size_t i = 0; i < plain->passages.size(); ++i) {
    CHECK(plain->passages[i].index == i);
    CHECK(plain->highlights[i].empty());  // no query, no filter: nothing to highlight
  }
  CHECK(plain->passages[0].attribution.text == "Russian Ministry of Defence statement");
  CHECK(plain->origin.path.find("2019-10-slavic-shield-s400.txt") != std::string::npos);

  request.query = "crews";
  const auto words = show_article(index, kId, request);
  REQUIRE(words.has_value());
  CHECK(highlighted_words(*words) == "crews|crews|");  // passages 0 and 2

  request.query.clear();
  request.actors = {"Aleksandar Vučić"};
  const std::string filtered = highlighted_words(*show_article(index, kId, request));
  CHECK(filtered.find("Aleksandar|Vučić|") != std::string::npos);  // each word of the mention

  CHECK_FALSE(show_article(index, "no-such-article", SearchRequest{}).has_value());
}

TEST_CASE("render_article_text: wrapped at the width, highlights painted only with colour, attributions under their passage") {
  IndexReader index(testing::corpus_db());
  SearchRequest request;
  request.query = "Batajnica";
  const auto view = show_article(index, kId, request);
  REQUIRE(view.has_value());
  std::ostringstream plain, painted;
  render_article_text(*view, TextStyle{false, 60}, plain);
  render_article_text(*view, TextStyle{true, 60}, painted);
  const std::string text = plain.str();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("[0] Russian air defence") != std::string::npos);
  CHECK(text.find("— Source: Russian Ministry of Defence statement") != std::string::npos);
  CHECK(text.find("Countries: ") != std::string::npos);
  CHECK(text.find("Serbia [RS]") != std::string::npos);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find('/') == std::string::npos) CHECK(visible_width(line) <= 60);  // a path cannot be wrapped
  }
  CHECK(painted.str().find("\x1b[1;31mBatajnica\x1b[0m") != std::string::npos);
}

TEST_CASE("render_article_json: the article, its origin and every passage with highlights in bytes and characters") {
  IndexReader index(testing::corpus_db());
  SearchRequest request;
  request.query = "Vučić";
  const auto view = show_article(index, kId, request);
  REQUIRE(view.has_value());
  const auto json = nlohmann::json::parse(render_article_json(*view));
  CHECK(json["article"]["id"] == kId);
  CHECK(json["origin"]["path"].get<std::string>().find(".txt") != std::string::npos);
  REQUIRE(json["passages"].size() == 5);
  const auto& third = json["passages"][2];
  REQUIRE(third["highlights"].size() == third["highlights_chars"].size());
  const std::string text = third["text"];
  bool found = false;  // "Vučić": 5 characters, 7 bytes
  for (std::size_t i = 0; i < third["highlights"].size(); ++i) {
    const std::size_t begin = third["highlights"][i][0], end = third["highlights"][i][1];
    if (text.substr(begin, end - begin) != "Vučić") continue;
    found = true;
    CHECK(third["highlights_chars"][i][1].get<std::size_t>() - third["highlights_chars"][i][0].get<std::size_t>() == 5);
  }
  CHECK(found);
  CHECK_FALSE(third["entities"].empty());
}

TEST_CASE("render_tsv: one line per hit, five tab-separated fields, never a control character") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index, SearcherOptions{});
  SearchRequest request;
  request.query = "kosovo";
  SearchResult result = searcher.search(request);
  REQUIRE(result.hits.size() >= 2);
  result.hits[0].record.article.title = "a\ttab\nand\x1b[31m escape";
  const std::string tsv = render_tsv(result);
  std::istringstream lines(tsv);
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    CHECK(std::count(line.begin(), line.end(), '\t') == 4);
    CHECK(line.find('\x1b') == std::string::npos);
    CHECK(line.rfind(result.hits[rows].record.article.id + "\t", 0) == 0);
  }
  CHECK(rows == result.hits.size());
}
