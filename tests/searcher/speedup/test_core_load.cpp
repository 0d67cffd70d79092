#include "searcher/speedup/core_load.h"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
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
  // Two cores: free only while others run less than half of the time.
  CHECK(core_free_for_worker(2, 0.0));
  CHECK(core_free_for_worker(2, 0.4));
  CHECK_FALSE(core_free_for_worker(2, 0.6));
  CHECK_FALSE(core_free_for_worker(2, 1.0));  // another program on the other core
  CHECK_FALSE(core_free_for_worker(2, 3.0));  // an indexer's threads
  // Sixteen cores: one busy program leaves plenty.
  CHECK(core_free_for_worker(16, 2.0));
  CHECK(core_free_for_worker(16, 14.0));
  CHECK_FALSE(core_free_for_worker(16, 15.0));
  // One core: never.
  CHECK_FALSE(core_free_for_worker(1, 0.0));
}

TEST_CASE("forget_and_add: recent snapshots weigh most; after a long pause the new one decides") {
  using std::chrono::milliseconds;
  CHECK(forget_and_add(1.0, 1.0, milliseconds(10)) == doctest::Approx(1.0));
  // A busy machine that turns quiet: one quiet snapshot 10 ms later is not enough...
  double average = forget_and_add(1.0, 0.0, milliseconds(10));
  CHECK(average == doctest::Approx(std::exp(-0.1)));
  CHECK_FALSE(core_free_for_worker(2, average));
  // ...about kProbeMemory of them is.
  for (int i = 0; i < 9; ++i) average = forget_and_add(average, 0.0, milliseconds(10));
  CHECK(average == doctest::Approx(std::exp(-1.0)));
  CHECK(core_free_for_worker(2, average));
  // A quiet machine where an indexer wakes: busy within a few snapshots.
  average = 0;
  for (int i = 0; i < 7; ++i) average = forget_and_add(average, 1.0, milliseconds(10));
  CHECK_FALSE(core_free_for_worker(2, average));
  // A snapshot after a pause of a second: the old average is forgotten.
  CHECK(forget_and_add(3.0, 0.0, milliseconds(1000)) < 0.001);
  CHECK(forget_and_add(0.0, 2.0, milliseconds(1000)) > 1.999);
}

TEST_CASE("CoreProbe reads the count at most every kProbeEvery, counts this process's own threads, and is free when it cannot read") {
  int reads = 0;
  std::size_t runnable = 1;
  CoreProbe probe(2, [&]() -> std::optional<std::size_t> {
    ++reads;
    return runnable;
  });
  CHECK(probe.core_free(1));  // the first snapshot decides alone
  CHECK(reads == 1);
  runnable = 3;  // another program started: not read until kProbeEvery has passed
  const auto read = std::chrono::steady_clock::now();
  const bool cached = probe.core_free(1);
  if (std::chrono::steady_clock::now() - read < kProbeEvery / 2) {
    CHECK(cached);
    CHECK(reads == 1);
  }
  // Two others runnable for a while: busy.
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(kProbeEvery + std::chrono::milliseconds(1));
    probe.core_free(1);
  }
  CHECK(reads >= 2);
  CHECK_FALSE(probe.core_free(1));
  // All three runnable threads are this process's own: quiet again after a pause.
  std::this_thread::sleep_for(5 * kProbeMemory);
  CHECK(probe.core_free(3));

  CoreProbe unreadable(2, []() -> std::optional<std::size_t> { return std::nullopt; });
  CHECK(unreadable.core_free(1));
  CHECK(usable_cores() >= 1u);
}

TEST_CASE("LoadavgFile reads the runnable count again at every call from one descriptor") {
  std::error_code ec;
  if (!std::filesystem::exists("/proc/loadavg", ec)) return;  // not Linux: nothing to read
  const auto open_descriptors = [] {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
    return count;
  };
  const std::size_t before = open_descriptors();
  {
    const LoadavgFile file;
    for (int read = 0; read < 3; ++read) {
      const std::optional<std::size_t> runnable = file.runnable();
      REQUIRE(runnable.has_value());
      CHECK(*runnable >= 1);  // at least this thread, which is running
    }
    CHECK(open_descriptors() == before + 1);  // one, kept
  }
  CHECK(open_descriptors() == before);  // closed with the file
}
