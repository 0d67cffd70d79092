// Tests for searcher/query_shape.cpp: has_operator finds an operator at any depth; without_xor
// leaves a query without XOR as it is, and matches the same documents as Xapian's XOR (on one
// in-memory database, where libxapian's XOR is sound), with the same weight for a document that
// matches one operand of a two-way XOR.
#include "searcher/query_shape.h"

#include <doctest/doctest.h>

#include <xapian.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

std::map<Xapian::docid, double> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::map<Xapian::docid, double> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

Xapian::Query word(std::mt19937& rng) { return Xapian::Query("w" + std::to_string(std::uniform_int_distribution<int>(0, 12)(rng))); }

Xapian::Query random_query(std::mt19937& rng, int depth) {
  const int kind = depth >= 3 ? 0 : std::uniform_int_distribution<int>(0, 5)(rng);
  switch (kind) {
    case 0: return word(rng);
    case 1: return Xapian::Query(Xapian::Query::OP_AND, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 2: return Xapian::Query(Xapian::Query::OP_OR, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 3: return Xapian::Query(Xapian::Query::OP_AND_NOT, random_query(rng, depth + 1), random_query(rng, depth + 1));
    default: {
      std::vector<Xapian::Query> parts;
      const int n = std::uniform_int_distribution<int>(2, 3)(rng);
      for (int i = 0; i < n; ++i) parts.push_back(random_query(rng, depth + 1));
      return Xapian::Query(Xapian::Query::OP_XOR, parts.begin(), parts.end());
    }
  }
}

}  // namespace

TEST_CASE("has_operator and without_xor") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(3);
  for (int d = 0; d < 300; ++d) {
    Xapian::Document doc;
    const int words = std::uniform_int_distribution<int>(1, 8)(rng);
    for (int i = 0; i < words; ++i) doc.add_term("w" + std::to_string(std::min(std::geometric_distribution<int>(0.25)(rng), 12)));
    db.add_document(doc);
  }
  db.commit();

  const Xapian::Query plain(Xapian::Query::OP_AND, Xapian::Query("w1"), Xapian::Query("w2"));
  CHECK_FALSE(dossier::has_operator(plain, Xapian::Query::OP_XOR));
  CHECK(dossier::has_operator(plain, Xapian::Query::OP_AND));
  CHECK(dossier::without_xor(plain).get_description() == plain.get_description());
  const Xapian::Query deep(Xapian::Query::OP_OR, Xapian::Query("w0"),
                           Xapian::Query(Xapian::Query::OP_XOR, Xapian::Query("w1"), Xapian::Query("w2")));
  CHECK(dossier::has_operator(deep, Xapian::Query::OP_XOR));
  CHECK_FALSE(dossier::has_operator(dossier::without_xor(deep), Xapian::Query::OP_XOR));

  // Two-way XOR: the same documents and weights.
  const Xapian::Query two(Xapian::Query::OP_XOR, Xapian::Query("w0"), Xapian::Query("w3"));
  const auto want = matches(db, two);
  const auto got = matches(db, dossier::without_xor(two));
  REQUIRE(want.size() == got.size());
  REQUIRE_FALSE(want.empty());
  for (const auto& [docid, weight] : want) {
    REQUIRE(got.count(docid) == 1);
    CHECK(std::fabs(got.at(docid) - weight) < 1e-9);
  }

  // Any shape: the same documents.
  int with_xor = 0;
  for (int q = 0; q < 500; ++q) {
    const Xapian::Query query = random_query(rng, 0);
    if (dossier::has_operator(query, Xapian::Query::OP_XOR)) ++with_xor;
    const Xapian::Query rewritten = dossier::without_xor(query);
    INFO(query.get_description());
    CHECK_FALSE(dossier::has_operator(rewritten, Xapian::Query::OP_XOR));
    std::map<Xapian::docid, double> a = matches(db, query), b = matches(db, rewritten);
    CHECK(a.size() == b.size());
    for (const auto& [docid, weight] : a) CHECK(b.count(docid) == 1);
  }
  CHECK(with_xor > 100);
}

