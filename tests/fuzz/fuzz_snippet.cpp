// Snippets and the terminal sanitiser (searcher/snippet.h make_snippet, searcher/render.h
// render_snippet, common/terminal.h sanitise_for_terminal, escape_json_for_terminal).
//
// Input: the first line is the query words ("word" or "prefix*", separated by spaces), the rest
// is the passage text, any bytes. Whatever the text holds, what is printed must be valid UTF-8
// with no escape, C0/C1 control or bidi control left, and the JSON form must still parse back
// to the original text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/terminal.h"
#include "common/error.h"
#include "fuzz_pipeline.h"
#include "searcher/render.h"
#include "searcher/snippet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static dossier::Normaliser normaliser;
  static const Xapian::Stem stemmer("english");
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view words = input.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  dossier::MatchTerms terms;
  std::size_t start = 0;
  while (start <= words.size()) {
    std::size_t space = words.find(' ', start);
    if (space == std::string_view::npos) space = words.size();
    std::string_view word = words.substr(start, space - start);
    start = space + 1;
    const bool prefix = word.size() > 1 && word.back() == '*';
    if (prefix) word.remove_suffix(1);
    for (const auto& token : normaliser.tokenize(word)) {
      if (prefix) {
        terms.prefixes.push_back(token.folded);
      } else {
        terms.words.insert(token.folded);
        terms.stems.insert(stemmer(token.folded));
      }
    }
  }

  const auto tokens = normaliser.tokenize(text);
  fuzz::check_tokens(text, tokens, "snippet text tokens");
  const bool valid = fuzz::valid_utf8(text);
  for (const dossier::SnippetOptions options : {dossier::SnippetOptions{}, dossier::SnippetOptions{1 + size % 3, 10 + size % 90}}) {
    const dossier::Snippet snippet = dossier::make_snippet(text, tokens, terms, options, normaliser);
    std::vector<bool> boundary;
    const bool snippet_valid = fuzz::decode_utf8(snippet.text, nullptr, &boundary);
    if (valid) FUZZ_CHECK(snippet_valid, "snippet of valid UTF-8 text is not valid UTF-8");
    std::size_t previous = 0;
    for (const auto& [begin, end] : snippet.highlights) {
      FUZZ_CHECK(begin < end && end <= snippet.text.size(), "highlight [%zu, %zu) outside a %zu-byte snippet", begin, end,
                 snippet.text.size());
      FUZZ_CHECK(begin >= previous, "highlights overlap or go backwards at %zu", begin);
      if (snippet_valid) FUZZ_CHECK(boundary[begin] && boundary[end], "highlight [%zu, %zu) splits a code point", begin, end);
      previous = end;
    }
    fuzz::check_terminal_safe(dossier::render_snippet(snippet, false), "render_snippet");
    fuzz::check_terminal_safe(fuzz::strip_own_sgr(dossier::render_snippet(snippet, true)), "render_snippet (colour)");
  }

  // The sanitiser alone, on raw bytes, one line and many.
  fuzz::check_terminal_safe(dossier::sanitise_for_terminal(input, true), "sanitise_for_terminal(single_line)");
  fuzz::check_terminal_safe(dossier::sanitise_for_terminal(input, false), "sanitise_for_terminal(multi-line)", "\n\t");
  // A printable ASCII text comes through unchanged.
  const bool printable = std::all_of(input.begin(), input.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  if (printable) FUZZ_CHECK(dossier::sanitise_for_terminal(input) == input, "printable ASCII was changed");

  // JSON for the terminal, as render_json builds it: lossless for valid UTF-8, safe always.
  const nlohmann::json value = {{"text", std::string(input)}};
  const std::string json_text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string escaped = dossier::escape_json_for_terminal(json_text);
  fuzz::check_terminal_safe(escaped, "escape_json_for_terminal");
  const auto back = nlohmann::json::parse(escaped);
  if (fuzz::valid_utf8(input)) FUZZ_CHECK(back == value, "escaped JSON does not parse back to the original text");
  return 0;
}
