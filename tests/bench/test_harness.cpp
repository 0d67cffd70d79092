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

namespace {

// Records which client ran each measured query, in order; client `id` rejects queries that
// start with its reject prefix.
struct Sequence {
  std::vector<std::pair<int, std::string>> runs;  // (client, query) in call order
};

class SequenceClient : public BenchClient {
 public:
  SequenceClient(Sequence& sequence, int id, std::string reject) : sequence_(sequence), id_(id), reject_(std::move(reject)) {}
  void run(const BenchQuery& query, BenchMode) override {
    if (!reject_.empty() && query.text.rfind(reject_, 0) == 0) throw BenchQueryError("client " + std::to_string(id_) + " rejects it");
    sequence_.runs.emplace_back(id_, query.text);
  }
  void reopen() override {}

 private:
  Sequence& sequence_;
  int id_;
  std::string reject_;
};

}  // namespace

TEST_CASE("alternating settings: each query with every client back to back, the first turn rotating") {
  Sequence sequence;
  BenchSettings settings;
  settings.modes = {BenchMode::Top10, BenchMode::Facets};
  settings.warmup = 1;
  settings.repeat = 2;
  settings.seed = 4;
  QueryList list;
  list.queries = {{"a", "x", "f:1"}, {"b", "x", "f:2"}, {"c", "y", "f:3"}, {"only0", "y", "f:4"}, {"d", "y", "f:5"}};
  std::ostringstream log;
  const std::vector<BenchRun> runs = run_alternating(
      list, settings,
      {[&] { return std::make_unique<SequenceClient>(sequence, 0, ""); },
       [&] { return std::make_unique<SequenceClient>(sequence, 1, "only0"); }},
      log);
  REQUIRE(runs.size() == 2);
  // A query one setting rejects is measured by neither: both runs share one list.
  for (const BenchRun& run : runs) {
    REQUIRE(run.queries.size() == 4);
    REQUIRE(run.skipped.size() == 1);
    CHECK(run.skipped[0].origin == "f:4");
    REQUIRE(run.modes.size() == 2);
    for (const ModeRun& mode : run.modes) {
      CHECK(mode.samples.size() == 8);  // 4 queries x 2 passes
      double sum = 0;
      for (const Sample& sample : mode.samples) sum += sample.ms;
      CHECK(mode.wall_seconds == doctest::Approx(sum / 1000.0));  // its own queries' time only
    }
  }
  // The measured part of each mode: after the check (client 0 runs "only0", then it is rejected
  // by client 1) and the warm-up, 8 pairs of the same query, the first client alternating.
  const std::size_t checks = 4 * 2 + 1;  // the four accepted queries by both, "only0" by client 0
  const std::size_t per_mode = 8 * 2;
  REQUIRE(sequence.runs.size() == checks + 2 * (4 * 2 + per_mode));
  for (int m = 0; m < 2; ++m) {
    const std::size_t begin = checks + m * (8 + per_mode) + 8;  // after this mode's warm-up
    int first_zero = 0;
    for (std::size_t pair = 0; pair < 8; ++pair) {
      const auto& first = sequence.runs[begin + 2 * pair];
      const auto& second = sequence.runs[begin + 2 * pair + 1];
      CHECK(first.second == second.second);  // the same query, back to back
      CHECK(first.first != second.first);    // with both clients
      if (pair > 0) CHECK(first.first != sequence.runs[begin + 2 * (pair - 1)].first);  // the turn rotates
      first_zero += first.first == 0;
    }
    CHECK(first_zero == 4);
  }
  // The warm-up is interleaved as the measurement is: each query with both clients back to
  // back, the first turn rotating (a whole pass per client in turn left the first the coldest).
  for (int m = 0; m < 2; ++m) {
    const std::size_t begin = checks + m * (8 + per_mode);
    for (std::size_t pair = 0; pair < 4; ++pair) {
      const auto& first = sequence.runs[begin + 2 * pair];
      const auto& second = sequence.runs[begin + 2 * pair + 1];
      CHECK(first.second == second.second);
      CHECK(first.first != second.first);
      if (pair > 0) CHECK(first.first != sequence.runs[begin + 2 * (pair - 1)].first);
    }
  }
  // Each sample tells its place in the pair: the client that ran first has place 0, as the
  // sequence shows, and the two of one pair have places 0 and 1.
  for (int m = 0; m < 2; ++m) {
    const std::size_t begin = checks + m * (8 + per_mode) + 8;
    for (std::size_t pair = 0; pair < 8; ++pair) {
      const int first_client = sequence.runs[begin + 2 * pair].first;
      CHECK(runs[static_cast<std::size_t>(first_client)].modes[m].samples[pair].place == 0);
      CHECK(runs[static_cast<std::size_t>(1 - first_client)].modes[m].samples[pair].place == 1);
    }
  }
  // Samples name the query they measured.
  std::map<std::uint32_t, int> seen;
  for (const Sample& sample : runs[1].modes[0].samples) ++seen[sample.query];
  CHECK(seen.size() == 4);
  for (const auto& [query, times] : seen) CHECK(times == 2);
}

TEST_CASE("alternating settings refuse concurrent clients, --cold and a single setting") {
  Sequence sequence;
  const ClientFactory factory = [&] { return std::make_unique<SequenceClient>(sequence, 0, ""); };
  std::ostringstream log;
  BenchSettings settings;
  settings.threads = 2;
  CHECK_THROWS_AS(run_alternating(three_queries(), settings, {factory, factory}, log), dossier::UsageError);
  settings.threads = 1;
  settings.cold = true;
  CHECK_THROWS_AS(run_alternating(three_queries(), settings, {factory, factory}, log), dossier::UsageError);
  settings.cold = false;
  CHECK_THROWS_AS(run_alternating(three_queries(), settings, {factory}, log), dossier::UsageError);
}
