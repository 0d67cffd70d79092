// Tests for common/schema.cpp: slugs, term builders and facet names.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/schema.h"
#include "test_support.h"

namespace schema = dossier::schema;
using schema::Facet;

TEST_CASE("schema::slug") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"Analyst perspective", "analyst-perspective"},
      {"Source", "source"},
      {"SOURCE", "source"},
      {"Editor's note", "editor-s-note"},
      {"  Balkan   Security  Monitor ", "balkan-security-monitor"},
      {"Reuters/AP", "reuters-ap"},
      {"Dossier Wire 2", "dossier-wire-2"},
      {"---", ""},
      {"", ""},
      {"Извор", "Извор"},
      {"Izvor: Beta", "izvor-beta"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(schema::slug(c.text) == c.expected);
  }
}

TEST_CASE("schema term builders") {
  CHECK(schema::passage_id_term("javelin-kosovo", 0) == "Qjavelin-kosovo#0");
  CHECK(schema::passage_id_term("balkans/2023-kfor", 12) == "Qbalkans/2023-kfor#12");
  CHECK(schema::article_term("javelin-kosovo") == "XART:javelin-kosovo");
  CHECK(schema::article_term("wire:3") == "XART:wire:3");
}

TEST_CASE("schema facet names and prefixes") {
  struct Case {
    const char* name;
    bool ok;
    Facet facet;
    const char* prefix;
  };
  const std::vector<Case> cases = {
      {"country", true, Facet::Country, "XC:"},
      {"actor", true, Facet::Actor, "XA:"},
      {"weapon", true, Facet::Weapon, "XW:"},
      {"Country", false, Facet::Weapon, ""},
      {"countries", false, Facet::Weapon, ""},
      {"", false, Facet::Weapon, ""},
      {"kind", false, Facet::Weapon, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Facet facet = Facet::Weapon;
    CHECK(schema::parse_facet_name(c.name, facet) == c.ok);
    if (c.ok) {
      CHECK(facet == c.facet);
      CHECK(schema::facet_name(facet) == c.name);
      CHECK(schema::facet_prefix(facet) == c.prefix);
    } else {
      CHECK(facet == Facet::Weapon);  // untouched
    }
  }
  CHECK(static_cast<char>(Facet::Country) == 'C');
  CHECK(static_cast<char>(Facet::Actor) == 'A');
  CHECK(static_cast<char>(Facet::Weapon) == 'W');
  CHECK(schema::kFormatVersion == 3);
}

TEST_CASE("article_facets_value: length-prefixed id, then the codes; round trip with odd ids") {
  CHECK(schema::article_facets_value("2024-kfor", "C:RS\x1fW:drone") == "9:2024-kforC:RS\x1fW:drone");
  CHECK(schema::article_facets_value("a", "") == "1:a");
  for (const std::string& id : {std::string("x"), std::string("12:34"), std::string("a\x1f" "C:RU"), std::string("nul\0id", 6),
                               std::string(300, 'z')}) {
    CAPTURE(id);
    const std::string value = schema::article_facets_value(id, "C:RU\x1f" "A:nato");
    std::string_view article, codes;
    REQUIRE(schema::split_article_facets_value(value, article, codes));
    CHECK(article == id);
    CHECK(codes == "C:RU\x1f" "A:nato");
  }
  std::string_view article, codes;
  for (const char* bad : {"", ":x", "x:abc", "5:abc", "12345678901:x", "-1:x"}) {
    CAPTURE(bad);
    CHECK_FALSE(schema::split_article_facets_value(bad, article, codes));
  }
}

TEST_CASE("shard_identity round trip and malformed identities") {
  CHECK(schema::shard_identity("3f2a", 1, 3) == "3f2a 1/3");
  std::string id;
  std::size_t shard = 0, shards = 0;
  REQUIRE(schema::parse_shard_identity("3f2a 1/3", id, shard, shards));
  CHECK(id == "3f2a");
  CHECK(shard == 1);
  CHECK(shards == 3);
  for (const char* bad : {"", "3f2a", "3f2a 1", " 1/3", "3f2a 3/3", "3f2a x/3", "3f2a 1/", "3f2a 1/3x"}) {
    CAPTURE(bad);
    CHECK_FALSE(schema::parse_shard_identity(bad, id, shard, shards));
  }
}
