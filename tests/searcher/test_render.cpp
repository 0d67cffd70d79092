#include "searcher/render.h"

#include <doctest/doctest.h>

#include "searcher/index_reader.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "corpus_index.h"

using namespace dossier;

namespace {

SearchResult hostile_result() {
  SearchResult result;
  result.query = "kosovo";
  result.total = 1;
  Hit hit;
  hit.rank = 1;
  hit.score = 1.5;
  hit.record.article = {"id\x1b]0;pwned\x07", "Title \x1b[2J\xe2\x80\xae evil", "2024-01-02", "Src\x07", "", "en", {}};
  hit.record.passage.index = 0;
  hit.record.passage.text = "Kosovo \x1b[31mred\x1b[0m text\xc2\x9b";
  hit.record.passage.attribution = {"Source", "bell\x07 here \xc2\x9b[1m"};
  hit.snippet.text = "Kosovo \x1b[31mred\x1b[0m \xe2\x81\xa6text";
  hit.snippet.highlights = {{0, 6}};
  hit.facets["country"] = {"XK"};
  result.hits.push_back(hit);
  result.facets["country"].values.push_back({"XK", "Kosovo\x1b[5m", 1, ""});
  return result;
}

bool has_raw_unsafe(const std::string& text) {
  for (unsigned char c : text) {
    if (c == 0x1b || c == 0x07 || c == 0x9b) return true;
  }
  return text.find("\xe2\x80\xae") != std::string::npos || text.find("\xe2\x81\xa6") != std::string::npos ||
         text.find("\xc2\x9b") != std::string::npos;
}

}  // namespace

TEST_CASE("text output without colour holds no escape or control character from the archive") {
  const SearchResult result = hostile_result();
  SearchRequest request;
  std::ostringstream out;
  render_text(result, request, TextStyle{false, 80, true}, out);
  CHECK_FALSE(has_raw_unsafe(out.str()));
  CHECK(out.str().find("Kosovo") != std::string::npos);
}

TEST_CASE("text output with colour holds only Dossier's own SGR sequences") {
  const SearchResult result = hostile_result();
  SearchRequest request;
  std::ostringstream out;
  render_text(result, request, TextStyle{true, 80, false}, out);
  std::string text = out.str();
  for (const char* own : {"\x1b[1;31m", "\x1b[1m", "\x1b[2m", "\x1b[0m"}) {
    for (std::size_t pos; (pos = text.find(own)) != std::string::npos;) text.erase(pos, std::string(own).size());
  }
  CHECK_FALSE(has_raw_unsafe(text));
}

TEST_CASE("JSON output escapes every unsafe code point yet parses back to the original text") {
  const SearchResult result = hostile_result();
  SearchRequest request;
  const std::string json = render_json(result, request, false);
  CHECK_FALSE(has_raw_unsafe(json));
  const auto document = nlohmann::json::parse(json);
  CHECK(document["hits"][0]["passage"]["text"] == result.hits[0].record.passage.text);
}

