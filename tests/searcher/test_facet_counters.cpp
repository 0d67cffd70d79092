#include "searcher/speedup/partition.h"
#include "searcher/facet_counters.h"

#include <doctest/doctest.h>

#include "searcher/index_reader.h"
#include "common/facet_codes.h"
#include "searcher/speedup/partition.h"

#include <map>
#include <set>

#include "corpus_index.h"
#include "common/facet_ids.h"
#include "searcher/search.h"
#include "test_support.h"

using namespace dossier;

namespace {

// The naive reference: walk every document, decide by its term list whether it matches, and
// count distinct articles (or passages) per facet code.
std::map<std::string, std::size_t> brute_force(Xapian::Database& db, const std::set<std::string>& any_terms,
                                               const std::string& required_filter, schema::Facet facet,
                                               CountUnit unit) {
  std::map<std::string, std::set<std::string>> articles;
  std::map<std::string, std::size_t> passages;
  for (auto id = db.postlist_begin(""); id != db.postlist_end(""); ++id) {
    bool text = any_terms.empty();
    bool filter = required_filter.empty();
    for (auto term = db.termlist_begin(*id); term != db.termlist_end(*id); ++term) {
      text = text || any_terms.count(*term) > 0;
      filter = filter || *term == required_filter;
    }
    if (!text || !filter) continue;
    const Xapian::Document doc = db.get_document(*id);
    for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
      if (code[0] != static_cast<char>(facet)) continue;
      articles[code.substr(2)].insert(doc.get_value(schema::kSlotArticleId));
      ++passages[code.substr(2)];
    }
  }
  if (unit == CountUnit::Passages) return passages;
  std::map<std::string, std::size_t> out;
  for (const auto& [id, set] : articles) out[id] = set.size();
  return out;
}

std::map<std::string, std::size_t> as_map(const FacetSummary& summary) {
  std::map<std::string, std::size_t> out;
  for (const auto& value : summary.values) out[value.id] = value.count;
  return out;
}

}  // namespace

TEST_CASE("facet counts equal a brute-force count over all documents") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  struct Case {
    const char* query;
    std::set<std::string> terms;
    std::string filter;
  };
  const std::vector<Case> cases = {
      // A word that names an entity also matches the passages tagged with it.
      {"javelin", {"javelin", "Zjavelin", "XW:fgm-148"}, ""},
      {"kosovo serbia", {"kosovo", "Zkosovo", "serbia", "Zserbia", "XC:XK", "XC:RS"}, ""},
      {"country:RU", {}, "XC:RU"},
      {"drones country:UA", {"drones", "Zdrone", "XW:drone"}, "XC:UA"},
  };
  for (const Case& c : cases) {
    for (CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
      CAPTURE(c.query);
      CAPTURE(unit == CountUnit::Articles);
      SearchRequest request;
      request.query = c.query;
      request.facet_unit = unit;
      request.facet_top = 0;
      const SearchResult result = searcher.search(request);
      for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
        const auto expected = brute_force(index.database(), c.terms, c.filter, facet, unit);
        CHECK(as_map(result.facets.at(std::string(schema::facet_name(facet)))) == expected);
      }
    }
  }
}

TEST_CASE("a filtered facet is counted without its own filter (disjunctive), the others with it") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  SearchRequest request;
  request.query = "serbia";
  request.countries = {"RS"};
  request.weapons = {"drone"};
  request.facet_top = 0;
  const SearchResult result = searcher.search(request);
  const std::set<std::string> terms = {"serbia", "Zserbia", "XC:RS"};
  // country counts: text + weapon filter, no country filter
  CHECK(as_map(result.facets.at("country")) == brute_force(index.database(), terms, "XW:drone", schema::Facet::Country, CountUnit::Articles));
  // weapon counts: text + country filter, no weapon filter
  CHECK(as_map(result.facets.at("weapon")) == brute_force(index.database(), terms, "XC:RS", schema::Facet::Weapon, CountUnit::Articles));
  // actor counts: every filter applies
  std::map<std::string, std::set<std::string>> articles;
  for (auto id = index.database().postlist_begin("XC:RS"); id != index.database().postlist_end("XC:RS"); ++id) {
    const Xapian::Document doc = index.database().get_document(*id);
    bool drone = false, text = false;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      drone = drone || *t == "XW:drone";
      text = text || terms.count(*t) > 0;
    }
    if (!drone || !text) continue;
    for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
      if (code[0] == 'A') articles[code.substr(2)].insert(doc.get_value(schema::kSlotArticleId));
    }
  }
  std::map<std::string, std::size_t> actors;
  for (const auto& [id, set] : articles) actors[id] = set.size();
  CHECK(as_map(result.facets.at("actor")) == actors);
}

TEST_CASE("the compact counter counts every match itself (no fallback) and agrees with the slot-4 tally") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  REQUIRE(db.size() == 4);  // meta and several shards: the counter follows the match across them
  for (CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
    std::unique_ptr<FacetCounter> tallies[2] = {make_facet_counter(FacetMethod::Local, unit, &index.facet_codes()),
                                              make_facet_counter(FacetMethod::Slot, unit, nullptr)};
    for (auto& tally : tallies) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query::MatchAll);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.add_matchspy(&tally->spy());
      enquire.get_mset(0, 0, db.get_doccount());
    }
    CHECK(tallies[0]->complete());
    CHECK(tallies[0]->passages() == db.get_doccount());
    CHECK(tallies[0]->articles() == tallies[1]->articles());
    for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
      CHECK(by_id(tallies[0]->counts(facet)) == by_id(tallies[1]->counts(facet)));
      for (auto& tally : tallies) {
        // Each value once, however many shards counted it (by_id would add up repeats).
        const FacetCounts counts = tally->counts(facet);
        CHECK(by_id(counts).size() == counts.size());
      }
    }
  }
}

