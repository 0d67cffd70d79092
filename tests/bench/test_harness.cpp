#include "bench/harness.h"

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <sstream>

using namespace dossier::bench;

namespace {

// Counts calls per (query, mode); rejects queries that start with "bad".
struct Calls {
  std::mutex mutex;
  std::map<std::pair<std::string, BenchMode>, int> count;
  std::atomic<int> clients{0};
  std::atomic<int> reopens{0};
};

class FakeClient : public BenchClient {
 public:
  explicit FakeClient(Calls& calls) : calls_(calls) { ++calls_.clients; }
  void run(const BenchQuery& query, BenchMode mode) override {
    if (query.text.rfind("bad", 0) == 0) throw BenchQueryError("no such word");
    std::lock_guard<std::mutex> lock(calls_.mutex);
    ++calls_.count[{query.text, mode}];
  }
  void reopen() override { ++calls_.reopens; }

 private:
  Calls& calls_;
};

QueryList three_queries() {
  QueryList list;
  list.queries = {{"a", "x", "f:1"}, {"bad one", "x", "f:2"}, {"b", "y", "f:3"}};
  list.skipped = {{"f:4", "invalid UTF-8"}};
  return list;
}

}  // namespace

TEST_CASE("every mode measures every valid query repeat x threads times") {
  Calls calls;
  BenchSettings settings;
  settings.warmup = 2;
  settings.repeat = 3;
  settings.threads = 2;
  std::ostringstream log;
  const BenchRun run = run_benchmark(three_queries(), settings, [&] { return std::make_unique<FakeClient>(calls); }, log);
  CHECK(calls.clients == 2);
  REQUIRE(run.queries.size() == 2);
  REQUIRE(run.skipped.size() == 2);
  CHECK(run.skipped[0].origin == "f:4");
  CHECK(run.skipped[1].origin == "f:2");
  CHECK(run.skipped[1].message == "no such word");
  REQUIRE(run.modes.size() == 3);
  for (const ModeRun& mode : run.modes) {
    CHECK(mode.samples.size() == 2 * 3 * 2);
    CHECK(mode.wall_seconds >= 0);
    std::map<std::uint32_t, int> per_query;
    for (const Sample& sample : mode.samples) {
      ++per_query[sample.query];
      CHECK(sample.ms >= 0);
    }
    CHECK(per_query[0] == 6);
    CHECK(per_query[1] == 6);
  }
  // top10: the check pass (1) + warm-up (2 per client) + measured (3 per client); others: 2x(2+3).
  CHECK(calls.count[{"a", BenchMode::Top10}] == 1 + 2 * 2 + 2 * 3);
  CHECK(calls.count[{"b", BenchMode::Facets}] == 2 * 2 + 2 * 3);
  CHECK(calls.count[{"a", BenchMode::Full}] == 2 * 2 + 2 * 3);
  CHECK(calls.reopens == 0);
}

TEST_CASE("modes run in the order given, and no valid query is an error") {
  Calls calls;
  BenchSettings settings;
  settings.modes = {BenchMode::Full, BenchMode::Top10};
  settings.warmup = 0;
  settings.repeat = 1;
  std::ostringstream log;
  const BenchRun run = run_benchmark(three_queries(), settings, [&] { return std::make_unique<FakeClient>(calls); }, log);
  REQUIRE(run.modes.size() == 2);
  CHECK(run.modes[0].mode == BenchMode::Full);
  CHECK(run.modes[1].mode == BenchMode::Top10);

  QueryList bad;
  bad.queries = {{"bad", "x", "f:1"}};
  CHECK_THROWS_AS(run_benchmark(bad, settings, [&] { return std::make_unique<FakeClient>(calls); }, log), dossier::UsageError);
  settings.cold = true;
  settings.threads = 2;
  CHECK_THROWS_AS(run_benchmark(three_queries(), settings, [&] { return std::make_unique<FakeClient>(calls); }, log),
                  dossier::UsageError);
}

TEST_CASE("mode names") {
  for (BenchMode mode : {BenchMode::Top10, BenchMode::Facets, BenchMode::Full}) CHECK(parse_mode(mode_name(mode)) == mode);
  CHECK_FALSE(parse_mode("fast").has_value());
}
