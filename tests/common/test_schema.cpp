// Tests for common/schema.cpp: slugs, term builders and facet names.
#include <doctest/doctest.h>

#include <set>
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
  CHECK(schema::kFormatVersion == 9);  // 9: the passages of articles of one passage marked
}

TEST_CASE("shard_dir_name and article_dir_name: the same number, apart from the other directories") {
  CHECK(schema::shard_dir_name(0) == "shard-000");
  CHECK(schema::article_dir_name(0) == "articles-000");
  CHECK(schema::shard_dir_name(7) == "shard-007");
  CHECK(schema::article_dir_name(7) == "articles-007");
  CHECK(schema::shard_dir_name(1234) == "shard-1234");
  CHECK(schema::article_dir_name(1234) == "articles-1234");
  for (std::size_t shard : {0u, 1u, 99u, 1000u}) {
    CAPTURE(shard);
    CHECK(schema::article_dir_name(shard) != schema::kMetaDir);
    CHECK(schema::article_dir_name(shard).rfind("shard-", 0) == std::string::npos);
  }
}

TEST_CASE("date_terms and date_range_terms (golden)") {
  CHECK(schema::date_terms("20240305") == std::vector<std::string>{"XDY:2024", "XDM:202403", "XDD:20240305"});
  CHECK(schema::date_terms("2024-03-05").empty());
  struct Case {
    const char* from;
    const char* to;
    std::vector<std::string> terms;
  };
  const std::vector<Case> cases = {
      {"20230101", "20241231", {"XDY:2023", "XDY:2024"}},
      {"20200101", "20210631", {"XDY:2020", "XDM:202101", "XDM:202102", "XDM:202103", "XDM:202104", "XDM:202105", "XDM:202106"}},
      {"20240229", "20240302", {"XDD:20240229", "XDD:20240230", "XDD:20240231", "XDD:20240301", "XDD:20240302"}},
      {"20231201", "20240131", {"XDM:202312", "XDM:202401"}},
      {"20240305", "20240305", {"XDD:20240305"}},
      {"20240306", "20240305", {}},
      {"2024", "20240305", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.from);
    CAPTURE(c.to);
    CHECK(schema::date_range_terms(c.from, c.to) == c.terms);
  }
}

TEST_CASE("date_range_terms holds exactly the dates a value range holds (against a brute force)") {
  // Every day of 2023-2025 (with the non-existent 29-31s a padded bound can name), against a
  // set of ranges: a date is in the terms' OR exactly when from <= date <= to as strings.
  std::vector<std::string> days;
  for (int y = 2023; y <= 2025; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) days.push_back(std::to_string(y * 10000 + m * 100 + d));
    }
  }
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"20230101", "20251231"}, {"20230315", "20241102"}, {"20240201", "20240231"}, {"20231231", "20240101"},
      {"20230601", "20230631"}, {"20250110", "20250109"}, {"20230102", "20251230"}, {"20240301", "20250228"}};
  for (const auto& [from, to] : ranges) {
    CAPTURE(from);
    CAPTURE(to);
    const std::vector<std::string> terms = schema::date_range_terms(from, to);
    std::set<std::string> term_set(terms.begin(), terms.end());
    for (const std::string& day : days) {
      const auto covered = [&] {
        for (const std::string& term : schema::date_terms(day)) {
          if (term_set.count(term) > 0) return true;
        }
        return false;
      }();
      CAPTURE(day);
      CHECK(covered == (from <= day && day <= to));
    }
  }
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

TEST_CASE("run terms and the run number: written and read back, anything else refused") {
  CHECK(schema::run_term(0) == "XR:0");
  CHECK(schema::run_term(12345678901234ULL) == "XR:12345678901234");
  std::uint64_t run = 99;
  CHECK(schema::parse_run_term("XR:17", run));
  CHECK(run == 17);
  for (const char* bad : {"XR:", "XR:1x", "XR:-1", "XA:17", "XR", "", "XR:99999999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(schema::parse_run_term(bad, run));
  }
  CHECK(schema::parse_run("42") == 42);
  CHECK(schema::parse_run("") == 0);
  CHECK(schema::parse_run("4x") == 0);
  CHECK(schema::readable_format("7"));
  CHECK(schema::readable_format("8"));
  CHECK(schema::readable_format("9"));
  CHECK_FALSE(schema::readable_format("6"));
  CHECK_FALSE(schema::readable_format("10"));
  CHECK_FALSE(schema::readable_format(""));
}
