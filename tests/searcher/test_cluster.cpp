// Tests for searcher/cluster.cpp (the cluster description, opening its parts) and the cluster
// side of IndexReader, with local parts only; tests/e2e/test_cluster*.sh serve shards through
// xapian-tcpsrv.
#include "searcher/cluster.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "corpus_index.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"

using namespace dossier;
namespace fs = std::filesystem;

namespace {

ClusterSpec parse(const std::string& text, const fs::path& base = "/base") {
  std::istringstream in(text);
  return parse_cluster(in, "c.txt", base);
}

using testing::sharded_db;

std::string cluster_text(const std::string& db, const std::vector<int>& shards) {
  std::string text = "meta " + db + "/meta\n";
  for (int shard : shards) text += "shard " + db + "/" + schema::shard_dir_name(static_cast<std::size_t>(shard)) + "\n";
  return text;
}

IndexReader open_text(const std::string& text, bool allow_partial = false) {
  return IndexReader(parse(text), ClusterOptions{allow_partial});
}

struct Ranked {
  std::vector<std::string> ids;
  std::vector<double> scores;
  std::size_t total = 0;
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> facets;
};

Ranked ranked(IndexReader& index, SearchRequest request) {
  Searcher searcher(index);
  const SearchResult result = searcher.search(request);
  Ranked out;
  for (const Hit& hit : result.hits) {
    out.ids.push_back(hit.record.article.id + "#" + std::to_string(hit.record.passage.index));
    out.scores.push_back(hit.score);
  }
  out.total = result.total;
  for (const auto& [facet, summary] : result.facets) {
    for (const FacetValue& value : summary.values) out.facets[facet].emplace_back(value.id, value.count);
  }
  return out;
}

}  // namespace

TEST_CASE("parse_cluster: keywords, lone locations, comments, relative paths, timeouts") {
  const ClusterSpec spec = parse(
      "# a cluster\n"
      "\n"
      "meta tcp://meta.example:7000   # the entity table\n"
      "shard tcp://10.0.0.1:7001\n"
      "tcp://[::1]:7002\n"
      "shards/shard-002\n"
      "shard /abs/dir#1\n"
      "timeout 2500\n"
      "connect-timeout 700\r\n");
  CHECK(spec.file == "c.txt");
  CHECK(spec.meta.remote());
  CHECK(spec.meta.host == "meta.example");
  CHECK(spec.meta.port == 7000);
  CHECK(spec.meta.line == 3);
  REQUIRE(spec.shards.size() == 4);
  CHECK(spec.shards[0].host == "10.0.0.1");
  CHECK(spec.shards[0].port == 7001);
  CHECK(spec.shards[1].host == "::1");
  CHECK(spec.shards[1].port == 7002);
  CHECK_FALSE(spec.shards[2].remote());
  CHECK(spec.shards[2].path == "/base/shards/shard-002");
  CHECK(spec.shards[2].line == 6);
  CHECK(spec.shards[3].path == "/abs/dir#1");  // '#' inside a word is not a comment
  CHECK(spec.timeout_ms == 2500);
  CHECK(spec.connect_timeout_ms == 700);
  CHECK_FALSE(spec.all_local());
  CHECK(spec.shards[0].describe(spec.file) == "tcp://10.0.0.1:7001 (c.txt:4)");
  CHECK(parse("meta m\nshard a\n").all_local());
}

