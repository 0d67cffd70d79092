#include "searcher/values.h"

#include <doctest/doctest.h>

#include "common/error.h"
#include "searcher/match_terms.h"

using namespace dossier;

namespace {

SearchResult result_with_actors() {
  SearchResult result;
  FacetSummary& actors = result.facets["actor"];
  actors.values = {{"aleksandar-vucic", "Aleksandar Vučić", 6, "", false, false},
                   {"kfor", "Kosovo Force (KFOR)", 3, "", false, true},
                   {"nato", "NATO", 2, "", false, false}};
  return result;
}

}  // namespace

TEST_CASE("--values takes a facet and an optional prefix, and names the facets when it is wrong") {
  ValuesRequest values = parse_values_request("actor");
  CHECK(values.facet == schema::Facet::Actor);
  CHECK(values.prefix.empty());
  values = parse_values_request("weapon:s-4");
  CHECK(values.facet == schema::Facet::Weapon);
  CHECK(values.prefix == "s-4");
  CHECK_THROWS_WITH_AS(parse_values_request("actors"), doctest::Contains("country, actor or weapon"), UsageError);
}

TEST_CASE("--values prefixes match an id or any word of a name, folded like the index") {
  const SearchResult result = result_with_actors();
  Normaliser normaliser;
  const auto ids = [&](const std::string& prefix) {
    std::vector<std::string> out;
    for (const FacetValue& value : facet_values(result, ValuesRequest{schema::Facet::Actor, prefix}, normaliser)) out.push_back(value.id);
    return out;
  };
  CHECK(ids("") == std::vector<std::string>{"aleksandar-vucic", "kfor", "nato"});
  CHECK(ids("vuc") == std::vector<std::string>{"aleksandar-vucic"});      // a later word, without its diacritics
  CHECK(ids("Вучић") == std::vector<std::string>{"aleksandar-vucic"});    // another script
  CHECK(ids("kfor") == std::vector<std::string>{"kfor"});                 // "(KFOR)" in the name, and the id
  CHECK(ids("aleksandar-v") == std::vector<std::string>{"aleksandar-vucic"});
  CHECK(ids("zzz").empty());
  CHECK(facet_values(result, ValuesRequest{schema::Facet::Country, ""}, normaliser).empty());  // no such facet counted
}

TEST_CASE("--explain reads index terms out as words, fields and facet names") {
  const EntityTable entities(R"({"country":{"RS":{"name":"Serbia","names":["serbia"],"parent":"","type":"","affiliation":""}}})");
  CHECK(describe_term("Zjavelin", entities) == "javelin (stem)");
  CHECK(describe_term("javelin", entities) == "javelin");
  CHECK(describe_term("ZSkosovo", entities) == "title: kosovo (stem)");
  CHECK(describe_term("ZXTpresident", entities) == "attribution: president (stem)");
  CHECK(describe_term("XC:RS", entities) == "country Serbia [RS]");
  CHECK(describe_term("XCF:RS", entities) == "about country Serbia [RS]");
  CHECK(describe_term("XA:nobody", entities) == "actor nobody [nobody]");
  CHECK(describe_term("XL:sr", entities) == "lang sr");
  CHECK(describe_term("XDY:2024", entities) == "year 2024");
  CHECK(describe_query("Query((Zserbia@1 OR (PostingSource(Xapian::FixedWeightPostingSource(wt=1.5)) AND XC:RS)))", entities) ==
        "((\"serbia (stem)\" OR (\"country Serbia [RS]\")))");
}
