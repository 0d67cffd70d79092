#include "indexer/article_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/schema.h"
#include "common/utf8.h"
#include "indexer/line_reader.h"

namespace dossier {

namespace {

// The absolute form of a source path, for the record (a search may run from another folder).
// JSON Lines asks once per record: the last answer is kept.
std::string absolute_path(const std::string& path) {
  thread_local std::string last_path, last_absolute;
  if (path != last_path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    last_absolute = error ? path : absolute.lexically_normal().string();
    last_path = path;
  }
  return last_absolute;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "Key: value" when Key is a header key; false otherwise.
bool split_header(std::string_view line, std::string& key, std::string& value) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 20) return false;
  key = lower_ascii(trim(line.substr(0, colon)));
  value = std::string(trim(line.substr(colon + 1)));
  return std::all_of(key.begin(), key.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

void apply_header(ArticleMeta& meta, const std::string& key, const std::string& value, const std::string& path,
                  std::size_t line, const ReadEvents& events) {
  if (key == "title") {
    meta.title = value;
  } else if (key == "date") {
    meta.date = normalise_iso_date(value);
    if (meta.date.empty() && !value.empty() && events.warning) {
      events.warning(InputError(path, line, "date '" + value + "' is not ISO 8601 (YYYY-MM-DD); date left empty"));
    }
  } else if (key == "source") {
    meta.source = value;
  } else if (key == "url") {
    meta.url = value;
  } else if (key == "language" || key == "lang") {
    meta.language = lower_ascii(value);
  } else if (key == "id") {
    meta.id = value;
  }
}

void finish_article(Article& article, const std::vector<std::string>& paragraphs, const std::string& path,
                    std::size_t line, std::size_t max_passages) {
  // Checked before the passages are built (about 1.4 KB each, tokens and tags to come): an
  // article of millions of one-letter lines must cost an error, not the whole run's memory.
  const std::size_t count = static_cast<std::size_t>(
      std::count_if(paragraphs.begin(), paragraphs.end(), [](const std::string& p) { return !trim(p).empty(); }));
  if (count > max_passages) {
    throw InputError(path, line, "article of " + std::to_string(count) + " paragraphs, more than --max-passages " +
                                     std::to_string(max_passages) + "; skipped");
  }
  article.passages = make_passages(paragraphs);
  if (article.passages.empty()) throw InputError(path, line, "empty article: no paragraphs");
  if (article.meta.title.empty()) {
    article.meta.title = fallback_title(article.passages);
    article.meta.title_is_fallback = true;
  }
}

// Data after the gzip stream is not read: reported as a problem (the file is read again by
// --retry-failed, and deletes nothing), the articles before it are indexed.
void report_trailing(const LineReader& reader, const ReadEvents& events) {
  if (reader.trailing_bytes() == 0) return;
  events.skipped(InputError(reader.path(), 0, std::to_string(reader.trailing_bytes()) +
                                                  " bytes after the end of the gzip data were not read (not a gzip member)"));
}

}  // namespace

bool is_header_key(std::string_view key) {
  static const char* const keys[] = {"title", "date", "source", "url", "language", "lang", "id"};
  const std::string lower = lower_ascii(key);
  return std::find(std::begin(keys), std::end(keys), lower) != std::end(keys);
}

std::string normalise_iso_date(std::string_view text) {
  text = trim(text);
  if (text.size() < 10) return {};
  const auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
    }
    return true;
  };
  if (!digits(0, 4) || text[4] != '-' || !digits(5, 2) || text[7] != '-' || !digits(8, 2)) return {};
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return {};
  const int month = std::stoi(std::string(text.substr(5, 2)));
  const int day = std::stoi(std::string(text.substr(8, 2)));
  const int year = std::stoi(std::string(text.substr(0, 4)));
  static const int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1]) return {};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return {};
  return std::string(text.substr(0, 10));
}

