// Tests for common/record.cpp: the stored passage record.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/record.h"
#include "test_support.h"

using dossier::ArticleMeta;
using dossier::Passage;

namespace {

ArticleMeta sample_article() {
  ArticleMeta article;
  article.id = "balkans/2024-kosovo-javelin";
  article.title = "Москва осуждает — “Javelin” for Priština";
  article.date = "2024-07-03";
  article.source = "Dossier Wire";
  article.url = "https://example.org/a?b=1&c=\"2\"";
  article.language = "sr";
  return article;
}

Passage sample_passage() {
  Passage passage;
  passage.index = 7;
  passage.text = "Moscow condemned Washington’s plan.\tTabs and \"quotes\" and \\ backslashes.";
  passage.attribution = {"Analyst perspective", "on arms transfers"};
  passage.entities.push_back({"country", "RU", "Russia", "Moscow", 0, 6, "metonym"});
  passage.entities.push_back({"country", "US", "United States", "Washington", 17, 27, "metonym"});
  passage.entities.push_back({"weapon", "fgm-148", "FGM-148 Javelin", "Javelin", 100, 107, "cue"});
  return passage;
}

}  // namespace

TEST_CASE("encode_record and decode_record round trip") {
  const ArticleMeta article = sample_article();
  const Passage passage = sample_passage();
  const std::string data = dossier::encode_record(article, passage);
  const dossier::PassageRecord record = dossier::decode_record(data);

  CHECK(record.article.id == article.id);
  CHECK(record.article.title == article.title);
  CHECK(record.article.date == article.date);
  CHECK(record.article.source == article.source);
  CHECK(record.article.url == article.url);
  CHECK(record.article.language == article.language);
  CHECK(record.passage.index == 7);
  CHECK(record.passage.text == passage.text);
  CHECK(record.passage.attribution.kind == "Analyst perspective");
  CHECK(record.passage.attribution.text == "on arms transfers");
  REQUIRE(record.passage.entities.size() == passage.entities.size());
  for (std::size_t i = 0; i < passage.entities.size(); ++i) {
    CAPTURE(i);
    const auto& a = record.passage.entities[i];
    const auto& b = passage.entities[i];
    CHECK(a.facet == b.facet);
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.mention == b.mention);
    CHECK(a.begin == b.begin);
    CHECK(a.end == b.end);
    CHECK(a.rule == b.rule);
  }
  // Encoding is deterministic.
  CHECK(dossier::encode_record(article, passage) == data);
}

TEST_CASE("encode_record: the JSON shape") {
  Passage passage;
  passage.index = 0;
  passage.text = "plain";
  const auto json = nlohmann::json::parse(dossier::encode_record(sample_article(), passage));
  CHECK(json.at("attribution").is_null());
  CHECK(json.at("entities").is_array());
  CHECK(json.at("entities").empty());
  CHECK(json.at("index") == 0);
  CHECK(json.at("text") == "plain");
  CHECK(json.at("article").at("lang") == "sr");
  CHECK(json.at("article").at("id") == "balkans/2024-kosovo-javelin");

  const auto decoded = dossier::decode_record(json.dump());
  CHECK(decoded.passage.attribution.empty());
  CHECK(decoded.passage.entities.empty());

  CHECK(dossier::attribution_json({}).is_null());
  CHECK(dossier::attribution_json({"Source", "X"}) == nlohmann::json{{"kind", "Source"}, {"text", "X"}});
  const auto mention = dossier::mention_json({"actor", "dsca", "DSCA", "the agency", 3, 13, "alias"});
  CHECK(mention.at("facet") == "actor");
  CHECK(mention.at("begin") == 3);
  CHECK(mention.at("end") == 13);
  CHECK(mention.at("rule") == "alias");
  CHECK(dossier::article_json(sample_article()).at("date") == "2024-07-03");
}

TEST_CASE("decode_record throws dossier::Error on garbage") {
  const std::string good = dossier::encode_record(sample_article(), sample_passage());
  const std::vector<std::string> bad = {
      "",
      "not json",
      "\xFF\xFE",
      "[]",
      "{}",
      "null",
      "{\"article\": {}}",
      good.substr(0, good.size() / 2),
      R"({"article":{"id":"a","title":"t","date":"","source":"","url":"","lang":""},"index":"zero","text":"x","attribution":null,"entities":[]})",
      R"({"article":{"id":"a","title":"t","date":"","source":"","url":"","lang":""},"index":0,"text":"x","attribution":null})",
      R"({"article":{"id":"a","title":"t","date":"","source":"","url":"","lang":""},"index":0,"text":"x","attribution":{"kind":1},"entities":[]})",
      R"({"article":{"id":"a","title":"t","date":"","source":"","url":"","lang":""},"index":0,"text":"x","attribution":null,"entities":[{"facet":"country"}]})",
  };
  for (const auto& data : bad) {
    CAPTURE(data);
    CHECK_THROWS_AS(dossier::decode_record(data), dossier::Error);
  }
  try {
    dossier::decode_record("not json");
    FAIL("no exception");
  } catch (const dossier::Error& e) {
    CHECK(std::string(e.what()).find("corrupt passage record") != std::string::npos);
  }
}

