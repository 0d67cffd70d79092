#include "searcher/completion.h"

#include <algorithm>
#include <cctype>

namespace dossier {

namespace {

// The query language's fields (searcher/query_builder.cpp).
const std::vector<std::string> kFields{"actor", "attribution", "country", "date", "focus", "kind",
                                       "lang",  "source",      "speaker", "title",   "weapon"};

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

std::vector<std::string> matching(const std::vector<std::string>& words, std::string_view prefix, std::string_view before = {},
                                  std::string_view after = {}) {
  std::vector<std::string> out;
  for (const std::string& word : words) {
    if (starts_with_folded(word, prefix)) out.push_back(std::string(before) + word + std::string(after));
  }
  return out;
}

// The facet whose ids a command or field takes: focus filters by countries.
bool facet_of(std::string_view name, schema::Facet& facet) {
  if (name == "focus") name = "country";
  return schema::parse_facet_name(name, facet);
}

std::vector<std::string> ids(const EntityTable& entities, std::string_view facet_name, std::string_view prefix,
                             std::string_view before = {}) {
  schema::Facet facet;
  if (!facet_of(facet_name, facet)) return {};
  std::vector<std::string> out = entity_ids(entities, facet, prefix);
  for (std::string& id : out) id.insert(0, before);
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t begin = text.find_first_not_of(' ', at);
    if (begin == std::string_view::npos) break;
    const std::size_t end = std::min(text.find(' ', begin), text.size());
    words.emplace_back(text.substr(begin, end - begin));
    at = end;
  }
  return words;
}

// A command's argument: `done` are the words before the one being completed.
std::vector<std::string> command_argument(const std::vector<std::string>& done, std::string_view word, const EntityTable& entities) {
  const std::string& command = done.front();
  if (done.size() == 1) {
    if (command == "country" || command == "actor" || command == "weapon" || command == "focus" || command == "speaker") {
      return ids(entities, command, word);
    }
    if (command == "drop") return matching({"actor", "all", "country", "focus", "speaker", "weapon"}, word);
    if (command == "values") return matching({"actor", "country", "speaker", "weapon"}, word);
    if (command == "by") return matching({"article", "passage"}, word);
    if (command == "sort") return matching({"-date", "date", "relevance"}, word);
    if (command == "exact" || command == "copies") return matching({"off", "on"}, word);
    if (command == "timeline") return matching({"day", "month", "week", "year"}, word);
    return {};
  }
  if (command == "drop" && done.size() == 2) return ids(entities, done[1], word);
  if (command == "timeline" && done.size() == 2) return matching({"actor", "country", "speaker", "weapon"}, word);
  return {};
}

}  // namespace

const std::vector<std::string>& completion_commands() {
  static const std::vector<std::string> commands{"actor", "by",     "copies", "country", "drop",  "exact", "filters",
                                                 "focus", "help",   "limit",  "next",    "open",  "page",  "pick",
                                                 "prev",  "quit",   "since",  "sort",    "speaker", "timeline", "until", "values", "weapon"};
  return commands;
}

Completion complete(std::string_view line, std::size_t cursor, const EntityTable& entities) {
  Completion completion;
  cursor = std::min(cursor, line.size());
  const std::string_view before = line.substr(0, cursor);
  const std::size_t last_break = before.find_last_of(kCompletionWordBreaks);
  completion.start = last_break == std::string_view::npos ? 0 : last_break + 1;
  const std::string_view word = before.substr(completion.start);

  const std::size_t first = line.find_first_not_of(' ');
  if (first != std::string_view::npos && line[first] == ':') {
    const std::vector<std::string> done = split_words(before.substr(first + 1, completion.start - std::min(completion.start, first + 1)));
    if (completion.start <= first) {
      // The cursor is on the command itself; libedit's word starts at the ':' (not a break).
      completion.candidates = matching(completion_commands(), word.substr(std::min<std::size_t>(1, word.size())), ":");
    } else if (!done.empty()) {
      completion.candidates = command_argument(done, word, entities);
    } else {
      completion.candidates = matching(completion_commands(), word);  // ": cou"
    }
    return completion;
  }

  // A query word, perhaps negated ("-country:RS", "+actor:nato").
  const std::size_t sign = !word.empty() && (word.front() == '-' || word.front() == '+') ? 1 : 0;
  const std::string_view term = word.substr(sign);
  const std::string_view signed_part = word.substr(0, sign);
  if (const std::size_t colon = term.find(':'); colon != std::string_view::npos) {
    const std::string field(term.substr(0, colon));
    completion.candidates = ids(entities, field, term.substr(colon + 1), std::string(signed_part) + field + ":");
  } else if (!term.empty()) {
    completion.candidates = matching(kFields, term, signed_part, ":");
    completion.ends_word = false;
  }
  return completion;
}

}  // namespace dossier
