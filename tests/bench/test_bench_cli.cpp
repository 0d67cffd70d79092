#include "bench/bench_cli.h"

#include <doctest/doctest.h>

#include "common/error.h"

using namespace dossier;
using namespace dossier::bench;

namespace {

BenchCommand dossier_args(const std::vector<std::string>& args, const std::string& env_db = {}) {
  return parse_bench_command_line(args, BenchTool::Dossier, "dossier-bench", "test", env_db);
}

BenchCommand baseline_args(const std::vector<std::string>& args) {
  return parse_bench_command_line(args, BenchTool::Baseline, "dossier-bench-xapian", "test");
}

}  // namespace

TEST_CASE("dossier-bench options") {
  const BenchCommand c = dossier_args({"--db", "x.db", "--mix", "50", "--seed", "9", "--modes", "facets,top10",
                                       "--warmup", "0", "--repeat", "5", "--threads", "4", "--json", "--plot", "p.svg"});
  CHECK(c.db_path == "x.db");
  CHECK(c.mix == 50);
  CHECK(c.settings.seed == 9);
  REQUIRE(c.settings.modes.size() == 2);
  CHECK(c.settings.modes[0] == BenchMode::Facets);
  CHECK(c.settings.modes[1] == BenchMode::Top10);
  CHECK(c.settings.warmup == 0);
  CHECK(c.settings.repeat == 5);
  CHECK(c.settings.threads == 4);
  CHECK(c.json);
  CHECK(c.plot_path == "p.svg");

  const BenchCommand cluster = dossier_args({"--cluster", "shards.cluster", "--queries", "q.txt"});
  CHECK(cluster.cluster_path == "shards.cluster");
  CHECK_FALSE(cluster.count_policy.exact);
  CHECK(dossier_args({"--queries", "q.txt", "--exact-facets"}).count_policy.exact);
  CHECK(dossier_args({"--queries", "q.txt", "--sample-above", "5000"}).count_policy.exact_limit == 5000);
  CHECK(dossier_args({"--queries", "q.txt"}).searcher.threads == 0);
  CHECK(dossier_args({"--queries", "q.txt", "--search-threads", "1"}).searcher.threads == 1);
  CHECK_FALSE(dossier_args({"--queries", "q.txt"}).alternate_threads);
  const BenchCommand alternating = dossier_args({"--queries", "q.txt", "--search-threads", "0", "--alternate-threads", "1"});
  CHECK(alternating.searcher.threads == 0);
  REQUIRE(alternating.alternate_threads);
  CHECK(*alternating.alternate_threads == 1);
  CHECK(dossier_args({"--queries", "q.txt"}).searcher.split_above == dossier::kSplitAbove);
  const BenchCommand split = dossier_args({"--queries", "q.txt", "--split-above", "20000"});
  CHECK(split.searcher.split_above == 20000);
  CHECK(split.searcher.start_threads_above == 20000);

  const BenchCommand d = dossier_args({"--queries", "q.txt"}, "env.db");
  CHECK(d.db_path == "env.db");
  CHECK(d.settings.modes.size() == 3);
  CHECK(d.settings.repeat == 3);
  CHECK(d.settings.warmup == 1);
  CHECK_FALSE(d.settings.cold);
  CHECK(dossier_args({"--queries", "q.txt"}).db_path == "dossier.db");
  CHECK(dossier_args({"--help"}).show_help);
}

TEST_CASE("dossier-bench rejects contradictory or impossible options with one line") {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"--queries", "q", "--mix", "5"},
      {"--mix", "0"},
      {"--queries", "q", "--write-queries", "out"},
      {"--queries", "q", "--modes", "top10,fast"},
      {"--queries", "q", "--modes", "top10,top10"},
      {"--queries", "q", "--repeat", "0"},
      {"--queries", "q", "--threads", "0"},
      {"--queries", "q", "--cold", "--threads", "2"},
      {"--queries", "q", "--alternate-threads", "1", "--threads", "2"},
      {"--queries", "q", "--alternate-threads", "1", "--cold"},
      {"--queries", "q", "--alternate-threads", "65"},
      {"--queries", "q", "--split-above", "0"},
      {"--queries", "q", "--split-above", "-5"},
      {"--mix", "5", "--write-queries", "out", "--alternate-threads", "1"},
      {"--queries", "q", "--plot", "p.pdf"},
      {"--queries", "q", "--threads", "many"},
      {"--queries", "q", "--build", "x"},
      {"--queries", "q", "stray"},
      {"--queries", "q", "--db", "x.db", "--cluster", "c.cluster"},
      {"--no-such-option"},
  };
  for (const auto& args : bad) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    CAPTURE(joined);
    CHECK_THROWS_AS(dossier_args(args), UsageError);
  }
}

TEST_CASE("baseline options: --db required, --build instead of --mix") {
  const BenchCommand b = baseline_args({"--db", "x", "--build", "passages.jsonl"});
  CHECK(b.build_from == "passages.jsonl");
  CHECK(baseline_args({"--db", "x", "--queries", "q"}).queries_path == "q");
  CHECK_THROWS_AS(baseline_args({"--queries", "q"}), UsageError);
  CHECK_THROWS_AS(baseline_args({"--db", "x"}), UsageError);
  CHECK_THROWS_AS(baseline_args({"--db", "x", "--mix", "5"}), UsageError);
  CHECK_THROWS_AS(baseline_args({"--db", "x", "--queries", "q", "--exact-facets"}), UsageError);  // baselines are exact
  CHECK_THROWS_AS(baseline_args({"--db", "x", "--queries", "q", "--search-threads", "2"}), UsageError);
}