TEST_CASE("decode_record reads other shapes through the JSON tree, the same way") {
  // The fast reader takes only encode_record's exact shape; these records are valid but not
  // that shape, so they must come out of the fallback exactly as the tree reads them.
  const std::string base =
      R"({"article":{"id":"a","title":"t","date":"2024-01-02","source":"s","url":"u","lang":"en"},"index":3,"text":"x",)";
  struct Case {
    std::string data;
    std::size_t entities;
    std::vector<std::string> focus, affiliations;
    std::string kind;
  };
  const std::vector<Case> cases = {
      // written by an older version: no focus, no affiliations
      {base + R"("attribution":null,"entities":[]})", 0, {}, {}, ""},
      // a key this version does not know
      {base + R"("attribution":{"kind":"Source","text":"t"},"entities":[],"affiliations":["nato"],"future":1})", 0, {}, {"nato"}, "Source"},
      // keys in another order, and a focus list
      {R"({"entities":[{"rule":"alias","end":2,"begin":0,"mention":"RU","name":"Russia","id":"RU","facet":"country"}],)"
       R"("affiliations":[],"attribution":null,"text":"x","index":3,)"
       R"("article":{"focus":["RU"],"lang":"en","url":"u","source":"s","date":"2024-01-02","title":"t","id":"a"}})",
       1, {"RU"}, {}, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.data);
    const dossier::PassageRecord record = dossier::decode_record(c.data);
    CHECK(record.article.id == "a");
    CHECK(record.article.date == "2024-01-02");
    CHECK(record.passage.index == 3);
    CHECK(record.passage.text == "x");
    CHECK(record.passage.entities.size() == c.entities);
    CHECK(record.article.focus_countries == c.focus);
    CHECK(record.passage.affiliations == c.affiliations);
    CHECK(record.passage.attribution.kind == c.kind);
  }
}

TEST_CASE("decode_record's own reader agrees with nlohmann's on every record shape and escape") {
  std::vector<std::string> records;
  const auto add = [&](ArticleMeta article, Passage passage) { records.push_back(dossier::encode_record(article, passage)); };
  add(sample_article(), sample_passage());
  Passage bare;
  bare.text = "";
  add(ArticleMeta{}, bare);  // empty strings, no attribution (null), no entities, no focus
  ArticleMeta focused = sample_article();
  focused.focus_countries = {"RS", "XK"};
  Passage hostile = sample_passage();
  // Every control character (escaped as \u00XX or \n, \t, ...), DEL, astral and BMP code points,
  // quotes, backslashes and slashes.
  for (int c = 0; c < 0x20; ++c) hostile.text += static_cast<char>(c);
  hostile.text += "\x7f / \xf0\x9f\x98\x80 \xe2\x80\xae \"\\\"\\\\";
  hostile.affiliations = {"NATO", "US"};
  hostile.entities.push_back({"actor", "a\"b", "n\\m", "\x01", 4294967296ULL, 0, "r"});
  add(focused, hostile);
  for (const std::string& record : records) {
    CAPTURE(record);
    const std::optional<dossier::PassageRecord> fast = dossier::decode_record_fast(record);
    REQUIRE(fast.has_value());  // the fast reader takes what encode_record writes
    const dossier::PassageRecord reference = dossier::decode_record_nlohmann(record);
    CHECK(dossier::encode_record(fast->article, fast->passage) == record);
    CHECK(dossier::encode_record(reference.article, reference.passage) == record);
  }
  // Anything else goes to nlohmann: whitespace, other literals, signs, fractions, bad escapes,
  // lone surrogates, raw control characters, trailing bytes, truncation.
  const std::string good = records.front();
  const std::vector<std::string> others = {
      " " + good, good + " ", good + "x", good.substr(0, good.size() - 1),
      R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":null,"entities":[],"index":-1,"text":""})",
      R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":null,"entities":[],"index":1.5,"text":""})",
      R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":true,"entities":[],"index":1,"text":""})",
      R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":null,"entities":[],"index":1,"text":"\x"})",
      R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":null,"entities":[],"index":1,"text":"\ud800"})",
      std::string(R"({"affiliations":[],"article":{"date":"","focus":[],"id":"","lang":"","source":"","title":"","url":""},"attribution":null,"entities":[],"index":1,"text":")") + "\x01\"}",
  };
  for (const std::string& other : others) {
    CAPTURE(other);
    CHECK_FALSE(dossier::decode_record_fast(other).has_value());
  }
}

