// Tests for indexer/document_builder.cpp: terms, positions, values and data of a passage document.
#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

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
