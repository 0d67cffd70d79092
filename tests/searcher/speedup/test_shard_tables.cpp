#include "searcher/speedup/shard_tables.h"

#include <doctest/doctest.h>

#include "common/facet_ids.h"
#include "common/schema.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"
#include "test_support.h"

using namespace dossier;

TEST_CASE("the length table holds Xapian's length of every document, 0 for unused docids") {
  IndexReader index(testing::sharded_db());
  const std::string path = testing::sharded_db();
  for (const char* shard : {"/shard-000", "/shard-001", "/shard-002"}) {
    CAPTURE(shard);
    const Xapian::Database part(path + shard);
    const std::shared_ptr<const DocLengths> lengths = read_doc_lengths(part);
    REQUIRE(lengths != nullptr);
    CHECK(lengths->stamp.uuid == part.get_uuid());
    CHECK(lengths->stamp.revision == part.get_revision());
    REQUIRE(lengths->by_docid.size() == part.get_lastdocid() + 1);
    CHECK(lengths->by_docid[0] == 0);
    std::size_t documents = 0;
    for (Xapian::docid docid = 1; docid <= part.get_lastdocid(); ++docid) {
      try {
        CHECK(lengths->by_docid[docid] == part.get_doclength(docid));
        ++documents;
      } catch (const Xapian::DocNotFoundError&) {
        CHECK(lengths->by_docid[docid] == 0);
      }
    }
    CHECK(documents == part.get_doccount());
  }
}

TEST_CASE("doc_lengths: read once per part and revision; a commit gives a new table, the old one stays valid") {
  testing::TempDir dir;
  const std::string path = dir.file("lengths.glass");
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  const auto add = [&](int words) {
    Xapian::Document doc;
    for (int i = 0; i < words; ++i) doc.add_term("w" + std::to_string(i));
    writer.add_document(doc);
  };
  add(3);
  add(7);
  writer.commit();
  const Xapian::Database first(path);
  const std::shared_ptr<const DocLengths> before = doc_lengths(first);
  REQUIRE(before != nullptr);
  CHECK(doc_lengths(first) == before);  // the same table, not read again
  CHECK(doc_lengths(Xapian::Database(path)) == before);  // another handle on the same revision
  REQUIRE(before->by_docid.size() == 3);
  CHECK(before->by_docid[1] == 3);
  CHECK(before->by_docid[2] == 7);

  add(5);
  writer.delete_document(1);
  writer.commit();
  const Xapian::Database second(path);
  const std::shared_ptr<const DocLengths> after = doc_lengths(second);
  REQUIRE(after != nullptr);
  CHECK(after != before);
  CHECK(after->stamp.revision > before->stamp.revision);
  REQUIRE(after->by_docid.size() == 4);
  CHECK(after->by_docid[1] == 0);  // deleted
  CHECK(after->by_docid[3] == 5);
  CHECK(before->by_docid[1] == 3);  // the old revision's table is untouched

  // A handle still open at the old revision asks again: its own revision's lengths, and the
  // cache keeps the newer table.
  const std::shared_ptr<const DocLengths> old_again = doc_lengths(first);
  REQUIRE(old_again != nullptr);
  CHECK(old_again->stamp.revision == before->stamp.revision);
  CHECK(doc_lengths(second) == after);
}

TEST_CASE("doc_lengths: nothing for a database it cannot identify (the source then asks Xapian)") {
  Xapian::WritableDatabase memory = Xapian::InMemory::open();
  Xapian::Document doc;
  doc.add_term("x");
  memory.add_document(doc);
  CHECK(doc_lengths(memory) == nullptr);
}

