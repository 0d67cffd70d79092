#include "searcher/query_builder.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.h"
#include "common/utf8.h"
#include "searcher/query_shape.h"

namespace dossier {

namespace {

// Common English function words: dropped from free-text queries (kept inside phrases).
const char* const kStopwords[] = {
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "more", "most",
    "my", "no", "nor", "not", "of", "on", "or", "other", "our", "out", "over", "own", "s", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your"};

enum class FieldKind { Facet, Slug, Lower, Date, Text };

struct Field {
  const char* name;
  FieldKind kind;
  schema::Facet facet;
  std::string_view prefix;
};

const Field kFields[] = {
    {"country", FieldKind::Facet, schema::Facet::Country, schema::kPrefixCountry},
    {"actor", FieldKind::Facet, schema::Facet::Actor, schema::kPrefixActor},
    {"weapon", FieldKind::Facet, schema::Facet::Weapon, schema::kPrefixWeapon},
    {"speaker", FieldKind::Facet, schema::Facet::Speaker, schema::kPrefixSpeaker},
    {"focus", FieldKind::Facet, schema::Facet::Country, schema::kPrefixCountryFocus},
    {"kind", FieldKind::Slug, schema::Facet::Country, schema::kPrefixKind},
    {"source", FieldKind::Slug, schema::Facet::Country, schema::kPrefixSource},
    {"lang", FieldKind::Lower, schema::Facet::Country, schema::kPrefixLanguage},
    {"date", FieldKind::Date, schema::Facet::Country, ""},
    {"title", FieldKind::Text, schema::Facet::Country, schema::kPrefixTitle},
    {"attribution", FieldKind::Text, schema::Facet::Country, schema::kPrefixAttribution},
};

// Hidden fields the lexer routes wildcards through, so that "javel*" expands over the stemmed
// terms ("Zjavelin") that the index holds instead of unstemmed ones it does not.
const std::pair<const char*, const char*> kWildcardFields[] = {{"zbody", "Z"}, {"ztitle", "ZS"}, {"zattribution", "ZXT"}};

// zentity:<facet letter><hex of the id>, which the lexer writes for words that name an entity:
// the passages tagged with the entity (its boolean filter term), each given the weight a word
// with the same number of passages would have for one occurrence (BM25's idf), so that they
// rank like a match of the word. A weight from a posting source, not a weighted term in the
// index: document lengths stay those of the words alone, and databases need no re-indexing.
// Hex, because QueryParser lower-cases a field's value and splits it at punctuation.
class EntityTermProcessor : public Xapian::FieldProcessor {
 public:
  explicit EntityTermProcessor(const Xapian::Database& db) : db_(db) {}
  Xapian::Query operator()(const std::string& value) override {
    if (value.size() < 3 || value.size() % 2 == 0) return Xapian::Query::MatchNothing;
    const auto facet = static_cast<schema::Facet>(std::toupper(static_cast<unsigned char>(value[0])));
    if (facet != schema::Facet::Country && facet != schema::Facet::Actor && facet != schema::Facet::Weapon) return Xapian::Query::MatchNothing;
    std::string id;
    for (std::size_t i = 1; i + 1 < value.size(); i += 2) {
      const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
      id += static_cast<char>(nibble(value[i]) * 16 + nibble(value[i + 1]));
    }
    const std::string term = std::string(schema::facet_prefix(facet)) + id;
    const double passages = std::max<double>(db_.get_doccount(), 1);
    const double tagged = db_.get_termfreq(term);
    if (tagged == 0) return Xapian::Query::MatchNothing;
    // Xapian's BM25 idf (Robertson-Sparck Jones without relevance data), floored as Xapian does.
    const double idf = std::max(std::log((passages - tagged + 0.5) / (tagged + 0.5)), 1e-3);
    // release(): the query owns the source (without it, it would be the caller's to delete).
    return Xapian::Query(Xapian::Query::OP_AND, Xapian::Query((new Xapian::FixedWeightPostingSource(idf))->release()),
                         Xapian::Query(term));
  }

 private:
  Xapian::Database db_;
};

// date:FROM..TO (the lexer has already written both ends as YYYYMMDD) as date terms.
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor() : Xapian::RangeProcessor(schema::kSlotDate, "date:") {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    return date_range_query(begin, end);
  }
};

const Field* find_field(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const Field& field : kFields) {
    if (lower == field.name) return &field;
  }
  return nullptr;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_operator(std::string_view chunk) {
  if (chunk == "AND" || chunk == "OR" || chunk == "NOT" || chunk == "XOR") return true;
  for (std::string_view op : {"NEAR", "ADJ"}) {
    if (chunk == op) return true;
    if (chunk.size() > op.size() + 1 && chunk.substr(0, op.size()) == op && chunk[op.size()] == '/' &&
        std::all_of(chunk.begin() + static_cast<std::ptrdiff_t>(op.size()) + 1, chunk.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
      return true;
    }
  }
  return false;
}

std::string facet_label(schema::Facet facet) { return std::string(schema::facet_name(facet)); }

// "country:RS or country:Serbia": what a value of this field looks like.
std::string facet_example(const Field& field) {
  const std::string name = field.name;
  switch (field.facet) {
    case schema::Facet::Country: return name + ":RS or " + name + ":Serbia";
    case schema::Facet::Actor: return name + ":nato or " + name + ":\"Vladimir Putin\"";
    case schema::Facet::Weapon: return name + ":javelin or " + name + ":s-400";
    case schema::Facet::Speaker: return name + ":maria-zakharova or " + name + ":\"Maria Zakharova\"";
  }
  return name + ":value";
}

std::string known_fields() {
  std::string names;
  for (const Field& field : kFields) names += (names.empty() ? "" : ", ") + std::string(field.name);
  return names;
}

// Rewrites one query string; see QueryBuilder::rewrite.
class Lexer {
 public:
  Lexer(const std::string& text, IndexReader& index, Normaliser& normaliser, const Xapian::Stem& stemmer,
        const Xapian::Stopper& stopper, MatchTerms& terms, bool entity_words)
      : text_(text), index_(index), normaliser_(normaliser), stemmer_(stemmer), stopper_(stopper), terms_(terms),
        entity_words_(entity_words) {}

  std::string run() {
    std::size_t i = 0;
    const std::size_t n = text_.size();
    while (i < n) {
      const char c = text_[i];
      if (is_space(c)) {
        out_ += ' ';
        ++i;
      } else if (c == '"') {
        flush_names();
        if (!in_phrase_) {
          phrase_start_ = i;
          phrase_out_ = out_.size();
        }
        in_phrase_ = !in_phrase_;
        out_ += '"';
        if (!in_phrase_) {
          prev_ = Prev::Operand;
          name_phrase(text_.substr(phrase_start_ + 1, i - phrase_start_ - 1));
        }
        ++i;
      } else if (!in_phrase_ && c == '(') {
        flush_names();
        // Deeper nesting only grows Xapian's recursion (a stack overflow at ~30,000 levels).
        if (open_.size() >= kMaxNesting) {
          throw QueryError(i, "parentheses nested deeper than " + std::to_string(kMaxNesting), "flatten the query");
        }
        open_.push_back(i);
        out_ += '(';
        prev_ = Prev::Open;
        ++i;
      } else if (!in_phrase_ && c == ')') {
        flush_names();
        if (open_.empty()) throw QueryError(i, "')' without a matching '('", "remove it or add '(' before it");
        if (prev_ == Prev::Binary) throw missing_operand_after();
        if (prev_ == Prev::Open) throw QueryError(i, "empty parentheses", "put words between '(' and ')'");
        open_.pop_back();
        out_ += ')';
        prev_ = Prev::Operand;
        ++i;
      } else {
        i = chunk(i);
      }
    }
    flush_names();
    if (in_phrase_) throw QueryError(phrase_start_, "unclosed quote", "close the phrase with a second \"");
    if (!open_.empty()) throw QueryError(open_.back(), "'(' without a matching ')'", "add ')' or remove the '('");
    if (prev_ == Prev::Binary) throw missing_operand_after();
    // libxapian 1.4.22 crashes (SIGSEGV) matching an XOR over a wildcard outside the split
    // search: refused until the library is fixed.
    if (xor_at_ != std::string::npos && wildcard_at_ != std::string::npos) {
      throw QueryError(xor_at_, "XOR cannot be used with a wildcard (" + wildcard_word_ + ")",
                       "write (a OR b) NOT (a AND b), or spell the word out");
    }
    return out_;
  }

 private:
  enum class Prev { Start, Operand, Binary, Open };
  static constexpr std::size_t kMaxNesting = 32;
  // A query's cost grows with its words (8,000 words took 7 s on 20k passages) and each
  // wildcard expands to up to 2,000 terms: bounded, with an error naming where.
  static constexpr std::size_t kMaxWords = 256;
  static constexpr std::size_t kMaxWildcards = 8;

  void count_word() {
    if (++words_ > kMaxWords) {
      throw QueryError(chunk_at_, "more than " + std::to_string(kMaxWords) + " words", "search for fewer words at once");
    }
  }
  static constexpr unsigned long kMaxDistance = 1000;

  // NEAR/N and ADJ/N: N from 1 to kMaxDistance (Xapian would wrap a larger N modulo 2^32, and
  // NEAR/0, NEAR/-1 or NEAR/abc would silently become words).
  void check_distance(std::string_view word, std::size_t at) const {
    const std::string_view op = word.substr(0, word.find('/'));
    const std::string_view n = word.substr(op.size() + 1);
    const bool digits = !n.empty() && n.size() <= 4 && std::all_of(n.begin(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    const unsigned long distance = digits ? std::stoul(std::string(n)) : 0;
    if (!digits || distance < 1 || distance > kMaxDistance) {
      throw QueryError(at, std::string(op) + "/" + std::string(n) + ": the distance must be a number from 1 to " + std::to_string(kMaxDistance),
                       "write e.g. kosovo " + std::string(op) + "/5 javelin");
    }
  }

  QueryError missing_operand_after() const {
    return QueryError(operator_at_, "'" + operator_ + "' needs something to search for after it",
                      "add words after " + operator_ + ", or quote it (\"" + operator_ + "\") to search for the word");
  }

  std::size_t chunk_end(std::size_t i) const {
    while (i < text_.size() && !is_space(text_[i]) && text_[i] != '"' &&
           (in_phrase_ || (text_[i] != '(' && text_[i] != ')'))) {
      ++i;
    }
    return i;
  }

  std::size_t chunk(std::size_t i) {
    chunk_at_ = i;
    std::size_t j = chunk_end(i);
    std::string_view word(text_.data() + i, j - i);
    if (!in_phrase_ && (word.rfind("NEAR/", 0) == 0 || word.rfind("ADJ/", 0) == 0)) check_distance(word, i);
    if (!in_phrase_ && is_operator(word)) {
      // NEAR and ADJ join words, never a group: the words on either side stay plain.
      if (word.rfind("NEAR", 0) == 0 || word.rfind("ADJ", 0) == 0) {
        words_run_.clear();
        plain_next_ = true;
      }
      flush_names();
      if (word == "XOR" && xor_at_ == std::string::npos) xor_at_ = i;
      const bool unary_ok = word == "NOT";
      if (!unary_ok && (prev_ == Prev::Start || prev_ == Prev::Open || prev_ == Prev::Binary)) {
        throw QueryError(i, "'" + std::string(word) + "' needs something to search for before it",
                         "add words before " + std::string(word) + ", or quote it to search for the word");
      }
      out_ += word;
      prev_ = Prev::Binary;
      operator_ = std::string(word);
      operator_at_ = i;
      return j;
    }
    const std::size_t colon = word.find(':');
    if (!in_phrase_ && colon != std::string_view::npos && colon > 0) {
      if (const Field* field = find_field(word.substr(0, colon))) {
        flush_names();
        return field_chunk(*field, i, colon, j);
      }
      // "foo:bar" would otherwise become the phrase "foo bar" without a word said. Letters, then
      // a colon, then something: meant as a field (a time 12:30 or a URL's "http://" is not).
      const std::string_view name = word.substr(0, colon);
      const bool letters = std::all_of(name.begin(), name.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
      const std::string_view rest = word.substr(colon + 1);
      if (letters && (rest.empty() ? j < text_.size() && text_[j] == '"' : rest.rfind("//", 0) != 0)) {
        throw QueryError(i, "unknown field '" + std::string(name) + ":'",
                         "the fields are " + known_fields() + "; to search for the words, quote them: \"" + std::string(word) + "\"");
      }
    }
    std::string sign;
    if (!in_phrase_ && word.size() > 1 && (word.front() == '+' || word.front() == '-')) {
      sign = word.front();
      word.remove_prefix(1);
    }
    const bool plain = !in_phrase_ && sign.empty() && !(word.size() > 1 && word.back() == '*');
    if (!plain && !in_phrase_) flush_names();
    const std::string folded = fold_chunk(word, /*variants=*/!in_phrase_ && sign.empty());
    if (!folded.empty()) {
      count_word();
      const std::size_t begin = out_.size();
      out_ += sign + folded;
      prev_ = Prev::Operand;
      if (plain && !plain_next_) words_run_.push_back({begin, out_.size(), normaliser_.fold_phrase(word), std::string(word)});
      plain_next_ = false;
    }
    return j;
  }

  std::size_t field_chunk(const Field& field, std::size_t start, std::size_t colon, std::size_t end) {
    std::string value = text_.substr(start + colon + 1, end - start - colon - 1);
    std::size_t value_at = start + colon + 1;
    bool quoted = false;
    if (value.empty() && end < text_.size() && text_[end] == '"') {
      const std::size_t close = text_.find('"', end + 1);
      if (close == std::string::npos) throw QueryError(end, "unclosed quote", "close the value with a second \"");
      value = text_.substr(end + 1, close - end - 1);
      value_at = end + 1;
      end = close + 1;
      quoted = true;
    }
    if (value.empty()) {
      throw QueryError(start, "'" + std::string(field.name) + ":' needs a value",
                       "write it without a space, e.g. " + std::string(field.name) + ":value");
    }
    out_ += field.name;
    out_ += ':';
    chunk_at_ = value_at;
    count_word();
    switch (field.kind) {
      case FieldKind::Facet: {
        const auto id = index_.entities().resolve(field.facet, value, normaliser_);
        if (!id) {
          const std::string name = field.name;
          throw QueryError(value_at, "unknown " + facet_label(field.facet) + " '" + value + "'",
                           "use an id or a name of one that the archive's articles mention, e.g. " + facet_example(field) +
                               "; dossier-search --values " + facet_label(field.facet) + " lists them");
        }
        out_ += *id;
        break;
      }
      case FieldKind::Slug: out_ += schema::slug(value); break;
      case FieldKind::Lower: {
        std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out_ += value;
        break;
      }
      case FieldKind::Date: out_ += date_range(value, value_at); break;
      case FieldKind::Text:
        wildcard_field_ = std::string(field.name) == "title" ? "ztitle" : "zattribution";
        if (quoted) {
          out_ += '"';
          for (const Token& token : normaliser_.tokenize(value)) {
            remember(token.folded);
            out_ += token.folded + ' ';
          }
          out_ += '"';
        } else {
          std::string folded = fold_chunk(value, false);
          // fold_chunk put the hidden field in front of a wildcard: it replaces "title:".
          if (folded.rfind(wildcard_field_ + ":", 0) == 0) out_.resize(out_.size() - std::string(field.name).size() - 1);
          out_ += folded;
        }
        wildcard_field_ = "zbody";
        break;
    }
    prev_ = Prev::Operand;
    return end;
  }

  std::string date_range(const std::string& value, std::size_t at) {
    const std::size_t dots = value.find("..");
    const std::string begin = dots == std::string::npos ? value : value.substr(0, dots);
    const std::string end = dots == std::string::npos ? value : value.substr(dots + 2);
    const std::string hint = "write date:2023-01..2024-06 (YYYY, YYYY-MM or YYYY-MM-DD; either side may be empty)";
    if (begin.empty() && end.empty()) throw QueryError(at, "empty date range", hint);
    const std::string from = begin.empty() ? "" : partial_date_value(begin, false);
    const std::string to = end.empty() ? "" : partial_date_value(end, true);
    if (!begin.empty() && from.empty()) throw QueryError(at, "'" + begin + "' is not a date", hint);
    if (!end.empty() && to.empty()) {
      throw QueryError(at + (dots == std::string::npos ? 0 : dots + 2), "'" + end + "' is not a date", hint);
    }
    if (!from.empty() && !to.empty() && from > to) {
      throw QueryError(at, "date range " + value + " ends before it begins", "swap the two ends: date:" + end + ".." + begin);
    }
    return from + ".." + to;
  }

  // --- words that name an entity ---------------------------------------------------------
  // A run of plain words (no operator, field, sign, phrase or bracket between them) is searched
  // for gazetteer names, longest first (up to kMaxNameWords words); each name found becomes
  // "(its words OR the entity's weighted term)", so that "Kosovo" also finds "Kosova" and
  // "Косову" passages tagged XK, scored like a match of the word, and passages where an
  // ambiguous word ("javelin") was tagged as the entity rank above those where it was not.
  static constexpr std::size_t kMaxNameWords = 4;
  struct RunWord {
    std::size_t out_begin, out_end;  // its rewritten form in out_
    std::string folded;
    std::string original;
  };

  // Whether a word or words may name an entity: not a stopword, and short ones ("us", "un")
  // only when typed as an acronym ("US", "UN").
  bool may_name(const std::string& folded, const std::string& original) const {
    if (folded.empty() || std::none_of(folded.begin(), folded.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
      return false;
    }
    if (folded.find(' ') == std::string::npos && stopper_(folded)) return false;
    if (folded.size() >= 3) return true;
    return original.size() >= 2 && std::all_of(original.begin(), original.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
  }

  // " OR zentity:w66676d..." for each entity named by folded (the field processor in parse()
  // turns each into the entity's term); empty when none.
  std::string entity_alternatives(const std::string& folded, const std::string& original) {
    if (!entity_words_ || !may_name(folded, original)) return {};
    std::string out;
    for (const EntityTable::EntityRef& ref : index_.entities().named_by(folded)) {
      static const char* const kHex = "0123456789abcdef";
      std::string hex;
      for (const unsigned char c : ref.id) {
        hex += kHex[c >> 4];
        hex += kHex[c & 15];
      }
      out += " OR zentity:";
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(static_cast<char>(ref.facet))));
      out += hex;
      terms_.entities.insert(std::string(schema::facet_name(ref.facet)) + ":" + ref.id);
    }
    return out;
  }

  void flush_names() {
    std::vector<std::pair<std::size_t, std::size_t>> names;  // [first, last] words of each name
    std::vector<std::string> alternatives;
    for (std::size_t i = 0; i < words_run_.size();) {
      std::size_t taken = 1;
      for (std::size_t length = std::min(kMaxNameWords, words_run_.size() - i); length >= 1; --length) {
        std::string folded, original;
        for (std::size_t k = i; k < i + length; ++k) {
          folded += (k > i ? " " : "") + words_run_[k].folded;
          original += (k > i ? " " : "") + words_run_[k].original;
        }
        std::string found = entity_alternatives(folded, original);
        if (!found.empty()) {
          names.emplace_back(i, i + length - 1);
          alternatives.push_back(std::move(found));
          taken = length;
          break;
        }
      }
      i += taken;
    }
    // From the back, so that the offsets of the earlier words stay right.
    for (std::size_t n = names.size(); n-- > 0;) {
      out_.insert(words_run_[names[n].second].out_end, alternatives[n] + ")");
      out_.insert(words_run_[names[n].first].out_begin, "(");
    }
    words_run_.clear();
  }

  // A closed phrase that is a name: "(\"...\" OR zentity:...)".
  void name_phrase(const std::string& inside) {
    const std::string alternatives = entity_alternatives(normaliser_.fold_phrase(inside), inside);
    if (alternatives.empty()) return;
    out_.insert(phrase_out_, "(");
    out_ += alternatives + ")";
  }

  // The words a snippet highlights. Never a stopword: QueryParser drops "to" from the query, and
  // inside a phrase a bag of words would light up every "the" of the passage.
  void remember(const std::string& folded) {
    if (stopper_(folded)) return;
    terms_.words.insert(folded);
    terms_.stems.insert(stemmer_(folded));
  }

  // Folds the word runs of a chunk like the indexer does; other characters between runs become
  // '-', which QueryParser reads as a phrase of adjacent words (as "FGM-148" was indexed).
  std::string fold_chunk(std::string_view chunk, bool variants) {
    const bool wildcard = !in_phrase_ && chunk.size() > 1 && chunk.back() == '*';
    if (wildcard && ++wildcards_ > kMaxWildcards) {
      throw QueryError(chunk_at_, "more than " + std::to_string(kMaxWildcards) + " wildcards",
                       "spell some words out: each wildcard stands for up to 2000 words");
    }
    if (wildcard && wildcard_at_ == std::string::npos) {
      wildcard_at_ = chunk_at_;
      wildcard_word_ = std::string(chunk);
    }
    if (wildcard) chunk.remove_suffix(1);
    const std::vector<Token> tokens = normaliser_.tokenize(chunk);
    if (tokens.empty()) return {};
    std::string out;
    if (tokens.size() == 1 && variants && !wildcard) {
      const std::vector<std::string> forms =
          normaliser_.fold_variants(chunk.substr(tokens[0].begin, tokens[0].end - tokens[0].begin));
      for (const auto& form : forms) remember(form);
      if (forms.size() > 1) {
        out = "(";
        for (std::size_t k = 0; k < forms.size(); ++k) out += (k > 0 ? " OR " : "") + forms[k];
        return out + ")";
      }
      return forms.front();
    }
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      if (k > 0) out += '-';
      out += tokens[k].folded;
      if (!wildcard || k + 1 < tokens.size()) remember(tokens[k].folded);
    }
    if (wildcard) {
      terms_.prefixes.push_back(tokens.back().folded);
      // A single wildcard word goes through the hidden stem field of its field.
      if (tokens.size() == 1) out = std::string(wildcard_field_) + ":" + out;
      out += '*';
    }
    return out;
  }

  const std::string& text_;
  IndexReader& index_;
  Normaliser& normaliser_;
  const Xapian::Stem& stemmer_;
  const Xapian::Stopper& stopper_;
  MatchTerms& terms_;
  const bool entity_words_;
  std::string out_;
  bool in_phrase_ = false;
  std::size_t phrase_start_ = 0;
  std::vector<std::size_t> open_;
  Prev prev_ = Prev::Start;
  std::string operator_;
  std::size_t operator_at_ = 0;
  std::size_t chunk_at_ = 0;                        // where the chunk being read starts
  std::size_t xor_at_ = std::string::npos;          // the first XOR
  std::size_t wildcard_at_ = std::string::npos;     // the first wildcard, and its word
  std::string wildcard_word_;
  std::size_t words_ = 0, wildcards_ = 0;
  std::vector<RunWord> words_run_;  // plain words since the last operator, field, phrase or bracket
  std::size_t phrase_out_ = 0;      // where the open phrase starts in out_
  bool plain_next_ = false;         // the next word follows NEAR or ADJ: it names nothing
  std::string wildcard_field_ = "zbody";
};

}  // namespace

QueryBuilder::QueryBuilder(IndexReader& index, Normaliser& normaliser)
    : index_(index), normaliser_(normaliser), stemmer_("english"), stopper_(std::begin(kStopwords), std::end(kStopwords)) {}

std::string QueryBuilder::rewrite(const std::string& text, MatchTerms* terms, bool entity_words) {
  MatchTerms scratch;
  Lexer lexer(text, index_, normaliser_, stemmer_, stopper_, terms != nullptr ? *terms : scratch, entity_words);
  return lexer.run();
}

ParsedQuery QueryBuilder::parse(const std::string& text, const QueryOptions& options) {
  ParsedQuery parsed;
  parsed.rewritten = rewrite(text, &parsed.terms, options.entity_words);
  const bool blank = std::all_of(parsed.rewritten.begin(), parsed.rewritten.end(), [](char c) { return is_space(c); });
  if (blank) {
    if (!std::all_of(text.begin(), text.end(), [](char c) { return is_space(c); })) {
      throw QueryError(0, "the query has no words to search for", "use letters or digits");
    }
    parsed.query = Xapian::Query::MatchAll;
    parsed.words = false;
    return parsed;
  }
  Xapian::QueryParser parser;
  parser.set_database(index_.database());
  parser.set_stemmer(stemmer_);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_stopper(&stopper_);
  parser.set_default_op(options.match_all_words ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  // The wildcards of one query share 2000 expansions (each at least 250): eight single-letter
  // wildcards expanding to 2000 words each took 9 s to count at 200,000 passages.
  const auto wildcards = static_cast<unsigned>(std::count(parsed.rewritten.begin(), parsed.rewritten.end(), '*'));
  parser.set_max_expansion(std::max(250u, 2000u / std::max(1u, wildcards)), Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  for (const Field& field : kFields) {
    if (field.kind == FieldKind::Text) {
      parser.add_prefix(field.name, std::string(field.prefix));
    } else if (field.kind != FieldKind::Date) {
      parser.add_boolean_prefix(field.name, std::string(field.prefix));
    }
  }
  // Wildcards expand over the stemmed terms the index holds (the lexer writes zbody:javel*).
  for (const auto& [name, prefix] : kWildcardFields) parser.add_prefix(name, prefix);
  DateRangeProcessor dates;
  parser.add_rangeprocessor(&dates);
  parser.add_prefix("zentity", (new EntityTermProcessor(index_.database()))->release());
  const unsigned flags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    parsed.query = parser.parse_query(parsed.rewritten, flags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError(0, e.get_msg());
  }
  if (parsed.query.empty()) throw QueryError(0, "the query has only common words (the, of, ...)", "add a content word");
  parsed.query = without_xor(parsed.query);
  parsed.words = !parsed.terms.empty();  // "country:RS date:2024" has none: nothing to rank by
  return parsed;
}

std::string QueryBuilder::suggest(const std::string& text) {
  Xapian::Database& db = index_.database();
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  for (const Token& token : normaliser_.tokenize(text)) {
    const std::string_view original(text.data() + token.begin, token.end - token.begin);
    const bool field_name = token.end < text.size() && text[token.end] == ':';
    const bool field_value = token.begin > 0 && (text[token.begin - 1] == ':' ||
                                                 (text[token.begin - 1] == '"' && token.begin > 1 && text[token.begin - 2] == ':'));
    if (field_name || field_value || is_operator(original) || stopper_(token.folded)) continue;
    if (db.term_exists("Z" + stemmer_(token.folded))) continue;
    const std::string suggestion = db.get_spelling_suggestion(token.folded, 2);
    if (suggestion.empty() || suggestion == token.folded) continue;
    out.append(text, copied, token.begin - copied);
    out += suggestion;
    copied = token.end;
    changed = true;
  }
  if (!changed) return {};
  out.append(text, copied, std::string::npos);
  return out;
}

std::vector<std::string> QueryBuilder::resolve(schema::Facet facet, const std::vector<std::string>& values) {
  std::vector<std::string> ids;
  for (const std::string& value : values) {
    const auto id = index_.entities().resolve(facet, value, normaliser_);
    if (!id) {
      throw UsageError("unknown " + facet_label(facet) + " '" + value + "' (use an id or a name of one that the archive's articles mention)");
    }
    ids.push_back(*id);
  }
  return ids;
}

std::string QueryBuilder::entity_name(schema::Facet facet, const std::string& id) {
  const EntityInfo* info = index_.entities().find_without_names(facet, id);
  return info != nullptr ? info->name : id;
}

Xapian::Query QueryBuilder::facet_filter(schema::Facet facet, const std::vector<std::string>& values, bool focus) {
  std::vector<Xapian::Query> terms;
  for (const std::string& id : resolve(facet, values)) {
    terms.emplace_back(std::string(focus ? schema::kPrefixCountryFocus : schema::facet_prefix(facet)) + id);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace dossier
