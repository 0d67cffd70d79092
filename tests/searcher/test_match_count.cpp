#include "searcher/match_count.h"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "common/error.h"
#include "common/facet_ids.h"
#include "common/schema.h"
#include "test_support.h"

using namespace dossier;

namespace {

// A synthetic archive in two shards (as dossier-index writes them): article a has 1 + a % 7
// consecutive passages in shard a % 2; every passage has the term "all", the passages of every
// third article "third", and each article one country C:Kk with k = a % 10 on all its passages
// plus C:ZZ on its first passage only.
struct SyntheticArchive {
  static constexpr int kArticles = 6000;
  testing::TempDir dir;
  Xapian::Database db;
  FacetCodeTables codes;
  std::map<std::string, std::size_t> articles_per_country;  // for "all"
  std::size_t passages = 0;

  SyntheticArchive() {
    Xapian::WritableDatabase shards[2] = {Xapian::WritableDatabase(dir.file("s0"), Xapian::DB_CREATE),
                                          Xapian::WritableDatabase(dir.file("s1"), Xapian::DB_CREATE)};
    FacetCodeDictionary dictionaries[2];
    for (int a = 0; a < kArticles; ++a) {
      Xapian::WritableDatabase& shard = shards[a % 2];
      const auto first = static_cast<std::uint32_t>(shard.get_lastdocid() + 1);
      const std::string id = "art-" + std::to_string(a);
      const std::string country = "K" + std::to_string(a % 10);
      ++articles_per_country[country];
      ++articles_per_country["ZZ"];
      for (int p = 0; p <= a % 7; ++p) {
        Xapian::Document doc;
        doc.add_term("all");
        if (a % 3 == 0) doc.add_term("third");
        std::string codes = "C:" + country;
        if (p == 0) codes += "\x1f" "C:ZZ";
        doc.add_value(schema::kSlotArticleId, id);
        doc.add_value(schema::kSlotFacets, codes);
        doc.add_value(schema::kSlotArticleFacets, schema::article_facets_value(id, codes));
        FacetIds ids{static_cast<std::uint32_t>(a % 2), first, {}};
        for_each_facet_code(codes, [&](std::string_view code) { ids.codes.push_back(dictionaries[a % 2].id_of(code)); });
        doc.add_value(schema::kSlotFacetIds, encode_facet_ids(ids));
        shard.add_document(doc);
        ++passages;
      }
    }
    for (int s = 0; s < 2; ++s) {
      shards[s].set_metadata(std::string(schema::kMetaFacetCodes), dictionaries[s].serialise());
      shards[s].commit();
      codes.codes_by_shard.push_back(dictionaries[s].codes());
    }
    db = Xapian::Database(dir.file("s0"));
    db.add_database(Xapian::Database(dir.file("s1")));
  }
};

SyntheticArchive& archive() {
  static SyntheticArchive instance;
  return instance;
}

}  // namespace

TEST_CASE("sampling_fraction: exact below the limit, a sample of about sample_size above it") {
  CountPolicy policy;
  policy.exact_limit = 1000;
  policy.sample_size = 200;
  struct Case {
    Xapian::doccount estimated, upper;
    double fraction;
  };
  const Case cases[] = {
      {10, 1000, 1.0},             // cannot exceed the limit
      {800, 5000, 200.0 / 1000},   // estimated below the limit: the limit sizes the sample
      {4000, 5000, 200.0 / 4000},  // about sample_size of the estimated matches
      {100000, 100000, 0.002},
      {1500, 1500, 200.0 / 1500},
  };
  for (const Case& c : cases) {
    CAPTURE(c.estimated);
    CAPTURE(c.upper);
    CHECK(sampling_fraction(c.estimated, c.upper, policy) == doctest::Approx(c.fraction));
  }
  CHECK(sampling_fraction(1100, 1100, {.exact = false, .exact_limit = 1000, .sample_size = 600}) == 1.0);  // > half
  CHECK(sampling_fraction(1e6, 1e6, {.exact = true, .exact_limit = 1000, .sample_size = 200}) == 1.0);
  CHECK(sampling_fraction(1e6, 1e6, {.exact = false, .exact_limit = 1000, .sample_size = 0}) == 1.0);
}

