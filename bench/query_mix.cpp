#include "bench/query_mix.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include "bench/rng.h"
#include "common/error.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"
#include "searcher/query_builder.h"

namespace dossier::bench {

namespace {

enum Band { kRare = 0, kMedium = 1, kCommon = 2 };
const char* const kBandNames[] = {"rare", "medium", "common"};

constexpr std::size_t kFacetValues = 40;   // most frequent values of each facet
constexpr std::size_t kCooccurTries = 64;  // passages tried for words that occur together
constexpr int kMaxSpanMonths = 36;

struct FacetField {
  std::string_view prefix;
  const char* field;
};
const FacetField kFacetFields[] = {
    {schema::kPrefixCountry, "country"}, {schema::kPrefixActor, "actor"}, {schema::kPrefixWeapon, "weapon"}};

bool ascii_letters(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool safe_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

// Words joined by " OP ", or by a space when op is empty.
std::string join(const std::vector<std::string>& words, const std::string& op) {
  const std::string separator = op.empty() ? " " : " " + op + " ";
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

// Everything the classes are drawn from.
class Vocabulary {
 public:
  Vocabulary(IndexReader& index, const MixOptions& options, Rng& rng) : db_(index.database()), rng_(rng) {
    Normaliser normaliser;
    QueryBuilder builder(index, normaliser);
    const Xapian::doccount n = db_.get_doccount();
    rare_max_ = std::max<Xapian::doccount>(2, n / 2000);
    medium_max_ = std::max<Xapian::doccount>(rare_max_ + 2, n / 100);
    sample_passages(options.sample_passages, builder.stopper());
    load_facets();
    date_min_ = db_.get_value_lower_bound(schema::kSlotDate);
    date_max_ = db_.get_value_upper_bound(schema::kSlotDate);
  }

  Xapian::doccount rare_max() const { return rare_max_; }
  Xapian::doccount medium_max() const { return medium_max_; }
  const std::vector<std::string>& band(int b) const { return bands_[b]; }
  bool has_phrases() const { return !phrases_.empty(); }
  bool has_facets() const { return !facets_.empty(); }
  bool has_dates() const {
    const auto date = [](const std::string& v) {
      return v.size() == 8 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
             v.substr(4, 2) >= "01" && v.substr(4, 2) <= "12";
    };
    return date(date_min_) && date(date_max_) && date_min_ <= date_max_;
  }

  std::string word(int b) { return bands_[b][rng_.below(bands_[b].size())]; }

  std::vector<std::string> distinct_words(int b, std::size_t k) {
    std::vector<std::string> words;
    for (std::size_t tries = 0; words.size() < k && tries < 16 * k; ++tries) {
      std::string w = word(b);
      if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
    }
    return words;
  }

  // k words of band b that occur in one sampled passage; independent words when none has enough.
  std::vector<std::string> cooccurring_words(int b, std::size_t k) {
    for (std::size_t tries = 0; tries < kCooccurTries && !passage_words_.empty(); ++tries) {
      const std::vector<std::string>& words = passage_words_[rng_.below(passage_words_.size())];
      std::vector<std::string> in_band;
      for (const std::string& w : words) {
        if (band_of_.at(w) == b) in_band.push_back(w);
      }
      if (in_band.size() < k) continue;
      std::vector<std::string> picked;
      while (picked.size() < k) {
        const std::size_t i = rng_.below(in_band.size());
        picked.push_back(in_band[i]);
        in_band.erase(in_band.begin() + static_cast<std::ptrdiff_t>(i));
      }
      return picked;
    }
    return distinct_words(b, k);
  }

  std::string phrase() { return phrases_[rng_.below(phrases_.size())]; }

  // One filter each from `count` different facets.
  std::vector<std::string> facet_filters(std::size_t count) {
    std::vector<std::size_t> facets;
    for (std::size_t i = 0; i < facets_.size(); ++i) facets.push_back(i);
    std::vector<std::string> filters;
    while (filters.size() < count && !facets.empty()) {
      const std::size_t i = rng_.below(facets.size());
      const auto& values = facets_[facets[i]].second;
      filters.push_back(std::string(facets_[facets[i]].first) + ":" + values[rng_.below(values.size())]);
      facets.erase(facets.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return filters;
  }

  std::string date_range() {
    const int first = month_number(date_min_), last = month_number(date_max_);
    const int start = first + static_cast<int>(rng_.below(static_cast<std::size_t>(last - first + 1)));
    const int end = std::min(last, start + static_cast<int>(rng_.below(kMaxSpanMonths)));
    if (rng_.below(3) == 0) return "date:" + std::to_string(start / 12) + ".." + std::to_string(end / 12);
    return "date:" + month_text(start) + ".." + month_text(end);
  }

 private:
  static int month_number(const std::string& yyyymmdd) {
    return std::stoi(yyyymmdd.substr(0, 4)) * 12 + std::stoi(yyyymmdd.substr(4, 2)) - 1;
  }
  static std::string month_text(int month) {
    const int m = month % 12 + 1;
    return std::to_string(month / 12) + (m < 10 ? "-0" : "-") + std::to_string(m);
  }

  void sample_passages(std::size_t wanted, const Xapian::Stopper& stopper) {
    std::vector<Xapian::docid> docids;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) docids.push_back(*it);
    if (docids.empty()) return;
    // A seeded partial shuffle: the first `wanted` docids are the sample.
    wanted = std::min(wanted, docids.size());
    for (std::size_t i = 0; i < wanted; ++i) std::swap(docids[i], docids[i + rng_.below(docids.size() - i)]);
    docids.resize(wanted);
    std::sort(docids.begin(), docids.end());  // read in docid order; the draw is already made

    const Xapian::Stem stemmer("english");
    std::set<std::string> phrases;
    std::unordered_map<std::string, Xapian::doccount> df_by_stem;
    for (const Xapian::docid docid : docids) {
      PassageRecord record;
      try {
        record = decode_record(db_.get_document(docid).get_data());
      } catch (const Error&) {
        continue;  // not a record this version can read: not a source of words
      }
      if (!record.article.language.empty() && record.article.language != "en") continue;
      const std::vector<std::string_view> tokens = split_spaces(record.passage.text);
      std::vector<std::string> words;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!ascii_letters(tokens[i])) continue;
        const std::string word = lower(tokens[i]);
        if (word.size() < 3 || word.size() > 24 || stopper(word)) continue;
        auto [entry, fresh] = band_of_.try_emplace(word, -1);
        if (fresh) {
          const std::string stem = stemmer(word);
          auto [df, fresh_stem] = df_by_stem.try_emplace(stem, 0);
          // One word per stem: "missile" and "missiles" are the same query term.
          if (fresh_stem) {
            df->second = db_.get_termfreq("Z" + stem);  // body stems (schema.h)
            if (df->second > 0) {
              entry->second = df->second <= rare_max_ ? kRare : df->second <= medium_max_ ? kMedium : kCommon;
              bands_[entry->second].push_back(word);
            }
          }
        }
        if (entry->second >= 0 && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
      }
      if (!words.empty()) passage_words_.push_back(std::move(words));
      // Phrases: 2-3 consecutive plain words, not starting or ending with a stopword.
      for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const std::size_t length = 2 + rng_.below(2);
        if (i + length > tokens.size()) continue;
        bool ok = true;
        for (std::size_t j = i; j < i + length && ok; ++j) ok = ascii_letters(tokens[j]) && tokens[j].size() >= 2;
        if (!ok || stopper(lower(tokens[i])) || stopper(lower(tokens[i + length - 1]))) continue;
        std::string phrase;
        for (std::size_t j = i; j < i + length; ++j) phrase += (phrase.empty() ? "" : " ") + lower(tokens[j]);
        phrases.insert("\"" + phrase + "\"");
        i += length;  // no overlapping phrases from one passage
      }
    }
    phrases_.assign(phrases.begin(), phrases.end());
    for (auto& band : bands_) std::sort(band.begin(), band.end());  // independent of the sample's order
  }

  void load_facets() {
    for (const FacetField& field : kFacetFields) {
      const std::string prefix(field.prefix);
      std::vector<std::pair<Xapian::doccount, std::string>> values;
      for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
        const std::string id = (*it).substr(prefix.size());
        if (safe_id(id)) values.emplace_back(it.get_termfreq(), id);
      }
      std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      if (values.size() > kFacetValues) values.resize(kFacetValues);
      std::vector<std::string> ids;
      for (auto& [df, id] : values) ids.push_back(std::move(id));
      if (!ids.empty()) facets_.emplace_back(field.field, std::move(ids));
    }
  }

  Xapian::Database& db_;
  Rng& rng_;
  Xapian::doccount rare_max_ = 0, medium_max_ = 0;
  std::array<std::vector<std::string>, 3> bands_;
  std::unordered_map<std::string, int> band_of_;  // -1: not in the index
  std::vector<std::vector<std::string>> passage_words_;
  std::vector<std::string> phrases_;
  std::vector<std::pair<const char*, std::vector<std::string>>> facets_;
  std::string date_min_, date_max_;
};

// Words for the filter classes: one or two of a random band, OR.
std::string filter_words(Vocabulary& vocabulary, Rng& rng, const std::vector<int>& bands) {
  const int band = bands[rng.below(bands.size())];
  return join(vocabulary.distinct_words(band, 1 + rng.below(2)), "OR");
}

}  // namespace

const std::vector<std::string>& mix_classes() {
  static const std::vector<std::string> classes = {
      "rare-1", "medium-1", "common-1", "rare-and", "medium-and", "common-and", "rare-or",
      "medium-or", "common-or", "phrase", "facet", "date", "facet-date"};
  return classes;
}

QueryMix generate_query_mix(IndexReader& index, const MixOptions& options) {
  QueryMix mix;
  Rng rng(options.seed);
  Vocabulary vocabulary(index, options, rng);
  mix.notes.push_back("bands by passage frequency: rare <= " + std::to_string(vocabulary.rare_max()) + " < medium <= " +
                      std::to_string(vocabulary.medium_max()) + " < common");
  std::vector<int> bands;
  for (int b : {kRare, kMedium, kCommon}) {
    if (!vocabulary.band(b).empty()) bands.push_back(b);
  }
  // Classes this database can supply, with why the others cannot be.
  std::vector<std::string> classes;
  for (const std::string& label : mix_classes()) {
    std::string missing;
    const std::string band = label.substr(0, label.find('-'));
    for (int b : {kRare, kMedium, kCommon}) {
      if (band == kBandNames[b] && vocabulary.band(b).empty()) missing = "no " + band + " word in the sample";
    }
    if (label == "phrase" && !vocabulary.has_phrases()) missing = "no phrase in the sample";
    if ((label == "facet" || label == "facet-date") && !vocabulary.has_facets()) missing = "no facet values";
    if ((label == "date" || label == "facet-date") && !vocabulary.has_dates()) missing = "no dates";
    const bool filter_class = label == "facet" || label == "date" || label == "facet-date";
    if (bands.empty() && filter_class) missing = "no words in the sample";
    if (missing.empty()) classes.push_back(label);
    else mix.notes.push_back("class " + label + " left out: " + missing);
  }
  if (classes.empty()) return mix;

  std::map<std::string, std::vector<BenchQuery>> by_class;
  for (std::size_t i = 0; i < options.count; ++i) {
    const std::string& label = classes[i % classes.size()];
    std::string text;
    int band = -1;
    for (int b : {kRare, kMedium, kCommon}) {
      if (label.rfind(kBandNames[b], 0) == 0) band = b;
    }
    const std::string kind = label.substr(label.find('-') + 1);
    if (band >= 0 && kind == "1") {
      text = vocabulary.word(band);
    } else if (band >= 0 && kind == "and") {
      text = join(vocabulary.cooccurring_words(band, 2 + rng.below(3)), "AND");
    } else if (band >= 0 && kind == "or") {
      text = join(vocabulary.distinct_words(band, 2 + rng.below(3)), "OR");
    } else if (label == "phrase") {
      text = vocabulary.phrase();
    } else if (label == "facet") {
      text = filter_words(vocabulary, rng, bands) + " " + join(vocabulary.facet_filters(1 + rng.below(2)), "");
    } else if (label == "date") {
      text = filter_words(vocabulary, rng, bands) + " " + vocabulary.date_range();
    } else {  // facet-date
      text = filter_words(vocabulary, rng, bands) + " " + vocabulary.facet_filters(1).front() + " " + vocabulary.date_range();
    }
    by_class[label].push_back({text, label, "mix:" + std::to_string(i + 1)});
  }
  for (const std::string& label : classes) {
    for (BenchQuery& query : by_class[label]) mix.queries.push_back(std::move(query));
  }
  return mix;
}

}  // namespace dossier::bench
