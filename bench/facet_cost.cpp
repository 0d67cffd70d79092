// dossier-bench-facet-cost: what exact facet counting costs per matching passage. Each query is
// matched over every document (BoolWeight, check_at_least = doccount) without a match spy, then
// with the local LocalFacetSpy and with the ValueCountMatchSpy-based tally a remote shard needs;
// the difference of the medians divided by the matches is the spy's cost per passage.
//
//   dossier-bench-facet-cost --db DIR [--runs 7] [QUERY...]   (default queries: the match-all
//   query and three common words)
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <fmt/core.h>

#include "bench/tool_main.h"
#include "common/normalise.h"
#include "searcher/facet_counters.h"
#include "searcher/index_reader.h"
#include "searcher/query_builder.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Median seconds of one full match of query, with method's tally attached (or none).
double time_match(Xapian::Database& db, const Xapian::Query& query, const dossier::FacetMethod* method,
                  const dossier::FacetCodeTables& codes, int runs, Xapian::doccount& matches) {
  std::vector<double> seconds;
  for (int run = 0; run < runs; ++run) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::unique_ptr<dossier::FacetCounter> tally;
    if (method != nullptr) {
      tally = dossier::make_facet_counter(*method, dossier::CountUnit::Articles, &codes);
      enquire.add_matchspy(&tally->spy());
    }
    const auto start = Clock::now();
    const Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
    if (tally) (void)tally->counts(dossier::schema::Facet::Country);  // the split and count, too
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    matches = mset.get_matches_estimated();
  }
  return median(seconds);
}

int run(int argc, char** argv) {
  cxxopts::Options spec("dossier-bench-facet-cost", "Cost of exact facet counting per matching passage.");
  spec.add_options()("d,db", "Database directory", cxxopts::value<std::string>()->default_value("dossier.db"))(
      "runs", "Runs per measurement (median)", cxxopts::value<int>()->default_value("7"))(
      "queries", "Queries (the searcher's query language)", cxxopts::value<std::vector<std::string>>());
  spec.parse_positional({"queries"});
  const auto args = spec.parse(argc, argv);
  dossier::IndexReader index(args["db"].as<std::string>());
  dossier::Normaliser normaliser;
  dossier::QueryBuilder builder(index, normaliser);
  std::vector<std::string> queries = {"", "said", "minister", "security"};
  if (args.count("queries")) queries = args["queries"].as<std::vector<std::string>>();
  const int runs = std::max(1, args["runs"].as<int>());
  Xapian::Database& db = index.database();
  fmt::print("{} passages; median of {} runs; ns per matching passage = (with spy - without) / matches\n",
             db.get_doccount(), runs);
  fmt::print("| query | matches | match only ms | + LocalFacetSpy ms | ns/passage | + ValueCountMatchSpy tally ms | ns/passage |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const std::string& text : queries) {
    const Xapian::Query query = text.empty() ? Xapian::Query::MatchAll : builder.parse(text, {}).query;
    Xapian::doccount matches = 0;
    const dossier::FacetMethod local = dossier::FacetMethod::Local, slot = dossier::FacetMethod::Slot;
    const dossier::FacetCodeTables& codes = index.facet_codes();
    const double base = time_match(db, query, nullptr, codes, runs, matches);
    const double with_local = time_match(db, query, &local, codes, runs, matches);
    const double with_slot = time_match(db, query, &slot, codes, runs, matches);
    const auto per = [&](double with) { return matches > 0 ? (with - base) * 1e9 / matches : 0.0; };
    fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.0f} | {:.1f} | {:.0f} |\n", text.empty() ? "(all)" : text, matches,
               base * 1e3, with_local * 1e3, per(with_local), with_slot * 1e3, per(with_slot));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return dossier::bench::tool_main("dossier-bench-facet-cost", run, argc, argv); }
