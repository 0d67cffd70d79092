#include "common/passage.h"

#include <algorithm>
#include <cctype>

#include "common/utf8.h"

namespace dossier {

namespace {

bool is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    if (is_space_byte(c)) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

// A kind before a colon: 1 to 4 words, starting with a letter, no sentence punctuation.
bool plausible_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > 60) return false;
  const unsigned char first = static_cast<unsigned char>(kind.front());
  if (first < 0x80 && std::isalpha(first) == 0) return false;
  if (count_words(kind) > 4) return false;
  return kind.find_first_of(".,;!?()\"") == std::string_view::npos;
}

}  // namespace

std::string_view trim(std::string_view text) {
  const auto is_unicode_space_at_end = [](std::string_view t) -> std::size_t {
    if (!t.empty() && is_space_byte(static_cast<unsigned char>(t.back()))) return 1;
    if (t.size() >= 2 && t.substr(t.size() - 2) == "\xC2\xA0") return 2;            // NBSP
    if (t.size() >= 3 && t.substr(t.size() - 3) == "\xE3\x80\x80") return 3;        // ideographic
    if (t.size() >= 3 && t.substr(t.size() - 3) == "\xEF\xBB\xBF") return 3;        // BOM
    return 0;
  };
  const auto is_unicode_space_at_start = [](std::string_view t) -> std::size_t {
    if (!t.empty() && is_space_byte(static_cast<unsigned char>(t.front()))) return 1;
    if (t.size() >= 2 && t.substr(0, 2) == "\xC2\xA0") return 2;
    if (t.size() >= 3 && t.substr(0, 3) == "\xE3\x80\x80") return 3;
    if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") return 3;
    return 0;
  };
  for (std::size_t n; (n = is_unicode_space_at_start(text)) != 0;) text.remove_prefix(n);
  for (std::size_t n; (n = is_unicode_space_at_end(text)) != 0;) text.remove_suffix(n);
  return text;
}

const std::vector<std::string>& known_attribution_kinds() {
  // Longest first, so "Analyst perspective" wins over "Analyst".
  static const std::vector<std::string> kinds = {
      "Analyst perspective", "Editor's note", "Editor’s note", "Attribution", "Background",
      "Correction", "Analysis", "Context", "Comment", "Source", "Update", "Note"};
  return kinds;
}

Attribution take_trailing_attribution(std::string& paragraph) {
  const std::string_view body = trim(paragraph);
  if (body.empty() || body.back() != ']') return {};
  const std::size_t open = body.rfind('[');
  if (open == std::string_view::npos) return {};
  const std::string_view inner = trim(body.substr(open + 1, body.size() - open - 2));
  if (inner.empty() || inner.find(']') != std::string_view::npos) return {};

  Attribution attribution;
  const std::size_t colon = inner.find(':');
  if (colon != std::string_view::npos && plausible_kind(trim(inner.substr(0, colon)))) {
    attribution.kind = std::string(trim(inner.substr(0, colon)));
    attribution.text = std::string(trim(inner.substr(colon + 1)));
  } else {
    for (const std::string& kind : known_attribution_kinds()) {
      if (!iequals_prefix(inner, kind)) continue;
      const std::string_view rest = inner.substr(kind.size());
      if (!rest.empty() && !is_space_byte(static_cast<unsigned char>(rest.front())) && rest.front() != ',' &&
          rest.front() != '-') {
        continue;  // "Sources..." is not the kind "Source"
      }
      attribution.kind = std::string(inner.substr(0, kind.size()));
      std::string_view text = trim(rest);
      if (!text.empty() && (text.front() == ',' || text.front() == '-')) text = trim(text.substr(1));
      attribution.text = std::string(text);
      break;
    }
    if (attribution.kind.empty()) return {};  // "[sic]", "[1]": part of the text
  }
  paragraph = std::string(trim(body.substr(0, open)));
  return attribution;
}

std::vector<Passage> make_passages(const std::vector<std::string>& paragraphs) {
  std::vector<Passage> passages;
  for (const std::string& raw : paragraphs) {
    std::string body(trim(raw));
    if (body.empty()) continue;
    Passage passage;
    passage.attribution = take_trailing_attribution(body);
    if (body.empty()) {
      // A paragraph that is only a tag: keep it as text rather than lose it.
      body = std::string(trim(raw));
      passage.attribution = {};
    }
    if (passage.attribution.empty()) passage.attribution = find_inline_attribution(body);
    passage.text = std::move(body);
    passage.index = passages.size();
    passages.push_back(std::move(passage));
  }
  return passages;
}

std::string fallback_title(const std::vector<Passage>& passages, std::size_t max_bytes) {
  if (passages.empty()) return {};
  std::string_view text = passages.front().text;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') {
      const bool initial = text[i] == '.' && i >= 1 && std::isupper(static_cast<unsigned char>(text[i - 1])) != 0 &&
                           (i < 2 || std::isalpha(static_cast<unsigned char>(text[i - 2])) == 0);
      if (initial) continue;  // "U.S. troops"
      // ". . . Belgrade said" or "… Kyiv": a sentence end with no word before it is not one.
      const std::string_view before = text.substr(0, i);
      const bool has_word = std::any_of(before.begin(), before.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
      });
      if (!has_word) continue;
      text = text.substr(0, i);
      break;
    }
  }
  if (text.size() <= max_bytes) return std::string(text);
  std::string_view cut = utf8::truncate(text, max_bytes);
  const std::size_t space = cut.find_last_of(' ');
  if (space != std::string_view::npos && space > max_bytes / 2) cut = cut.substr(0, space);
  return std::string(trim(cut)) + "…";
}

}  // namespace dossier
