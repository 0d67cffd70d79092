// Structured queries: the input is read as choices (libFuzzer's FuzzedDataProvider) that build a
// query of the real grammar (words, phrases, wildcards, NEAR/ADJ, AND/OR/NOT/XOR, nesting,
// fields, date ranges, +/-) and a request (filters, dates, sort, unit, paging, expansion,
// article score), so that every input reaches the matcher instead of dying in the parser.
//
// Oracles: only QueryError and UsageError may come out; the optimised search (split between
// threads, length and facet tables) and the naive one (one thread, no tables) give the same
// total, the same exactness and the same hits (ids and scores, ties aside); total >= hits.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_corpus.h"
#include "fuzz_support.h"
#include "indexer/indexer.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"

namespace {

const std::vector<std::string> kWords = {
    "kosovo", "Serbia", "NATO", "javelin", "missiles", "Belgrade", "drone", "Russia", "Ukraine", "KFOR",
    "Вучић", "Косово", "the", "to", "2023", "S-400", "s400", "Bayraktar", "TB2", "ministry", "talks",
    "border", "Pristina", "sanctions", "zzzunknown", "ǅ", "e\xCC\x81", "Kosova", "Moscow", "air", "defence"};
const std::vector<std::string> kFields = {"country:", "actor:", "weapon:", "title:", "lang:", "source:", "date:", "focus:", "foo:"};
const std::vector<std::string> kOperators = {" AND ", " OR ", " NOT ", " XOR ", " AND NOT ", " ", " NEAR ", " ADJ "};
const std::vector<std::string> kCountries = {"RS", "XK", "UA", "RU", "Kosovo", "zz"};
const std::vector<std::string> kActors = {"nato", "kfor", "putin", "Aleksandar Vučić", "nobody"};
const std::vector<std::string> kWeapons = {"javelin", "s-400", "drone", "tank"};
const std::vector<std::string> kDates = {"", "2020", "2022-02", "2023-06-15", "2024", "1999-13", "9999"};

const std::string& pick(FuzzedDataProvider& in, const std::vector<std::string>& pool) {
  return pool[in.ConsumeIntegralInRange<std::size_t>(0, pool.size() - 1)];
}

struct Builder {
  FuzzedDataProvider& in;
  std::size_t terms = 0;

  std::string word() {
    const std::string w = pick(in, kWords);
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
      case 0: return w + "*";
      case 1: return "-" + w;
      case 2: return "+" + w;
      case 3: return pick(in, kFields) + w;
      case 4: return "date:" + pick(in, kDates) + ".." + pick(in, kDates);
      case 5: return in.ConsumeRandomLengthString(12);  // anything at all, now and then
      default: return w;
    }
  }

  std::string expression(int depth) {
    if (++terms > 40 || depth > 5) return pick(in, kWords);
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return "(" + expression(depth + 1) + ")";
      case 1: {
        std::string phrase = "\"" + word();
        for (int n = in.ConsumeIntegralInRange<int>(1, 3); n > 0; --n) phrase += " " + word();
        return phrase + "\"";
      }
      case 2: {
        const int distance = in.ConsumeIntegralInRange<int>(-1, 12);
        const char* op = in.ConsumeBool() ? "NEAR" : "ADJ";
        return word() + " " + op + "/" + std::to_string(distance) + " " + word();
      }
      case 3:
      case 4:
        return expression(depth + 1) + pick(in, kOperators) + expression(depth + 1);
      default:
        return word();
    }
  }
};

std::vector<std::string> some(FuzzedDataProvider& in, const std::vector<std::string>& pool) {
  std::vector<std::string> out;
  for (int n = in.ConsumeIntegralInRange<int>(0, 2); n > 0; --n) out.push_back(pick(in, pool));
  return out;
}

struct World {
  std::unique_ptr<dossier::IndexReader> index;
  std::unique_ptr<dossier::Searcher> fast, naive;

  World() {
    // Three shards, so that the split search has shards to split.
    const std::string db_path = fuzz::index_sample_archive("structure.db", 3);
    index = std::make_unique<dossier::IndexReader>(db_path);
    dossier::SearcherOptions split;
    split.threads = 3;
    fast = std::make_unique<dossier::Searcher>(*index, split);
    dossier::SearcherOptions plain;
    plain.threads = 1;
    plain.length_table = false;
    plain.facet_table = false;
    naive = std::make_unique<dossier::Searcher>(*index, plain);
  }
};

World& world() {
  static World w;
  return w;
}

struct Outcome {
  bool ok = false;
  std::string error;
  dossier::SearchResult result;
};

