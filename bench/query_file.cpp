#include "bench/query_file.h"

#include <fstream>

#include "common/error.h"
#include "common/utf8.h"

namespace dossier::bench {

namespace {

constexpr std::string_view kClassDirective = "class:";

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// Why a line cannot be a query, or empty.
std::string line_problem(std::string_view line) {
  if (line.size() > kMaxQueryBytes) return "query longer than " + std::to_string(kMaxQueryBytes) + " bytes";
  if (const auto bad = utf8::find_invalid(line)) return "invalid UTF-8 at byte " + std::to_string(*bad + 1);
  for (const char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return "control character in the query";
  }
  return {};
}

}  // namespace

QueryList parse_query_lines(std::istream& in, const std::string& name) {
  QueryList list;
  std::string label = "file";
  std::string raw;
  std::size_t number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const std::string origin = name + ":" + std::to_string(number);
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();  // CRLF files
    // Checked before trimming so that a NUL or an escape anywhere is reported, not stripped.
    const std::string problem = line_problem(raw);
    if (!problem.empty()) {
      list.skipped.push_back({origin, problem});
      continue;
    }
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (line.front() == '#') {
      const std::string_view comment = trim(line.substr(1));
      if (comment.substr(0, kClassDirective.size()) == kClassDirective) {
        const std::string_view value = trim(comment.substr(kClassDirective.size()));
        label = value.empty() ? "file" : std::string(value);
      }
      continue;
    }
    list.queries.push_back({std::string(line), label, origin});
  }
  return list;
}

QueryList read_query_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open the query file");
  QueryList list = parse_query_lines(in, path);
  if (in.bad()) throw InputError(path, 0, "read error");
  return list;
}

void write_query_lines(std::ostream& out, const std::vector<BenchQuery>& queries, const std::string& header) {
  if (!header.empty()) out << "# " << header << '\n';
  std::string label;
  for (const BenchQuery& query : queries) {
    if (query.label != label) {
      label = query.label;
      out << "# class: " << label << '\n';
    }
    out << query.text << '\n';
  }
}

}  // namespace dossier::bench