TEST_CASE("parse_cluster: every mistake is reported with file and line") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"meta m\nshard tcp://host\n", "c.txt:2: bad address 'tcp://host' (expected tcp://HOST:PORT"},
      {"meta m\nshard tcp://host:0\n", "c.txt:2: bad address"},
      {"meta m\nshard tcp://host:70000\n", "c.txt:2: bad address"},
      {"meta m\nshard tcp://:7000\n", "c.txt:2: bad address"},
      {"meta m\n\nshard http://host:80\n", "c.txt:3: unknown scheme in 'http://host:80'"},
      {"meta m\nreplica tcp://h:1\n", "c.txt:2: unknown keyword 'replica'"},
      {"meta m\nshard\n", "c.txt:2: shard needs a directory or tcp://HOST:PORT"},
      {"meta m\nshard a\nshard ./a\n", "c.txt:3: './a' is already listed at line 2"},
      {"meta m\nshard tcp://h:1\ntcp://h:1\n", "c.txt:3: 'tcp://h:1' is already listed at line 2"},
      {"meta m\nmeta n\nshard a\n", "c.txt:2: a second meta line"},
      {"meta m\nshard a\ntimeout soon\n", "c.txt:3: timeout takes milliseconds"},
      {"meta m\nshard a\nconnect-timeout 0\n", "c.txt:3: connect-timeout takes milliseconds"},
      {"shard a\n", "c.txt: no 'meta' line"},
      {"meta m\n# no shards\n", "c.txt: no shard listed"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK_THROWS_WITH_AS(parse(c.text), doctest::Contains(c.message), ClusterError);
  }
  CHECK_THROWS_WITH_AS(load_cluster("/nonexistent/cluster.txt"), doctest::Contains("/nonexistent/cluster.txt: cannot read"),
                       ClusterError);
}

TEST_CASE("a cluster of a database's local parts searches exactly like the database directory") {
  IndexReader direct(sharded_db());
  IndexReader cluster(cluster_of_directory(sharded_db()), ClusterOptions{});
  // Listed in another order: the shards are still searched by shard number.
  IndexReader shuffled = open_text(cluster_text(sharded_db(), {2, 0, 1}));
  CHECK(cluster.all_local());
  CHECK(cluster.shard_count() == 3);
  CHECK(direct.shard_count() == 3);
  for (const char* query : {"javelin kosovo", "nato", "drones country:UA"}) {
    for (bool by_passage : {false, true}) {
      CAPTURE(query);
      CAPTURE(by_passage);
      SearchRequest request;
      request.query = query;
      request.by_passage = by_passage;
      request.limit = 20;
      // A cluster has no article shards, so it ranks articles by their best passage: so does the
      // directory here.
      request.ranking.article_score = ArticleScore::Best;
      const Ranked expected = ranked(direct, request);
      CHECK(!expected.ids.empty());
      for (IndexReader* index : {&cluster, &shuffled}) {
        const Ranked got = ranked(*index, request);
        CHECK(got.ids == expected.ids);
        CHECK(got.scores == expected.scores);
        CHECK(got.total == expected.total);
        CHECK(got.facets == expected.facets);
      }
    }
  }
  CHECK(cluster.article("2019-09-seed-style-javelin").size() == direct.article("2019-09-seed-style-javelin").size());
  CHECK(cluster.entities().display_name(schema::Facet::Country, "RS") == "Serbia");
}

TEST_CASE("a cluster must list every shard of one database, once") {
  const std::string db = sharded_db();
  CHECK_THROWS_WITH_AS(open_text(cluster_text(db, {0, 1})), doctest::Contains("lists 2 shards, the database has 3"), ClusterError);
  // The same shard under two names.
  const std::string twice = "meta " + db + "/meta\nshard " + db + "/shard-000\nshard " + db + "/shard-001\nshard " + db +
                            "/shard-001/.\n";
  CHECK_THROWS_WITH_AS(open_text(twice), doctest::Contains("a shard is listed twice"), DatabaseError);
  // A shard of another database (the unsharded corpus database has its own id).
  const std::string foreign = cluster_text(db, {0, 1}) + "shard " + testing::corpus_db() + "/shard-000\n";
  CHECK_THROWS_WITH_AS(open_text(foreign), doctest::Contains("belongs to another database"), DatabaseError);
  // meta given as a shard.
  const std::string meta_as_shard = cluster_text(db, {0, 1}) + "shard " + db + "/meta/.\n";
  CHECK_THROWS_WITH_AS(open_text(meta_as_shard), doctest::Contains("is not a shard of a Dossier database"), DatabaseError);
}

