// Tests for indexer/document_builder.cpp: terms, positions, values and data of a passage document,
// and the article document (terms without positions, the title once, the passages' filter terms).
#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/copy_index.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"
#include "indexer/document_builder.h"
#include "test_support.h"

using dossier::ArticleMeta;
using dossier::CyrillicScheme;
using dossier::EntityMention;
using dossier::Passage;
namespace schema = dossier::schema;

namespace {

using Terms = std::map<std::string, std::vector<Xapian::termpos>>;

Terms terms_of(const Xapian::Document& doc) {
  Terms out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    auto& positions = out[*it];
    for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) positions.push_back(*p);
  }
  return out;
}

bool has_term(const Terms& terms, const std::string& term) { return terms.count(term) > 0; }

std::vector<Xapian::termpos> positions(const Terms& terms, const std::string& term) {
  const auto it = terms.find(term);
  return it == terms.end() ? std::vector<Xapian::termpos>{} : it->second;
}

EntityMention mention(const std::string& facet, const std::string& id) {
  return EntityMention{facet, id, id, id, 0, 1, "alias"};
}

}  // namespace

TEST_CASE("DocumentBuilder builds terms, values and data for a passage") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);

  ArticleMeta article;
  article.id = "balkans/art-1";
  article.title = "Javelin for Kosovo";
  article.date = "2024-07-03";
  article.source = "Dossier Wire";
  article.language = "en";
  Passage passage;
  passage.index = 2;
  passage.text = "Moscow condemned Javelin deliveries to Kosovo, the ministry said.";
  passage.attribution = {"Analyst perspective", "on arms transfers"};
  passage.entities = {mention("country", "RU"), mention("weapon", "fgm-148"), mention("weapon", "atgm"),
                      mention("country", "XK"), mention("actor", "russian-mfa"), mention("country", "XK")};

  const auto tokens = normaliser.tokenize(passage.text);
  const Xapian::Document doc = builder.build(article, passage, tokens, CyrillicScheme::Auto);
  const Terms terms = terms_of(doc);

  SUBCASE("boolean terms") {
    for (const char* term : {"Qbalkans/art-1#2", "XART:balkans/art-1", "XC:RU", "XC:XK", "XW:fgm-148", "XW:atgm",
                             "XA:russian-mfa", "XK:analyst-perspective", "XL:en", "XS:dossier-wire"}) {
      CAPTURE(term);
      CHECK(has_term(terms, term));
      CHECK(positions(terms, term).empty());
    }
    CHECK_FALSE(has_term(terms, "XC:US"));
    CHECK_FALSE(has_term(terms, "Qbalkans/art-1#0"));
  }
  SUBCASE("body words are indexed as stems with positions, never unstemmed") {
    CHECK(positions(terms, "Zmoscow") == std::vector<Xapian::termpos>{1});
    CHECK(positions(terms, "Zcondemn") == std::vector<Xapian::termpos>{2});
    CHECK(positions(terms, "Zjavelin") == std::vector<Xapian::termpos>{3});
    CHECK(positions(terms, "Zkosovo") == std::vector<Xapian::termpos>{6});
    CHECK(positions(terms, "Zsaid") == std::vector<Xapian::termpos>{9});
    CHECK(has_term(terms, "Zdeliveri"));
    for (const char* unstemmed : {"moscow", "condemned", "javelin", "Moscow"}) {
      CAPTURE(unstemmed);
      CHECK_FALSE(has_term(terms, unstemmed));
    }
  }
  SUBCASE("title and attribution stems with positions") {
    CHECK(positions(terms, "ZSjavelin") == std::vector<Xapian::termpos>{1});
    CHECK(positions(terms, "ZSfor") == std::vector<Xapian::termpos>{2});
    CHECK(positions(terms, "ZSkosovo") == std::vector<Xapian::termpos>{3});
    CHECK(positions(terms, "ZXTarm") == std::vector<Xapian::termpos>{2});
    CHECK(has_term(terms, "ZXTtransfer"));
    CHECK_FALSE(has_term(terms, "Sjavelin"));
    CHECK_FALSE(has_term(terms, "XTarms"));
  }
  SUBCASE("the author's title also counts as body words, without positions") {
    CHECK(has_term(terms, "Zfor"));  // only in the title
    CHECK(positions(terms, "Zfor").empty());
    CHECK(positions(terms, "Zjavelin") == std::vector<Xapian::termpos>{3});  // the body's position only
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      if (*it == "Zjavelin") CHECK(it.get_wdf() == 2);  // once in the body, once in the title
    }
  }
  SUBCASE("values") {
    CHECK(doc.get_value(schema::kSlotArticleId) == "balkans/art-1");
    CHECK(doc.get_value(schema::kSlotDate) == "20240703");
    CHECK(doc.get_value(schema::kSlotPassageIndex) == Xapian::sortable_serialise(2.0));
    CHECK(doc.get_value(schema::kSlotFacets) == "A:russian-mfa\x1f" "C:RU\x1f" "C:XK\x1f" "W:atgm\x1f" "W:fgm-148");
    CHECK(doc.get_value(schema::kSlotArticleFacets) ==
          "13:balkans/art-1A:russian-mfa\x1f" "C:RU\x1f" "C:XK\x1f" "W:atgm\x1f" "W:fgm-148");
  }
  SUBCASE("data is the record") {
    const auto record = dossier::decode_record(doc.get_data());
    CHECK(record.article.id == "balkans/art-1");
    CHECK(record.passage.index == 2);
    CHECK(record.passage.text == passage.text);
    CHECK(record.passage.attribution.kind == "Analyst perspective");
    CHECK(record.passage.entities.size() == passage.entities.size());
  }
}