TEST_CASE("DocidSample covers about the fraction asked, in whole articles, and records its coverage") {
  SyntheticArchive& data = archive();
  for (double fraction : {0.01, 0.1, 0.3}) {
    CAPTURE(fraction);
    auto coverage = std::make_shared<DocidSample::Coverage>();
    auto* sample = new DocidSample(fraction, 32, coverage);
    Xapian::Enquire enquire(data.db);
    enquire.set_query(Xapian::Query(sample->release()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, data.db.get_doccount());
    std::map<std::string, std::size_t> seen;  // article -> passages sampled
    for (auto it = mset.begin(); it != mset.end(); ++it) ++seen[it.get_document().get_value(schema::kSlotArticleId)];
    for (const auto& [id, count] : seen) {
      const int a = std::stoi(id.substr(4));
      CHECK_MESSAGE(count == static_cast<std::size_t>(1 + a % 7), id);  // every passage of a sampled article
    }
    CHECK(coverage->range == data.passages);  // each shard's docid range (no gaps here)
    CHECK(coverage->sampled == mset.size());
    CHECK(coverage->fraction() == doctest::Approx(fraction).epsilon(0.25));
  }
}

TEST_CASE("count_matches: exact under the limit, scaled and labelled above it, exact again on request") {
  SyntheticArchive& data = archive();
  const Xapian::Query all("all");
  CountTarget target{data.db, FacetMethod::Local, CountUnit::Articles, true, &data.codes};

  CountPolicy generous;  // the whole archive is under the default limit
  const MatchCount exact = count_matches(target, all, generous);
  CHECK(exact.exact());
  CHECK(exact.passages() == data.passages);
  CHECK(exact.articles() == SyntheticArchive::kArticles);
  CHECK(by_id(exact.counts(schema::Facet::Country)) == data.articles_per_country);

  const CountPolicy tight{.exact = false, .exact_limit = 2000, .sample_size = 2000};
  const MatchCount sampled = count_matches(target, all, tight);
  REQUIRE_FALSE(sampled.exact());
  CHECK(sampled.fraction() > 0.02);
  CHECK(sampled.fraction() < 0.3);
  CHECK(sampled.examined_passages() < data.passages / 3);
  // Estimates, not exact: within 15 % for these (every value has 600 articles or more).
  CHECK(static_cast<double>(sampled.passages()) == doctest::Approx(data.passages).epsilon(0.15));
  CHECK(static_cast<double>(sampled.articles()) == doctest::Approx(SyntheticArchive::kArticles).epsilon(0.15));
  for (const auto& [country, count] : by_id(sampled.counts(schema::Facet::Country))) {
    CAPTURE(country);
    CHECK(static_cast<double>(count) == doctest::Approx(data.articles_per_country.at(country)).epsilon(0.25));
  }
  // ZZ is on one passage per article: were articles cut at block edges, its scaled count would
  // come out well above the article count; whole-article blocks keep it close.
  CHECK(static_cast<double>(by_id(sampled.counts(schema::Facet::Country)).at("ZZ")) ==
        doctest::Approx(static_cast<double>(sampled.articles())).epsilon(0.02));

  CountPolicy forced = tight;
  forced.exact = true;
  const MatchCount again = count_matches(target, all, forced);
  CHECK(again.exact());
  CHECK(by_id(again.counts(schema::Facet::Country)) == data.articles_per_country);

  // Remote parts cannot run the sample: exact whatever the policy.
  CountTarget remote = target;
  remote.can_sample = false;
  CHECK(count_matches(remote, all, tight).exact());
}

TEST_CASE("count_matches: a query the estimate overrates is counted exactly once the sample shows it is small") {
  SyntheticArchive& data = archive();
  // "third" AND NOT-quite: an AND whose upper bound is large but whose matches are few.
  const Xapian::Query few(Xapian::Query::OP_AND, Xapian::Query("third"),
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotArticleId, "art-0", "art-0~"));
  const CountPolicy tight{.exact = false, .exact_limit = 2000, .sample_size = 400};
  const MatchCount counted = count_matches({data.db, FacetMethod::Local, CountUnit::Articles, true, &data.codes}, few, tight);
  CHECK(counted.exact());
  CHECK(counted.articles() == 1);  // art-0 only (its id sorts first; "art-0~" excludes art-00.. which do not exist)
}

