#include "searcher/request_options.h"

#include "common/terminal.h"

namespace dossier {

SortOrder parse_sort_order(std::string_view text, std::string_view option) {
  if (text == "relevance") return SortOrder::Relevance;
  if (text == "date") return SortOrder::DateAscending;
  if (text == "-date") return SortOrder::DateDescending;
  throw UsageError(std::string(option) + " must be relevance, date or -date, not '" + std::string(text) + "'");
}

bool parse_by_passage(std::string_view text, std::string_view option) {
  if (text != "article" && text != "passage") {
    throw UsageError(std::string(option) + " must be 'article' or 'passage', not '" + std::string(text) + "'");
  }
  return text == "passage";
}

bool parse_on_off(std::string_view text, std::string_view option) {
  if (text != "on" && text != "off") throw UsageError(std::string(option) + " takes on or off");
  return text == "on";
}

std::size_t check_limit(std::size_t limit, std::string_view option) {
  if (limit == 0 || limit > kMaxLimit) throw UsageError(std::string(option) + " must be 1 to " + std::to_string(kMaxLimit));
  return limit;
}

std::size_t check_offset(std::size_t offset, std::string_view option) {
  if (offset > kMaxOffset) throw UsageError(std::string(option) + " must be 0 to " + std::to_string(kMaxOffset));
  return offset;
}

std::string describe_query_error(const QueryError& error) {
  std::string out = sanitise_for_terminal(error.what());
  if (!error.hint().empty()) out += " (hint: " + sanitise_for_terminal(error.hint()) + ")";
  return out;
}

}  // namespace dossier
