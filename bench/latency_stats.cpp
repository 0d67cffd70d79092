#include "bench/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dossier::bench {

double percentile_nearest_rank(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  p = std::clamp(p, 0.0, 100.0);
  // The rank is computed in integer tenths of a thousandth of a percent: p/100 * n in floating
  // point would put p99.9 of 1000 samples (exactly 999) at 999.0000000000001 and round it up.
  const auto scaled = static_cast<unsigned long long>(std::llround(p * 1000.0));  // p in 1/1000 %
  const unsigned long long n = sorted.size();
  const unsigned long long rank = (scaled * n + 100000 - 1) / 100000;  // ceil(p/100 * n)
  return sorted[rank == 0 ? 0 : static_cast<std::size_t>(std::min(rank, n) - 1)];
}

LatencySummary summarise_latencies(std::vector<double> latencies_ms, double seconds) {
  LatencySummary summary;
  summary.count = latencies_ms.size();
  if (latencies_ms.empty()) return summary;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  summary.mean_ms = std::accumulate(latencies_ms.begin(), latencies_ms.end(), 0.0) / static_cast<double>(summary.count);
  summary.p50_ms = percentile_nearest_rank(latencies_ms, 50);
  summary.p90_ms = percentile_nearest_rank(latencies_ms, 90);
  summary.p99_ms = percentile_nearest_rank(latencies_ms, 99);
  summary.p99_9_ms = percentile_nearest_rank(latencies_ms, 99.9);
  summary.max_ms = latencies_ms.back();
  summary.qps = seconds > 0 ? static_cast<double>(summary.count) / seconds : 0;
  return summary;
}

std::vector<std::pair<double, double>> percentile_curve(std::vector<double> latencies_ms, int steps_per_nine) {
  std::vector<std::pair<double, double>> curve;
  if (latencies_ms.empty()) return curve;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  steps_per_nine = std::max(steps_per_nine, 1);
  for (int step = 0; step <= 3 * steps_per_nine; ++step) {
    const double nines = static_cast<double>(step) / steps_per_nine;
    const double p = 100.0 * (1.0 - std::pow(10.0, -nines));
    curve.emplace_back(p, percentile_nearest_rank(latencies_ms, p));
  }
  curve.emplace_back(100.0, latencies_ms.back());
  return curve;
}

}  // namespace dossier::bench