TEST_CASE("count_matches: a very long article among few is not scaled up (the sample saw too few articles)") {
  // One article of 3,000 passages and 5 of one passage each, in one shard, all matching: the
  // sample used to cut the long article at block edges and count it in each block ("≈42
  // articles match" for 6).
  testing::TempDir dir;
  {
    Xapian::WritableDatabase shard(dir.file("s0"), Xapian::DB_CREATE);
    FacetCodeDictionary dictionary;
    const auto add_article = [&](const std::string& id, int passages) {
      const auto first = static_cast<std::uint32_t>(shard.get_lastdocid() + 1);
      for (int p = 0; p < passages; ++p) {
        Xapian::Document doc;
        doc.add_term("all");
        doc.add_value(schema::kSlotArticleId, id);
        doc.add_value(schema::kSlotFacets, "C:XK");
        doc.add_value(schema::kSlotArticleFacets, schema::article_facets_value(id, "C:XK"));
        FacetIds ids{0, first, {dictionary.id_of("C:XK")}};
        doc.add_value(schema::kSlotFacetIds, encode_facet_ids(ids));
        shard.add_document(doc);
      }
    };
    add_article("long", 3000);
    for (int a = 0; a < 5; ++a) add_article("short-" + std::to_string(a), 1);
    shard.set_metadata(std::string(schema::kMetaFacetCodes), dictionary.serialise());
    shard.commit();
    FacetCodeTables codes;
    codes.codes_by_shard.push_back(dictionary.codes());
    Xapian::Database db(dir.file("s0"));
    const CountPolicy tight{.exact = false, .exact_limit = 100, .sample_size = 20};
    const MatchCount counted = count_matches({db, FacetMethod::Local, CountUnit::Articles, true, &codes}, Xapian::Query("all"), tight);
    CHECK(counted.articles() == 6);
    CHECK(counted.exact());
    CHECK(by_id(counted.counts(schema::Facet::Country)).at("XK") == 6);
  }
}

TEST_CASE("DocidSample never cuts an article, however long") {
  testing::TempDir dir;
  Xapian::WritableDatabase shard(dir.file("s0"), Xapian::DB_CREATE);
  const auto add_article = [&](const std::string& id, int passages) {
    for (int p = 0; p < passages; ++p) {
      Xapian::Document doc;
      doc.add_value(schema::kSlotArticleId, id);
      shard.add_document(doc);
    }
  };
  add_article("long", 2000);  // docids 1..2000
  for (int a = 0; a < 400; ++a) add_article("s" + std::to_string(a), 2);
  shard.commit();
  Xapian::Database db(dir.file("s0"));
  auto coverage = std::make_shared<DocidSample::Coverage>();
  DocidSample sample(0.1, 32, coverage);
  sample.init(db);
  // Every sampled run of docids starts at an article start (1, or 2001 + an even offset) and
  // ends at one.
  const auto is_start = [](Xapian::docid did) { return did == 1 || (did > 2000 && (did - 2001) % 2 == 0); };
  Xapian::docid previous = 0, run_start = 0;
  for (sample.next(0); !sample.at_end(); sample.next(0)) {
    const Xapian::docid did = sample.get_docid();
    if (did != previous + 1) {
      CAPTURE(did);
      CAPTURE(previous);
      if (previous != 0) CHECK(is_start(previous + 1));
      CHECK(is_start(did));
      run_start = did;
    }
    previous = did;
  }
  CHECK(run_start > 0);
}

TEST_CASE("count_matches: a deadline that has passed stops the count with a QueryError") {
  SyntheticArchive& data = archive();
  const Deadline passed(1e-9);
  CountTarget target{data.db, FacetMethod::Local, CountUnit::Articles, true, &data.codes};
  target.deadline = &passed;
  CountPolicy exact;
  exact.exact = true;
  CHECK_THROWS_WITH_AS(count_matches(target, Xapian::Query("all"), exact), doctest::Contains("--time-limit"), QueryError);
  // No deadline, or one far off: counted as before.
  const Deadline far(3600);
  target.deadline = &far;
  CHECK(count_matches(target, Xapian::Query("all"), exact).articles() == SyntheticArchive::kArticles);
}