TEST_CASE("the facet table holds every passage's decoded facet ids; the meta part has none") {
  const std::string path = testing::sharded_db();
  CHECK(read_shard_facets(Xapian::Database(path + "/meta")) == nullptr);
  for (const char* shard : {"/shard-000", "/shard-001", "/shard-002"}) {
    CAPTURE(shard);
    const Xapian::Database part(path + shard);
    const std::shared_ptr<const ShardFacets> table = read_shard_facets(part);
    REQUIRE(table != nullptr);
    CHECK(table->stamp.uuid == part.get_uuid());
    REQUIRE(table->size() == part.get_lastdocid() + 1);
    REQUIRE(table->begin.size() == table->size() + 1);
    CHECK(table->article[0] == ShardFacets::kNoValue);
    std::size_t passages = 0;
    for (auto it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
      const Xapian::docid docid = *it;
      std::uint32_t shard_number = 0, article = 0;
      std::vector<std::uint32_t> codes;
      REQUIRE(decode_facet_ids(
          part.get_document(docid).get_value(schema::kSlotFacetIds),
          [&](std::uint32_t s, std::uint32_t a) {
            shard_number = s;
            article = a;
            return true;
          },
          [&](std::uint32_t code) {
            codes.push_back(code);
            return true;
          }));
      CHECK(table->shard == shard_number);
      CHECK(table->article[docid] == article);
      CHECK(std::vector<std::uint32_t>(table->codes.begin() + table->begin[docid], table->codes.begin() + table->begin[docid + 1]) ==
            codes);
      ++passages;
    }
    CHECK(passages == part.get_doccount());
    CHECK(shard_facets(part) == shard_facets(part));  // cached
  }
}

TEST_CASE("a facet table is not made from malformed values or from values of two shards") {
  testing::TempDir dir;
  const std::string path = dir.file("facets.glass");
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  const auto add = [&](const std::string& value) {
    Xapian::Document doc;
    doc.add_value(schema::kSlotFacetIds, value);
    writer.add_document(doc);
  };
  add(encode_facet_ids({0, 1, {3, 4}}));
  add(encode_facet_ids({0, 1, {}}));
  writer.commit();
  const std::shared_ptr<const ShardFacets> good = read_shard_facets(Xapian::Database(path));
  REQUIRE(good != nullptr);
  CHECK(good->begin == std::vector<std::uint32_t>{0, 0, 2, 2});
  add(encode_facet_ids({1, 3, {5}}));  // another shard's number
  writer.commit();
  CHECK(read_shard_facets(Xapian::Database(path)) == nullptr);
  writer.delete_document(3);
  add(std::string("\xff", 1));  // a truncated varint
  writer.commit();
  CHECK(read_shard_facets(Xapian::Database(path)) == nullptr);
}

TEST_CASE("the article tables: each article's passages as runs of docids, each article document's id and back") {
  const std::string path = testing::sharded_db();
  std::size_t articles = 0;
  for (std::size_t shard = 0; shard < 3; ++shard) {
    CAPTURE(shard);
    const Xapian::Database passages(path + "/" + schema::shard_dir_name(shard));
    const Xapian::Database documents(path + "/" + schema::article_dir_name(shard));
    const std::shared_ptr<const ArticleRuns> runs = read_article_runs(passages);
    const std::shared_ptr<const ArticleDocids> docids = read_article_docids(documents);
    REQUIRE(runs != nullptr);
    REQUIRE(docids != nullptr);
    CHECK(runs->stamp.uuid == passages.get_uuid());
    CHECK(docids->stamp.uuid == documents.get_uuid());
    CHECK(runs->articles == documents.get_doccount());
    CHECK(runs->shared.empty());
    // Every article document: its id, its document back from the id, and its passages' runs
    // hold exactly the documents of its article term, in one run.
    std::size_t here = 0;
    for (Xapian::docid docid = 1; docid <= documents.get_lastdocid(); ++docid) {
      CAPTURE(docid);
      const std::string id(docids->article_of(docid));
      if (id.empty()) continue;
      ++here;
      CHECK(documents.get_document(docid).get_value(schema::kSlotArticleId) == id);
      Xapian::docid back = 0;
      REQUIRE(docids->docid_of(id, back) == ArticleLookup::Found);
      CHECK(back == docid);
      std::vector<DocidRun> found;
      REQUIRE(runs->runs_of(id, found) == ArticleLookup::Found);
      CHECK(found.size() == 1);
      std::vector<Xapian::docid> from_runs, from_term;
      for (const DocidRun& run : found) {
        CHECK(run.first < run.end);
        for (Xapian::docid d = run.first; d < run.end; ++d) from_runs.push_back(d);
      }
      const std::string term = schema::article_term(id);
      for (auto it = passages.postlist_begin(term); it != passages.postlist_end(term); ++it) from_term.push_back(*it);
      CHECK(from_runs == from_term);
    }
    CHECK(here == documents.get_doccount());
    articles += here;
    std::vector<DocidRun> none;
    Xapian::docid unused = 0;
    CHECK(runs->runs_of("no-such-article", none) == ArticleLookup::Absent);
    CHECK(none.empty());
    CHECK(docids->docid_of("no-such-article", unused) == ArticleLookup::Absent);
    CHECK(docids->article_of(documents.get_lastdocid() + 5).empty());
  }
  CHECK(articles > 3);
}

