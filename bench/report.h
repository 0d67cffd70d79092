// Benchmark results for people and scripts: the JSON document (the same shape from dossier-bench
// and both baselines, so the comparison script reads them alike), the terminal table and the
// gnuplot percentile plot.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "bench/harness.h"

namespace dossier::bench {

struct ReportInfo {
  std::string tool;     // "dossier-bench"
  std::string system;   // "dossier", "xapian", "fts5"
  std::string version;  // of the system under test
  std::string db;
  std::string queries;  // query file, or "mix N seed S"
  nlohmann::ordered_json details = nlohmann::ordered_json::object();  // system-specific settings
};

// {"tool", "system", "version", "db", "queries": {"source", "measured", "skipped", "skipped_lines"},
//  "settings": {...}, "unit": "ms", "modes": {MODE: {"overall": STATS, "classes": {LABEL: STATS},
//  "wall_s", "samples" (with --samples: [[query index, ms], ...] in the order they ran; in an alternating run [[query index, ms, place], ...], place 0 where this setting ran first in the query's turn)}}} with STATS = {"count", "mean", "p50", "p90", "p99", "p99_9", "max", "qps"}.
// Overall qps: measured queries per second of wall time (all clients together); per class: the
// rate that class alone would sustain with the same number of clients.
nlohmann::ordered_json report_json(const BenchRun& run, const BenchSettings& settings, const ReportInfo& info);

// The readable table (from the JSON, so both show the same figures). Text from the query file
// goes through the terminal sanitiser.
void print_report_table(const nlohmann::ordered_json& report, std::ostream& out);

// Skipped queries, one line each ("FILE:LINE: message"), sanitised.
void print_skipped(const BenchRun& run, const std::string& program, std::ostream& err);

// Percentile curve per mode (log latency over "nines") written by gnuplot to path (.svg, or
// .png). When gnuplot is missing or fails, says so on err and returns false; never throws.
bool write_percentile_plot(const BenchRun& run, const std::string& title, const std::string& path, std::ostream& err);

}  // namespace dossier::bench
