// Readers for the two input formats. Each reports articles and per-file/per-line problems
// through ReadEvents, so one bad line never stops the rest of the file or the run.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/passage.h"

namespace dossier {

// What to do with bytes that are not UTF-8 (--invalid-utf8).
enum class InvalidUtf8 {
  Repair,  // replace each bad sequence by U+FFFD, index the article, warn with file:line
  Skip,    // skip the article (plain text) or line (JSONL) and list it for --retry-failed
};

inline constexpr std::size_t kDefaultMaxPassages = 10000;

struct ReadLimits {
  std::size_t max_line_bytes = 8u << 20;      // a longer line skips its article (plain) or line (JSONL)
  std::size_t max_article_bytes = 64u << 20;  // a larger plain-text article is skipped
  InvalidUtf8 invalid_utf8 = InvalidUtf8::Repair;
  // More paragraphs skip the article (plain) or line (JSONL): memory per article is bounded
  // (about 1.4 KB per passage before tagging). Lines are bounded at 4x this (plus 1000).
  std::size_t max_passages = kDefaultMaxPassages;
};

struct ReadEvents {
  std::function<void(Article&&)> article;
  std::function<void(const InputError&)> skipped;  // the article or line was not indexed
  std::function<void(const InputError&)> warning;  // indexed, but something was dropped or fixed
};

// The header keys of the plain-text format (case-insensitive).
bool is_header_key(std::string_view key);

// Parses one plain-text article from its lines (README, "Input formats"). default_id is
// used when the header has no ID. Throws InputError for an article that cannot be indexed.
Article parse_plain_article(const std::vector<std::string>& lines, const std::string& path,
                            const std::string& default_id, const ReadEvents& events,
                            std::size_t max_passages = kDefaultMaxPassages);

// Reads a plain-text file (optionally gzip-compressed): one article.
void read_plain_file(const std::string& path, const std::string& default_id, const ReadLimits& limits,
                     const ReadEvents& events);

// Parses one JSON Lines record. Throws InputError for a line that cannot be indexed.
Article parse_jsonl_record(std::string_view line, const std::string& path, std::size_t line_number,
                           const std::string& id_base, const ReadEvents& events,
                           std::size_t max_passages = kDefaultMaxPassages);

// Reads a JSON Lines file (optionally gzip-compressed): one article per line.
void read_jsonl_file(const std::string& path, const std::string& id_base, const ReadLimits& limits,
                     const ReadEvents& events);

// "2024-03-05", "2024-03-05T10:00:00Z" -> "2024-03-05"; empty when text is not an ISO date.
std::string normalise_iso_date(std::string_view text);

}  // namespace dossier
