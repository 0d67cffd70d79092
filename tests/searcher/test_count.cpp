// Tests for searcher/count.cpp: summarise() (a facet's top values, selected ones always listed)
// against the plain reference it replaced, which built and sorted every value.
#include "searcher/count.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "common/gazetteer.h"
#include "common/normalise.h"
#include "corpus_index.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"

using namespace dossier;

namespace {

// Every value built, sorted by count then name, cut after the top, selected ones kept below.
FacetSummary summarise_all(const std::map<std::string, std::size_t>& counts, schema::Facet facet, const EntityTable& entities,
                           std::size_t top, const std::vector<std::string>& selected) {
  FacetSummary summary;
  const auto value_of = [&](const std::string& id, std::size_t count) {
    const EntityInfo* info = entities.find(facet, id);
    const bool chosen = std::find(selected.begin(), selected.end(), id) != selected.end();
    return FacetValue{id, info != nullptr ? info->name : id, count, info != nullptr ? info->parent : "",
                      info != nullptr && info->discovered, chosen};
  };
  for (const auto& [id, count] : counts) summary.values.push_back(value_of(id, count));
  for (const std::string& id : selected) {
    if (counts.count(id) == 0) summary.values.push_back(value_of(id, 0));
  }
  std::sort(summary.values.begin(), summary.values.end(), [](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  if (top > 0 && summary.values.size() > top) {
    const auto cut = summary.values.begin() + static_cast<std::ptrdiff_t>(top);
    const auto kept = std::stable_partition(cut, summary.values.end(), [](const FacetValue& v) { return v.selected; });
    summary.more = static_cast<std::size_t>(summary.values.end() - kept);
    summary.values.erase(kept, summary.values.end());
  }
  return summary;
}

bool same(const FacetSummary& a, const FacetSummary& b) {
  if (a.more != b.more || a.values.size() != b.values.size()) return false;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const FacetValue& x = a.values[i];
    const FacetValue& y = b.values[i];
    if (x.id != y.id || x.name != y.name || x.count != y.count || x.parent != y.parent || x.discovered != y.discovered ||
        x.selected != y.selected) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("summarise: the top values and the selected ones, as sorting every value gives them") {
  Normaliser normaliser;
  // Display names in another order than the ids (z-1 is "Alpha"), so that ties on a count are
  // broken by name, not id; ids 40 and up are not in the table (shown by id).
  std::string gaz = "@facet actor\n";
  for (int i = 0; i < 40; ++i) {
    gaz += "id: a-" + std::to_string(i) + "\nname: " + std::string(1, static_cast<char>('Z' - i % 26)) + " person " +
           std::to_string(i % 7) + "\ntype: person\n";
  }
  const EntityTable entities(encode_entity_table(make_gazetteer({parse_gazetteer(gaz, "actors.gaz")}), normaliser));
  std::mt19937 random(7);
  for (int round = 0; round < 400; ++round) {
    std::map<std::string, std::size_t> counts;
    const int values = static_cast<int>(random() % 60);
    const std::size_t most = 1 + random() % 6;  // few distinct counts: many ties
    for (int v = 0; v < values; ++v) counts["a-" + std::to_string(random() % 60)] = 1 + random() % most;
    std::vector<std::string> selected;
    for (std::size_t k = random() % 3; k-- > 0;) selected.push_back("a-" + std::to_string(random() % 70));
    const std::size_t top = random() % 12;
    INFO("round " << round << ", top " << top);
    CHECK(same(summarise(counts, schema::Facet::Actor, entities, top, selected),
               summarise_all(counts, schema::Facet::Actor, entities, top, selected)));
  }
}

TEST_CASE("summarise: the counts' order never shows, even where two ids share a display name") {
  Normaliser normaliser;
  const std::string gaz = "@facet actor\nid: a-1\nname: Same Name\ntype: person\nid: a-2\nname: Same Name\ntype: person\n"
                          "id: a-3\nname: Other\ntype: person\n";
  const EntityTable entities(encode_entity_table(make_gazetteer({parse_gazetteer(gaz, "actors.gaz")}), normaliser));
  FacetCounts counts{{"a-2", 3}, {"a-3", 3}, {"a-1", 3}, {"zz", 1}};
  const FacetSummary first = summarise(counts, schema::Facet::Actor, entities, 0, {});
  std::reverse(counts.begin(), counts.end());
  CHECK(same(first, summarise(counts, schema::Facet::Actor, entities, 0, {})));
  REQUIRE(first.values.size() == 4);
  CHECK(first.values[0].id == "a-3");  // "Other" before "Same Name"
  CHECK(first.values[1].id == "a-1");  // then the shared name by id
  CHECK(first.values[2].id == "a-2");
}

TEST_CASE("summarise: a selected value outside the top is listed after it, with a count of 0 when absent") {
  const EntityTable entities;
  const std::map<std::string, std::size_t> counts{{"a", 5}, {"b", 4}, {"c", 3}, {"d", 1}};
  const FacetSummary summary = summarise(counts, schema::Facet::Actor, entities, 2, {"d", "zz"});
  REQUIRE(summary.values.size() == 4);
  CHECK(summary.values[0].id == "a");
  CHECK(summary.values[1].id == "b");
  CHECK(summary.values[2].id == "d");
  CHECK(summary.values[2].selected);
  CHECK(summary.values[3].id == "zz");
  CHECK(summary.values[3].count == 0);
  CHECK(summary.more == 1);  // c
}

TEST_CASE("a process without the code dictionaries counts few matches from text: the same totals and facets") {
  // A fresh IndexReader (a one-shot dossier-search) counts a query that can match only a few
  // passages from each match's facet slot as text; one whose dictionaries were read counts with
  // the compact ids. Every facet value and every total must agree.
  const std::vector<std::string> queries = {"javelin", "kosovo", "serbia missile", "said", "\"air defence\"", ""};
  for (const CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
    for (const bool by_passage : {false, true}) {
      for (const std::string& query : queries) {
        SearchRequest request;
        request.query = query;
        if (query.empty()) request.countries = {"RS"};
        request.facet_unit = unit;
        request.by_passage = by_passage;
        request.facet_top = 0;  // every value
        request.limit = 5;
        CAPTURE(query);
        CAPTURE(by_passage);
        IndexReader fresh(testing::sharded_db());
        Searcher fresh_searcher(fresh);
        const SearchResult from_text = fresh_searcher.search(request);
        CHECK_FALSE(fresh.facet_codes_loaded());  // the sample archive is small: every query counted from text

        IndexReader loaded(testing::sharded_db());
        REQUIRE_FALSE(loaded.facet_codes().codes_by_shard.empty());
        Searcher loaded_searcher(loaded);
        const SearchResult from_ids = loaded_searcher.search(request);

        CHECK(from_text.total == from_ids.total);
        CHECK(from_text.total_exact == from_ids.total_exact);
        REQUIRE(from_text.facets.size() == from_ids.facets.size());
        for (const auto& [name, summary] : from_ids.facets) {
          CAPTURE(name);
          REQUIRE(from_text.facets.count(name) == 1);
          CHECK(same(from_text.facets.at(name), summary));
        }
      }
    }
  }
}
