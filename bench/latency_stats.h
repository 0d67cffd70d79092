// Latency statistics shared by dossier-bench and the baselines, so that every system's figures
// are computed the same way.
//
// Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the
// smallest sample such that at least p% of the samples are <= it, i.e. sorted[ceil(p/100 * n) - 1]
// (p = 0 gives the minimum). It always returns a measured value, never an interpolation, so
// with fewer than 1000 samples p99.9 is the maximum and with fewer than 100, p99 is too.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace dossier::bench {

struct LatencySummary {
  std::size_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double p99_9_ms = 0;
  double max_ms = 0;
  double qps = 0;  // queries per second: count / the seconds given to summarise_latencies
};

// Nearest-rank percentile of ascending samples; p in [0, 100]. 0 for no samples.
double percentile_nearest_rank(const std::vector<double>& sorted, double p);

// Summary of latencies in milliseconds (any order). qps = count / seconds (0 when seconds <= 0):
// callers pass the wall time of the run for an overall rate, or the summed latency of a subset
// divided by the number of clients for the rate that subset alone would sustain.
LatencySummary summarise_latencies(std::vector<double> latencies_ms, double seconds);

// The percentile curve for plots: (percentile, latency) at points evenly spaced in "nines"
// (-log10(1 - p/100)) from p0 to p99.9, steps per nine; ends with (100, max).
std::vector<std::pair<double, double>> percentile_curve(std::vector<double> latencies_ms, int steps_per_nine = 20);

}  // namespace dossier::bench
