#include "searcher/article_rank.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <set>
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

// Indexes dir's "in" folder into its "db" (2 shards) and returns the database's path.
std::string index_folder(testing::TempDir& dir) {
  IndexerOptions options;
  options.inputs = {dir.file("in")};
  options.db_path = dir.file("db");
  options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  options.jobs = 2;
  options.shards = 2;
  std::ostringstream out, err;
  Indexer(options, out, err).run();
  return options.db_path;
}

struct Archive {
  testing::TempDir dir;
  std::string db;
  Archive() {
    for (const auto& [name, text] : kArticles) dir.write(std::string("in/") + name + ".txt", text);
    db = index_folder(dir);
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

// What a brute-force search looks for: passages with any (or all) of the terms and none of
// `without`; with phrase, passages where the terms stand one after the other.
struct BruteQuery {
  std::vector<std::string> terms;
  bool all = false;
  std::vector<std::string> without;
  bool phrase = false;
  std::vector<std::string> any_filter;  // non-empty: the passage holds one of these terms too
};

bool has_term(const Xapian::Database& db, Xapian::docid docid, const std::string& term) {
  Xapian::TermIterator it = db.termlist_begin(docid);
  it.skip_to(term);
  return it != db.termlist_end(docid) && *it == term;
}

// Whether the terms stand one after the other somewhere in the document, from its positions.
bool has_phrase(const Xapian::Database& db, Xapian::docid docid, const std::vector<std::string>& terms) {
  std::vector<std::set<Xapian::termpos>> positions;
  for (const std::string& term : terms) {
    if (!has_term(db, docid, term)) return false;
    positions.emplace_back(db.positionlist_begin(docid, term), db.positionlist_end(docid, term));
  }
  for (const Xapian::termpos first : positions.front()) {
    bool all = true;
    for (std::size_t k = 1; k < terms.size() && all; ++k) all = positions[k].count(first + static_cast<Xapian::termpos>(k)) == 1;
    if (all) return true;
  }
  return false;
}

// Every article with a matching passage, by the mixed score: the whole-article BM25 (with the
// default --article-bm25) of every article document and the best matching passage's BM25 (the
// default --bm25), each computed here for every document; an article of one passage (counted
// here over every passage) by its passage alone, unless the weight is 1.
std::vector<Expected> brute_force(const std::string& path, const BruteQuery& query, double weight, std::size_t shards = 2) {
  Xapian::Database passages(path);
  Xapian::Database articles;
  for (std::size_t shard = 0; shard < shards; ++shard) articles.add_database(Xapian::Database(path + "/" + schema::article_dir_name(shard)));
  const RankingOptions ranking;
  const Bm25Params passage_params{ranking.bm25_k1, ranking.bm25_b};
  const Bm25Params article_params{ranking.article_k1, ranking.article_b};
  std::map<std::string, double> best;
  std::map<std::string, std::size_t> passage_count;
  for (Xapian::docid docid = 1; docid <= passages.get_lastdocid(); ++docid) {
    Xapian::Document doc;
    try {
      doc = passages.get_document(docid);
    } catch (const Xapian::DocNotFoundError&) {
      continue;
    }
    const std::string id = doc.get_value(schema::kSlotArticleId);
    if (id.empty()) continue;  // meta
    ++passage_count[id];
    std::size_t found = 0;
    for (const std::string& term : query.terms) found += has_term(passages, docid, term) ? 1 : 0;
    bool matches = query.all || query.phrase ? found == query.terms.size() : found > 0;
    if (query.phrase) matches = matches && has_phrase(passages, docid, query.terms);
    if (!query.any_filter.empty()) {
      matches = matches && std::any_of(query.any_filter.begin(), query.any_filter.end(),
                                       [&](const std::string& term) { return has_term(passages, docid, term); });
    }
    for (const std::string& term : query.without) matches = matches && !has_term(passages, docid, term);
    if (!matches) continue;
    const double score = brute_bm25(passages, docid, query.terms, passage_params);
    best[id] = std::max(best.count(id) ? best[id] : 0.0, score);
  }
  std::map<std::string, double> whole;
  for (Xapian::docid docid = 1; docid <= articles.get_lastdocid(); ++docid) {
    try {
      whole[articles.get_document(docid).get_value(schema::kSlotArticleId)] = brute_bm25(articles, docid, query.terms, article_params);
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  std::vector<Expected> out;
  for (const auto& [id, passage] : best) {
    const double w = passage_count[id] == 1 && weight < 1 ? 0.0 : weight;
    out.push_back({id, w * whole[id] + (1 - w) * passage});
  }
  std::sort(out.begin(), out.end(), [](const Expected& a, const Expected& b) { return a.score > b.score; });
  return out;
}

std::vector<Expected> brute_force(const std::string& path, const std::vector<std::string>& terms, double weight) {
  return brute_force(path, BruteQuery{terms, false, {}}, weight);
}

// The hits equal the expected articles from `offset` on, score for score (ties aside, in order).
void check_against(const SearchResult& result, const std::vector<Expected>& expected, std::size_t offset = 0) {
  REQUIRE(result.hits.size() <= expected.size() - std::min(offset, expected.size()));
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    CAPTURE(i);
    const std::size_t at = offset + i;
    CHECK(result.hits[i].score == doctest::Approx(expected[at].score).epsilon(1e-12));
    const bool tied = (at + 1 < expected.size() && expected[at].score <= expected[at + 1].score + 1e-9) ||
                      (at > 0 && expected[at - 1].score <= expected[at].score + 1e-9);
    if (!tied) CHECK(result.hits[i].record.article.id == expected[at].id);
  }
}

// tables: the shard tables (length, article), or Xapian's own lists and the article terms.
SearchResult search(const std::string& query, double weight, std::size_t threads, bool match_all = false, bool tables = true) {
  IndexReader index(archive().db);
  Searcher searcher(index, SearcherOptions{threads, tables, tables});
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
      for (const bool tables : {true, false}) {
        CAPTURE(weight);
        CAPTURE(threads);
        CAPTURE(tables);
        const std::vector<Expected> expected = brute_force(archive().db, {"Zwheat", "Zgrain"}, weight);
        const SearchResult result = search("wheat grain", weight, threads, false, tables);
        REQUIRE(result.hits.size() == expected.size());
        CHECK(result.total == expected.size());
        check_against(result, expected);
      }
    }
  }
}

TEST_CASE("mixed article scores with a date range equal a brute force that checks every passage's date") {
  const std::vector<std::string> dates = schema::date_range_terms("20240102", "20240104");
  for (std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    for (const bool tables : {true, false}) {
      CAPTURE(threads);
      CAPTURE(tables);
      const std::vector<Expected> expected =
          brute_force(archive().db, BruteQuery{{"Zwheat", "Zgrain"}, false, {}, false, dates}, RankingOptions::kDefaultArticleWeight);
      REQUIRE(expected.size() == 3);  // a1, a2, a3
      const SearchResult result = search("wheat grain date:2024-01-02..2024-01-04", RankingOptions::kDefaultArticleWeight, threads, false, tables);
      REQUIRE(result.hits.size() == expected.size());
      CHECK(result.total == expected.size());
      check_against(result, expected);
    }
  }
}

TEST_CASE("mixed article scores with a NOT: the matches of the passages, ranked from both sides") {
  // a6's one passage has wheat and rain: it is left out; a3 keeps its passage without rain.
  const std::vector<Expected> expected = brute_force(archive().db, BruteQuery{{"Zwheat"}, false, {"Zrain"}}, RankingOptions::kDefaultArticleWeight);
  const SearchResult result = search("wheat -rain", RankingOptions::kDefaultArticleWeight, 1);
  REQUIRE(result.hits.size() == expected.size());
  CHECK(result.total == expected.size());
  check_against(result, expected);
  for (const Hit& hit : result.hits) CHECK(hit.record.article.id != "a6");
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

TEST_CASE("a passage whose article has no article document yet is left out, with the tables or without") {
  // An indexer run stopped between its passage commit and its article commit leaves passages
  // whose article the article shards do not hold yet (the next run repairs it). The article
  // side then holds every article but that one: the best passages' match must not take the
  // passage's article for one of the candidates (a one-shot search, without the tables, finds
  // them by the query's own match where the article side holds every article).
  testing::TempDir dir;
  for (const auto& [name, text] : kArticles) dir.write(std::string("in/") + name + ".txt", text);
  const std::string db = index_folder(dir);
  {
    Xapian::WritableDatabase shard(db + "/" + schema::shard_dir_name(0), Xapian::DB_OPEN);
    Xapian::Document orphan;
    orphan.add_term("Zrain", 3);
    orphan.add_boolean_term(schema::article_term("orphan"));
    orphan.add_value(schema::kSlotArticleId, "orphan");
    shard.add_document(orphan);
    shard.commit();
  }
  for (const bool tables : {true, false}) {
    CAPTURE(tables);
    IndexReader index(db);
    Searcher searcher(index, SearcherOptions{1, tables, tables});
    SearchRequest request;
    request.query = "rain";
    request.ranking.article_score = ArticleScore::Mixed;
    const SearchResult result = searcher.search(request);
    std::vector<std::string> ids;
    for (const Hit& hit : result.hits) ids.push_back(hit.record.article.id);
    CHECK(ids == std::vector<std::string>{"a6"});
  }
}

TEST_CASE("whole-article ranking is the default") {
  CHECK(SearchRequest{}.ranking.article_score == ArticleScore::Mixed);
}

namespace {

// The searcher settings of the deep-pool tests: one thread with the shard tables, two threads
// (the article match and the passes above a threshold split) with and without them.
constexpr std::pair<std::size_t, bool> kThreadsAndTables[] = {{1, true}, {2, true}, {2, false}};

// More articles than the candidate pool (kMixPool) that hold "alpha" and "beta" in different
// paragraphs, many times (the best whole-article scores), and three that hold both in one
// paragraph among long others (lower whole-article scores). Each article's words are its own,
// so that none is a copy of another.
constexpr std::size_t kPoolArticles = kMixPool + 10;  // the "b" articles

struct PoolArchive {
  testing::TempDir dir;
  std::string db;
  PoolArchive() {
    for (std::size_t i = 0; i < kPoolArticles; ++i) {
      const std::string n = std::to_string(i);
      dir.write("in/b" + n + ".txt", "Title: Report " + n + "\nID: b" + n + "\n\nAlpha alpha alpha from kb" + n + "x kb" + n +
                                        "y.\nBeta beta beta near kb" + n + "z kb" + n + "w.\n");
    }
    for (int i = 0; i < 3; ++i) {
      const std::string n = std::to_string(i);
      std::string filler;
      for (int w = 0; w < 40 + 10 * i; ++w) filler += "kc" + n + "f" + std::to_string(w) + " ";
      dir.write("in/c" + n + ".txt", "Title: Note " + n + "\nID: c" + n + "\n\nAlpha and beta met in kc" + n + "x.\n" + filler + ".\n");
    }
    db = index_folder(dir);
  }
};

}  // namespace

TEST_CASE("article first is exact over a deep pool: --match all, and articles outside the candidates") {
  // The article side's best kMixPool hold alpha and beta in different paragraphs: no passage of theirs
  // matches "alpha AND beta". The page is not filled, so the pass over the passages has no
  // threshold and still finds c0, c1, c2.
  static const PoolArchive pool;
  // With two threads the pass over the passages above the threshold is split between them, each
  // with the threshold as its weight cutoff.
  for (const auto& [threads, tables] : kThreadsAndTables) {
    CAPTURE(threads);
    CAPTURE(tables);
    IndexReader index(pool.db);
    Searcher searcher(index, SearcherOptions{threads, tables, tables});
    const std::vector<Expected> expected = brute_force(pool.db, BruteQuery{{"Zalpha", "Zbeta"}, true, {}}, RankingOptions::kDefaultArticleWeight);
    REQUIRE(expected.size() == 3);
    // "alpha beta", ranked by whole articles, one page.
    const auto page = [&](bool all, std::size_t limit, std::size_t offset) {
      SearchRequest request;
      request.query = "alpha beta";
      request.match_all_words = all;
      request.ranking.article_score = ArticleScore::Mixed;
      request.limit = limit;
      request.offset = offset;
      return searcher.search(request);
    };
    for (std::size_t offset : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
      CAPTURE(offset);
      const SearchResult result = page(true, 2, offset);
      CHECK(result.total == 3);
      REQUIRE(result.hits.size() == std::min<std::size_t>(2, 3 - offset));
      check_against(result, expected, offset);
    }
    // Any word: the kPoolArticles + 3 articles, page by page as the brute force ranks them. c0, c1 and c2 have
    // whole-article scores below the pool's last but the best passages, and their mixed scores
    // put them first: only the pass over the passages above the page's threshold finds them.
    const std::vector<Expected> any = brute_force(pool.db, BruteQuery{{"Zalpha", "Zbeta"}, false, {}}, RankingOptions::kDefaultArticleWeight);
    const std::size_t all = kPoolArticles + 3;
    REQUIRE(any.size() == all);
    for (std::size_t offset : {std::size_t{0}, std::size_t{10}, all - 3}) {
      CAPTURE(offset);
      const SearchResult result = page(false, 10, offset);
      CHECK(result.threads == threads);
      CHECK(result.total == all);
      CHECK(result.hits.size() == std::min<std::size_t>(10, all - offset));
      check_against(result, any, offset);
    }
  }
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

namespace {

// More articles than the passage side's 2 x kMixPool that hold the phrase "gamma delta" in their
// first paragraph, after a longer run of other words the later the article (weaker best
// passages), and both words again, never side by side, in a second paragraph more times the
// later the article (stronger whole articles): the best mixed scores are the last articles',
// outside the best 2 x kMixPool by their passages. Five more hold both words in different
// paragraphs only: they do not match the phrase. Twice as many hold neither word.
constexpr std::size_t kPhraseArticles = 2 * kMixPool + 10;

struct PhraseArchive {
  testing::TempDir dir;
  std::string db;
  PhraseArchive() {
    for (std::size_t i = 0; i < kPhraseArticles; ++i) {
      const std::string n = std::to_string(i);
      std::string first = "Gamma delta";
      for (std::size_t w = 0; w < 4 + i / 3; ++w) first += " kp" + n + "f" + std::to_string(w);
      std::string second = "Kp" + n + "s";
      for (std::size_t r = 0; r < i / 10; ++r) second += " delta kp" + n + "a" + std::to_string(r) + " gamma kp" + n + "b" + std::to_string(r);
      dir.write("in/p" + n + ".txt", "Title: Brief " + n + "\nID: p" + n + "\n\n" + first + ".\n" + second + ".\n");
    }
    // Articles without either word, so that both are rarer than half the archive (BM25's
    // weight of a word most documents hold is about 0).
    for (std::size_t i = 0; i < 2 * kPhraseArticles; ++i) {
      const std::string n = std::to_string(i);
      dir.write("in/r" + n + ".txt", "Title: Filler " + n + "\nID: r" + n + "\n\nNothing here but kr" + n + "x and kr" + n + "y.\n");
    }
    for (int i = 0; i < 5; ++i) {
      const std::string n = std::to_string(i);
      dir.write("in/q" + n + ".txt", "Title: Other " + n + "\nID: q" + n + "\n\nGamma gamma gamma in kq" + n +
                                        "x.\nDelta delta delta in kq" + n + "y.\n");
    }
    db = index_folder(dir);
  }
};

}  // namespace

TEST_CASE("passage first is exact for a phrase over a deep pool: articles outside the passage side's candidates") {
  static const PhraseArchive archive;
  const BruteQuery phrase{{"Zgamma", "Zdelta"}, false, {}, true};
  const std::vector<Expected> expected = brute_force(archive.db, phrase, RankingOptions::kDefaultArticleWeight);
  REQUIRE(expected.size() == kPhraseArticles);
  // The page's best articles are not among the best 2 x kMixPool by their best passage: only the
  // article match above the threshold finds them.
  const std::vector<Expected> by_passage = brute_force(archive.db, phrase, 0.0);
  std::set<std::string> passage_side;
  for (std::size_t i = 0; i < 2 * kMixPool; ++i) passage_side.insert(by_passage[i].id);
  CHECK(passage_side.count(expected.front().id) == 0);
  for (const auto& [threads, tables] : kThreadsAndTables) {
    CAPTURE(threads);
    CAPTURE(tables);
    IndexReader index(archive.db);
    Searcher searcher(index, SearcherOptions{threads, tables, tables});
    for (std::size_t offset : {std::size_t{0}, std::size_t{10}, kPhraseArticles - 5}) {
      CAPTURE(offset);
      SearchRequest request;
      request.query = "\"gamma delta\"";
      request.ranking.article_score = ArticleScore::Mixed;
      request.limit = 10;
      request.offset = offset;
      const SearchResult result = searcher.search(request);
      CHECK(result.total == kPhraseArticles);
      CHECK(result.hits.size() == std::min<std::size_t>(10, kPhraseArticles - offset));
      check_against(result, expected, offset);
      for (const Hit& hit : result.hits) CHECK(hit.record.article.id[0] == 'p');
    }
  }
  // Fewer matching articles than the passage side holds: every one is known, the count exact.
  IndexReader index(archive.db);
  Searcher searcher(index, SearcherOptions{1, true, true});
  SearchRequest request;
  request.query = "\"gamma delta\" kp7f0";
  request.match_all_words = true;
  request.ranking.article_score = ArticleScore::Mixed;
  const SearchResult one = searcher.search(request);
  REQUIRE(one.hits.size() == 1);
  CHECK(one.total == 1);
  CHECK(one.hits[0].record.article.id == "p7");
}

TEST_CASE("no hit asked for: no page and no threshold, on every route") {
  // --limit 0 with a timeline and without collapsing copies asks the ranking for no hit at all:
  // the routes take a threshold from the page's last hit, which does not exist (an out-of-bounds
  // read before this test).
  static const PoolArchive pool;
  static const PhraseArchive phrases;
  for (const auto& [db, query] : {std::pair{&pool.db, "alpha beta"}, std::pair{&phrases.db, "\"gamma delta\""}, std::pair{&pool.db, "alpha -beta"}}) {
    CAPTURE(query);
    IndexReader index(*db);
    Searcher searcher(index, SearcherOptions{1, true, true});
    SearchRequest request;
    request.query = query;
    request.limit = 0;
    request.collapse_copies = false;
    request.ranking.article_score = ArticleScore::Mixed;
    const SearchResult result = searcher.search(request);
    CHECK(result.hits.empty());
    CHECK(result.total > 0);
  }
}

namespace {

// Articles of one to four paragraphs of words drawn from a small vocabulary, the frequent words
// far more often (each draw the smaller of two): more articles match each query than the pools
// hold, and the routes' thresholds fall on every side of one another, articles of one passage
// (scored by their passage alone) and of several among the pages and just outside the pools.
// Seeded, with the draws taken from std::mt19937's raw output (the same on every platform).
struct RandomArchive {
  static constexpr std::size_t kArticles = 400;
  testing::TempDir dir;
  std::string db;
  std::string legacy;  // the same database as format 8 says it (no kTermOnlyPassage to go by)
  RandomArchive() {
    std::mt19937 random(20261207);
    const auto draw = [&](std::uint32_t n) { return std::min(random() % n, random() % n); };
    for (std::size_t i = 0; i < kArticles; ++i) {
      const std::string n = std::to_string(i);
      std::string text = "Title: Item " + n + "\nID: m" + n + "\n\n";
      const std::uint32_t paragraphs = 1 + random() % 4;
      for (std::uint32_t p = 0; p < paragraphs; ++p) {
        const std::uint32_t words = 3 + random() % 25;
        for (std::uint32_t w = 0; w < words; ++w) text += "kw" + std::to_string(draw(14)) + " ";
        text += "km" + n + "p" + std::to_string(p) + ".\n";  // the article's own word, so that none is a copy of another
      }
      dir.write("in/m" + n + ".txt", text);
    }
    db = index_folder(dir);
    legacy = dir.file("legacy");
    std::filesystem::copy(db, legacy, std::filesystem::copy_options::recursive);
    Xapian::WritableDatabase meta(legacy + "/" + std::string(schema::kMetaDir), Xapian::DB_OPEN);
    meta.set_metadata(std::string(schema::kMetaFormatVersion), "8");
    meta.commit();
  }
};

}  // namespace

TEST_CASE("every route is exact against the brute force on a random archive of articles of one to four passages") {
  static const RandomArchive archive;
  struct Case {
    const char* query;
    BruteQuery brute;
    bool all;
  };
  const Case cases[] = {
      {"kw0 kw3", BruteQuery{{"Zkw0", "Zkw3"}, false, {}, false, {}}, false},   // article first
      {"kw2 kw7", BruteQuery{{"Zkw2", "Zkw7"}, true, {}, false, {}}, true},     // article first, --match all
      {"\"kw0 kw1\"", BruteQuery{{"Zkw0", "Zkw1"}, false, {}, true, {}}, false},  // passage first
      {"\"kw1 kw0\"", BruteQuery{{"Zkw1", "Zkw0"}, false, {}, true, {}}, false},
  };
  for (const double weight : {0.3, RankingOptions::kDefaultArticleWeight, 0.9}) {
    for (const Case& c : cases) {
      CAPTURE(weight);
      CAPTURE(std::string(c.query));
      const std::vector<Expected> expected = brute_force(archive.db, c.brute, weight);
      REQUIRE(expected.size() > 2 * kMixPool);
      for (const auto& [threads, tables] : kThreadsAndTables) {
       for (const std::string* db : {&archive.db, &archive.legacy}) {
        CAPTURE(threads);
        CAPTURE(tables);
        CAPTURE(*db);
        IndexReader index(*db);
        CHECK(index.marks_only_passages() == (db == &archive.db));
        Searcher searcher(index, SearcherOptions{threads, tables, tables});
        for (const std::size_t offset : {std::size_t{0}, std::size_t{10}, std::size_t{35}}) {
          CAPTURE(offset);
          SearchRequest request;
          request.query = c.query;
          request.match_all_words = c.all;
          request.ranking.article_score = ArticleScore::Mixed;
          request.ranking.article_weight = weight;
          request.limit = 10;
          request.offset = offset;
          const SearchResult result = searcher.search(request);
          REQUIRE(result.hits.size() == 10);
          check_against(result, expected, offset);
        }
       }
      }
    }
  }
}
