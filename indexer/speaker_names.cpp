// The shapes of names, titles and groups that speaker resolution reads (indexer/speakers.h).
#include "indexer/speaker_names.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>

#include "common/attribution.h"
#include "common/utf8.h"
#include "indexer/recogniser_words.h"

namespace dossier::speaker_names {

// The text within reach before begin, starting on a character boundary.
std::string_view before_within(std::string_view text, std::size_t begin, std::size_t reach) {
  std::size_t from = begin >= reach ? begin - reach : 0;
  while (from < begin && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  return text.substr(from, begin - from);
}



// True when word occurs in text as a whole ASCII word.
bool has_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || std::isalpha(static_cast<unsigned char>(text[at - 1])) == 0;
    const std::size_t after = at + word.size();
    const bool right = after >= text.size() || std::isalpha(static_cast<unsigned char>(text[after])) == 0;
    if (left && right) return true;
  }
  return false;
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ') ++end;
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

// A person's name at the end of an attribution, when every word of it is capitalised and it has
// two words at least: "Labour's election chief Alan Milburn" -> "Alan Milburn". Honorifics and
// words with a possessive are no part of it.
std::optional<std::string> trailing_name(std::string_view span) {
  const std::vector<std::string_view> words = split_spaces(span);
  if (!words.empty() && (words[0] == "The" || words[0] == "the")) return std::nullopt;  // "the Lib Dems"
  std::size_t first = words.size();
  while (first > 0) {
    const std::string_view word = words[first - 1];
    const bool particle = recogniser::kParticles.count(std::string(word)) > 0 &&
                          first < words.size();
    if (!(recogniser::upper_initial(word) || particle) || word.find('\'') != std::string_view::npos ||
        word.find("\u2019") != std::string_view::npos) {
      break;
    }
    if (role_word(word)) break;
    --first;
  }
  if (words.size() - first < 2 || words.size() - first > 4) return std::nullopt;
  // "economist at SG Corporate & Investment Banking": capitals after a preposition name a place
  // or an organisation.
  if (first > 0) {
    const std::string before = lower_case(words[first - 1]);
    if (before == "at" || before == "of" || before == "for" || before == "from" || before == "&" || before == "in") {
      return std::nullopt;
    }
  }
  // A name ends at the span's end and is made of letters.
  const std::string_view last = words.back();
  if (std::any_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  const std::size_t begin = static_cast<std::size_t>(words[first].data() - span.data());
  return std::string(span.substr(begin));
}

// Last words of organisations' names ("Deutsche Bank", "General Motors", "Downing Street").
bool organisation_head(const std::string& w) {
  if (role_word(w)) return true;
  static const char* const heads[] = {
      "motors", "airways", "airlines", "airline", "corp", "corporation", "inc", "ltd", "plc", "co", "foundation",
      "association", "fund", "trust", "times", "post", "journal", "news", "exchange", "assembly",
      "service", "services", "street", "house", "democrats", "tories", "conservatives", "labour", "holdings",
      "industries", "international", "telecom", "energy", "oil", "petroleum", "systems", "technologies",
      "media", "network", "networks", "partners", "capital", "securities", "insurance", "reserve", "board",
      "university", "college", "hospital", "school", "united", "city", "fc", "league", "sport", "sports", "aid"};
  return std::any_of(std::begin(heads), std::end(heads), [&](const char* h) { return w == h; });
}

// Tag kinds that name who said it ("[Source: ...]", "[Attribution: ...]", "[Извор: ...]"); the
// others describe the passage ("[Background: NATO enlargement]", "[Context: ...]").
bool names_source(std::string_view kind) {
  const std::string k = lower_case(kind);
  static const char* const kinds[] = {"source", "sources", "attribution", "izvor", "izvori", "извор", "извори",
                                      "источник", "источники", "atribucija", "атрибуција", "quote", "statement"};
  return std::any_of(std::begin(kinds), std::end(kinds), [&](const char* known) { return k == known; });
}

// Capitalised at the start of a sentence, these name no one: "Analysts said", "Police said".
bool generic_noun(const std::string& w) {
  if (w.size() > 3 && w.back() == 's') return true;  // plural common nouns ("Reports", "Organisers")
  static const char* const nouns[] = {"police", "staff", "management", "media", "press", "everyone", "nobody",
                                      "someone", "government", "opposition", "public", "research", "data"};
  return std::any_of(std::begin(nouns), std::end(nouns), [&](const char* n) { return w == n; });
}

// An organisation named by an attribution in capitalised words, without its article: "the
// Bundesbank" -> "Bundesbank", "Marsh & McLennan", "The Home Office" -> "Home Office".
std::optional<std::string> organisation_name(std::string_view span) {
  std::vector<std::string_view> words = split_spaces(span);
  std::size_t first = 0;
  if (!words.empty() && (words[0] == "the" || words[0] == "The")) first = 1;
  if (first >= words.size() || words.size() - first > 6) return std::nullopt;
  for (std::size_t i = first; i < words.size(); ++i) {
    const std::string_view w = words[i];
    const bool joiner = w == "of" || w == "for" || w == "and" || w == "&" || w == "the";
    if (!(recogniser::upper_initial(w) || (joiner && i > first && i + 1 < words.size()))) return std::nullopt;
    if (words.size() - first == 1 && generic_noun(lower_case(w))) return std::nullopt;
    if (w.find('\'') != std::string_view::npos || w.find("\u2019") != std::string_view::npos) return std::nullopt;
  }
  const std::size_t begin = static_cast<std::size_t>(words[first].data() - span.data());
  return std::string(span.substr(begin));
}

// "the report", "the company", "a study": a document or organisation described, not named, that
// "it" can stand for later; kept as written.
std::optional<std::string> description(std::string_view span) {
  const std::vector<std::string_view> words = split_spaces(span);
  if (words.size() < 2 || words.size() > 4) return std::nullopt;
  const std::string first = lower_case(words[0]);
  if (first != "the" && first != "a" && first != "an") return std::nullopt;
  const std::string head = lower_case(words.back());
  static const char* const heads[] = {"report", "study", "survey", "company", "firm", "bank", "group", "paper",
                                      "newspaper", "statement", "review", "index", "agency", "watchdog", "poll",
                                      "committee", "council", "inquiry", "regulator", "ministry", "government"};
  if (std::none_of(std::begin(heads), std::end(heads), [&](const char* h) { return head == h; })) return std::nullopt;
  return std::string(span);
}

// "analysts", "Tory sources", "US officials": people in the plural that "they" can stand for.
std::optional<std::string> group(std::string_view span) {
  const std::vector<std::string_view> words = split_spaces(span);
  if (words.empty() || words.size() > 4) return std::nullopt;
  const std::string head = lower_case(words.back());
  if (head.size() < 4 || head.back() != 's' || head.ends_with("ss")) return std::nullopt;
  return std::string(span);
}

// Whether a single word names the person whose name ends in surname: "Ilić" for "Dragan Ilić",
// "Лаврова" for "Сергей Лавров" (a case ending of at most two letters).
bool surname_matches(std::string_view word, std::string_view name) {
  const std::size_t space = name.rfind(' ');
  const std::string_view surname = space == std::string_view::npos ? name : name.substr(space + 1);
  if (surname.empty() || !word.starts_with(surname)) return false;
  std::string_view rest = word.substr(surname.size());
  std::size_t letters = 0;
  for (std::size_t pos = 0; pos < rest.size(); ++letters) utf8::next(rest, pos);
  return letters <= 2;
}

char gender_before(std::string_view text, std::size_t begin) {
  begin = std::min(begin, text.size());
  const std::string_view before = text.substr(begin >= 12 ? begin - 12 : 0, begin >= 12 ? 12 : begin);
  const auto ends = [&](std::string_view w) { return before.ends_with(w); };
  if (ends("Mr ") || ends("Mr. ") || ends("Sir ")) return 'm';
  if (ends("Mrs ") || ends("Ms ") || ends("Miss ") || ends("Mrs. ") || ends("Ms. ") || ends("Dame ")) return 'f';
  // Without lower-casing: this runs for every mention of a person.
  const std::string_view near = before_within(text, begin, kTitleReach);
  const auto has = [&](std::string_view word, std::string_view capitalised) {
    return has_word(near, word) || has_word(near, capitalised);
  };
  if (has("spokeswoman", "Spokeswoman") || has("chairwoman", "Chairwoman")) return 'f';
  if (has("spokesman", "Spokesman") || has("chairman", "Chairman")) return 'm';
  return 0;
}

}  // namespace dossier::speaker_names
