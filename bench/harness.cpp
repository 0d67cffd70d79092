#include "bench/harness.h"

#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fstream>
#include <numeric>
#include <thread>

#include "bench/rng.h"


namespace dossier::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kDropCaches = "/proc/sys/vm/drop_caches";

std::vector<std::uint32_t> shuffled_order(std::size_t n, std::uint64_t seed) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  Rng rng(seed);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  return order;
}

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void warm_up(BenchClient& client, const std::vector<BenchQuery>& queries, BenchMode mode, const BenchSettings& settings) {
  if (settings.cold) return;  // a warm-up would only be dropped again
  for (std::size_t pass = 0; pass < settings.warmup; ++pass) {
    for (const BenchQuery& query : queries) client.run(query, mode);
  }
}

// One client's measured passes; each pass in its own seeded order, so that no query always
// follows the same neighbour and concurrent clients do not run the same query at once.
void measure(BenchClient& client, const std::vector<BenchQuery>& queries, BenchMode mode, const BenchSettings& settings,
             std::size_t thread, std::vector<Sample>& samples) {
  samples.reserve(queries.size() * settings.repeat);
  for (std::size_t pass = 0; pass < settings.repeat; ++pass) {
    const std::uint64_t seed =
        settings.seed * 1000003ULL + static_cast<std::uint64_t>(mode) * 7919ULL + pass * 131ULL + thread;
    for (const std::uint32_t index : shuffled_order(queries.size(), seed)) {
      if (settings.cold) {
        client.reopen();
        const std::string problem = drop_page_cache();
        if (!problem.empty()) throw UsageError("--cold: " + problem);
      }
      const auto start = Clock::now();
      client.run(queries[index], mode);
      samples.push_back({index, elapsed_ms(start), client.last_counts_estimated(), client.last_split()});
    }
  }
}

// Every query of `order` with each client back to back, the first turn rotating by one from
// query to query (turn: the client to go first next, carried on by the caller): the order of
// run_alternating's warm-up and of its measurement. run(client, place, query) runs one.
template <typename Order, typename Run>
void in_turns(std::size_t clients, std::size_t& turn, const Order& order, Run&& run) {
  for (const auto& query : order) {
    for (std::size_t k = 0; k < clients; ++k) run((turn + k) % clients, k, query);
    turn = (turn + 1) % clients;
  }
}

// The warm-up of run_alternating, interleaved as its measurement is. Warming each client's whole
// pass in turn left the first client the coldest when the measurement began: --search-threads 1
// against itself at a million passages measured the first 1.015 times the second per query and
// 1.036 at p99 idle (six runs), 1.010 per query beside a CPU hog (nine runs); after this warm-up
// 1.008 and 1.019 idle (twelve runs), 1.005 beside the hog (six). What is left (the hog's pooled
// p50 still 1.03) is why bench/load_bench.sh swaps which setting is made first from round to
// round.
void warm_up_alternating(const std::vector<std::unique_ptr<BenchClient>>& clients, const std::vector<BenchQuery>& queries,
                         BenchMode mode, const BenchSettings& settings) {
  std::size_t turn = 0;
  for (std::size_t pass = 0; pass < settings.warmup; ++pass) {
    in_turns(clients.size(), turn, queries, [&](std::size_t c, std::size_t, const BenchQuery& query) { clients[c]->run(query, mode); });
  }
}

// The measured passes of run_alternating: every query once per client, the clients' order
// rotating by one from query to query.
void measure_alternating(const std::vector<std::unique_ptr<BenchClient>>& clients, const std::vector<BenchQuery>& queries,
                         BenchMode mode, const BenchSettings& settings, std::vector<std::vector<Sample>>& samples) {
  std::size_t turn = static_cast<std::size_t>(settings.seed % clients.size());
  for (std::size_t pass = 0; pass < settings.repeat; ++pass) {
    const std::uint64_t seed = settings.seed * 1000003ULL + static_cast<std::uint64_t>(mode) * 7919ULL + pass * 131ULL;
    in_turns(clients.size(), turn, shuffled_order(queries.size(), seed), [&](std::size_t c, std::size_t k, std::uint32_t index) {
      const auto start = Clock::now();
      clients[c]->run(queries[index], mode);
      samples[c].push_back({index, elapsed_ms(start), clients[c]->last_counts_estimated(), clients[c]->last_split(), static_cast<int>(k)});
    });
  }
}

}  // namespace

std::string_view mode_name(BenchMode mode) {
  switch (mode) {
    case BenchMode::Top10: return "top10";
    case BenchMode::Facets: return "facets";
    case BenchMode::Full: return "full";
  }
  return "?";
}

std::optional<BenchMode> parse_mode(std::string_view name) {
  for (BenchMode mode : {BenchMode::Top10, BenchMode::Facets, BenchMode::Full}) {
    if (mode_name(mode) == name) return mode;
  }
  return std::nullopt;
}

std::string drop_page_cache() {
  ::sync();
  std::ofstream out(kDropCaches);
  if (!out) return std::string("cannot drop the page cache (") + kDropCaches + ": " + std::strerror(errno) + "; run as root)";
  out << "1\n";
  out.flush();
  if (!out) return std::string("cannot drop the page cache (writing ") + kDropCaches + " failed; run as root)";
  return {};
}

