// Tests for indexer/manifest.cpp: entries encoded and decoded, their keys, and ManifestDiff (a file
// read again against its entry from the last run).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/schema.h"
#include "indexer/manifest.h"
#include "test_support.h"

using dossier::ManifestArticle;
using dossier::ManifestDiff;
using dossier::ManifestEntry;

namespace {

ManifestEntry entry_of(std::vector<ManifestArticle> articles) {
  ManifestEntry entry;
  entry.path = "/archive/wire.jsonl";
  entry.size = 1234;
  entry.mtime_ns = 1700000000123456789;
  entry.problems = 2;
  entry.id_base = "wire";
  entry.articles = std::move(articles);
  return entry;
}

std::vector<std::string> ids_of(const std::vector<ManifestArticle>& articles) {
  std::vector<std::string> ids;
  for (const auto& article : articles) ids.push_back(article.id);
  return ids;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("encode_manifest and decode_manifest round trip") {
  const ManifestEntry entry = entry_of({{"a", 1}, {"b", 0xffffffffffffffffULL}, {"ünïcode/id#1", 42}});
  const ManifestEntry decoded = dossier::decode_manifest(dossier::encode_manifest(entry));
  CHECK(decoded.path == entry.path);
  CHECK(decoded.size == entry.size);
  CHECK(decoded.mtime_ns == entry.mtime_ns);
  CHECK(decoded.problems == entry.problems);
  CHECK(decoded.id_base == entry.id_base);
  REQUIRE(decoded.articles.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(decoded.articles[i].id == entry.articles[i].id);
    CHECK(decoded.articles[i].hash == entry.articles[i].hash);
  }
  CHECK(dossier::encode_manifest(entry_of({{"a", 1}})) ==
        R"({"articles":[["a",1]],"id_base":"wire","mtime_ns":1700000000123456789,"path":"/archive/wire.jsonl","problems":2,"size":1234})");
  // Entries written before id bases were stored have none.
  CHECK(dossier::decode_manifest(R"({"articles":[],"mtime_ns":1,"path":"/a","problems":0,"size":1})").id_base.empty());
}

TEST_CASE("decode_manifest: a damaged entry is a DatabaseError") {
  for (const std::string json : {"", "{", R"({"path": "x"})", R"({"path":"x","size":1,"mtime_ns":2,"problems":0,"articles":[["a"]]})"}) {
    CAPTURE(json);
    CHECK_THROWS_AS(dossier::decode_manifest(json), dossier::DatabaseError);
  }
}

TEST_CASE("manifest_key: the prefix and a fixed-width hash of the path") {
  const std::string key = dossier::manifest_key("/archive/wire.jsonl");
  CHECK(key.rfind(std::string(dossier::schema::kMetaManifestPrefix), 0) == 0);
  CHECK(key.size() == dossier::schema::kMetaManifestPrefix.size() + 16);
  CHECK(key == dossier::manifest_key("/archive/wire.jsonl"));
  CHECK(key != dossier::manifest_key("/archive/wire2.jsonl"));
}

TEST_CASE("ManifestDiff: a file new to the manifest") {
  ManifestDiff diff(nullptr);
  CHECK_FALSE(diff.note("a", 1));
  CHECK_FALSE(diff.note("b", 2));
  CHECK(diff.removed().empty());
  CHECK(ids_of(diff.articles()) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("ManifestDiff: unchanged, changed, new and removed articles") {
  const ManifestEntry previous = entry_of({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}});
  ManifestDiff diff(&previous);
  CHECK(diff.note("c", 3));        // unchanged
  CHECK_FALSE(diff.note("a", 10)); // changed
  CHECK_FALSE(diff.note("e", 5));  // new
  CHECK(sorted(diff.removed()) == std::vector<std::string>{"b", "d"});
  const std::vector<ManifestArticle> articles = diff.take_articles();
  REQUIRE(articles.size() == 3);
  CHECK(ids_of(articles) == std::vector<std::string>{"c", "a", "e"});  // as read, not as before
  CHECK(articles[0].hash == 3);
  CHECK(articles[1].hash == 10);
  CHECK(articles[2].hash == 5);
  CHECK(sorted(diff.removed()) == std::vector<std::string>{"b", "d"});  // after take_articles too
}

TEST_CASE("ManifestDiff: an id repeated within the file") {
  const ManifestEntry previous = entry_of({{"a", 1}, {"b", 2}});
  ManifestDiff diff(&previous);
  CHECK_FALSE(diff.note("a", 7));
  CHECK(diff.note("b", 2));
  // Compared with the previous entry, not with its first occurrence here.
  CHECK(diff.note("a", 1));
  CHECK_FALSE(diff.note("b", 9));
  CHECK_FALSE(diff.note("b", 9));
  // Listed once, at its first place, with the latest hash.
  REQUIRE(diff.articles().size() == 2);
  CHECK(diff.articles()[0].id == "a");
  CHECK(diff.articles()[0].hash == 1);
  CHECK(diff.articles()[1].id == "b");
  CHECK(diff.articles()[1].hash == 9);
  CHECK(diff.removed().empty());
}

TEST_CASE("ManifestDiff: every article gone") {
  const ManifestEntry previous = entry_of({{"a", 1}, {"b", 2}});
  const ManifestDiff diff(&previous);
  CHECK(sorted(diff.removed()) == std::vector<std::string>{"a", "b"});
  CHECK(diff.articles().empty());
}

TEST_CASE("ManifestDiff: a file of 50 000 articles (linear, not quadratic)") {
  constexpr std::size_t kArticles = 50000;
  std::vector<ManifestArticle> before;
  for (std::size_t i = 0; i < kArticles; ++i) before.push_back({"article-" + std::to_string(i), i});
  const ManifestEntry previous = entry_of(before);
  ManifestDiff diff(&previous);
  std::size_t unchanged = 0;
  // The odd ones changed, the first thousand gone, a thousand new ones; read in reverse order.
  for (std::size_t i = kArticles + 1000; i-- > 1000;) {
    const std::uint64_t hash = i % 2 == 0 ? i : i + 1;
    if (diff.note("article-" + std::to_string(i), hash)) ++unchanged;
  }
  CHECK(unchanged == (kArticles - 1000) / 2);
  CHECK(diff.articles().size() == kArticles);
  CHECK(diff.articles().front().id == "article-50999");
  CHECK(diff.articles().back().id == "article-1000");
  CHECK(diff.removed().size() == 1000);
}