TEST_CASE("articles_cover: an article matches as a whole wherever one of its passages matches") {
  using Q = Xapian::Query;
  const Q words(Q::OP_OR, Q("Zwheat"), Q("Zgrain"));
  CHECK(dossier::articles_cover(words));
  CHECK(dossier::articles_cover(Q(Q::OP_AND, Q("Zwheat"), Q("Zgrain"))));
  CHECK(dossier::articles_cover(Q(Q::OP_PHRASE, Q("Zwheat"), Q("Zgrain"))));
  CHECK(dossier::articles_cover(Q(Q::OP_FILTER, words, Q("XC:RS"))));
  CHECK(dossier::articles_cover(Q(Q::OP_SCALE_WEIGHT, words, 2.0)));
  // Words that name an entity: a fixed weight for every document, AND the entity's term.
  CHECK(dossier::articles_cover(Q(Q::OP_AND, Q((new Xapian::FixedWeightPostingSource(1.5))->release()), Q("XC:RS"))));
  // Only what AND_MAYBE's left side matches counts: a NOT on its right changes weights only.
  CHECK(dossier::articles_cover(Q(Q::OP_AND_MAYBE, words, Q(Q::OP_AND_NOT, Q("Zwheat"), Q("Zrain")))));
  // A NOT leaves out one passage of an article, not the article's other passages.
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_AND_NOT, words, Q("Zrain"))));
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_XOR, Q("Zwheat"), Q("Zgrain"))));
  // Article documents hold no dates, attribution words or passage ids.
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_FILTER, words, Q(Q::OP_VALUE_RANGE, 1, "20240101", "20241231"))));
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_AND, words, Q("ZXTministri"))));
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_OR, words, Q("Qa1#0"))));
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_WILDCARD, "ZXTmin")));
  CHECK_FALSE(dossier::articles_cover(Q(Q::OP_AND, words, Q((new Xapian::ValueWeightPostingSource(2))->release()))));

  // Any shape it says yes to: every passage that matches has its article matching. Articles of
  // 1 to 4 passages; an article document holds the terms of all its passages.
  Xapian::WritableDatabase passages(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::WritableDatabase articles(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(5);
  std::vector<Xapian::docid> article_of{0};  // by passage docid
  for (int a = 0; a < 80; ++a) {
    Xapian::Document whole;
    const int count = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int p = 0; p < count; ++p) {
      Xapian::Document passage;
      const int n = std::uniform_int_distribution<int>(1, 5)(rng);
      for (int i = 0; i < n; ++i) {
        const std::string term = "w" + std::to_string(std::min(std::geometric_distribution<int>(0.25)(rng), 12));
        passage.add_term(term);
        whole.add_term(term);
      }
      passages.add_document(passage);
      article_of.push_back(static_cast<Xapian::docid>(a + 1));
    }
    articles.add_document(whole);
  }
  passages.commit();
  articles.commit();
  int covered = 0, not_covered = 0, broken_by_not = 0;
  for (int q = 0; q < 500; ++q) {
    const Xapian::Query query = random_query(rng, 0);
    const auto whole = matches(articles, query);
    bool holds = true;
    for (const auto& [docid, weight] : matches(passages, query)) holds = holds && whole.count(article_of[docid]) == 1;
    INFO(query.get_description());
    if (dossier::articles_cover(query)) {
      ++covered;
      CHECK(holds);
    } else {
      ++not_covered;
      if (!holds) ++broken_by_not;
    }
  }
  CHECK(covered > 50);
  CHECK(broken_by_not > 0);  // the shapes it refuses do break it
}

TEST_CASE("passages_select: a phrase or NEAR, at any depth, and nothing else") {
  using Q = Xapian::Query;
  const Q words(Q::OP_OR, Q("Zwheat"), Q("Zgrain"));
  const Q phrase(Q::OP_PHRASE, Q("Zwheat"), Q("Zgrain"));
  CHECK(dossier::passages_select(phrase));
  CHECK(dossier::passages_select(Q(Q::OP_NEAR, Q("Zwheat"), Q("Zgrain"))));
  CHECK(dossier::passages_select(Q(Q::OP_FILTER, Q(Q::OP_OR, phrase, Q("Zrain")), Q("XC:RS"))));
  CHECK_FALSE(dossier::passages_select(words));
  CHECK_FALSE(dossier::passages_select(Q(Q::OP_AND, Q("Zwheat"), Q("Zgrain"))));
  CHECK_FALSE(dossier::passages_select(Q(Q::OP_FILTER, words, Q("XC:RS"))));
  CHECK_FALSE(dossier::passages_select(Q("Zwheat")));
}