TEST_CASE("DocumentBuilder: a passage without optional metadata") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  ArticleMeta article;
  article.id = "plain";
  article.title = "Plain";
  Passage passage;
  passage.text = "Nothing special.";
  const Xapian::Document doc = builder.build(article, passage, normaliser.tokenize(passage.text), CyrillicScheme::Auto);
  const Terms terms = terms_of(doc);
  CHECK(has_term(terms, "Qplain#0"));
  CHECK(has_term(terms, "XART:plain"));
  for (const auto& [term, pos] : terms) {
    CAPTURE(term);
    CHECK(term.rfind("XK:", 0) != 0);
    CHECK(term.rfind("XL:", 0) != 0);
    CHECK(term.rfind("XS:", 0) != 0);
    CHECK(term.rfind("XC:", 0) != 0);
    CHECK(term.rfind("XT", 0) != 0);
  }
  CHECK(doc.get_value(schema::kSlotDate).empty());
  CHECK(doc.get_value(schema::kSlotFacets).empty());
  // Never empty: a stock ValueCountMatchSpy skips empty values, and every passage must count.
  CHECK(doc.get_value(schema::kSlotArticleFacets) == "5:plain");
  CHECK(doc.get_value(schema::kSlotPassageIndex) == Xapian::sortable_serialise(0.0));
}

TEST_CASE("DocumentBuilder: a title made from the first sentence is not added to the body words") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  ArticleMeta article;
  article.id = "untitled";
  article.title = "Kosovo police said";
  article.title_is_fallback = true;
  Passage passage;
  passage.text = "Nothing special.";
  const Terms terms = terms_of(builder.build(article, passage, normaliser.tokenize(passage.text), CyrillicScheme::Auto));
  CHECK(has_term(terms, "ZSkosovo"));  // title: still finds it
  CHECK_FALSE(has_term(terms, "Zkosovo"));
}

TEST_CASE("DocumentBuilder: a Cyrillic word gets its variant folds at the same position") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  ArticleMeta article;
  article.id = "sr-1";
  article.title = "Приштина";
  Passage passage;
  passage.text = "Влада у Приштина Kosovo";
  const auto tokens = normaliser.tokenize(passage.text, CyrillicScheme::Serbian);
  const Terms terms = terms_of(builder.build(article, passage, tokens, CyrillicScheme::Serbian));
  CHECK(positions(terms, "Zpristina") == std::vector<Xapian::termpos>{3});
  CHECK(positions(terms, "Zprishtina") == std::vector<Xapian::termpos>{3});
  CHECK(positions(terms, "Zkosovo") == std::vector<Xapian::termpos>{4});
  CHECK(positions(terms, "ZSpristina") == std::vector<Xapian::termpos>{1});
  CHECK(positions(terms, "ZSprishtina") == std::vector<Xapian::termpos>{1});
  // Latin words get no variants.
  std::size_t at_four = 0;
  for (const auto& [term, pos] : terms) {
    if (pos == std::vector<Xapian::termpos>{4}) ++at_four;
  }
  CHECK(at_four == 1);
}

