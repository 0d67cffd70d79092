#include "searcher/speedup/article_filter.h"

#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/schema.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"

using namespace dossier;

namespace {

// The reference: an OR of the articles' terms.
Xapian::Query article_terms(const std::vector<std::string>& ids) {
  std::vector<std::string> terms;
  for (const std::string& id : ids) terms.push_back(schema::article_term(id));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::vector<std::pair<Xapian::docid, double>> ranked(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::vector<std::pair<Xapian::docid, double>> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

std::vector<std::string> every_article(const Xapian::Database& articles) {
  std::vector<std::string> ids;
  for (auto it = articles.valuestream_begin(schema::kSlotArticleId); it != articles.valuestream_end(schema::kSlotArticleId); ++it) {
    ids.push_back(*it);
  }
  return ids;
}

// Random subsets of the articles, plus none and an id that is not in the archive.
std::vector<std::vector<std::string>> subsets(const std::vector<std::string>& ids) {
  std::mt19937 random(7);
  std::vector<std::vector<std::string>> out{{}, {"no-such-article"}, ids};
  for (int i = 0; i < 20; ++i) {
    std::vector<std::string> some;
    for (const std::string& id : ids) {
      if (random() % 3 == 0) some.push_back(id);
    }
    out.push_back(some);
  }
  return out;
}

}  // namespace

TEST_CASE("the article filters match what an OR of the article terms matches, with the same weights") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& passages = index.database();
  Xapian::Database& articles = *index.articles();
  const std::vector<std::string> ids = every_article(articles);
  REQUIRE(ids.size() > 3);
  const std::vector<std::string> some_words{"Zsaid", "Zarm", "Zminist", "Zkosovo"};
  const Xapian::Query words(Xapian::Query::OP_OR, some_words.begin(), some_words.end());
  for (const std::vector<std::string>& some : subsets(ids)) {
    CAPTURE(some.size());
    auto shared = std::make_shared<const std::vector<std::string>>(some);
    for (const Xapian::Query& query : {Xapian::Query::MatchAll, words}) {
      const auto expected_passages = ranked(passages, Xapian::Query(Xapian::Query::OP_FILTER, query, article_terms(some)));
      const auto got_passages =
          ranked(passages, Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new ArticlePassagesFilter(shared))->release())));
      CHECK(got_passages == expected_passages);
      const auto expected_documents = ranked(articles, Xapian::Query(Xapian::Query::OP_FILTER, query, article_terms(some)));
      const auto got_documents =
          ranked(articles, Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new ArticleDocumentsFilter(shared))->release())));
      CHECK(got_documents == expected_documents);
    }
  }
}

TEST_CASE("an ArticlePassagesFilter tells each passage's article, by docid of the whole database") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& passages = index.database();
  REQUIRE(index.shard_count() > 1);
  const std::vector<std::string> ids = every_article(*index.articles());
  for (const std::vector<std::string>& some : subsets(ids)) {
    CAPTURE(some.size());
    auto owners = std::make_shared<PassageOwners>(passages.size());
    const auto got = ranked(passages, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                                    Xapian::Query((new ArticlePassagesFilter(std::make_shared<const std::vector<std::string>>(some), owners))->release())));
    CHECK(owners->complete);
    CHECK(owners->article_of.size() == got.size());  // every passage it let through, no other
    for (const auto& [docid, weight] : got) {
      const auto owner = owners->article_of.find(docid);
      REQUIRE(owner != owners->article_of.end());
      CHECK(some.at(owner->second) == passages.get_document(docid).get_value(schema::kSlotArticleId));
    }
  }
  // Where a part has no table (an in-memory database: no UUID), the owners are incomplete.
  Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  doc.add_value(schema::kSlotArticleId, "a");
  doc.add_boolean_term(schema::article_term("a"));
  memory.add_document(doc);
  Xapian::Database db = memory;
  auto owners = std::make_shared<PassageOwners>(db.size());
  CHECK(ranked(db, Xapian::Query((new ArticlePassagesFilter(std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"a"}), owners))
                                     ->release())).size() == 1);
  CHECK_FALSE(owners->complete);
}

TEST_CASE("the article filters look the terms up where a part has no table") {
  // An in-memory database has no UUID, so no table: the filters fall back to the article terms.
  Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const char* id : {"a", "a", "b", "c", "c", "c"}) {
    Xapian::Document doc;
    doc.add_value(schema::kSlotArticleId, id);
    doc.add_boolean_term(schema::article_term(id));
    doc.add_term("Zword");
    memory.add_document(doc);
  }
  Xapian::Database db = memory;
  auto shared = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"a", "c", "zzz"});
  const auto expected = ranked(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zword"), article_terms(*shared)));
  REQUIRE(expected.size() == 5);
  CHECK(ranked(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zword"),
                                 Xapian::Query((new ArticlePassagesFilter(shared))->release()))) == expected);
  CHECK(ranked(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zword"),
                                 Xapian::Query((new ArticleDocumentsFilter(shared))->release()))) == expected);
}
