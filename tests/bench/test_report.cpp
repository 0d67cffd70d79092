#include "bench/report.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace dossier::bench;

TEST_CASE("the JSON report: per mode, overall and per class, in ms") {
  BenchRun run;
  run.queries = {{"a", "rare-1", "mix:1"}, {"b", "phrase", "mix:2"}};
  run.skipped = {{"q.txt:3", "bad \x1b[31m query"}};
  ModeRun top;
  top.mode = BenchMode::Top10;
  top.wall_seconds = 0.01;
  top.samples = {{0, 1.0}, {0, 3.0}, {1, 2.0}, {1, 6.0}};
  run.modes = {top};
  BenchSettings settings;
  settings.modes = {BenchMode::Top10};
  ReportInfo info;
  info.tool = "dossier-bench";
  info.system = "dossier";
  info.queries = "mix 2 seed 1";
  const auto doc = report_json(run, settings, info);
  CHECK(doc["unit"] == "ms");
  CHECK(doc["queries"]["measured"] == 2);
  CHECK(doc["queries"]["skipped"] == 1);
  CHECK(doc["queries"]["skipped_lines"][0]["origin"] == "q.txt:3");
  const auto& overall = doc["modes"]["top10"]["overall"];
  for (const char* key : {"count", "mean", "p50", "p90", "p99", "p99_9", "max", "qps"}) CHECK_MESSAGE(overall.contains(key), key);
  CHECK(overall["count"] == 4);
  CHECK(overall["mean"] == doctest::Approx(3.0));
  CHECK(overall["p50"] == doctest::Approx(2.0));
  CHECK(overall["max"] == doctest::Approx(6.0));
  CHECK(overall["qps"] == doctest::Approx(400.0));
  const auto& classes = doc["modes"]["top10"]["classes"];
  CHECK(classes["rare-1"]["count"] == 2);
  CHECK(classes["rare-1"]["p50"] == doctest::Approx(1.0));
  CHECK(classes["phrase"]["max"] == doctest::Approx(6.0));
  CHECK(classes["phrase"]["qps"] == doctest::Approx(250.0));  // 2 queries in 8 ms, one client
  CHECK(classes.begin().key() == "rare-1");                    // classes in query-list order

  std::ostringstream table;
  print_report_table(doc, table);
  CHECK(table.str().find("top10") != std::string::npos);
  CHECK(table.str().find("phrase") != std::string::npos);

  std::ostringstream err;
  print_skipped(run, "dossier-bench", err);
  CHECK(err.str() == "dossier-bench: error: q.txt:3: bad  query (skipped)\n");
}

TEST_CASE("the report counts the runs whose counts were estimated, and those split between threads, overall and per class") {
  BenchRun run;
  run.queries = {{"the", "common-1", "mix:1"}, {"javelin", "rare-1", "mix:2"}};
  ModeRun facets;
  facets.mode = BenchMode::Facets;
  facets.wall_seconds = 0.01;
  facets.samples = {{0, 9.0, true, true}, {0, 8.0, true, false}, {1, 1.0, false, false}, {1, 2.0, false, false}};
  run.modes = {facets};
  BenchSettings settings;
  settings.modes = {BenchMode::Facets};
  const auto doc = report_json(run, settings, ReportInfo{});
  CHECK(doc["modes"]["facets"]["overall"]["estimated"] == 2);
  CHECK(doc["modes"]["facets"]["classes"]["common-1"]["estimated"] == 2);
  CHECK(doc["modes"]["facets"]["classes"]["rare-1"]["estimated"] == 0);
  // and those split between threads
  CHECK(doc["modes"]["facets"]["overall"]["split"] == 1);
  CHECK(doc["modes"]["facets"]["classes"]["common-1"]["split"] == 1);
  CHECK(doc["modes"]["facets"]["classes"]["rare-1"]["split"] == 0);
  std::ostringstream table;
  print_report_table(doc, table);
  CHECK(table.str().find("facets: counts estimated from a sample in 2 of 4 runs (50.0%)") != std::string::npos);
}

TEST_CASE("the JSON report's samples: [query, ms], and an alternating run's place in the pair") {
  BenchRun run;
  run.threads = 1;
  run.queries = {{"the", "common-1", "mix:1"}, {"javelin", "rare-1", "mix:2"}};
  ModeRun top;
  top.mode = BenchMode::Top10;
  top.wall_seconds = 0.01;
  top.samples = {{0, 1.25, false, false, -1}, {1, 2.5, false, false, -1}};
  run.modes = {top};
  BenchSettings settings;
  settings.modes = {BenchMode::Top10};
  settings.samples = true;
  auto doc = report_json(run, settings, ReportInfo{});
  CHECK(doc["modes"]["top10"]["samples"].dump() == "[[0,1.25],[1,2.5]]");
  run.modes[0].samples = {{0, 1.25, false, false, 1}, {1, 2.5, false, false, 0}};
  doc = report_json(run, settings, ReportInfo{});
  CHECK(doc["modes"]["top10"]["samples"].dump() == "[[0,1.25,1],[1,2.5,0]]");
}
