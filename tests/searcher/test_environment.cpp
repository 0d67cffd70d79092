#include "searcher/environment.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "searcher/index_reader.h"
#include "searcher/search.h"
#include "test_support.h"

using namespace dossier;

namespace {

// A fake environment: the tests never depend on the developer's.
EnvironmentLookup lookup_in(const std::map<std::string, std::string>& variables) {
  return [variables](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

}  // namespace

TEST_CASE("read_search_environment: every variable, unset, empty, 0 and 1") {
  const SearchEnvironment none = read_search_environment(lookup_in({}));
  CHECK(none.db.empty());
  CHECK_FALSE(none.length_table.has_value());
  CHECK_FALSE(none.facet_table.has_value());
  CHECK_FALSE(none.mapped_reads.has_value());
  CHECK_FALSE(none.one_search_heap.has_value());
  CHECK_FALSE(none.no_color);
  CHECK(none.columns == 0);
  CHECK(none.home.empty());

  const SearchEnvironment set = read_search_environment(lookup_in({{"DOSSIER_DB", "/data/archive.db"},
                                                                   {"DOSSIER_LENGTH_TABLE", "0"},
                                                                   {"DOSSIER_FACET_TABLE", "1"},
                                                                   {"DOSSIER_MAPPED_READS", "yes"},
                                                                   {"DOSSIER_ONE_SEARCH_HEAP", "0"},
                                                                   {"NO_COLOR", "1"},
                                                                   {"COLUMNS", "120"},
                                                                   {"HOME", "/home/analyst"}}));
  CHECK(set.db == "/data/archive.db");
  CHECK(set.length_table == std::optional<bool>(false));
  CHECK(set.facet_table == std::optional<bool>(true));
  CHECK(set.mapped_reads == std::optional<bool>(true));  // anything but 0 is on
  CHECK(set.one_search_heap == std::optional<bool>(false));
  CHECK(set.no_color);
  CHECK(set.columns == 120);
  CHECK(set.home == "/home/analyst");

  // Empty: as if unset, the tool's default stands. COLUMNS out of range: ignored.
  const SearchEnvironment empty = read_search_environment(
      lookup_in({{"DOSSIER_LENGTH_TABLE", ""}, {"NO_COLOR", ""}, {"DOSSIER_MAPPED_READS", ""}, {"COLUMNS", "20"}}));
  CHECK_FALSE(empty.length_table.has_value());
  CHECK_FALSE(empty.mapped_reads.has_value());
  CHECK_FALSE(empty.no_color);
  CHECK(empty.columns == 0);
  CHECK(read_search_environment(lookup_in({{"COLUMNS", "5000"}})).columns == 0);
}

TEST_CASE("apply_environment: a switch that is set overrides the option, an unset one leaves it") {
  const SearcherOptions on{0, true, true};
  const SearcherOptions off{0, false, false};
  SearchEnvironment environment;
  CHECK(apply_environment(on, environment).length_table);
  CHECK_FALSE(apply_environment(off, environment).facet_table);
  environment.length_table = false;
  environment.facet_table = true;
  const SearcherOptions applied = apply_environment(on, environment);
  CHECK_FALSE(applied.length_table);
  CHECK(applied.facet_table);
  CHECK(apply_environment(off, environment).facet_table);
  CHECK(apply_environment(SearcherOptions{4, true, true}, environment).threads == 4);  // not a switch
}

TEST_CASE("read_search_environment reads the process environment through the lookup a main passes") {
  ::setenv("DOSSIER_LENGTH_TABLE", "0", 1);
  const SearchEnvironment real = read_search_environment([](const char* name) { return std::getenv(name); });
  ::unsetenv("DOSSIER_LENGTH_TABLE");
  CHECK(real.length_table == std::optional<bool>(false));
  CHECK(apply_environment(SearcherOptions{}, read_search_environment(lookup_in({}))).length_table);
}