Article parse_plain_article(const std::vector<std::string>& lines, const std::string& path,
                            const std::string& default_id, const ReadEvents& events, std::size_t max_passages) {
  Article article;
  article.origin = path;
  article.location = {absolute_path(path), 0};
  std::size_t i = 0;
  std::string key, value;
  // A header block: the first line is a known "Key: value" and the block ends at a blank line.
  if (!lines.empty() && split_header(lines[0], key, value) && is_header_key(key)) {
    for (; i < lines.size() && !trim(lines[i]).empty(); ++i) {
      if (split_header(lines[i], key, value) && is_header_key(key)) {
        apply_header(article.meta, key, value, path, i + 1, events);
      } else if (events.warning) {
        events.warning(InputError(path, i + 1, "not a known 'Key: value' header line; ignored (headers end at the first blank line)"));
      }
    }
  }
  if (article.meta.id.empty()) article.meta.id = default_id;

  // Blank lines between the header and the body (or before the body) do not make it a
  // blank-line-separated body.
  while (i < lines.size() && trim(lines[i]).empty()) ++i;
  const std::size_t body_start = i;
  const auto body = lines.begin() + static_cast<std::ptrdiff_t>(body_start);
  const bool blocks = std::any_of(body, lines.end(), [](const std::string& l) { return trim(l).empty(); });
  std::vector<std::string> paragraphs;
  if (blocks) {
    // Paragraphs separated by blank lines; hard-wrapped lines inside one are joined.
    std::string current;
    for (; i < lines.size(); ++i) {
      const std::string_view line = trim(lines[i]);
      if (line.empty()) {
        if (!current.empty()) paragraphs.push_back(std::move(current));
        current.clear();
        continue;
      }
      if (!current.empty()) current += ' ';
      current += line;
    }
    if (!current.empty()) paragraphs.push_back(std::move(current));
  } else {
    for (; i < lines.size(); ++i) paragraphs.emplace_back(trim(lines[i]));
  }
  finish_article(article, paragraphs, path, 0, max_passages);
  return article;
}