TEST_CASE("DocumentBuilder: over-long tokens are not indexed but keep their position") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  ArticleMeta article;
  article.id = "long";
  Passage passage;
  const std::string blob(dossier::DocumentBuilder::kMaxTermBytes + 1, 'q');
  const std::string fits(dossier::DocumentBuilder::kMaxTermBytes, 'w');
  passage.text = "alpha " + blob + " " + fits + " omega";
  const Terms terms = terms_of(builder.build(article, passage, normaliser.tokenize(passage.text), CyrillicScheme::Auto));
  CHECK_FALSE(has_term(terms, "Z" + blob));
  CHECK(positions(terms, "Z" + fits) == std::vector<Xapian::termpos>{3});
  CHECK(positions(terms, "Zomega") == std::vector<Xapian::termpos>{4});
  for (const auto& [term, pos] : terms) CHECK(term.size() <= 245);
}

// --- the article document (schema::article_dir_name) ---------------------------------------

namespace {

using Wdfs = std::map<std::string, Xapian::termcount>;

Wdfs wdfs_of(const Xapian::Document& doc, const std::string& prefix = "") {
  Wdfs out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    if ((*it).rfind(prefix, 0) == 0) out[*it] = it.get_wdf();
  }
  return out;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// A tagged article of three passages (what the Tagger leaves: entities, affiliations, focus).
dossier::Article three_passage_article() {
  dossier::Article article;
  article.meta.id = "balkans/art-7";
  article.meta.title = "Javelin missiles for Kosovo";
  article.meta.date = "2024-07-03";
  article.meta.source = "Dossier Wire";
  article.meta.language = "sr";
  article.meta.focus_countries = {"XK", "RS"};
  Passage first, second, third;
  first.index = 0;
  first.text = "Kosovo received Javelin missiles, the ministry in Приштина said.";
  first.entities = {mention("country", "XK"), mention("weapon", "fgm-148")};
  first.attribution = {"Source", "defence ministry statement"};
  second.index = 1;
  second.text = "Moscow condemned the Javelin deliveries; Belgrade said nothing about missiles or Javelin.";
  second.entities = {mention("country", "RU"), mention("actor", "russian-mfa"), mention("country", "RS")};
  second.affiliations = {"RU"};
  second.attribution = {"Analyst perspective", "arms trade analysts"};
  third.index = 2;
  third.text = "Влада у Приштина met NATO officials.";
  third.entities = {mention("actor", "nato"), mention("country", "XK")};
  third.affiliations = {"nato"};
  article.passages = {first, second, third};
  return article;
}

}  // namespace