Outcome run(dossier::Searcher& searcher, const dossier::SearchRequest& request) {
  Outcome outcome;
  try {
    outcome.result = searcher.search(request);
    outcome.ok = true;
  } catch (const dossier::QueryError& e) {
    FUZZ_CHECK(e.position() <= request.query.size(), "QueryError position %zu past a %zu-byte query", e.position(),
               request.query.size());
    outcome.error = e.what();
  } catch (const dossier::UsageError& e) {
    outcome.error = e.what();
  }
  return outcome;
}

}  // namespace

// The database is built before the first input, so that its indexing does not count against
// the first input's timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Builder builder{in};
  dossier::SearchRequest request;
  request.query = builder.expression(0);
  request.countries = some(in, kCountries);
  request.actors = some(in, kActors);
  request.weapons = some(in, kWeapons);
  if (in.ConsumeBool()) request.focus_countries = some(in, kCountries);
  request.since = pick(in, kDates);
  request.until = pick(in, kDates);
  request.by_passage = in.ConsumeBool();
  request.match_all_words = in.ConsumeBool();
  request.limit = in.ConsumeIntegralInRange<std::size_t>(1, 20);
  request.offset = in.ConsumeIntegralInRange<std::size_t>(0, 30);
  request.sort = static_cast<dossier::SortOrder>(in.ConsumeIntegralInRange<int>(0, 2));
  request.facet_unit = in.ConsumeBool() ? dossier::CountUnit::Articles : dossier::CountUnit::Passages;
  request.ranking.expand_terms = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(1, 8) : 0;
  request.ranking.article_score = static_cast<dossier::ArticleScore>(in.ConsumeIntegralInRange<int>(0, 2));
  request.count_policy.exact = true;  // estimates need not agree between the two
  request.snippet.fragment_bytes = in.ConsumeIntegralInRange<std::size_t>(20, 300);

  World& w = world();
  // For the failure messages: the whole request, so that a failure can be replayed by hand.
  std::string described = "query '" + request.query + "'";
  const auto list = [](const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
    return out;
  };
  described += " countries=" + list(request.countries) + " actors=" + list(request.actors) + " weapons=" + list(request.weapons) +
               " focus=" + list(request.focus_countries) + " since=" + request.since + " until=" + request.until +
               " by_passage=" + std::to_string(request.by_passage) + " all=" + std::to_string(request.match_all_words) +
               " limit=" + std::to_string(request.limit) + " offset=" + std::to_string(request.offset) +
               " sort=" + std::to_string(static_cast<int>(request.sort)) + " expand=" + std::to_string(request.ranking.expand_terms) +
               " article_score=" + std::to_string(static_cast<int>(request.ranking.article_score));
  if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "%s\n", described.c_str());
  const Outcome fast = run(*w.fast, request);
  const Outcome naive = run(*w.naive, request);
  FUZZ_CHECK(fast.ok == naive.ok, "%s: one search failed and the other not: '%s' / '%s'", described.c_str(),
             fast.error.c_str(), naive.error.c_str());
  if (!fast.ok) return 0;
  const dossier::SearchResult& a = fast.result;
  const dossier::SearchResult& b = naive.result;
  FUZZ_CHECK(a.total >= a.hits.size(), "total %zu < %zu hits", a.total, a.hits.size());
  FUZZ_CHECK(a.total == b.total && a.total_exact == b.total_exact, "%s: totals differ: %zu%s vs %zu%s",
             described.c_str(), a.total, a.total_exact ? "" : "~", b.total, b.total_exact ? "" : "~");
  FUZZ_CHECK(a.hits.size() == b.hits.size(), "%s: %zu hits vs %zu", described.c_str(), a.hits.size(), b.hits.size());
  // The same hits in the same order, except among equal scores (ties may break differently
  // between shards): compare each hit's score, and the ids of hits whose score is unique.
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    const double x = a.hits[i].score, y = b.hits[i].score;
    FUZZ_CHECK(std::fabs(x - y) <= 1e-6 * std::max(1.0, std::fabs(y)), "%s: hit %zu scores %.9g vs %.9g",
               described.c_str(), i, x, y);
    if (request.sort != dossier::SortOrder::Relevance) continue;
    const auto tied = [&](std::size_t j) {
      return (j > 0 && std::fabs(b.hits[j - 1].score - y) <= 1e-6) || (j + 1 < b.hits.size() && std::fabs(b.hits[j + 1].score - y) <= 1e-6);
    };
    if (!tied(i) && i + 1 < a.hits.size()) {
      FUZZ_CHECK(a.hits[i].record.article.id == b.hits[i].record.article.id, "%s: hit %zu is %s vs %s",
                 described.c_str(), i, a.hits[i].record.article.id.c_str(), b.hits[i].record.article.id.c_str());
    }
  }
  return 0;
}