namespace {

// A glass database of passages with these article ids, one per docid ("" leaves a docid deleted).
std::string passage_shard(testing::TempDir& dir, const std::vector<std::string>& ids) {
  const std::string path = dir.file("runs.glass");
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  std::vector<Xapian::docid> deleted;
  for (const std::string& id : ids) {
    Xapian::Document doc;
    if (!id.empty()) {
      doc.add_value(schema::kSlotArticleId, id);
      doc.add_boolean_term(schema::article_term(id));
    }
    const Xapian::docid docid = writer.add_document(doc);
    if (id.empty()) deleted.push_back(docid);
  }
  for (const Xapian::docid docid : deleted) writer.delete_document(docid);
  writer.commit();
  return path;
}

std::vector<std::pair<Xapian::docid, Xapian::docid>> runs_of(const ArticleRuns& runs, const std::string& id) {
  std::vector<DocidRun> found;
  std::vector<std::pair<Xapian::docid, Xapian::docid>> out;
  if (runs.runs_of(id, found) != ArticleLookup::Found) return out;
  for (const DocidRun& run : found) out.emplace_back(run.first, run.end);
  return out;
}

}  // namespace

TEST_CASE("article_runs: a run ends at a gap in the docids, so an article's runs never span another's passages") {
  testing::TempDir dir;
  // docids 1..7: a a b a c (deleted) c
  const std::string path = passage_shard(dir, {"a", "a", "b", "a", "c", "", "c"});
  const std::shared_ptr<const ArticleRuns> runs = read_article_runs(Xapian::Database(path));
  REQUIRE(runs != nullptr);
  CHECK(runs->articles == 3);
  CHECK(runs_of(*runs, "a") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{1, 3}, {4, 5}});
  CHECK(runs_of(*runs, "b") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{3, 4}});
  CHECK(runs_of(*runs, "c") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{5, 6}, {7, 8}});
  CHECK(runs_of(*runs, "d").empty());
}

TEST_CASE("ArticleRuns: an id whose hash another id shares is ambiguous, to be looked up by its term") {
  ArticleRuns runs;
  const std::uint64_t x = schema::fnv1a64("x"), y = schema::fnv1a64("y");
  runs.entries = {{std::min(x, y), {1, 3}}, {std::max(x, y), {3, 4}}};
  runs.shared = {x};
  std::vector<DocidRun> found;
  CHECK(runs.runs_of("x", found) == ArticleLookup::Ambiguous);
  CHECK(found.empty());
  CHECK(runs.runs_of("y", found) == ArticleLookup::Found);
  REQUIRE(found.size() == 1);
  CHECK(found[0].first == (y < x ? 1u : 3u));
}
