#include "bench/baseline_query.h"

#include <algorithm>
#include <cctype>

#include "bench/harness.h"

namespace dossier::bench {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The query as chunks: a quoted phrase, a parenthesis, or a run of other characters.
std::vector<std::string> chunks(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '"') {
      const std::size_t close = text.find('"', i + 1);
      const std::size_t end = close == std::string::npos ? text.size() : close + 1;
      out.push_back(text.substr(i, end - i));
      i = end;
    } else if (c == '(' || c == ')') {
      out.emplace_back(1, c);
      ++i;
    } else {
      const std::size_t start = i;
      while (i < text.size() && !is_space(text[i]) && text[i] != '"' && text[i] != '(' && text[i] != ')') ++i;
      out.push_back(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> pad_date(std::string_view text, bool end_of_period) {
  const auto part = [&](std::size_t pos, std::size_t length) { return text.substr(pos, length); };
  if (text.size() == 4 && all_digits(text)) return std::string(text) + (end_of_period ? "1231" : "0101");
  if (text.size() == 7 && text[4] == '-' && all_digits(part(0, 4)) && all_digits(part(5, 2))) {
    return std::string(part(0, 4)) + std::string(part(5, 2)) + (end_of_period ? "31" : "01");
  }
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(part(0, 4)) && all_digits(part(5, 2)) &&
      all_digits(part(8, 2))) {
    return std::string(part(0, 4)) + std::string(part(5, 2)) + std::string(part(8, 2));
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> date_bounds(std::string_view value) {
  const std::size_t dots = value.find("..");
  if (dots == std::string_view::npos) {
    const auto from = pad_date(value, false), to = pad_date(value, true);
    if (!from || !to) return std::nullopt;
    return std::make_pair(*from, *to);
  }
  const std::string_view first = value.substr(0, dots), last = value.substr(dots + 2);
  if (first.empty() && last.empty()) return std::nullopt;
  std::pair<std::string, std::string> bounds;
  if (!first.empty()) {
    const auto from = pad_date(first, false);
    if (!from) return std::nullopt;
    bounds.first = *from;
  }
  if (!last.empty()) {
    const auto to = pad_date(last, true);
    if (!to) return std::nullopt;
    bounds.second = *to;
  }
  return bounds;
}

SplitQuery split_filters(const std::string& query) {
  SplitQuery split;
  for (const std::string& chunk : chunks(query)) {
    const std::size_t colon = chunk.find(':');
    const bool field = chunk.front() != '"' && colon != std::string::npos && colon > 0 &&
                       std::all_of(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(colon),
                                   [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
    if (!field) {
      split.text += (split.text.empty() ? "" : " ") + chunk;
      continue;
    }
    const std::string name = lower(chunk.substr(0, colon));
    const std::string value = chunk.substr(colon + 1);
    if (value.empty()) throw BenchQueryError("'" + name + ":' without a value");
    if (name == "country") split.facets.push_back({'C', [&] {
      std::string id = value;
      std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return id;
    }()});
    else if (name == "actor") split.facets.push_back({'A', lower(value)});
    else if (name == "weapon") split.facets.push_back({'W', lower(value)});
    else if (name == "date") {
      if (split.has_date) throw BenchQueryError("two date filters");
      const auto bounds = date_bounds(value);
      if (!bounds) throw BenchQueryError("not a date or date range: '" + value + "'");
      split.has_date = true;
      split.date_from = bounds->first;
      split.date_to = bounds->second;
    } else {
      throw BenchQueryError("the field '" + name + ":' is not supported by the baselines");
    }
  }
  return split;
}

std::string fts5_match_expression(const std::string& text) {
  std::string out;
  bool previous_operand = false;  // an operand or ')' just ended: a following operand needs OR
  bool any_word = false;
  for (const std::string& chunk : chunks(text)) {
    const bool binary = chunk == "AND" || chunk == "OR" || chunk == "NOT";
    if (chunk == "XOR" || chunk.rfind("NEAR", 0) == 0 || chunk.rfind("ADJ", 0) == 0) {
      throw BenchQueryError("'" + chunk + "' has no FTS5 equivalent here");
    }
    const bool opens = chunk == "(" || (!binary && chunk != ")");
    if (opens && previous_operand) out += " OR";
    if (!out.empty()) out += ' ';
    if (chunk.front() == '"') {
      out += chunk.back() == '"' && chunk.size() > 1 ? chunk : chunk + '"';
      any_word = true;
    } else if (binary || chunk == "(" || chunk == ")") {
      out += chunk;
    } else {
      if (chunk.front() == '+' || chunk.front() == '-') throw BenchQueryError("'" + chunk + "': +/- has no FTS5 equivalent here");
      const bool prefix = chunk.size() > 1 && chunk.back() == '*';
      const std::string word = prefix ? chunk.substr(0, chunk.size() - 1) : chunk;
      if (word.find('"') != std::string::npos) throw BenchQueryError("quote inside a word");
      out += '"' + word + '"' + (prefix ? "*" : "");
      any_word = true;
    }
    previous_operand = !binary && chunk != "(";
  }
  if (!any_word) throw BenchQueryError("a query without words is not supported by the FTS5 baseline");
  return out;
}

}  // namespace dossier::bench
