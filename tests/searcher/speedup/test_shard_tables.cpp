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
    // The runs hold exactly the documents of each article's term, one run per article.
    CHECK(runs->by_article.size() == documents.get_doccount());
    for (const auto& [id, article_runs] : runs->by_article) {
      CAPTURE(id);
      CHECK(article_runs.size() == 1);
      std::vector<Xapian::docid> from_runs, from_term;
      for (const DocidRun& run : article_runs) {
        CHECK(run.first < run.end);
        for (Xapian::docid docid = run.first; docid < run.end; ++docid) from_runs.push_back(docid);
      }
      const std::string term = schema::article_term(id);
      for (auto it = passages.postlist_begin(term); it != passages.postlist_end(term); ++it) from_term.push_back(*it);
      CHECK(from_runs == from_term);
      // The article document of the same shard number, found both ways.
      const auto found = docids->docid_of.find(id);
      REQUIRE(found != docids->docid_of.end());
      CHECK(docids->article_of.at(found->second) == id);
      CHECK(documents.get_document(found->second).get_value(schema::kSlotArticleId) == id);
      ++articles;
    }
    CHECK(docids->docid_of.size() == documents.get_doccount());
  }
  CHECK(articles > 3);
}

TEST_CASE("article_runs: a run ends at a gap in the docids, so an article's runs never span another's passages") {
  testing::TempDir dir;
  const std::string path = dir.file("runs.glass");
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  const auto add = [&](const std::string& id) {
    Xapian::Document doc;
    doc.add_value(schema::kSlotArticleId, id);
    doc.add_boolean_term(schema::article_term(id));
    return writer.add_document(doc);
  };
  add("a");                          // 1
  add("a");                          // 2
  add("b");                          // 3
  add("a");                          // 4: not dossier-index's layout, still right
  add("c");                          // 5
  const Xapian::docid d = add("d");  // 6
  add("c");                          // 7: after a deleted docid
  writer.delete_document(d);
  writer.commit();
  const std::shared_ptr<const ArticleRuns> runs = read_article_runs(Xapian::Database(path));
  REQUIRE(runs != nullptr);
  const auto runs_of = [&](const std::string& id) {
    std::vector<std::pair<Xapian::docid, Xapian::docid>> out;
    for (const DocidRun& run : runs->by_article.at(id)) out.emplace_back(run.first, run.end);
    return out;
  };
  CHECK(runs->by_article.count("d") == 0);
  CHECK(runs_of("b") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{3, 4}});
  CHECK(runs_of("a") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{1, 3}, {4, 5}});
  CHECK(runs_of("c") == std::vector<std::pair<Xapian::docid, Xapian::docid>>{{5, 6}, {7, 8}});
}