void read_plain_file(const std::string& path, const std::string& default_id, const ReadLimits& limits,
                     const ReadEvents& events) {
  try {
    LineReader reader(path, limits.max_line_bytes, /*lone_cr_ends_line=*/true);
    std::vector<std::string> lines;
    std::size_t total = 0;
    std::uint64_t source_hash = schema::fnv1a64("");
    std::optional<InputError> first_repair;  // one warning per file, however many lines were bad
    std::optional<InputError> first_invalid;  // --invalid-utf8 skip: the file's first bad line
    std::size_t repaired_lines = 0;
    Line line;
    while (reader.next(line)) {
      if (line.has_nul) throw InputError(path, line.number, "binary data (NUL byte); file skipped");
      if (line.too_long) {
        throw InputError(path, line.number, "line longer than " + std::to_string(limits.max_line_bytes) + " bytes; file skipped");
      }
      total += line.text.size();
      source_hash = schema::fnv1a64(line.text, schema::fnv1a64("\n", source_hash));
      if (auto bad = utf8::find_invalid(line.text)) {
        // Skipped once the whole file is read: a NUL further on makes it "binary data", the
        // clearer reason (a binary file with CR bytes splits into many lines).
        if (limits.invalid_utf8 == InvalidUtf8::Skip && !first_invalid) {
          first_invalid.emplace(path, line.number, "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line; file skipped");
        }
        if (!first_repair) first_repair.emplace(path, line.number, "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
        ++repaired_lines;
        line.text = utf8::repair(line.text);
      }
      // Each line costs a string before any paragraph is counted: bound them too.
      if (line.number > 4 * limits.max_passages + 1000) {
        throw InputError(path, line.number, "article of more than " + std::to_string(4 * limits.max_passages + 1000) +
                                                " lines (--max-passages " + std::to_string(limits.max_passages) + "); file skipped");
      }
      if (total > limits.max_article_bytes) {
        throw InputError(path, line.number, "article larger than " + std::to_string(limits.max_article_bytes) + " bytes; file skipped");
      }
      if (line.number == 1 && line.text.rfind("\xEF\xBB\xBF", 0) == 0) line.text.erase(0, 3);  // BOM
      lines.push_back(std::move(line.text));
    }
    if (first_invalid) throw *first_invalid;
    report_trailing(reader, events);
    Article article = parse_plain_article(lines, path, default_id, events, limits.max_passages);
    article.source_hash = source_hash;
    if (first_repair) {
      const std::string more = repaired_lines > 1 ? " (and " + std::to_string(repaired_lines - 1) + " more lines)" : "";
      events.warning(InputError(first_repair->path(), first_repair->line(),
                                first_repair->reason() + more + " replaced by U+FFFD"));
    }
    events.article(std::move(article));
  } catch (const InputError& error) {
    events.skipped(error);
  }
}

Article parse_jsonl_record(std::string_view line, const std::string& path, std::size_t line_number,
                           const std::string& id_base, const ReadEvents& events, std::size_t max_passages) {
  using nlohmann::json;
  json record;
  try {
    record = json::parse(line);
  } catch (const json::exception& error) {  // parse_error, and out_of_range for 1e999
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, ";
    // keep the column and the reason.
    std::string reason = error.what();
    if (const std::size_t column = reason.find("column "); column != std::string::npos) reason.erase(0, column);
    throw InputError(path, line_number, "malformed JSON at " + reason);
  }
  if (!record.is_object()) throw InputError(path, line_number, "not a JSON object");

  const auto text_field = [&](const char* name, bool allow_number) -> std::string {
    const auto it = record.find(name);
    if (it == record.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    // Unsigned first: 18446744073709551615 read as a signed number became "-1" (and replaced the
    // article whose id is -1).
    if (allow_number && it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
    if (allow_number && it->is_number_integer()) return std::to_string(it->get<long long>());
    throw InputError(path, line_number, std::string("field '") + name + "' must be a string");
  };
  Article article;
  article.origin = path + ":" + std::to_string(line_number);
  article.location = {absolute_path(path), line_number};
  article.meta.id = text_field("id", true);
  article.meta.title = text_field("title", false);
  const std::string date = text_field("date", false);
  article.meta.source = text_field("source", false);
  article.meta.url = text_field("url", false);
  article.meta.language = lower_ascii(text_field("lang", false));
  const std::string text = text_field("text", false);
  if (article.meta.id.empty()) {
    article.meta.id = id_base + ":" + std::to_string(line_number);
    if (events.warning) events.warning(InputError(path, line_number, "no 'id'; using '" + article.meta.id + "'"));
  }
  article.meta.date = normalise_iso_date(date);
  if (article.meta.date.empty() && !date.empty() && events.warning) {
    events.warning(InputError(path, line_number, "date '" + date + "' is not ISO 8601 (YYYY-MM-DD); date left empty"));
  }
  // Bounded before splitting: an 8 MB line of 2.7 million "\n" would otherwise become as many
  // strings first.
  if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) > 4 * max_passages + 4) {
    throw InputError(path, line_number, "text of more than " + std::to_string(4 * max_passages + 4) +
                                            " lines (--max-passages " + std::to_string(max_passages) + "); line skipped");
  }
  std::vector<std::string> paragraphs;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string::npos) newline = text.size();
    paragraphs.emplace_back(trim(std::string_view(text).substr(start, newline - start)));
    start = newline + 1;
  }
  finish_article(article, paragraphs, path, line_number, max_passages);
  return article;
}

void read_jsonl_file(const std::string& path, const std::string& id_base, const ReadLimits& limits,
                     const ReadEvents& events) {
  try {
    LineReader reader(path, limits.max_line_bytes);
    Line line;
    while (reader.next(line)) {
      try {
        if (line.has_nul) throw InputError(path, line.number, "binary data (NUL byte); line skipped");
        if (line.too_long) {
          throw InputError(path, line.number, "line longer than " + std::to_string(limits.max_line_bytes) + " bytes; line skipped");
        }
        if (trim(line.text).empty()) continue;
        const std::uint64_t source_hash = schema::fnv1a64(line.text);
        if (auto bad = utf8::find_invalid(line.text)) {
          const std::string where = "invalid UTF-8 at byte " + std::to_string(*bad + 1);
          if (limits.invalid_utf8 == InvalidUtf8::Skip) throw InputError(path, line.number, where + "; line skipped");
          events.warning(InputError(path, line.number, where + " replaced by U+FFFD"));
          line.text = utf8::repair(line.text);
        }
        Article article = parse_jsonl_record(line.text, path, line.number, id_base, events, limits.max_passages);
        article.source_hash = source_hash;
        events.article(std::move(article));
      } catch (const InputError& error) {
        events.skipped(error);
      }
    }
    report_trailing(reader, events);
  } catch (const InputError& error) {
    events.skipped(error);  // open/read errors and truncated gzip: the rest of the file is lost
  }
}

}  // namespace dossier
