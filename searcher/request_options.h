// The request options that both the command line (searcher/cli.h) and the interactive session
// (searcher/interactive.h) take, parsed by one rule each, and the one way a query error is
// printed. `option` is how the caller names the option in its message ("--sort", ":sort").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"
#include "searcher/request.h"

namespace dossier {

// Hits per page, on the command line and interactively.
inline constexpr std::size_t kMaxLimit = 10000;

// relevance, date (oldest first) or -date (newest first). Throws UsageError.
SortOrder parse_sort_order(std::string_view text, std::string_view option);
// article or passage: true for passage. Throws UsageError.
bool parse_by_passage(std::string_view text, std::string_view option);
// on or off: true for on. Throws UsageError (":exact", ":copies").
bool parse_on_off(std::string_view text, std::string_view option);
// 1 to kMaxLimit. Throws UsageError.
std::size_t check_limit(std::size_t limit, std::string_view option);
// 0 to kMaxOffset: Xapian counts hits in 32 bits, and a larger offset wrapped around (a date-sorted
// search with --offset 4294967296 showed the first page). Throws UsageError.
inline constexpr std::size_t kMaxOffset = 1'000'000'000;
std::size_t check_offset(std::size_t offset, std::string_view option);

// "query error at position N: reason (hint: ...)", sanitised for the terminal, no newline.
std::string describe_query_error(const QueryError& error);

}  // namespace dossier
