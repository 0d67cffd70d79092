// Plain-text articles: header block, paragraphs, passages and attribution tags
// (indexer/article_reader.h parse_plain_article, common/passage.h make_passages), then the rest
// of what the indexer does with an article (fuzz_pipeline.h).
//
// The input is one article file. Like read_plain_file, lines with a NUL byte or invalid UTF-8
// never reach the parser (the reader skips such files), so those inputs stop early.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_pipeline.h"
#include "indexer/article_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::Pipeline pipeline;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines = fuzz::split_lines(input);
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find('\0') != std::string::npos || !fuzz::valid_utf8(line)) return 0;
  }
  if (!lines.empty() && lines[0].rfind("\xEF\xBB\xBF", 0) == 0) lines[0].erase(0, 3);

  std::size_t warnings = 0;
  dossier::ReadEvents events;
  events.warning = [&](const dossier::InputError& warning) {
    ++warnings;
    FUZZ_CHECK(warning.line() >= 1 && warning.line() <= lines.size(), "warning names line %zu of %zu", warning.line(),
               lines.size());
  };
  dossier::Article article;
  try {
    article = dossier::parse_plain_article(lines, "fuzz/article.txt", "fuzz/article", events);
  } catch (const dossier::InputError& error) {
    FUZZ_CHECK(error.path() == "fuzz/article.txt", "InputError without the path");
    return 0;
  }
  FUZZ_CHECK(article.origin == "fuzz/article.txt", "origin '%s'", article.origin.c_str());
  pipeline.check(article);
  return 0;
}