TEST_CASE("a discovered mention keeps its flag, through both readers, and only it carries the key") {
  Passage passage = sample_passage();
  passage.entities.push_back({"actor", "jane-doe", "Jane Doe", "Jane Doe", 40, 48, "title", true});
  const std::string data = dossier::encode_record(sample_article(), passage);
  const auto json = nlohmann::json::parse(data);
  CHECK(json["entities"][3]["discovered"] == true);
  CHECK(json["entities"][0].contains("discovered") == false);
  const auto fast = dossier::decode_record_fast(data);
  REQUIRE(fast.has_value());
  CHECK(fast->passage.entities[3].discovered);
  CHECK_FALSE(fast->passage.entities[0].discovered);
  const auto tree = dossier::decode_record_nlohmann(data);
  CHECK(tree.passage.entities[3].discovered);
  CHECK_FALSE(tree.passage.entities[2].discovered);
}

TEST_CASE("an attribution keeps its speaker and its unresolved mark, through both readers") {
  Passage passage = sample_passage();
  passage.attribution.kind = "Inline";
  passage.attribution.text = "the minister";
  passage.attribution.speaker = {"sergei-lavrov", "Sergei Lavrov", "the minister"};
  Passage unresolved = sample_passage();
  unresolved.attribution.kind = "Inline";
  unresolved.attribution.text = "he";
  unresolved.attribution.unresolved = true;
  for (const Passage& p : {passage, unresolved}) {
    const std::string data = dossier::encode_record(sample_article(), p);
    const auto json = nlohmann::json::parse(data);
    CHECK(json["attribution"].contains("speaker") == !p.attribution.speaker.empty());
    CHECK(json["attribution"].contains("unresolved") == p.attribution.unresolved);
    const auto fast = dossier::decode_record_fast(data);
    REQUIRE(fast.has_value());
    const auto tree = dossier::decode_record_nlohmann(data);
    for (const dossier::Attribution& read : {fast->passage.attribution, tree.passage.attribution}) {
      CHECK(read.kind == p.attribution.kind);
      CHECK(read.text == p.attribution.text);
      CHECK(read.speaker.id == p.attribution.speaker.id);
      CHECK(read.speaker.name == p.attribution.speaker.name);
      CHECK(read.speaker.resolved_from == p.attribution.speaker.resolved_from);
      CHECK(read.unresolved == p.attribution.unresolved);
    }
  }
  // Written before speakers: no key, no speaker.
  const std::string old = dossier::encode_record(sample_article(), sample_passage());
  CHECK(nlohmann::json::parse(old)["attribution"].contains("speaker") == false);
  CHECK(dossier::decode_record(old).passage.attribution.speaker.empty());
}

TEST_CASE("a record keeps where its article was read; a record without it still decodes") {
  dossier::ArticleMeta article;
  article.id = "a1";
  article.title = "T";
  dossier::Passage passage;
  passage.text = "Kosovo.";
  const std::string with = dossier::encode_record(article, passage, {"/data/wire.jsonl", 12});
  for (const auto& decoded : {dossier::decode_record(with), dossier::decode_record_nlohmann(with)}) {
    CHECK(decoded.origin.path == "/data/wire.jsonl");
    CHECK(decoded.origin.line == 12);
    CHECK(decoded.article.id == "a1");
  }
  CHECK(dossier::decode_record_fast(with).has_value());  // the fast reader knows the new key
  const std::string without = dossier::encode_record(article, passage);
  CHECK(without.find("origin") == std::string::npos);
  const auto old = dossier::decode_record(without);
  CHECK(old.origin.path.empty());
  CHECK(old.origin.line == 0);
  CHECK(dossier::decode_record_fast(without).has_value());
  // A malformed origin (a missing line) is not what encode_record writes: the tree reads it.
  auto tree = nlohmann::json::parse(with);
  tree["origin"].erase("line");
  CHECK_FALSE(dossier::decode_record_fast(tree.dump()).has_value());
  CHECK(dossier::decode_record(tree.dump()).origin.path == "/data/wire.jsonl");
}
