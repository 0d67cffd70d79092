// The measuring loop shared by dossier-bench and the baselines: one client per thread, warm-up,
// repeated passes in a seeded order, optional page-cache drop before each query. The systems
// differ only in their BenchClient.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/query_file.h"
#include "common/error.h"

namespace dossier::bench {

// What one timed query does (the same for every system):
//   top10:  the 10 best articles (best passage each) and their stored data; no facet counts,
//           no snippets, the total may be an estimate;
//   facets: top10 plus exact facet counts (and an exact total) over every match;
//   full:   facets plus a snippet for each of the 10 hits.
enum class BenchMode { Top10, Facets, Full };

std::string_view mode_name(BenchMode mode);
std::optional<BenchMode> parse_mode(std::string_view name);

// A query the system rejects (syntax, unknown facet value): reported and skipped, not fatal.
class BenchQueryError : public Error {
 public:
  using Error::Error;
};

// One connection to the system under test; each client thread owns one.
class BenchClient {
 public:
  virtual ~BenchClient() = default;
  // Runs one query; throws BenchQueryError for a query the system cannot run. Any other
  // exception stops the benchmark.
  virtual void run(const BenchQuery& query, BenchMode mode) = 0;
  // --cold: close and reopen the database, so that nothing read before stays in the process.
  virtual void reopen() = 0;
  // Whether the last query's counts were estimated from a sample (Dossier without
  // --exact-facets, on a query matching very much); baselines always count exactly.
  virtual bool last_counts_estimated() const { return false; }
  // Whether the last query was split between threads (Dossier's default on a machine with a
  // core free; never the baselines, nor --search-threads 1).
  virtual bool last_split() const { return false; }
};

using ClientFactory = std::function<std::unique_ptr<BenchClient>()>;

struct BenchSettings {
  std::vector<BenchMode> modes{BenchMode::Top10, BenchMode::Facets, BenchMode::Full};
  std::size_t warmup = 1;   // unmeasured passes over the queries before each mode
  std::size_t repeat = 3;   // measured passes per mode
  std::size_t threads = 1;  // concurrent clients
  bool cold = false;        // drop the page cache before each query (root only; threads must be 1)
  std::uint64_t seed = 1;   // order of the queries in each pass
  bool samples = false;     // the report lists every timed run (--samples)
};

struct Sample {
  std::uint32_t query = 0;  // index into BenchRun::queries
  double ms = 0;
  bool estimated = false;  // its counts came from a sample
  bool split = false;      // it ran split between threads
  // In an alternating run (--alternate-threads), this setting's place in its query's turn: 0 when
  // it ran first. The one that runs second finds the caches warm (15-25% faster on 2 cores), so
  // paired ratios are compared place by place (bench/load_summary.py). -1 elsewhere.
  int place = -1;
};

struct ModeRun {
  BenchMode mode = BenchMode::Top10;
  std::vector<Sample> samples;
  double wall_seconds = 0;  // the measured passes of all threads, start to last finish
};

struct BenchRun {
  std::vector<BenchQuery> queries;    // the queries measured
  std::vector<SkippedQuery> skipped;  // bad lines and queries the system rejected
  std::vector<ModeRun> modes;
  std::size_t threads = 1;
};

// Checks every query once (top10) and drops the rejected ones into skipped, then measures each
// mode. Progress goes to log. Throws UsageError for impossible settings (--cold without the
// right to drop the page cache, no valid query).
BenchRun run_benchmark(QueryList queries, const BenchSettings& settings, const ClientFactory& factory, std::ostream& log);

// Two or more settings of one system measured in one process, query by query: each query runs
// once with every client, one right after the other, the order rotating from query to query (so
// that each setting goes first equally often). A machine that drifts (a virtual machine's
// neighbours, a load that comes and goes) then slows every setting alike, which separate
// processes measured minutes apart cannot promise. One BenchRun per factory, in their order,
// over the same queries (those every setting accepts). One client each: settings.threads must
// be 1 and settings.cold false (UsageError).
std::vector<BenchRun> run_alternating(QueryList queries, const BenchSettings& settings,
                                      const std::vector<ClientFactory>& factories, std::ostream& log);

// Writes "1" to /proc/sys/vm/drop_caches after sync(); an error message when that failed.
std::string drop_page_cache();

}  // namespace dossier::bench
