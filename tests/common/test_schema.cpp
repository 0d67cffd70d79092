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
  CHECK(schema::kFormatVersion == 2);
}
