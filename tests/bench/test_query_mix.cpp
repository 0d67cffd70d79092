#include "bench/query_mix.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "searcher/corpus_index.h"
#include "searcher/query_builder.h"

using namespace dossier;
using namespace dossier::bench;

namespace {

QueryMix mix_of(std::size_t count, std::uint64_t seed) {
  IndexReader index(testing::corpus_db());
  MixOptions options;
  options.count = count;
  options.seed = seed;
  return generate_query_mix(index, options);
}

}  // namespace

TEST_CASE("the query mix is the same for a seed and differs for another") {
  const QueryMix a = mix_of(130, 7);
  const QueryMix b = mix_of(130, 7);
  const QueryMix c = mix_of(130, 8);
  REQUIRE(a.queries.size() == 130);
  REQUIRE(b.queries.size() == a.queries.size());
  bool all_same = true;
  for (std::size_t i = 0; i < a.queries.size(); ++i) {
    CHECK(a.queries[i].text == b.queries[i].text);
    CHECK(a.queries[i].label == b.queries[i].label);
  }
  for (std::size_t i = 0; i < a.queries.size() && i < c.queries.size(); ++i) {
    all_same = all_same && a.queries[i].text == c.queries[i].text;
  }
  CHECK_FALSE(all_same);
  CHECK(a.notes == b.notes);
}

TEST_CASE("every class of the mix is present on the sample archive, in equal shares") {
  const QueryMix mix = mix_of(13 * 4, 1);
  for (const std::string& note : mix.notes) MESSAGE(note);
  std::map<std::string, std::size_t> counts;
  for (const BenchQuery& query : mix.queries) ++counts[query.label];
  for (const std::string& label : mix_classes()) {
    CHECK_MESSAGE(counts[label] == 4, label);
  }
  // Shapes: operators, quotes and filters where the class says so.
  for (const BenchQuery& query : mix.queries) {
    const std::string& q = query.text;
    const std::string& label = query.label;
    CAPTURE(q);
    if (label.size() > 2 && label.substr(label.size() - 2) == "-1") CHECK(q.find(' ') == std::string::npos);
    if (label.find("-and") != std::string::npos) CHECK(q.find(" AND ") != std::string::npos);
    if (label.find("-or") != std::string::npos) CHECK(q.find(" OR ") != std::string::npos);
    if (label == "phrase") CHECK((q.front() == '"' && q.back() == '"'));
    const bool facet = q.find("country:") != std::string::npos || q.find("actor:") != std::string::npos ||
                       q.find("weapon:") != std::string::npos;
    CHECK(facet == (label == "facet" || label == "facet-date"));
    CHECK((q.find("date:") != std::string::npos) == (label == "date" || label == "facet-date"));
  }
}

TEST_CASE("every generated query parses, and most find something") {
  IndexReader index(testing::corpus_db());
  Normaliser normaliser;
  QueryBuilder builder(index, normaliser);
  const QueryMix mix = mix_of(200, 3);
  for (const BenchQuery& query : mix.queries) {
    CAPTURE(query.text);
    CHECK_NOTHROW(builder.parse(query.text, {}));
  }
  // Words come from the index itself: single words always match.
  Xapian::Enquire enquire(index.database());
  for (const BenchQuery& query : mix.queries) {
    if (query.label != "rare-1" && query.label != "common-1") continue;
    enquire.set_query(builder.parse(query.text, {}).query);
    CHECK_MESSAGE(enquire.get_mset(0, 1).size() == 1, query.text);
  }
}
