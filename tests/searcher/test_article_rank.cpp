#include "searcher/article_rank.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/schema.h"
#include "indexer/indexer.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"
#include "test_support.h"

using namespace dossier;

namespace {

// A small archive of multi-paragraph articles: the words spread differently over paragraphs,
// so that the best passage, the whole article and their mix order the articles differently.
const char* const kArticles[][2] = {
    {"a1", "Title: Grain exports\nDate: 2024-01-02\nID: a1\n\nWheat grain exports rose.\nShipping of grain was slow.\n"
           "Maize and grain prices fell in Serbia.\n"},
    {"a2", "Title: Wheat harvest\nDate: 2024-01-03\nID: a2\n\nThe wheat wheat wheat harvest was large.\nNothing else.\n"},
    {"a3", "Title: Ports\nDate: 2024-01-04\nID: a3\n\nShipping delays at ports.\nGrain terminals were closed.\n"
           "Wheat arrived late.\nPorts reopened.\n"},
    {"a4", "Title: Markets\nDate: 2024-01-05\nID: a4\n\nMarkets were calm.\nOil prices rose in Russia.\n"},
    {"a5", "Title: Grain and wheat\nDate: 2024-01-06\nID: a5\n\nFarmers sold grain.\nBread makers bought wheat.\n"},
    {"a6", "Title: Weather\nDate: 2024-01-07\nID: a6\n\nRain fell on the wheat fields and the grain silos.\n"},
};

struct Archive {
  testing::TempDir dir;
  std::string db;
  Archive() {
    for (const auto& [name, text] : kArticles) dir.write(std::string("in/") + name + ".txt", text);
    IndexerOptions options;
    options.inputs = {dir.file("in")};
    options.db_path = dir.file("db");
    options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
    options.quiet = true;
    options.jobs = 2;
    options.shards = 2;
    std::ostringstream out, err;
    Indexer(options, out, err).run();
    db = options.db_path;
  }
};

const Archive& archive() {
  static const Archive instance;
  return instance;
}

// BM25 of the plain query terms for one document, every document visited: no pools, no
// restricted matches, no posting sources.
double brute_bm25(const Xapian::Database& db, Xapian::docid docid, const std::vector<std::string>& terms, const Bm25Params& params) {
  double score = 0;
  for (const std::string& term : terms) {
    const Bm25Term stats = bm25_term(db, term, params);
    Xapian::TermIterator it = db.termlist_begin(docid);
    it.skip_to(term);
    if (it == db.termlist_end(docid) || *it != term) continue;
    score += Bm25Source(stats).weight_of(it.get_wdf(), db.get_doclength(docid));
  }
  return score;
}

struct Expected {
  std::string id;
  double score;
};

// Every article with a passage that has at least one of the terms, by the mixed score.
std::vector<Expected> brute_force(const std::string& path, const std::vector<std::string>& terms, double weight) {
  Xapian::Database passages(path);
  Xapian::Database articles;
  for (std::size_t shard = 0; shard < 2; ++shard) articles.add_database(Xapian::Database(path + "/" + schema::article_dir_name(shard)));
  const Bm25Params params;
  std::map<std::string, double> best;
  for (Xapian::docid docid = 1; docid <= passages.get_lastdocid(); ++docid) {
    Xapian::Document doc;
    try {
      doc = passages.get_document(docid);
    } catch (const Xapian::DocNotFoundError&) {
      continue;
    }
    const std::string id = doc.get_value(schema::kSlotArticleId);
    if (id.empty()) continue;  // meta
    bool matches = false;
    for (const std::string& term : terms) {
      Xapian::TermIterator it = passages.termlist_begin(docid);
      it.skip_to(term);
      matches = matches || (it != passages.termlist_end(docid) && *it == term);
    }
    if (!matches) continue;
    const double score = brute_bm25(passages, docid, terms, params);
    best[id] = std::max(best.count(id) ? best[id] : 0.0, score);
  }
  std::map<std::string, double> whole;
  for (Xapian::docid docid = 1; docid <= articles.get_lastdocid(); ++docid) {
    try {
      whole[articles.get_document(docid).get_value(schema::kSlotArticleId)] = brute_bm25(articles, docid, terms, params);
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  std::vector<Expected> out;
  for (const auto& [id, passage] : best) out.push_back({id, weight * whole[id] + (1 - weight) * passage});
  std::sort(out.begin(), out.end(), [](const Expected& a, const Expected& b) { return a.score > b.score; });
  return out;
}

SearchResult search(const std::string& query, double weight, std::size_t threads, bool match_all = false) {
  IndexReader index(archive().db);
  Searcher searcher(index, SearcherOptions{threads, true, true});
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  request.match_all_words = match_all;
  request.ranking.article_score = ArticleScore::Mixed;
  request.ranking.article_weight = weight;
  return searcher.search(request);
}

}  // namespace

TEST_CASE("mixed article scores equal a brute-force computation over every passage and article") {
  for (double weight : {0.0, 0.3, RankingOptions::kDefaultArticleWeight, 1.0}) {
    for (std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
      CAPTURE(weight);
      CAPTURE(threads);
      const std::vector<Expected> expected = brute_force(archive().db, {"Zwheat", "Zgrain"}, weight);
      const SearchResult result = search("wheat grain", weight, threads);
      REQUIRE(result.hits.size() == expected.size());
      CHECK(result.total == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(result.hits[i].score == doctest::Approx(expected[i].score).epsilon(1e-12));
        // Ties aside, the same order.
        if (i + 1 < expected.size() && expected[i].score > expected[i + 1].score + 1e-9) {
          CHECK(result.hits[i].record.article.id == expected[i].id);
        }
      }
    }
  }
}

TEST_CASE("whole-article evidence changes the order the best passage alone gives") {
  // a1 and a3 spread grain and wheat over several paragraphs; a2 repeats wheat in one.
  const SearchResult best_only = search("wheat grain", 0.0, 1);
  const SearchResult whole_only = search("wheat grain", 1.0, 1);
  std::vector<std::string> a, b;
  for (const Hit& hit : best_only.hits) a.push_back(hit.record.article.id);
  for (const Hit& hit : whole_only.hits) b.push_back(hit.record.article.id);
  CHECK(a != b);
  std::vector<std::string> sa = a, sb = b;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  CHECK(sa == sb);  // the same articles match either way
}

TEST_CASE("match semantics: an article matches when one passage matches the whole query") {
  // --match all: both words in ONE passage (a1: "Wheat grain exports rose."; a6: one sentence);
  // a3 has grain and wheat in different paragraphs, a5 too: they do not match.
  const SearchResult all = search("wheat grain", RankingOptions::kDefaultArticleWeight, 1, true);
  std::vector<std::string> ids;
  for (const Hit& hit : all.hits) ids.push_back(hit.record.article.id);
  std::sort(ids.begin(), ids.end());
  // a5's title "Grain and wheat" is part of every passage's words, so a5 matches too.
  CHECK(ids == std::vector<std::string>{"a1", "a5", "a6"});
  CHECK(all.total == 3);
  // A phrase is matched within a passage as well.
  const SearchResult phrase = search("\"wheat grain\"", RankingOptions::kDefaultArticleWeight, 1);
  REQUIRE(phrase.hits.size() == 1);
  CHECK(phrase.hits[0].record.article.id == "a1");
  // The hit shown is the best passage of the article, and its passage holds the words.
  for (const Hit& hit : search("shipping", RankingOptions::kDefaultArticleWeight, 1).hits) {
    CHECK(hit.record.passage.text.find("Shipping") != std::string::npos);
  }
}

TEST_CASE("best passage is the default ranking") {
  CHECK(SearchRequest{}.ranking.article_score == ArticleScore::Best);
}

TEST_CASE("--by passage and --article-score best are untouched by whole-article ranking") {
  IndexReader index(archive().db);
  Searcher searcher(index, SearcherOptions{1, false, false});
  SearchRequest request;
  request.query = "wheat grain";
  request.limit = 100;
  request.ranking.article_score = ArticleScore::Best;
  const SearchResult best = searcher.search(request);
  request.ranking.article_score = ArticleScore::Mixed;
  request.ranking.article_weight = 0.0;
  const SearchResult mixed_zero = searcher.search(request);
  REQUIRE(best.hits.size() == mixed_zero.hits.size());
  for (std::size_t i = 0; i < best.hits.size(); ++i) CHECK(best.hits[i].score == doctest::Approx(mixed_zero.hits[i].score));
  request.by_passage = true;
  request.ranking.article_weight = 1.0;
  const SearchResult passages_mixed = searcher.search(request);
  request.ranking.article_score = ArticleScore::Best;
  const SearchResult passages_best = searcher.search(request);
  REQUIRE(passages_mixed.hits.size() == passages_best.hits.size());
  for (std::size_t i = 0; i < passages_best.hits.size(); ++i) {
    CHECK(passages_mixed.hits[i].docid == passages_best.hits[i].docid);
    CHECK(passages_mixed.hits[i].score == passages_best.hits[i].score);
  }
}
