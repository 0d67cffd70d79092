#include "common/watch_file.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "test_support.h"

using namespace dossier;
using dossier::testing::TempDir;

namespace {

WatchList sample_list() {
  WatchList list;
  Watch drones;
  drones.name = "drones";
  drones.query = "drone \"air defence\" -sport";
  drones.filters.countries = {"RS", "Kosovo"};
  drones.filters.actors = {"nato"};
  drones.filters.weapons = {"drone"};
  drones.filters.focus_countries = {"UA"};
  drones.filters.since = "2024-01";
  drones.filters.until = "2024-12-31";
  drones.filters.match_all_words = true;
  drones.created = "2026-12-06T08:00:00Z";
  drones.seen_run = 7;
  drones.seen_at = "2026-12-06T09:00:00Z";
  Watch plain;
  plain.name = "plain.name_2";
  plain.query = "Вучић";
  plain.created = "2026-12-06T08:00:01Z";
  list.watches = {drones, plain};
  return list;
}

}  // namespace

TEST_CASE("encode_watches and decode_watches round trip every field") {
  const WatchList list = sample_list();
  const WatchList back = decode_watches(encode_watches(list), "watches.json");
  REQUIRE(back.watches.size() == 2);
  const Watch& d = back.watches[0];
  CHECK(d.name == "drones");
  CHECK(d.query == "drone \"air defence\" -sport");
  CHECK(d.filters.countries == std::vector<std::string>{"RS", "Kosovo"});
  CHECK(d.filters.actors == std::vector<std::string>{"nato"});
  CHECK(d.filters.weapons == std::vector<std::string>{"drone"});
  CHECK(d.filters.focus_countries == std::vector<std::string>{"UA"});
  CHECK(d.filters.since == "2024-01");
  CHECK(d.filters.until == "2024-12-31");
  CHECK(d.filters.match_all_words);
  CHECK(d.created == "2026-12-06T08:00:00Z");
  CHECK(d.seen_run == 7);
  CHECK(d.seen_at == "2026-12-06T09:00:00Z");
  const Watch& p = back.watches[1];
  CHECK(p.query == "Вучић");
  CHECK(p.seen_run == 0);
  CHECK(p.seen_at.empty());
  CHECK_FALSE(p.filters.match_all_words);
  CHECK(encode_watches(back) == encode_watches(list));
  // Never read: null, not "".
  CHECK(encode_watches(list).find("\"seen_at\": null") != std::string::npos);
  CHECK(back.find("drones") == &back.watches[0]);
  CHECK(back.find("nope") == nullptr);
}

TEST_CASE("decode_watches: anything but a well-formed list is a DatabaseError naming the file") {
  const std::string good = encode_watches(sample_list());
  for (const std::string bad : {std::string(""), std::string("{"), std::string("[]"), std::string(R"({"format": 2, "watches": []})"),
                                std::string(R"({"format": 1})"), std::string(R"({"format": 1, "watches": [{"name": "a"}]})"),
                                std::string(R"({"format": 1, "watches": [{"name": "-x", "query": "", "filters": {}, "seen_run": 0}]})"),
                                std::string(R"({"format": 1, "watches": [{"name": "a", "query": "", "filters": {}, "seen_run": -1}]})")}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(decode_watches(bad, "/db/watches.json"), doctest::Contains("/db/watches.json"), DatabaseError);
  }
  std::string twice = R"({"format": 1, "watches": [{"name": "a", "query": "x", "filters": {}, "seen_run": 0},
                                                   {"name": "a", "query": "y", "filters": {}, "seen_run": 0}]})";
  CHECK_THROWS_WITH_AS(decode_watches(twice, "w"), doctest::Contains("watch 'a' listed twice"), DatabaseError);
}

TEST_CASE("check_watch_name: letters, digits, dot, dash and underscore, starting with a letter or digit") {
  for (const char* good : {"drones", "a", "Kosovo-2024", "x.y_z", "9lives"}) CHECK_NOTHROW(check_watch_name(good));
  for (const std::string bad : {std::string(), std::string("-peek"), std::string(".hidden"), std::string("a b"), std::string("a/b"),
                                std::string("a\x1b[31m"), std::string("ünï"), std::string(65, 'a')}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(check_watch_name(bad), UsageError);
  }
  CHECK_NOTHROW(check_watch_name(std::string(64, 'a')));
}

TEST_CASE("read_watches and write_watches: no file is no watches, and the file is replaced whole, with no temporary left") {
  TempDir dir;
  const std::string db = dir.path().string();
  CHECK(read_watches(db).watches.empty());
  write_watches(db, sample_list());
  CHECK(read_watches(db).watches.size() == 2);
  WatchList one = sample_list();
  one.watches.pop_back();
  write_watches(db, one);
  CHECK(read_watches(db).watches.size() == 1);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename() == "watches.json");
    ++files;
  }
  CHECK(files == 1);
  // A directory that cannot take the file: an error, and the old file still whole.
  CHECK_THROWS_AS(write_watches(dir.file("missing/deeper"), one), DatabaseError);
}

TEST_CASE("read_watches refuses a file larger than the limit without reading it all") {
  TempDir dir;
  {
    std::ofstream big(dir.file("watches.json"));
    big << std::string(kMostWatchFileBytes + 1, ' ');
  }
  CHECK_THROWS_WITH_AS(read_watches(dir.path().string()), doctest::Contains("not a watch file"), DatabaseError);
}

TEST_CASE("WatchLock: a second holder waits, then gives up with a message, and is released when the first goes") {
  TempDir dir;
  const std::string db = dir.path().string();
  {
    const WatchLock first(db);
    CHECK_THROWS_WITH_AS(WatchLock(db, 0.1), doctest::Contains("another dossier-watch"), DatabaseError);
  }
  CHECK_NOTHROW(WatchLock(db, 0.1));
}

TEST_CASE("utc_now is ISO 8601 in UTC") {
  const std::string now = utc_now();
  REQUIRE(now.size() == 20);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
}
