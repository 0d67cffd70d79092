#include "searcher/speedup/split_workers.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "searcher/corpus_index.h"

using namespace dossier;

namespace {

struct Opens {
  std::atomic<int> count{0};
  std::atomic<bool> fail{false};
  SplitWorkers::Opener opener() {
    return [this] {
      ++count;
      if (fail) throw Xapian::DatabaseOpeningError("cannot open (test)");
      return Xapian::Database(testing::sharded_db());
    };
  }
};

// Partition 0's task waits (at most a few seconds) until every other partition has started on a
// worker: a round in which no partition is left for the caller to take.
struct WaitForWorkers {
  std::atomic<std::size_t> started{0};
  void wait_for(std::size_t others) const {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (started.load() < others && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
};

}  // namespace

TEST_CASE("SplitWorkers runs the task once per partition, partition 0 on the caller with its own database") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  for (std::size_t partitions : {1u, 2u, 3u}) {
    CAPTURE(partitions);
    SplitWorkers workers(partitions, opens.opener());
    CHECK(workers.partitions() == partitions);
    for (int round = 0; round < 3; ++round) {
      std::mutex mutex;
      std::multiset<std::size_t> seen;
      std::set<std::thread::id> threads;
      bool own_on_caller = false;
      std::size_t on_caller = 0;
      WaitForWorkers others;
      const std::thread::id caller = std::this_thread::get_id();
      workers.run(own, [&](const Partition& scope, Xapian::Database& db) {
        if (scope.partition == 0) others.wait_for(partitions - 1);
        else ++others.started;
        const std::lock_guard<std::mutex> lock(mutex);
        CHECK(scope.partitions == partitions);
        seen.insert(scope.partition);
        threads.insert(std::this_thread::get_id());
        if (scope.partition == 0) own_on_caller = &db == &own && std::this_thread::get_id() == caller;
        if (std::this_thread::get_id() == caller) ++on_caller;
        CHECK(db.get_doccount() == own.get_doccount());
      });
      CHECK(seen.size() == partitions);
      for (std::size_t p = 0; p < partitions; ++p) CHECK(seen.count(p) == 1);
      // A worker may take more than one partition; none but 0 ran on the caller, which waited.
      CHECK(threads.size() >= std::min<std::size_t>(partitions, 2));
      CHECK(threads.size() <= partitions);
      CHECK(own_on_caller);
      CHECK(on_caller == 1);
    }
    // No steal: partition 0 waited for the others to start. Whether a round also counts as busy
    // depends on the scheduler (a worker descheduled mid-task under a parallel ctest makes the
    // caller wait over 1 ms), so it is tested where it is certain: held and sleeping workers below.
    if (partitions > 1) CHECK(workers.load().steals == 0);
  }
  // Each worker opened once at most, not once per task (a worker that never claimed a partition
  // before its SplitWorkers was destroyed may not have opened at all).
  CHECK(opens.count.load() <= 1 + 2);
  CHECK(opens.count.load() >= 1 + 1);
}

TEST_CASE("SplitWorkers: a partition no worker claims runs on the caller, once, and the machine counts as busy for a while") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(3, opens.opener());
  workers.hold_workers_for_test(true);  // as if the other cores were taken
  std::mutex mutex;
  std::multiset<std::size_t> seen;
  const std::thread::id caller = std::this_thread::get_id();
  workers.run(own, [&](const Partition& scope, Xapian::Database& db) {
    const std::lock_guard<std::mutex> lock(mutex);
    seen.insert(scope.partition);
    CHECK(std::this_thread::get_id() == caller);
    CHECK(&db == &own);
  });
  const auto after = std::chrono::steady_clock::now();
  CHECK(seen == std::multiset<std::size_t>{0, 1, 2});
  CHECK(workers.load().rounds == 1);
  CHECK(workers.load().steals == 2);
  CHECK(workers.load().busy_rounds == 1);
  CHECK(workers.load().backoff == kBackoffFirst);
  // Read at once, well within the back-off (unless this thread itself was descheduled that long).
  if (std::chrono::steady_clock::now() - after < kBackoffFirst / 2) CHECK_FALSE(workers.worth_splitting());

  // Busy again: the back-off doubles, up to its ceiling.
  const auto nothing = [](const Partition&, Xapian::Database&) {};
  workers.run(own, nothing);
  CHECK(workers.load().backoff == 2 * kBackoffFirst);
  for (int i = 0; i < 12; ++i) workers.run(own, nothing);
  CHECK(workers.load().backoff == kBackoffMost);

  // The workers free again: a round they take part in ends the back-off.
  workers.hold_workers_for_test(false);
  WaitForWorkers others;
  workers.run(own, [&](const Partition& scope, Xapian::Database&) {
    if (scope.partition == 0) others.wait_for(2);
    else ++others.started;
  });
  CHECK(others.started == 2);
  CHECK(workers.load().steals == 2 + 13 * 2);
  CHECK(workers.load().backoff.count() == 0);
  CHECK(workers.worth_splitting());
}