// The reference is the same counter reading every match's value.
TEST_CASE("counting from the facet tables gives the counts of reading each value, and uses the tables throughout") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  const Xapian::Query queries[] = {Xapian::Query::MatchAll, Xapian::Query("Zsaid"),
                                   Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zarmi"), Xapian::Query("Zminist"))};
  for (const Xapian::Query& query : queries) {
    for (CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
      CAPTURE(query.get_description());
      LocalFacetSpy by_value(unit, index.facet_codes());
      LocalFacetSpy by_table(unit, index.facet_codes());
      auto cursor = std::make_shared<FacetTableCursor>();
      by_table.use_tables(cursor);
      for (LocalFacetSpy* counter : {&by_value, &by_table}) {
        Xapian::Enquire enquire(db);
        enquire.set_query(counter == &by_table ? Xapian::Query(Xapian::Query::OP_FILTER, query,
                                                               Xapian::Query((new FacetTableProbe(cursor))->release()))
                                               : query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(counter);
        enquire.get_mset(0, 0, db.get_doccount());
      }
      REQUIRE(by_value.complete());
      CHECK(by_table.complete());
      CHECK(by_value.passages() > 0);
      CHECK(by_table.passages() == by_value.passages());
      CHECK(by_table.articles() == by_value.articles());
      CHECK(by_table.from_tables() == by_table.passages());
      CHECK(by_value.from_tables() == 0);
      for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
        CHECK(by_id(by_table.counts(facet)) == by_id(by_value.counts(facet)));
      }
    }
  }
}

TEST_CASE("a match the cursor is not on is counted from its value") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  // A cursor on a table that no probe moves: never at the docid being counted.
  auto cursor = std::make_shared<FacetTableCursor>();
  const std::shared_ptr<const ShardFacets> table = shard_facets(Xapian::Database(testing::sharded_db() + "/shard-000"));
  REQUIRE(table != nullptr);
  cursor->table = table.get();
  cursor->docid = 0;
  LocalFacetSpy by_value(CountUnit::Articles, index.facet_codes());
  LocalFacetSpy stale(CountUnit::Articles, index.facet_codes());
  stale.use_tables(cursor);
  for (LocalFacetSpy* counter : {&by_value, &stale}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("Zsaid"));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(counter);
    enquire.get_mset(0, 0, db.get_doccount());
  }
  CHECK(stale.from_tables() == 0);
  CHECK(stale.complete());
  CHECK(stale.articles() == by_value.articles());
  CHECK(by_id(stale.counts(schema::Facet::Country)) == by_id(by_value.counts(schema::Facet::Country)));
}

TEST_CASE("the compact counter reports what it cannot count instead of miscounting") {
  FacetCodeTables tables{{CodeList(std::vector<std::string>{"C:RU"})}};
  struct Case {
    const char* what;
    std::vector<std::string> values;
    bool complete;
  };
  const Case cases[] = {
      {"in order", {encode_facet_ids({0, 1, {0}}), encode_facet_ids({0, 1, {0}}), encode_facet_ids({0, 3, {}})}, true},
      {"unknown code id", {encode_facet_ids({0, 1, {1}})}, false},
      {"unknown shard", {encode_facet_ids({4, 1, {0}})}, false},
      {"article key going back", {encode_facet_ids({0, 5, {0}}), encode_facet_ids({0, 2, {0}})}, false},
      {"malformed", {std::string("\x80")}, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    testing::TempDir here;
    Xapian::WritableDatabase db(here.file("s"), Xapian::DB_CREATE);
    for (const std::string& value : c.values) {
      Xapian::Document doc;
      doc.add_term("x");
      doc.add_value(schema::kSlotFacetIds, value);
      db.add_document(doc);
    }
    db.commit();
    LocalFacetSpy counter(CountUnit::Articles, tables);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("x"));
    enquire.add_matchspy(&counter);
    enquire.get_mset(0, 0, 100);
    CHECK(counter.complete() == c.complete);
    if (c.complete) {
      CHECK(counter.articles() == 2);
      CHECK(by_id(counter.counts(schema::Facet::Country)) == std::map<std::string, std::size_t>{{"RU", 1}});
    }
  }
}

TEST_CASE("counters of disjoint shards add up to one counter over all of them; an overlap is reported") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  const FacetCodeTables& tables = index.facet_codes();
  const auto count = [&](const Xapian::Query& query, CountUnit unit) {
    auto counter = std::make_unique<LocalFacetSpy>(unit, tables);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(counter.get());
    enquire.get_mset(0, 0, db.get_doccount());
    return counter;
  };
  for (CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
    const auto whole = count(Xapian::Query::MatchAll, unit);
    for (std::size_t partitions : {2u, 3u}) {
      CAPTURE(partitions);
      auto merged = count(restrict_to(Xapian::Query::MatchAll, {0, partitions}), unit);
      for (std::size_t p = 1; p < partitions; ++p) merged->absorb(*count(restrict_to(Xapian::Query::MatchAll, {p, partitions}), unit));
      CHECK(merged->complete());
      CHECK(merged->passages() == whole->passages());
      CHECK(merged->articles() == whole->articles());
      for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
        CHECK(by_id(merged->counts(facet)) == by_id(whole->counts(facet)));
      }
    }
    // The same shards twice would count their articles twice: not complete.
    auto twice = count(Xapian::Query::MatchAll, unit);
    twice->absorb(*count(Xapian::Query::MatchAll, unit));
    CHECK_FALSE(twice->complete());
  }
}
