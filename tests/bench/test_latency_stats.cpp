#include "bench/latency_stats.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

using namespace dossier::bench;

TEST_CASE("nearest-rank percentiles of known samples") {
  // 1..10: p50 = ceil(5) -> 5th value, p90 = 9th, p99 = ceil(9.9) -> 10th.
  std::vector<double> ten(10);
  std::iota(ten.begin(), ten.end(), 1.0);
  CHECK(percentile_nearest_rank(ten, 0) == 1);
  CHECK(percentile_nearest_rank(ten, 10) == 1);
  CHECK(percentile_nearest_rank(ten, 11) == 2);
  CHECK(percentile_nearest_rank(ten, 50) == 5);
  CHECK(percentile_nearest_rank(ten, 90) == 9);
  CHECK(percentile_nearest_rank(ten, 99) == 10);
  CHECK(percentile_nearest_rank(ten, 100) == 10);

  // 1..1000: exact ranks, no floating-point rounding up (99.9% of 1000 is exactly 999).
  std::vector<double> thousand(1000);
  std::iota(thousand.begin(), thousand.end(), 1.0);
  CHECK(percentile_nearest_rank(thousand, 50) == 500);
  CHECK(percentile_nearest_rank(thousand, 90) == 900);
  CHECK(percentile_nearest_rank(thousand, 99) == 990);
  CHECK(percentile_nearest_rank(thousand, 99.9) == 999);
  CHECK(percentile_nearest_rank(thousand, 99.95) == 1000);

  CHECK(percentile_nearest_rank({}, 50) == 0);
  CHECK(percentile_nearest_rank({7}, 0) == 7);
  CHECK(percentile_nearest_rank({7}, 99.9) == 7);
}

TEST_CASE("summary of unsorted latencies") {
  const std::vector<double> ms = {4, 1, 3, 2, 100};
  const LatencySummary s = summarise_latencies(ms, 2.0);
  CHECK(s.count == 5);
  CHECK(s.mean_ms == doctest::Approx(22.0));
  CHECK(s.p50_ms == 3);   // ceil(2.5) = 3rd of 1 2 3 4 100
  CHECK(s.p90_ms == 100); // ceil(4.5) = 5th
  CHECK(s.p99_ms == 100);
  CHECK(s.p99_9_ms == 100);
  CHECK(s.max_ms == 100);
  CHECK(s.qps == doctest::Approx(2.5));

  const LatencySummary none = summarise_latencies({}, 1.0);
  CHECK(none.count == 0);
  CHECK(none.qps == 0);
  CHECK(summarise_latencies({1.0}, 0).qps == 0);  // no time given: no rate rather than infinity
}

TEST_CASE("the percentile curve rises from the minimum to the maximum") {
  std::vector<double> ms(2000);
  std::iota(ms.begin(), ms.end(), 0.5);
  std::reverse(ms.begin(), ms.end());
  const auto curve = percentile_curve(ms, 10);
  REQUIRE(curve.size() == 32);  // 3 nines x 10 steps + p0 + the maximum
  CHECK(curve.front().first == 0);
  CHECK(curve.front().second == 0.5);
  CHECK(curve[10].first == doctest::Approx(90));
  CHECK(curve[10].second == 1799.5);  // p90 of 2000: the 1800th value
  CHECK(curve.back().first == 100);
  CHECK(curve.back().second == 1999.5);
  for (std::size_t i = 1; i < curve.size(); ++i) {
    CHECK(curve[i].first >= curve[i - 1].first);
    CHECK(curve[i].second >= curve[i - 1].second);
  }
  CHECK(percentile_curve({}).empty());
}