TEST_CASE("SplitWorkers: a partition's exception reaches the caller with its type, whichever thread ran it, and the workers carry on") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(3, opens.opener());
  CHECK_THROWS_AS(workers.run(own,
                              [](const Partition& scope, Xapian::Database&) {
                                if (scope.partition == 2) throw Xapian::DatabaseModifiedError("moved on (test)");
                              }),
                  Xapian::DatabaseModifiedError);
  CHECK_THROWS_AS(workers.run(own,
                              [](const Partition& scope, Xapian::Database&) {
                                if (scope.partition == 0) throw std::runtime_error("caller (test)");
                              }),
                  std::runtime_error);
  std::atomic<int> ran{0};
  workers.run(own, [&](const Partition&, Xapian::Database&) { ++ran; });
  CHECK(ran == 3);
}

TEST_CASE("SplitWorkers: reopen() makes every worker open again, and a worker that cannot open leaves its partitions to the caller") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(2, opens.opener());
  // Partition 0 waits until the worker has opened `count` times in all, so that every round below
  // is one the worker took part in.
  const auto round_with_opens = [&](int count) {
    std::atomic<int> ran{0};
    workers.run(own, [&](const Partition& scope, Xapian::Database&) {
      ++ran;
      if (scope.partition != 0) return;
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (opens.count < count && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::microseconds(50));
    });
    CHECK(ran == 2);
  };
  round_with_opens(1);
  round_with_opens(1);
  CHECK(opens.count.load() == 1);
  workers.reopen();
  round_with_opens(2);
  CHECK(opens.count.load() == 2);

  workers.reopen();
  opens.fail = true;
  round_with_opens(3);  // the search still runs: partition 1 on the caller
  CHECK(opens.count.load() == 3);
  opens.fail = false;
  round_with_opens(4);
  CHECK(opens.count.load() == 4);
}

TEST_CASE("SplitWorkers: run_articles gives the workers their article databases, opened once, rounds of both sides interleaved") {
  Opens passages;
  std::atomic<int> article_opens{0};
  const std::string path = testing::sharded_db();
  // A stand-in for the article shards: one shard of the database alone, told apart by its count.
  const auto open_articles = [&] {
    ++article_opens;
    return Xapian::Database(path + "/shard-001");
  };
  Xapian::Database own(path);
  Xapian::Database own_articles(path + "/shard-001");
  REQUIRE(own.get_doccount() != own_articles.get_doccount());
  SplitWorkers workers(2, passages.opener(), open_articles);
  for (int round = 0; round < 4; ++round) {
    for (const bool articles : {false, true}) {
      CAPTURE(round);
      CAPTURE(articles);
      Xapian::Database& mine = articles ? own_articles : own;
      std::mutex mutex;
      std::multiset<std::size_t> seen;
      WaitForWorkers others;
      const auto task = [&](const Partition& scope, Xapian::Database& db) {
        if (scope.partition == 0) others.wait_for(1);
        else ++others.started;
        const std::lock_guard<std::mutex> lock(mutex);
        seen.insert(scope.partition);
        CHECK(db.get_doccount() == mine.get_doccount());  // the side's database, on every thread
      };
      if (articles) {
        workers.run_articles(own_articles, task);
      } else {
        workers.run(own, task);
      }
      CHECK(seen == std::multiset<std::size_t>{0, 1});
    }
  }
  CHECK(workers.load().steals == 0);  // the worker took partition 1 every time
  CHECK(article_opens.load() == 1);
  CHECK(passages.count.load() == 1);
}

TEST_CASE("SplitWorkers: without an article opener, run_articles runs every partition on the caller") {
  Opens passages;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(2, passages.opener());
  std::multiset<std::size_t> seen;
  const std::thread::id caller = std::this_thread::get_id();
  workers.run_articles(own, [&](const Partition& scope, Xapian::Database& db) {
    CHECK(std::this_thread::get_id() == caller);
    CHECK(&db == &own);
    seen.insert(scope.partition);
  });
  CHECK(seen == std::multiset<std::size_t>{0, 1});
}

TEST_CASE("SplitWorkers: a partition taken from a sleeping worker is no sign of load; from a spinning one it is") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(2, opens.opener());
  const auto nothing = [](const Partition&, Xapian::Database&) {};
  // Let the worker open its database and fall asleep (it spins for 2 ms after a round), then run
  // rounds too short for its wake-up: the caller takes partition 1 itself.
  std::uint64_t stolen_from_sleeper = 0;
  for (int attempt = 0; attempt < 20 && stolen_from_sleeper == 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // Asleep for sure: a worker descheduled while spinning still counts as spinning (no core).
    if (workers.spinning() != 0) continue;
    const SplitLoad before = workers.load();
    workers.run(own, nothing);
    if (workers.load().steals > before.steals) {
      ++stolen_from_sleeper;
      CHECK(workers.load().busy_rounds == before.busy_rounds);
      CHECK(workers.worth_splitting());
    }
  }
  CHECK(stolen_from_sleeper == 1);  // a wake-up takes longer than an empty task, on any machine
  // Held workers stand for spinning ones that get no core: that is busy.
  workers.hold_workers_for_test(true);
  const SplitLoad before = workers.load();
  workers.run(own, nothing);
  const auto after = std::chrono::steady_clock::now();
  CHECK(workers.load().steals == before.steals + 1);
  CHECK(workers.load().busy_rounds == before.busy_rounds + 1);
  if (std::chrono::steady_clock::now() - after < kBackoffFirst / 2) CHECK_FALSE(workers.worth_splitting());
}
