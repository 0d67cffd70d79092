#include "searcher/snippet.h"

#include <algorithm>
#include <set>

#include "common/utf8.h"

namespace dossier {

namespace {

struct Sentence {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t first_token = 0;
  std::size_t token_count = 0;
  double score = 0;
};

// Sentence ends: '.', '!' or '?' followed by a space, except after a single capital letter
// ("U.S. officials") or a digit ("3.5").
std::vector<Sentence> split_sentences(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<Sentence> sentences;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if ((c != '.' && c != '!' && c != '?') || text[i + 1] != ' ') continue;
    if (c == '.' && i >= 1 && std::isupper(static_cast<unsigned char>(text[i - 1])) != 0 &&
        (i < 2 || !std::isalpha(static_cast<unsigned char>(text[i - 2])))) {
      continue;
    }
    sentences.push_back({start, i + 1});
    start = i + 2;
  }
  if (start < text.size()) sentences.push_back({start, text.size()});
  std::size_t t = 0;
  for (Sentence& sentence : sentences) {
    while (t < tokens.size() && tokens[t].begin < sentence.begin) ++t;
    sentence.first_token = t;
    while (t < tokens.size() && tokens[t].end <= sentence.end) ++t;
    sentence.token_count = t - sentence.first_token;
  }
  return sentences;
}

std::size_t word_start_at_or_before(std::string_view text, std::size_t pos, std::size_t floor) {
  while (pos > floor && text[pos - 1] != ' ') --pos;
  return pos;
}

std::size_t word_end_at_or_after(std::string_view text, std::size_t pos, std::size_t ceiling) {
  while (pos < ceiling && text[pos] != ' ') ++pos;
  return pos;
}

// Which tokens match: a query word (any form) or inside one of the mentions.
std::vector<bool> matched_tokens(std::string_view text, const std::vector<Token>& tokens, const MatchTerms& terms,
                                 Normaliser& normaliser, const ByteRanges& mentions) {
  static const Xapian::Stem stemmer("english");
  std::vector<bool> matched(tokens.size(), false);
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    matched[t] = terms.matches(tokens[t].folded, stemmer) ||
                 std::any_of(mentions.begin(), mentions.end(), [&](const auto& range) {
                   return tokens[t].begin >= range.first && tokens[t].end <= range.second;
                 });
    const std::string_view original = text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin);
    const bool ascii = std::all_of(original.begin(), original.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!matched[t] && !ascii) {
      for (const std::string& variant : normaliser.fold_variants(original)) {
        matched[t] = matched[t] || terms.matches(variant, stemmer);
      }
    }
  }
  return matched;
}

}  // namespace

ByteRanges highlight_ranges(std::string_view text, const std::vector<Token>& tokens, const MatchTerms& terms,
                            Normaliser& normaliser, const ByteRanges& mentions) {
  const std::vector<bool> matched = matched_tokens(text, tokens, terms, normaliser, mentions);
  ByteRanges ranges;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (matched[t]) ranges.emplace_back(tokens[t].begin, tokens[t].end);
  }
  return ranges;
}

Snippet make_snippet(std::string_view text, const std::vector<Token>& tokens, const MatchTerms& terms,
                     const SnippetOptions& options, Normaliser& normaliser, const ByteRanges& mentions) {
  const std::vector<bool> matched = matched_tokens(text, tokens, terms, normaliser, mentions);
  std::vector<Sentence> sentences = split_sentences(text, tokens);
  for (Sentence& sentence : sentences) {
    std::set<std::string> distinct;
    std::size_t hits = 0;
    for (std::size_t t = sentence.first_token; t < sentence.first_token + sentence.token_count; ++t) {
      if (!matched[t]) continue;
      ++hits;
      distinct.insert(tokens[t].folded);
    }
    // Distinct query words matter most; repeats a little; earlier sentences win ties.
    sentence.score = static_cast<double>(distinct.size()) * 10 + static_cast<double>(hits);
  }
  std::vector<std::size_t> order(sentences.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sentences[a].score > sentences[b].score; });
  std::vector<std::size_t> chosen;
  for (std::size_t i : order) {
    if (chosen.size() >= std::max<std::size_t>(1, options.max_fragments)) break;
    if (!chosen.empty() && sentences[i].score == 0) break;
    chosen.push_back(i);
  }
  std::sort(chosen.begin(), chosen.end());

  Snippet snippet;
  std::size_t previous_end = 0;
  for (std::size_t n = 0; n < chosen.size(); ++n) {
    const Sentence& sentence = sentences[chosen[n]];
    std::size_t begin = sentence.begin;
    std::size_t end = sentence.end;
    if (end - begin > options.fragment_bytes) {
      // Centre the window on the first match, at word boundaries.
      std::size_t anchor = begin;
      for (std::size_t t = sentence.first_token; t < sentence.first_token + sentence.token_count; ++t) {
        if (matched[t]) {
          anchor = tokens[t].begin;
          break;
        }
      }
      std::size_t from = anchor > begin + options.fragment_bytes / 3 ? anchor - options.fragment_bytes / 3 : begin;
      from = word_start_at_or_before(text, from, begin);
      std::size_t to = std::min(end, from + options.fragment_bytes);
      to = word_end_at_or_after(text, to, end);
      begin = from;
      end = to;
    }
    const bool gap_before = n == 0 ? begin > 0 : begin > previous_end + 1;
    if (gap_before) snippet.text += n == 0 ? "… " : " … ";
    else if (n > 0) snippet.text += ' ';
    const std::size_t offset = snippet.text.size();
    snippet.text.append(text.substr(begin, end - begin));
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      if (matched[t] && tokens[t].begin >= begin && tokens[t].end <= end) {
        snippet.highlights.emplace_back(offset + tokens[t].begin - begin, offset + tokens[t].end - begin);
      }
    }
    previous_end = end;
  }
  if (!chosen.empty() && previous_end < text.size()) snippet.text += " …";
  return snippet;
}

}  // namespace dossier