TEST_CASE("DocumentBuilder::build_article: one document with the whole article's words, the title once") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  const dossier::Article article = three_passage_article();
  const CyrillicScheme scheme = dossier::scheme_for_language(article.meta.language);
  std::vector<std::vector<dossier::Token>> tokens;
  std::vector<Xapian::Document> passages;
  for (const Passage& passage : article.passages) {
    tokens.push_back(normaliser.tokenize(passage.text, scheme));
    passages.push_back(builder.build(article.meta, passage, tokens.back(), scheme));
  }
  const Xapian::Document doc = builder.build_article(article, tokens, scheme);
  const Wdfs terms = wdfs_of(doc);

  // The expectation, from the passage documents: each passage's body "Z" wdf is its "Z" wdf less
  // what the title adds to every passage (the "Z" terms of a passage with no text of its own).
  Passage empty;
  const Wdfs title_body = wdfs_of(builder.build(article.meta, empty, {}, scheme), "Z");
  Wdfs expected_body;
  for (const auto& [term, wdf] : title_body) {
    if (!starts_with(term, "ZS") && !starts_with(term, "ZXT")) expected_body[term] += wdf;  // the title, once
  }
  REQUIRE(expected_body.count("Zjavelin") == 1);
  for (std::size_t i = 0; i < passages.size(); ++i) {
    // The lead (the first of several passages) counts kArticleLeadWeight times.
    const Xapian::termcount weight = i == 0 ? dossier::schema::kArticleLeadWeight : 1;
    for (const auto& [term, wdf] : wdfs_of(passages[i], "Z")) {
      if (starts_with(term, "ZS") || starts_with(term, "ZXT")) continue;
      const auto title = title_body.find(term);
      const Xapian::termcount body = wdf - (title == title_body.end() ? 0 : title->second);
      if (body > 0) expected_body[term] += weight * body;
    }
  }

  SUBCASE("Z terms: every passage's words and the title's, the title counted once, the lead twice") {
    Wdfs body;
    for (const auto& [term, wdf] : terms) {
      if (starts_with(term, "Z") && !starts_with(term, "ZS") && !starts_with(term, "ZXT")) body[term] = wdf;
    }
    CHECK(body == expected_body);
    // Spelled out (the lead's words twice): "javelin" is in the title, once in the lead and
    // twice in the second passage; "missil" once in each of the title, the lead and the second
    // passage; the Cyrillic word with its other-scheme folds in the lead and the third passage;
    // "kosovo" in the title and the lead.
    static_assert(dossier::schema::kArticleLeadWeight == 2);
    CHECK(terms.at("Zjavelin") == 1 + 2 + 2);
    CHECK(terms.at("Zmissil") == 1 + 2 + 1);
    CHECK(terms.at("Zpristina") == 2 + 1);
    CHECK(terms.at("Zprishtina") == 2 + 1);
    CHECK(terms.at("Zkosovo") == 1 + 2);
    CHECK(terms.at("Zmet") == 1);  // the third passage's words once
  }
  SUBCASE("an article of one passage: its words counted once (its whole text is the lead)") {
    dossier::Article single = article;
    single.passages.resize(1);
    const Wdfs one = wdfs_of(builder.build_article(single, {tokens[0]}, scheme));
    CHECK(one.at("Zjavelin") == 1 + 1);  // the title and the passage
    CHECK(one.at("Zpristina") == 1);
    CHECK(one.at("Zkosovo") == 1 + 1);
  }
  SUBCASE("ZS terms: the title's words, as the passages have them") {
    Wdfs title;
    for (const auto& [term, wdf] : terms) {
      if (starts_with(term, "ZS")) title[term] = wdf;
    }
    CHECK(title == wdfs_of(passages.front(), "ZS"));
    CHECK(title.at("ZSjavelin") == 1);
  }
  SUBCASE("no attribution terms, no passage ids, no positions at all") {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      CAPTURE(*it);
      CHECK_FALSE(starts_with(*it, "ZXT"));
      CHECK_FALSE(starts_with(*it, "Q"));
      CHECK(it.positionlist_count() == 0);
      CHECK(it.positionlist_begin() == it.positionlist_end());
    }
    dossier::testing::TempDir dir;
    Xapian::WritableDatabase db(dir.file("articles"), Xapian::DB_CREATE);
    const Xapian::docid id = db.add_document(doc);
    db.commit();
    CHECK_FALSE(db.has_positions());
    Xapian::termcount length = 0;
    for (const auto& [term, wdf] : expected_body) length += wdf;
    for (const auto& [term, wdf] : wdfs_of(passages.front(), "ZS")) length += wdf;
    CHECK(db.get_doclength(id) == length);
  }
  SUBCASE("the filter terms: each that any passage has, and the article term") {
    std::set<std::string> expected;
    for (const Xapian::Document& passage : passages) {
      for (const auto& [term, wdf] : wdfs_of(passage, "X")) expected.insert(term);
    }
    expected.insert(schema::run_term(article.run));  // build() makes a passage without its run; build_documents adds it
    std::set<std::string> filters;
    for (const auto& [term, wdf] : wdfs_of(doc, "X")) {
      filters.insert(term);
      CHECK(wdf == 0);
    }
    CHECK(filters == expected);
    for (const char* term : {"XART:balkans/art-7", "XC:XK", "XC:RU", "XC:RS", "XW:fgm-148", "XA:russian-mfa", "XA:nato",
                             "XAF:RU", "XAF:nato", "XCF:XK", "XCF:RS", "XK:source", "XK:analyst-perspective", "XL:sr",
                             "XS:dossier-wire", "XDY:2024", "XDM:202407", "XDD:20240703"}) {
      CAPTURE(term);
      CHECK(filters.count(term) == 1);
    }
  }
  SUBCASE("slot 0 is the article id; nothing else") {
    CHECK(doc.get_value(schema::kSlotArticleId) == "balkans/art-7");
    CHECK(doc.values_count() == 1);
    CHECK(doc.get_data().empty());
  }
  SUBCASE("build_documents gives the same documents in one pass") {
    const auto both = builder.build_documents(article, tokens, scheme);
    REQUIRE(both.passages.size() == passages.size());
    for (std::size_t i = 0; i < passages.size(); ++i) {
      CAPTURE(i);
      Xapian::Document stamped = passages[i];  // build() knows no run: build_documents stamps the article's
      stamped.add_boolean_term(schema::run_term(article.run));
      CHECK(terms_of(both.passages[i]) == terms_of(stamped));
      CHECK(wdfs_of(both.passages[i]) == wdfs_of(stamped));
      CHECK(both.passages[i].serialise() == stamped.serialise());
    }
    CHECK(wdfs_of(both.article) == terms);
    CHECK(both.article.serialise() == doc.serialise());
  }
}

