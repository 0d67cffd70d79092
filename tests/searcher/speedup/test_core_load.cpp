#include "searcher/speedup/core_load.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace dossier;

TEST_CASE("parse_runnable reads the runnable count of a /proc/loadavg line") {
  CHECK(parse_runnable("0.50 0.40 0.30 3/245 12345\n") == 3u);
  CHECK(parse_runnable("12.00 9.10 4.02 17/1024 99") == 17u);
  CHECK(parse_runnable("0.00 0.00 0.00 0/1 1") == 0u);
  for (const char* bad : {"", "0.50 0.40 0.30", "0.50 0.40 0.30 /245 1", "0.50 0.40 0.30 x/245 1", "0.50 0.40 0.30 3-245 1",
                          "0.50 0.40 0.30 -3/245 1", "0.50 0.40 0.30 99999999999999999999999/245 1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_runnable(bad).has_value());
  }
}

TEST_CASE("parse_runnable reads this machine's /proc/loadavg, which counts the reading thread") {
  std::ifstream in("/proc/loadavg");
  if (!in) return;  // not Linux: nothing to read
  std::stringstream text;
  text << in.rdbuf();
  const auto runnable = parse_runnable(text.str());
  REQUIRE(runnable.has_value());
  CHECK(*runnable >= 1u);
}

TEST_CASE("core_free_for_worker: the searching thread's core and one more, after everyone else's") {
  // Two cores: free only while nothing else runs.
  CHECK(core_free_for_worker(2, 1, 1));       // only the searching thread
  CHECK(core_free_for_worker(2, 2, 2));       // it and a spinning worker of its own
  CHECK_FALSE(core_free_for_worker(2, 2, 1));  // another program on the other core
  CHECK_FALSE(core_free_for_worker(2, 5, 1));  // an indexer's threads
  CHECK(core_free_for_worker(2, 0, 1));       // a count read between two ticks
  // Sixteen cores: one busy program leaves plenty.
  CHECK(core_free_for_worker(16, 3, 1));
  CHECK(core_free_for_worker(16, 15, 1));
  CHECK_FALSE(core_free_for_worker(16, 16, 1));
  // One core: never.
  CHECK_FALSE(core_free_for_worker(1, 1, 1));
}

TEST_CASE("CoreProbe reads the count at most every kProbeEvery, counts this process's own threads, and is free when it cannot read") {
  int reads = 0;
  std::size_t runnable = 1;
  CoreProbe probe(2, [&]() -> std::optional<std::size_t> {
    ++reads;
    return runnable;
  });
  CHECK(probe.core_free(1));
  CHECK(reads == 1);
  runnable = 3;  // another program started: not seen until the next read
  const auto read = std::chrono::steady_clock::now();
  const bool cached = probe.core_free(1);
  if (std::chrono::steady_clock::now() - read < kProbeEvery / 2) {
    CHECK(cached);
    CHECK(reads == 1);
  }
  std::this_thread::sleep_for(kProbeEvery + std::chrono::milliseconds(2));
  CHECK_FALSE(probe.core_free(1));
  CHECK(reads >= 2);
  std::this_thread::sleep_for(kProbeEvery + std::chrono::milliseconds(2));
  CHECK(probe.core_free(3));  // all three runnable threads are this process's own

  CoreProbe unreadable(2, []() -> std::optional<std::size_t> { return std::nullopt; });
  CHECK(unreadable.core_free(1));
  CHECK(usable_cores() >= 1u);
}