BenchRun run_benchmark(QueryList list, const BenchSettings& settings, const ClientFactory& factory, std::ostream& log) {
  if (settings.cold && settings.threads != 1) throw UsageError("--cold measures one client at a time: use --threads 1");
  if (settings.cold) {
    const std::string problem = drop_page_cache();
    if (!problem.empty()) throw UsageError("--cold: " + problem);
  }
  BenchRun run;
  run.threads = std::max<std::size_t>(settings.threads, 1);
  run.skipped = std::move(list.skipped);

  std::vector<std::unique_ptr<BenchClient>> clients;
  for (std::size_t t = 0; t < run.threads; ++t) clients.push_back(factory());

  // Rejected queries are found once, up front, so that every mode measures the same list.
  for (BenchQuery& query : list.queries) {
    try {
      clients.front()->run(query, BenchMode::Top10);
      run.queries.push_back(std::move(query));
    } catch (const BenchQueryError& e) {
      run.skipped.push_back({query.origin, e.what()});
    }
  }
  if (run.queries.empty()) throw UsageError("no query to measure (" + std::to_string(run.skipped.size()) + " skipped)");

  for (const BenchMode mode : settings.modes) {
    log << "  " << mode_name(mode) << ": " << run.queries.size() << " queries x " << settings.repeat << " passes x "
        << run.threads << (run.threads == 1 ? " client" : " clients")
        << (settings.cold ? ", cold page cache" : ", " + std::to_string(settings.warmup) + " warm-up pass(es)") << '\n';
    log.flush();
    std::vector<std::vector<Sample>> per_thread(run.threads);
    Clock::time_point measured_start;
    double wall_ms = 0;
    if (run.threads == 1) {
      // No thread for a single client: clearer profiles and stack traces.
      warm_up(*clients[0], run.queries, mode, settings);
      measured_start = Clock::now();
      measure(*clients[0], run.queries, mode, settings, 0, per_thread[0]);
      wall_ms = elapsed_ms(measured_start);
      if (settings.cold) {
        // Reopening and dropping the cache between queries is not query time: the rate is
        // taken over the queries themselves.
        wall_ms = 0;
        for (const Sample& sample : per_thread[0]) wall_ms += sample.ms;
      }
    } else {
      // Every client warms up, then all start measuring together; the wall clock (for queries
      // per second) runs from that moment to the last client's end.
      std::vector<std::exception_ptr> errors(run.threads);
      std::barrier ready(static_cast<std::ptrdiff_t>(run.threads), [&]() noexcept { measured_start = Clock::now(); });
      const auto work = [&](std::size_t t) {
        try {
          warm_up(*clients[t], run.queries, mode, settings);
        } catch (...) {
          errors[t] = std::current_exception();
        }
        ready.arrive_and_wait();  // also after a failure, or the others would wait forever
        if (errors[t]) return;
        try {
          measure(*clients[t], run.queries, mode, settings, t, per_thread[t]);
        } catch (...) {
          errors[t] = std::current_exception();
        }
      };
      std::vector<std::thread> threads;
      for (std::size_t t = 0; t < run.threads; ++t) threads.emplace_back(work, t);
      for (std::thread& thread : threads) thread.join();
      wall_ms = elapsed_ms(measured_start);
      for (const std::exception_ptr& error : errors) {
        if (error) std::rethrow_exception(error);
      }
    }
    ModeRun mode_run;
    mode_run.mode = mode;
    mode_run.wall_seconds = wall_ms / 1000.0;
    for (auto& samples : per_thread) mode_run.samples.insert(mode_run.samples.end(), samples.begin(), samples.end());
    run.modes.push_back(std::move(mode_run));
  }
  return run;
}

std::vector<BenchRun> run_alternating(QueryList list, const BenchSettings& settings,
                                      const std::vector<ClientFactory>& factories, std::ostream& log) {
  if (settings.threads != 1) throw UsageError("alternating settings measure one client each: use --threads 1");
  if (settings.cold) throw UsageError("alternating settings are measured warm: leave out --cold");
  if (factories.size() < 2) throw UsageError("alternating needs two settings or more");
  std::vector<std::unique_ptr<BenchClient>> clients;
  for (const ClientFactory& factory : factories) clients.push_back(factory());

  // A query is measured only when every setting accepts it, so that all runs share one list.
  std::vector<BenchQuery> accepted;
  std::vector<SkippedQuery> skipped = std::move(list.skipped);
  for (BenchQuery& query : list.queries) {
    try {
      for (const auto& client : clients) client->run(query, BenchMode::Top10);
      accepted.push_back(std::move(query));
    } catch (const BenchQueryError& e) {
      skipped.push_back({query.origin, e.what()});
    }
  }
  if (accepted.empty()) throw UsageError("no query to measure (" + std::to_string(skipped.size()) + " skipped)");

  std::vector<BenchRun> runs(clients.size());
  for (BenchRun& run : runs) {
    run.queries = accepted;
    run.skipped = skipped;
  }
  for (const BenchMode mode : settings.modes) {
    log << "  " << mode_name(mode) << ": " << accepted.size() << " queries x " << settings.repeat << " passes x "
        << clients.size() << " settings, alternating query by query, " << settings.warmup << " warm-up pass(es)\n";
    log.flush();
    warm_up_alternating(clients, accepted, mode, settings);
    std::vector<std::vector<Sample>> samples(clients.size());
    for (auto& s : samples) s.reserve(accepted.size() * settings.repeat);
    measure_alternating(clients, accepted, mode, settings, samples);
    for (std::size_t c = 0; c < clients.size(); ++c) {
      ModeRun mode_run;
      mode_run.mode = mode;
      // Each setting's own time: the others' queries in between are not its wall time.
      for (const Sample& sample : samples[c]) mode_run.wall_seconds += sample.ms / 1000.0;
      mode_run.samples = std::move(samples[c]);
      runs[c].modes.push_back(std::move(mode_run));
    }
  }
  return runs;
}

}  // namespace dossier::bench
