#include "searcher/environment.h"

#include <cstdlib>
#include <string_view>

namespace dossier {

namespace {

std::optional<bool> switch_of(const char* value) {
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string_view(value) != "0";
}

}  // namespace

SearchEnvironment read_search_environment(const EnvironmentLookup& lookup) {
  SearchEnvironment environment;
  if (const char* db = lookup("DOSSIER_DB")) environment.db = db;
  environment.length_table = switch_of(lookup("DOSSIER_LENGTH_TABLE"));
  environment.facet_table = switch_of(lookup("DOSSIER_FACET_TABLE"));
  environment.mapped_reads = switch_of(lookup("DOSSIER_MAPPED_READS"));
  environment.one_search_heap = switch_of(lookup("DOSSIER_ONE_SEARCH_HEAP"));
  const char* no_color = lookup("NO_COLOR");
  environment.no_color = no_color != nullptr && *no_color != '\0';
  if (const char* columns = lookup("COLUMNS")) {
    const long value = std::strtol(columns, nullptr, 10);
    if (value >= 40 && value <= 1000) environment.columns = static_cast<std::size_t>(value);
  }
  if (const char* home = lookup("HOME")) environment.home = home;
  // The XDG base directory specification: a relative path is invalid and ignored.
  if (const char* state = lookup("XDG_STATE_HOME"); state != nullptr && state[0] == '/') environment.state_home = state;
  if (const char* pager = lookup("PAGER")) environment.pager = pager;
  if (const char* less = lookup("LESS")) environment.less = less;
  return environment;
}

std::string history_file(const SearchEnvironment& environment) {
  if (!environment.state_home.empty()) return environment.state_home + "/dossier/history";
  if (!environment.home.empty()) return environment.home + "/.local/state/dossier/history";
  return {};
}

std::string old_history_file(const SearchEnvironment& environment) {
  return environment.home.empty() ? std::string() : environment.home + "/.dossier_history";
}

SearcherOptions apply_environment(SearcherOptions options, const SearchEnvironment& environment) {
  if (environment.length_table) options.length_table = *environment.length_table;
  if (environment.facet_table) options.facet_table = *environment.facet_table;
  return options;
}

}  // namespace dossier
