#include "searcher/query_builder.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "corpus_index.h"

using namespace dossier;

namespace {

struct Fixture {
  IndexReader index{testing::corpus_db()};
  Normaliser normaliser;
  QueryBuilder builder{index, normaliser};
};

}  // namespace

TEST_CASE("query strings are rewritten into folded QueryParser input (golden)") {
  Fixture f;
  struct Case {
    const char* query;
    const char* rewritten;
  };
  const std::vector<Case> cases = {
      {"Javelin", "(javelin OR zentity:w66676d2d313438)"},  // a name: also the entity, its id in hex
      {"Vučić", "(vucic OR zentity:a616c656b73616e6461722d7675636963)"},
      {"Вучић", "(vucic OR zentity:a616c656b73616e6461722d7675636963)"},
      {"Україна", "(ukrayina OR zentity:c5541)"},  // a country's own name, in another script
      {"Косово", "(kosovo OR zentity:c584b)"},
      {"Київ", "kyyiv"},  // capitals and cities are places of their own: never the whole country
      {"Приштина", "(prishtina OR pristina)"},
      {"Sydney", "sydney"},
      {"\"Javelin missiles\"", "(\"javelin missiles\" OR zentity:w66676d2d313438)"},
      {"FGM-148", "(fgm-148 OR zentity:w66676d2d313438)"},
      {"FGM148", "(fgm148 OR zentity:w66676d2d313438)"},  // designations without the hyphen
      {"Washington’s", "washington-s"},
      {"javel*", "zbody:javel*"},
      {"title:javel*", "ztitle:javel*"},
      {"-kosovo nato", "-kosovo (nato OR zentity:a6e61746f)"},  // a signed word keeps its sign alone
      {"kosovo AND NOT serbia", "(kosovo OR zentity:c584b) AND NOT (serbia OR zentity:c5253)"},
      {"tanks NEAR/5 delivered", "tanks NEAR/5 delivered"},
      {"(kosovo OR serbia) AND javelin", "((kosovo OR zentity:c584b) OR (serbia OR zentity:c5253)) AND (javelin OR zentity:w66676d2d313438)"},
      {"aleksandar vucic said", "(aleksandar vucic OR zentity:a616c656b73616e6461722d7675636963) said"},  // a name of two words
      {"us troops", "(us troops OR zentity:a75732d61726d65642d666f72636573)"},
      {"us", "us"},  // too short to be a name unless typed as an acronym
      {"country:Russia", "country:RU"},
      {"country:rs", "country:RS"},
      {"country:\"North Macedonia\"", "country:MK"},
      {"weapon:fgm-148", "weapon:fgm-148"},
      {"kind:\"Analyst perspective\"", "kind:analyst-perspective"},
      {"source:Dossier Wire", "source:dossier wire"},
      {"title:Javelin", "title:javelin"},
      {"date:2023-01..2024-06", "date:20230101..20240631"},
      {"date:2021", "date:20210101..20211231"},
      {"date:..2020-05-04", "date:..20200504"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    CHECK(f.builder.rewrite(c.query) == c.rewritten);
  }
}

TEST_CASE("parsed queries have the expected Xapian description (golden)") {
  Fixture f;
  struct Case {
    const char* query;
    bool all;
    const char* description;
  };
  const std::vector<Case> cases = {
      {"javelin", false, "Query((Zjavelin@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148)))"},
      {"javelin kosovo", false, "Query((Zjavelin@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148) OR (Zkosovo@3 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XC:XK))))"},
      {"javelin kosovo", true, "Query(((Zjavelin@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148)) AND (Zkosovo@3 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XC:XK))))"},
      {"tariff dispute", true, "Query((Ztariff@1 AND Zdisput@2))"},
      {"the javelin", false, "Query((Zjavelin@2 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148)))"},
      {"\"javelin missiles\"", false, "Query(((Zjavelin@1 PHRASE 2 Zmissil@2) OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148)))"},
      {"tanks NEAR/5 delivered", false, "Query((Ztank@1 NEAR 6 Zdeliv@2))"},  // NEAR takes words only (window 5 + 1)
      {"javel*", false, "Query(WILDCARD SYNONYM Zjavel)"},
      {"country:RU", false, "Query(0 * XC:RU)"},
      {"javelin country:XK", false, "Query(((Zjavelin@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XW:fgm-148)) FILTER XC:XK))"},
      {"Приштина", false, "Query((Zprishtina@1 OR Zpristina@2))"},
      {"Косово", false, "Query((Zkosovo@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=W)) AND XC:XK)))"},
      {"focus:RS", false, "Query(0 * XCF:RS)"},
      {"country:RU country:US", false, "Query(0 * (XC:RU OR XC:US))"},
      {"date:2023..2024", false, "Query(0 * (XDY:2023 OR XDY:2024))"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    QueryOptions options;
    options.match_all_words = c.all;
    // The weight of an entity's passages depends on the archive's counts: written W here.
    std::string description = f.builder.parse(c.query, options).query.get_description();
    for (std::size_t at = description.find("(wt="); at != std::string::npos; at = description.find("(wt=", at + 1)) {
      description.replace(at + 4, description.find(')', at) - at - 4, "W");
    }
    CHECK(description == c.description);
  }
}

TEST_CASE("bad queries give the position of the problem and a hint") {
  Fixture f;
  const std::string deep = std::string(33, '(') + "kosovo" + std::string(33, ')');
  std::string many_words, many_wildcards;
  for (int i = 0; i < 257; ++i) many_words += "w" + std::to_string(i) + " ";
  for (char c = 'a'; c <= 'i'; ++c) many_wildcards += std::string(1, c) + "* ";
  struct Case {
    const char* query;
    std::size_t position;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"\"javelin missiles", 0, "unclosed quote"},
      {"kosovo \"javelin", 7, "unclosed quote"},
      {"(kosovo OR serbia", 0, "'(' without a matching ')'"},
      {"kosovo)", 6, "')' without"},
      {"AND kosovo", 0, "'AND' needs something to search for before it"},
      {"kosovo OR", 7, "'OR' needs something to search for after it"},
      {"kosovo AND OR serbia", 11, "'OR' needs something"},
      {"()", 1, "empty parentheses"},
      {"country:Atlantis", 8, "unknown country 'Atlantis'"},
      {"country:", 0, "needs a value"},
      {"date:2023-13..2024", 5, "is not a date"},
      {"date:2023..soon", 11, "'soon' is not a date"},
      {"—", 0, "no words"},
      // Regressions: a libxapian crash, a stack overflow, distances that wrapped or became words.
      {"kosovo XOR javel*", 7, "XOR cannot be used with a wildcard (javel*)"},
      {"javel* OR (kosovo XOR serbia)", 18, "XOR cannot be used with a wildcard"},
      {deep.c_str(), 32, "nested deeper than 32"},
      {many_words.c_str(), many_words.rfind("w256"), "more than 256 words"},
      {many_wildcards.c_str(), 24, "more than 8 wildcards"},
      {"kosovo NEAR/0 javelin", 7, "NEAR/0: the distance must be a number from 1 to 1000"},
      {"kosovo NEAR/-1 javelin", 7, "NEAR/-1: the distance"},
      {"kosovo NEAR/abc javelin", 7, "NEAR/abc: the distance"},
      {"kosovo ADJ/4294967297 javelin", 7, "ADJ/4294967297: the distance"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    try {
      f.builder.parse(c.query, {});
      FAIL("no QueryError");
    } catch (const QueryError& e) {
      CHECK(e.position() == c.position);
      CHECK(std::string(e.what()).find(c.fragment) != std::string::npos);
      CHECK_FALSE(e.hint().empty());
    }
  }
}

TEST_CASE("query words are remembered for highlighting in every folded form") {
  Fixture f;
  const ParsedQuery parsed = f.builder.parse("Приштина missiles javel*", {});
  CHECK(parsed.terms.words.count("pristina") == 1);
  CHECK(parsed.terms.words.count("prishtina") == 1);
  CHECK(parsed.terms.words.count("missiles") == 1);
  CHECK(parsed.terms.stems.count("missil") == 1);
  REQUIRE(parsed.terms.prefixes.size() == 1);
  CHECK(parsed.terms.prefixes[0] == "javel");
  const Xapian::Stem stemmer("english");
  CHECK(parsed.terms.matches("missile", stemmer));
  CHECK(parsed.terms.matches("javelins", stemmer));
  CHECK_FALSE(parsed.terms.matches("kosovo", stemmer));
}

TEST_CASE("facet filters resolve ids and names, and reject unknown values") {
  Fixture f;
  CHECK(f.builder.facet_filter(schema::Facet::Country, {"Russia", "us"}).get_description() == "Query((XC:RU OR XC:US))");
  CHECK(f.builder.facet_filter(schema::Facet::Country, {"Србија"}).get_description() == "Query(XC:RS)");
  CHECK_THROWS_AS(f.builder.facet_filter(schema::Facet::Actor, {"nobody at all"}), UsageError);
}

TEST_CASE("partial dates pad to the start or end of their period") {
  CHECK(partial_date_value("2023", false) == "20230101");
  CHECK(partial_date_value("2023", true) == "20231231");
  CHECK(partial_date_value("2023-02", true) == "20230231");
  CHECK(partial_date_value("2023-02-14", false) == "20230214");
  CHECK(partial_date_value("2023-2", false).empty());
  CHECK(partial_date_value("20230214", false).empty());
  CHECK(partial_date_value("2023-00", false).empty());
  CHECK_THROWS_AS(date_filter("yesterday", ""), UsageError);
  CHECK(date_filter("2020", "2021-06").get_description() ==
        "Query((XDY:2020 OR XDM:202101 OR XDM:202102 OR XDM:202103 OR XDM:202104 OR XDM:202105 OR XDM:202106))");
  CHECK(date_filter("2020", "").get_description() == "Query(VALUE_GE 1 20200101)");
  CHECK(date_filter("", "2021-06").get_description() == "Query(VALUE_LE 1 20210631)");
}

TEST_CASE("date ranges as terms match exactly the passages a value range matches (sample archive)") {
  Fixture f;
  Xapian::Database& db = f.index.database();
  const auto matches = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::set<Xapian::docid> ids;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.insert(*it);
    return ids;
  };
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"2019", "2026"}, {"2022-02", "2022-03"}, {"2023-07-01", "2024-06"}, {"2024", "2024"}, {"2021-12-15", "2022-01-20"}};
  for (const auto& [since, until] : ranges) {
    CAPTURE(since);
    CAPTURE(until);
    const Xapian::Query by_value(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, partial_date_value(since, false),
                                 partial_date_value(until, true));
    const auto expected = matches(by_value);
    CHECK(matches(date_filter(since, until)) == expected);
    CHECK(matches(f.builder.parse("date:" + since + ".." + until, {}).query) == expected);
    if (since == "2019") CHECK(expected.size() > 50);  // the comparison is not vacuous
  }
}