TEST_CASE("a shard that cannot be opened is named; --allow-partial searches the others and lists it") {
  const std::string db = sharded_db();
  testing::TempDir dir;
  const std::string text = "meta " + db + "/meta\nshard " + db + "/shard-000\nshard " + dir.file("gone") + "\nshard " + db +
                           "/shard-002\n";
  const std::string message = "shard " + dir.file("gone") + " (c.txt:3) is unreachable: no such database directory";
  CHECK_THROWS_WITH_AS(open_text(text), doctest::Contains(message.c_str()), DatabaseError);
  IndexReader partial = open_text(text, true);
  REQUIRE(partial.missing_shards().size() == 1);
  CHECK(partial.missing_shards()[0].location == dir.file("gone"));
  SearchRequest request;
  request.query = "nato";
  request.by_passage = true;
  request.limit = 1000;
  Searcher searcher(partial);
  const SearchResult result = searcher.search(request);
  CHECK(result.missing_shards.size() == 1);
  CHECK(result.shards == 3);
  CHECK_FALSE(result.total_exact);
  IndexReader full(db);
  const std::size_t everything = Searcher(full).search(request).total;
  CHECK(result.total > 0);
  CHECK(result.total < everything);
  for (const Hit& hit : result.hits) CHECK(schema::shard_for(hit.record.article.id, 3) != 1);

  // Without meta there is no partial result.
  const std::string no_meta = "meta " + dir.file("nometa") + "\nshard " + db + "/shard-000\n";
  CHECK_THROWS_WITH_AS(open_text(no_meta, true), doctest::Contains("(c.txt:1) cannot be opened"), DatabaseError);
  // Nor without any shard.
  const std::string none = "meta " + db + "/meta\nshard " + dir.file("a") + "\nshard " + dir.file("b") + "\nshard " +
                           dir.file("c") + "\n";
  CHECK_THROWS_WITH_AS(open_text(none, true), doctest::Contains("no shard can be searched"), DatabaseError);
}

TEST_CASE("the meta part's format version is checked, with a message naming it") {
  testing::TempDir dir;
  const std::string db = dir.file("old.db");
  fs::copy(sharded_db(), db, fs::copy_options::recursive);
  {
    Xapian::WritableDatabase meta(db + "/meta", Xapian::DB_OPEN);
    meta.set_metadata(std::string(schema::kMetaFormatVersion), "2");
    meta.commit();
  }
  CHECK_THROWS_WITH_AS(open_text(cluster_text(db, {0, 1, 2})),
                       doctest::Contains(("(c.txt:1): index format version 2, this dossier-search reads version " + std::to_string(schema::kFormatVersion)).c_str()),
                       DatabaseError);
}

TEST_CASE("SlotFacetCounter (remote-capable) gives exactly LocalFacetSpy's totals and counts") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  struct Case {
    const char* query;
    std::vector<std::string> countries, weapons;
  };
  const std::vector<Case> cases = {
      {"javelin", {}, {}},      {"kosovo serbia", {}, {}}, {"country:RU", {}, {}},
      {"drones", {"UA"}, {}},   {"", {"RS", "XK"}, {"drone"}}, {"nato OR sanctions", {}, {"atgm"}},
  };
  for (const Case& c : cases) {
    for (CountUnit unit : {CountUnit::Articles, CountUnit::Passages}) {
      for (bool by_passage : {false, true}) {
        CAPTURE(c.query);
        CAPTURE(unit == CountUnit::Articles);
        CAPTURE(by_passage);
        SearchRequest request;
        request.query = c.query;
        request.countries = c.countries;
        request.weapons = c.weapons;
        request.facet_unit = unit;
        request.by_passage = by_passage;
        request.facet_top = 0;
        request.facet_method = FacetMethod::Local;
        const SearchResult local = searcher.search(request);
        request.facet_method = FacetMethod::Slot;
        const SearchResult slot = searcher.search(request);
        CHECK(local.total > 0);
        CHECK(slot.total == local.total);
        for (const char* facet : {"country", "actor", "weapon"}) {
          CAPTURE(facet);
          const auto& a = local.facets.at(facet).values;
          const auto& b = slot.facets.at(facet).values;
          REQUIRE(a.size() == b.size());
          for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].id == b[i].id);
            CHECK(a[i].count == b[i].count);
          }
        }
      }
    }
  }
}