TEST_CASE("DocumentBuilder::build_article: a title made from the first sentence is not counted as body words") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  dossier::Article article;
  article.meta.id = "untitled";
  article.meta.title = "Kosovo police said";
  article.meta.title_is_fallback = true;
  Passage passage;
  passage.text = "Kosovo police said nothing.";
  article.passages = {passage};
  const auto tokens = std::vector<std::vector<dossier::Token>>{normaliser.tokenize(passage.text)};
  const Wdfs terms = wdfs_of(builder.build_article(article, tokens, CyrillicScheme::Auto));
  CHECK(terms.at("Zkosovo") == 1);  // the passage's word only, as in the passage document
  CHECK(terms.at("ZSkosovo") == 1);
  CHECK(terms.count("XART:untitled") == 1);
  for (const auto& [term, wdf] : terms) {
    CAPTURE(term);
    CHECK_FALSE(starts_with(term, "XL:"));
    CHECK_FALSE(starts_with(term, "XD"));
  }
}

TEST_CASE("DocumentBuilder: every passage and the article document carry the article's copy label") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  dossier::Article article = three_passage_article();
  const CyrillicScheme scheme = dossier::scheme_for_language(article.meta.language);
  std::vector<std::vector<dossier::Token>> tokens;
  for (const Passage& passage : article.passages) tokens.push_back(normaliser.tokenize(passage.text, scheme));

  SUBCASE("nobody's copy: the label it founds, from its own id") {
    const std::string own = dossier::copy_label(article.meta.id);
    const auto built = builder.build_documents(article, tokens, scheme);
    for (const Xapian::Document& passage : built.passages) {
      CHECK(passage.get_value(schema::kSlotCopyGroup) == own);
      CHECK(has_term(terms_of(passage), schema::copy_group_term(own)));
    }
    CHECK(has_term(terms_of(built.article), schema::copy_group_term(own)));
    CHECK(builder.build(article.meta, article.passages.front(), tokens.front(), scheme).get_value(schema::kSlotCopyGroup) == own);
  }
  SUBCASE("a copy: its group's label") {
    article.copy_group = dossier::copy_label("reuters-123");
    const auto built = builder.build_documents(article, tokens, scheme);
    for (const Xapian::Document& passage : built.passages) {
      CHECK(passage.get_value(schema::kSlotCopyGroup) == "11:reuters-123");
      CHECK(has_term(terms_of(passage), "XG:11:reuters-123"));
      CHECK_FALSE(has_term(terms_of(passage), schema::copy_group_term(dossier::copy_label(article.meta.id))));
    }
    CHECK(has_term(terms_of(built.article), "XG:11:reuters-123"));
  }
}