TEST_CASE("JSON output of a damaged record with invalid UTF-8 prints U+FFFD instead of throwing") {
  SearchResult result = hostile_result();
  result.hits[0].record.passage.text = "bad \x9b\xff byte";
  SearchRequest request;
  const auto document = nlohmann::json::parse(render_json(result, request, false));
  CHECK(document["hits"][0]["passage"]["text"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
}

TEST_CASE("the --json document has the documented shape") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  SearchRequest request;
  request.query = "javelin kosovo";
  request.limit = 3;
  const auto document = nlohmann::json::parse(render_json(searcher.search(request), request, true));
  CHECK(document["query"] == "javelin kosovo");
  CHECK(document["total"]["value"].is_number_unsigned());
  CHECK(document["total"]["exact"] == true);
  CHECK(document["counts_sampled"] == false);
  CHECK(document["examined_fraction"] == 1.0);
  REQUIRE(document["hits"].size() == 3);
  for (const auto& hit : document["hits"]) {
    CHECK(hit["rank"].is_number_unsigned());
    CHECK(hit["score"].is_number());
    for (const char* key : {"id", "title", "date", "source"}) CHECK(hit["article"][key].is_string());
    CHECK(hit["passage"]["index"].is_number_unsigned());
    CHECK(hit["passage"]["text"].is_string());
    CHECK((hit["passage"]["attribution"].is_null() || hit["passage"]["attribution"]["kind"].is_string()));
    CHECK(hit["snippet"].is_string());
    for (const char* facet : {"country", "actor", "weapon"}) CHECK(hit["facets"][facet].is_array());
    CHECK(hit["explain"]["entities"].is_array());
    CHECK(hit["copies"].is_array());
  }
  CHECK(document["more"].is_boolean());
  for (const char* facet : {"country", "actor", "weapon"}) {
    REQUIRE(document["facets"][facet].is_array());
    for (const auto& value : document["facets"][facet]) {
      CHECK(value["id"].is_string());
      CHECK(value["name"].is_string());
      CHECK(value["count"].is_number_unsigned());
    }
  }
}

TEST_CASE("a hit's copies: one sanitised line that wraps under the hit; an array in JSON") {
  SearchResult result = hostile_result();
  result.total = 4;
  result.hits[0].copies = {"reuters-123", "afp-77\x1b[2J"};
  SearchRequest request;
  std::ostringstream text;
  render_text(result, request, TextStyle{false, 80, false}, text);
  CHECK(text.str().find("\n     +2 copies: reuters-123, afp-77") != std::string::npos);
  CHECK_FALSE(has_raw_unsafe(text.str()));

  result.hits[0].copies = {"one"};
  std::ostringstream one;
  render_text(result, request, TextStyle{false, 80, false}, one);
  CHECK(one.str().find("     +1 copy: one\n") != std::string::npos);

  // Many long ids: at most 8 named, the rest counted, every line within the width.
  result.hits[0].copies.clear();
  for (int i = 0; i < 11; ++i) result.hits[0].copies.push_back("agency-wire-story-" + std::to_string(1000 + i));
  std::ostringstream many;
  render_text(result, request, TextStyle{false, 50, false}, many);
  const std::string out = many.str();
  const std::size_t start = out.find("+11 copies: agency-wire-story-1000,");
  REQUIRE(start != std::string::npos);
  CHECK(out.find("and 3 more") != std::string::npos);
  CHECK(out.find("agency-wire-story-1008") == std::string::npos);
  std::istringstream lines(out.substr(start - 5, out.find("and 3 more") - start + 20));
  std::string line;
  while (std::getline(lines, line)) CHECK(line.size() <= 50);

  const auto document = nlohmann::json::parse(render_json(result, request, false));
  CHECK(document["hits"][0]["copies"].size() == 11);
  CHECK(document["hits"][0]["copies"][0] == "agency-wire-story-1000");
}

TEST_CASE("the paging hint follows SearchResult::more, not the total") {
  SearchResult result = hostile_result();
  result.total = 5;  // articles, copies included: more than the one hit, yet no other page
  SearchRequest request;
  std::ostringstream last;
  render_text(result, request, TextStyle{false, 80, false}, last);
  CHECK(last.str().find("Showing 1-1 of 5\n") != std::string::npos);
  result.more = true;
  std::ostringstream next;
  render_text(result, request, TextStyle{false, 80, false}, next);
  CHECK(next.str().find("Showing 1-1 of 5; next page: --offset 1") != std::string::npos);
}

TEST_CASE("estimated counts are labelled in every output format, with the fraction examined") {
  SearchResult result = hostile_result();
  result.total = 41200;
  result.total_exact = false;
  result.counts_sampled = true;
  result.examined_fraction = 0.048;
  SearchRequest request;
  std::ostringstream text;
  render_text(result, request, TextStyle{}, text);
  CHECK(text.str().find("≈41200 articles match (estimated from 4.8% of the matches; --exact-facets counts all)") !=
        std::string::npos);
  CHECK(text.str().find("Facets (articles per value; estimated from 4.8% of the matches)") != std::string::npos);
  CHECK(text.str().find("[XK] ≈1") != std::string::npos);
  const std::string lines = render_jsonl(result, request, false);
  const std::string last_line = lines.substr(lines.rfind('\n', lines.size() - 2) + 1);  // the summary
  for (const std::string& json : {render_json(result, request, false), last_line}) {
    const auto summary = nlohmann::json::parse(json);
    CHECK(summary["counts_sampled"] == true);
    CHECK(summary["examined_fraction"] == doctest::Approx(0.048));
    CHECK(summary["total"]["exact"] == false);
  }
}
