#include "indexer/recogniser.h"

#include "indexer/recogniser_words.h"

#include "common/schema.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace dossier {

using namespace recogniser;

std::string discovered_id(Normaliser& normaliser, std::string_view name) {
  return schema::slug(normaliser.fold_phrase(name));
}

struct Recogniser::Impl {
  const Gazetteer& gazetteer;
  Normaliser& normaliser;
  // Nationality words: folded token sequence (one or two words) -> country id.
  std::map<std::vector<std::string>, std::string> demonyms;
  // Country id -> its first demonym as written ("UA" -> "Ukrainian"), else its display name: the
  // nationality of "Ukraine's army".
  std::unordered_map<std::string, std::string> nationality;
  // Weapon designation families: folded letter prefix ("su", "t", "2s") -> category id, for
  // the families whose known systems all share one category.
  std::unordered_map<std::string, std::string> families;
  Words weapon_cues;
  std::size_t cue_window = 8;
  // First names of the gazetteer's persons: a speaker must start with one (else "Deutsche
  // Bank said" would be a person).
  Words first_names;

  Impl(const Gazetteer& g, Normaliser& n) : gazetteer(g), normaliser(n) {
    std::unordered_map<std::string, std::set<std::string>> family_categories;
    for (const GazetteerFile& file : gazetteer.files) {
      if (file.facet == schema::Facet::Weapon) {
        cue_window = file.cue_window;
        // The cue words of a designation: the words that name the weapon categories ("tanks",
        // "howitzer", "missiles"), not the file's wider cues, several of which ("sales",
        // "order", "battery", "fired") are as common in business and sport news.
        for (const GazetteerEntry& entry : file.entries) {
          if (entry.type != "category") continue;
          for (const GazetteerName& name : entry.names) {
            if (name.exact) continue;
            for (const Token& token : normaliser.tokenize(name.text)) {
              if (token.folded.size() >= 4 && kGenericWeaponWords.count(token.folded) == 0) weapon_cues.insert(token.folded);
            }
          }
        }
      }
      for (const GazetteerEntry& entry : file.entries) {
        if (file.facet == schema::Facet::Actor && entry.type == "person") {
          const auto words = normaliser.tokenize(entry.name);
          if (words.size() >= 2 && words.front().folded.size() > 1) first_names.insert(words.front().folded);
        }
        for (const GazetteerName& name : entry.names) {
          if (file.facet == schema::Facet::Country && name.rule == "demonym") nationality.emplace(entry.id, name.text);
          if (file.facet == schema::Facet::Country && name.rule == "demonym") {
            std::vector<std::string> words;
            for (const Token& token : normaliser.tokenize(name.text)) words.push_back(token.folded);
            if (!words.empty() && words.size() <= 2) demonyms.emplace(std::move(words), entry.id);
          }
          if (file.facet == schema::Facet::Weapon && entry.type != "category" && !entry.category.empty()) {
            const std::string family = designation_family(name.text);
            if (!family.empty()) family_categories[family].insert(entry.category);
          }
        }
      }
    }
    for (const auto& [family, categories] : family_categories) {
      if (categories.size() == 1) families.emplace(family, *categories.begin());
    }
  }

  // The letter family of a designation-shaped name: "T-72" -> "t", "Su-24M" -> "su", "2S19" ->
  // "2s", "M777" -> "m"; "" when the name does not start with one.
  static std::string designation_family(std::string_view name) {
    std::size_t i = 0;
    std::string family;
    if (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) != 0) family += name[i++];
    const std::size_t letters_start = i;
    while (i < name.size() && std::isalpha(static_cast<unsigned char>(name[i])) != 0 && i - letters_start < 4) {
      family += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
      ++i;
    }
    if (i == letters_start || !std::isupper(static_cast<unsigned char>(name[letters_start]))) return "";
    if (i < name.size() && name[i] == '-') ++i;
    // Two digits at least, and not a year: "K2", "P2P" and "FM2005" are no designations of
    // weapons in the news (MQ-9 and a few others are lost to this; the gazetteer lists them).
    std::size_t digits = 0;
    while (i + digits < name.size() && std::isdigit(static_cast<unsigned char>(name[i + digits])) != 0) ++digits;
    if (digits < 2) return "";
    if (digits == 4 && (name.compare(i, 2, "19") == 0 || name.compare(i, 2, "20") == 0)) return "";
    if (family.size() == 1 && std::isdigit(static_cast<unsigned char>(family[0])) != 0) return "";
    return family;
  }
};

Recogniser::Recogniser(const Gazetteer& gazetteer, Normaliser& normaliser)
    : impl_(std::make_unique<Impl>(gazetteer, normaliser)) {}
Recogniser::~Recogniser() = default;

namespace {

// The tokens a mention overlaps (tokens are in text order: a binary search, not a scan per mention).
Span token_span(const std::vector<Token>& tokens, const EntityMention& mention) {
  const auto first = std::partition_point(tokens.begin(), tokens.end(), [&](const Token& t) { return t.end <= mention.begin; });
  const auto last = std::partition_point(first, tokens.end(), [&](const Token& t) { return t.begin < mention.end; });
  return Span{static_cast<std::size_t>(first - tokens.begin()), static_cast<std::size_t>(last - tokens.begin())};
}

class ArticleRecognition {
 public:
  ArticleRecognition(const Recogniser::Impl& impl, std::map<std::string, DiscoveredEntity>& found)
      : impl_(impl), found_(found) {}

  void passage(Passage& passage, const std::vector<Token>& tokens) {
    PassageView view{passage.text, tokens};
    last_org_ = Span{0, 0};
    std::vector<EntityMention> added;
    // Token coverage by gazetteer mentions: 'c' country, 'o' other facets.
    std::vector<char> covered(tokens.size(), 0);
    for (const EntityMention& mention : passage.entities) {
      const Span span = token_span(tokens, mention);
      for (std::size_t i = span.begin; i < span.end; ++i) {
        covered[i] = mention.facet == "country" && covered[i] != 'o' ? 'c' : 'o';
      }
      if (mention.facet == "actor") note_person(mention.id, mention.name);
    }
    const auto free = [&](Span span, bool countries_ok) {
      for (std::size_t i = span.begin; i < span.end; ++i) {
        if (covered[i] == 'o' || (covered[i] == 'c' && !countries_ok)) return false;
      }
      return true;
    };
    const auto take = [&](Span span) {
      for (std::size_t i = span.begin; i < span.end; ++i) covered[i] = 'o';
    };
    const auto add = [&](Span span, const DiscoveredEntity& entity, const std::string& rule) {
      EntityMention mention;
      mention.facet = entity.facet;
      mention.id = entity.id;
      mention.name = entity.name;
      mention.begin = tokens[span.begin].begin;
      mention.end = tokens[span.end - 1].end;
      mention.mention = passage.text.substr(mention.begin, mention.end - mention.begin);
      mention.rule = rule;
      mention.discovered = !is_known(entity);
      if (mention.discovered) found_.emplace(entity.facet + ":" + entity.id, entity);
      added.push_back(std::move(mention));
      take(span);
    };

    forces(view, free, add);
    country_bodies(view, passage.entities, free, add);
    organisations(view, free, add);
    acronym_definitions(view, free, add);
    titled_persons(view, free, add);
    speakers(view, free, add);
    later_mentions(view, free, add);
    designations(view, free, add);

    if (added.empty()) return;
    for (EntityMention& mention : added) passage.entities.push_back(std::move(mention));
    std::stable_sort(passage.entities.begin(), passage.entities.end(),
                     [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });
  }

 private:
  // A discovered name whose id the gazetteer has is that entry ("Russian soldiers").
  bool is_known(const DiscoveredEntity& entity) const {
    schema::Facet facet;
    return schema::parse_facet_name(entity.facet, facet) && impl_.gazetteer.find(facet, entity.id) != nullptr;
  }

  DiscoveredEntity actor(const std::string& name, const std::string& type, const std::string& affiliation = "") {
    return DiscoveredEntity{"actor", discovered_id(impl_.normaliser, name), name, type, affiliation, "", ""};
  }

  // Remembers a person's last name for later mentions of it alone.
  void note_person(const std::string& id, const std::string& name) {
    const GazetteerEntry* entry = impl_.gazetteer.find(schema::Facet::Actor, id);
    if (entry != nullptr && entry->type != "person") return;
    const auto tokens = impl_.normaliser.tokenize(name);
    if (tokens.size() < 2) return;
    surnames_.emplace(tokens.back().folded, std::make_pair(id, name));
  }

  // A country's own body, named through the country: "Ukraine's Air Force", "Sudan's army",
  // "Armenia's Defence Ministry" (as the nationality's: "Ukrainian Air Force"), and a coalition a
  // country leads ("US-led coalition", "Saudi-led forces").
  template <typename FreeF, typename Add>
  void country_bodies(const PassageView& view, const std::vector<EntityMention>& mentions, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (const EntityMention& mention : mentions) {
      if (mention.facet != "country" || mention.discovered) continue;
      const Span span = token_span(tokens, mention);
      if (span.begin == span.end || tokens[span.begin].begin != mention.begin || tokens[span.end - 1].end != mention.end) continue;
      const std::size_t first = span.begin;
      const std::size_t last = span.end - 1;
      if (last + 2 >= tokens.size()) continue;
      const std::string_view g = view.gap(last);
      if ((g == "-") && view.folded(last + 1) == "led" && view.gap(last + 1) == " ") {
        const std::string& what = view.folded(last + 2);
        if (what == "coalition" || what == "forces" || what == "alliance" || what == "mission") {
          const Span span{first, last + 3};
          if (!free(span, true)) continue;
          const std::string name(view.text.substr(tokens[first].begin, tokens[last + 2].end - tokens[first].begin));
          add(span, actor(name, "military", mention.id), "force");
        }
        continue;
      }
      if (!(g == "'" || g == "\u2019") || view.folded(last + 1) != "s" || view.gap(last + 1) != " ") continue;
      const auto known = impl_.nationality.find(mention.id);
      const std::string nationality = known != impl_.nationality.end() ? known->second : mention.name;
      std::size_t j = last + 2;
      // An agent noun, perhaps after a modifier: "Iraq's security forces", "Ukraine's Air Force".
      std::size_t k = j;
      const char* suffix = nullptr;
      if (const auto modifier = kAgentModifiers.find(view.folded(k)); modifier != kAgentModifiers.end() && k + 1 < tokens.size() && view.gap(k) == " ") {
        suffix = modifier->second;
        ++k;
      }
      const auto noun = kAgentNouns.find(view.folded(k));
      if (noun != kAgentNouns.end() && modifies_next(view, k)) continue;
      if (noun != kAgentNouns.end() || (view.folded(k) == "air" && k + 1 < tokens.size() && view.folded(k + 1) == "force")) {
        std::string type = "military";
        if (noun != kAgentNouns.end()) {
          if (suffix == nullptr) suffix = noun->second.suffix;
          type = noun->second.type;
        } else {
          suffix = "Air Force";
          ++k;
        }
        const Span span{first, k + 1};
        if (free(span, true)) add(span, actor(nationality + " " + suffix, type, mention.id), "force");
        continue;
      }
      // Capitalised words ending in an organisation head: "Armenia's Defence Ministry".
      std::size_t end = j;
      while (end < tokens.size() && end - j < 4 && view.cap(end) && (end == j || view.name_joined(end - 1))) {
        const auto head = kOrgHeads.find(view.folded(end));
        ++end;
        if (head != kOrgHeads.end()) {
          const Span span{first, end};
          const std::string words(view.text.substr(tokens[j].begin, tokens[end - 1].end - tokens[j].begin));
          if (free(span, true)) add(span, actor(nationality + " " + words, head->second, mention.id), "org");
          break;
        }
      }
    }
  }

  // "military" in "Ukraine's military intelligence agency" qualifies the noun after it: an
  // agent noun, organisation head or title next is the body (or person) meant, not this one.
  static bool modifies_next(const PassageView& view, std::size_t i) {
    if (i + 1 >= view.tokens.size() || view.gap(i) != " ") return false;
    const std::string& next = view.folded(i + 1);
    return kAgentNouns.count(next) > 0 || kOrgHeads.count(next) > 0 || kTitleHeads.count(next) > 0 ||
           next == "spokesman" || next == "spokeswoman" || next == "official" || next == "officials" ||
           next == "service" || next == "services" || next == "officer" || next == "officers";
  }

  template <typename FreeF, typename Add>
  void forces(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!view.cap(i)) continue;
      for (std::size_t words = 2; words >= 1; --words) {
        if (i + words > tokens.size()) continue;
        std::vector<std::string> key;
        for (std::size_t k = 0; k < words; ++k) key.push_back(view.folded(i + k));
        const auto demonym = impl_.demonyms.find(key);
        if (demonym == impl_.demonyms.end()) continue;
        std::size_t j = i + words;
        const char* suffix = nullptr;
        if (j < tokens.size() && view.gap(j - 1) == " ") {
          const auto modifier = kAgentModifiers.find(view.folded(j));
          if (modifier != kAgentModifiers.end() && j + 1 < tokens.size() && view.gap(j) == " ") {
            suffix = modifier->second;
            ++j;
          }
        }
        if (j >= tokens.size() || view.gap(j - 1) != " ") break;
        const auto noun = kAgentNouns.find(view.folded(j));
        if (noun != kAgentNouns.end() && modifies_next(view, j)) break;
        std::string type;
        if (noun != kAgentNouns.end()) {
          if (suffix == nullptr) suffix = noun->second.suffix;
          type = noun->second.type;
        } else if (view.folded(j) == "air" && j + 1 < tokens.size() && view.folded(j + 1) == "force") {
          suffix = "Air Force";
          type = "military";
          ++j;
        } else {
          break;
        }
        const Span span{i, j + 1};
        if (!free(span, true)) break;
        std::string nationality(view.text.substr(tokens[i].begin, tokens[i + words - 1].end - tokens[i].begin));
        add(span, actor(nationality + " " + suffix, type, demonym->second), "force");
        i = j;
        break;
      }
    }
  }

  template <typename FreeF, typename Add>
  void organisations(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t head = 0; head < tokens.size(); ++head) {
      const auto found = kOrgHeads.find(view.folded(head));
      if (found == kOrgHeads.end() || !view.cap(head)) continue;
      // Left: capitalised words (and "of"/"for"/"and" between them) joined to the head.
      std::size_t begin = head;
      while (begin > 0 && view.name_joined(begin - 1)) {
        const std::size_t k = begin - 1;
        // "Securities and Exchange Commission": a lower-case joint between capitalised words.
        if (!view.cap(k) && (view.folded(k) == "and" || view.folded(k) == "of" || view.folded(k) == "for") && k > 0 &&
            view.name_joined(k - 1) && view.name_word(k - 1)) {
          begin = k;
          continue;
        }
        if (!view.cap(k)) break;
        if (kNotNames.count(view.folded(k)) > 0 && view.folded(k) != "police") break;
        if (view.is_digit_token(k)) break;
        --begin;
      }
      // Right: "Ministry of Interior", "Council for Peace and Security".
      std::size_t end = head + 1;
      {  // any head: "Tourism Authority of Thailand" as well as "Ministry of Interior"
        std::size_t j = head + 1;
        while (j + 1 < tokens.size() && view.gap(j - 1) == " " &&
               (view.folded(j) == "of" || view.folded(j) == "for" || view.folded(j) == "and" || view.folded(j) == "the") &&
               view.gap(j) == " ") {
          std::size_t k = j + 1;
          if (view.folded(k) == "the" && k + 1 < tokens.size()) ++k;
          if (!view.name_word(k)) break;
          while (k + 1 < tokens.size() && view.name_joined(k) && view.name_word(k + 1)) ++k;
          end = k + 1;
          j = k + 1;
        }
      }
      if (end - begin < 2) continue;
      // A longer capitalised name goes on: "Swiss Army Knife" is a product, not the army.
      if (end < tokens.size() && view.name_joined(end - 1) && view.name_word(end) && !title_word(view.folded(end))) continue;
      bool specific = false;
      for (std::size_t k = begin; k < end; ++k) {
        if (k == head) continue;
        if (kGenericOrgWords.count(view.folded(k)) == 0 && kOrgHeads.count(view.folded(k)) == 0) specific = true;
      }
      const Span span{begin, end};
      if (!specific || !free(span, true)) continue;
      const std::string name(view.text.substr(tokens[begin].begin, tokens[end - 1].end - tokens[begin].begin));
      add(span, actor(name, found->second), "org");
      last_org_ = {begin, end};
      last_org_id_ = discovered_id(impl_.normaliser, name);
      last_org_name_ = name;
      head = end - 1;
    }
  }

  template <typename FreeF, typename Add>
  void acronym_definitions(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t i = 1; i + 1 <= tokens.size(); ++i) {
      if (i >= tokens.size()) break;
      const std::string_view before = view.gap(i - 1);
      if (before != " (" || !all_caps_acronym(view.raw(i))) continue;
      if (i + 1 < tokens.size() && view.gap(i).substr(0, 1) != ")") continue;
      if (i + 1 == tokens.size() && view.text.substr(tokens[i].end, 1) != ")") continue;
      const std::string acronym(view.raw(i));
      // The long name: a discovered organisation ending right before, or capitalised words whose
      // initials spell the acronym.
      std::string id, name, type = "organisation";
      if (last_org_.end == i && !last_org_id_.empty()) {
        id = last_org_id_;
        name = last_org_name_;
      } else {
        std::string letters;
        for (char c : acronym) if (c >= 'A' && c <= 'Z') letters += c;
        std::size_t begin = i;
        std::string initials;
        for (std::size_t k = i; k-- > 0 && initials.size() < letters.size();) {
          if (k + 1 < i && !view.name_joined(k)) break;
          const std::string& word = view.folded(k);
          if (word == "of" || word == "and" || word == "for" || word == "the" || (kParticles.count(word) > 0 && !view.cap(k))) {
            begin = k;
            continue;
          }
          if (!view.cap(k)) break;
          initials.insert(initials.begin(), static_cast<char>(std::toupper(static_cast<unsigned char>(view.raw(k)[0]))));
          begin = k;
        }
        if (initials != letters || initials.size() < 2) continue;
        // Initials alone also spell standards and products ("High Speed Downlink Packet Access
        // (HSDPA)"): the long name needs an organisation word, or a conflict word nearby.
        if (!organisation_like(view, Span{begin, i})) continue;
        while (begin < i && !view.cap(begin)) ++begin;
        const Span span{begin, i};
        name = std::string(view.text.substr(tokens[begin].begin, tokens[i - 1].end - tokens[begin].begin));
        DiscoveredEntity entity = actor(name, type);
        id = entity.id;
        if (free(span, true)) add(span, entity, "acronym");
      }
      acronyms_[acronym] = std::make_pair(id, name);
      if (free(Span{i, i + 1}, true)) add(Span{i, i + 1}, actor_with_id(id, name, type), "acronym");
    }
  }

  bool organisation_like(const PassageView& view, Span span) const {
    for (std::size_t k = span.begin; k < span.end; ++k) {
      if (kOrgHeads.count(view.folded(k)) > 0 || kBodyWords.count(view.folded(k)) > 0) return true;
    }
    const std::size_t from = span.begin > 8 ? span.begin - 8 : 0;
    const std::size_t to = std::min(view.tokens.size(), span.end + 8);
    for (std::size_t k = from; k < to; ++k) {
      if (kConflictWords.count(view.folded(k)) > 0) return true;
    }
    return false;
  }

  DiscoveredEntity actor_with_id(const std::string& id, const std::string& name, const std::string& type) {
    return DiscoveredEntity{"actor", id, name, type, "", "", ""};
  }

  // The run of name words starting at i (particles allowed inside), at most 4 words; its end.
  static std::size_t name_run(const PassageView& view, std::size_t i) {
    std::size_t end = i;
    std::size_t words = 0;
    while (end < view.tokens.size() && words < 4) {
      const bool particle = kParticles.count(view.folded(end)) > 0 && !view.cap(end);
      if (!(view.name_word(end) || (particle && words > 0))) break;
      if (title_word(view.folded(end)) && view.cap(end) && kTitleHeads.count(view.folded(end)) > 0) break;
      ++words;
      ++end;
      if (!view.name_joined(end - 1)) break;
    }
    // A trailing particle is not part of the name.
    while (end > i && kParticles.count(view.folded(end - 1)) > 0 && !view.cap(end - 1)) --end;
    return end;
  }

  template <typename FreeF, typename Add>
  void titled_persons(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (kTitleHeads.count(view.folded(i)) == 0) continue;
      // The title may end in a dot ("Gen.") and may be followed by another title word.
      std::size_t j = i + 1;
      const std::string_view g = view.gap(i);
      if (!(g == " " || g == ". ")) continue;
      // Further title words: "Lieutenant General", "Chief Executive", "Chief of Staff".
      while (j + 1 < tokens.size() && (view.gap(j) == " " || view.gap(j) == ". ") &&
             ((view.cap(j) && (title_word(view.folded(j)) || kRoleWords.count(view.folded(j)) > 0)) ||
              (view.folded(j) == "of" && !view.cap(j)))) {
        ++j;
      }
      if (j >= tokens.size() || !view.name_word(j)) continue;
      const std::size_t end = name_run(view, j);
      const std::size_t words = end - j;
      const bool honorific = kHonorifics.count(view.folded(j - 1)) > 0;
      if (words == 0 || (words < 2 && !honorific)) {
        if (words == 1) person_by_surname(view, Span{j, end}, free, add);
        continue;
      }
      const Span span{j, end};
      if (!free(span, false)) continue;
      // "Mr Blair": the full name seen earlier in the article, else a person of that one name.
      if (words == 1 && surnames_.count(view.folded(j)) > 0) {
        person_by_surname(view, span, free, add);
        continue;
      }
      add_person(view, span, add, "title");
      i = end - 1;
    }
  }

  // A person's name does not run into a facility word ("Khomeini International Airport").
  // An all-capital word is an acronym or a shout, not a person's name ("Sky TV").
  static bool shouted(const PassageView& view, Span span) {
    for (std::size_t k = span.begin; k < span.end; ++k) {
      const std::string_view raw = view.raw(k);
      if (raw.size() >= 2 && std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return true;
    }
    return false;
  }

  static bool before_facility(const PassageView& view, Span span) {
    for (std::size_t k = span.begin; k < std::min(view.tokens.size(), span.end + 2); ++k) {
      if (kFacilityWords.count(view.folded(k)) > 0 && view.cap(k)) return true;
    }
    return false;
  }

  template <typename Add>
  void add_person(const PassageView& view, Span span, Add& add, const std::string& rule) {
    if (before_facility(view, span) || shouted(view, span)) return;
    const std::string name(view.text.substr(view.tokens[span.begin].begin, view.tokens[span.end - 1].end - view.tokens[span.begin].begin));
    DiscoveredEntity entity = actor(name, "person");
    add(span, entity, rule);
    surnames_.emplace(view.folded(span.end - 1), std::make_pair(entity.id, name));
  }

  template <typename FreeF, typename Add>
  void person_by_surname(const PassageView& view, Span span, FreeF& free, Add& add) {
    const auto known = surnames_.find(view.folded(span.begin));
    if (known == surnames_.end() || shouted(view, span) || !free(span, false)) return;
    add(span, actor_with_id(known->second.first, known->second.second, "person"), "surname");
  }

  template <typename FreeF, typename Add>
  void speakers(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t v = 0; v < tokens.size(); ++v) {
      const bool verb = kSayingVerbs.count(view.folded(v)) > 0 && !view.cap(v);
      const bool according = view.folded(v) == "according" && v + 2 < tokens.size() && view.folded(v + 1) == "to";
      if (!verb && !according) continue;
      // "Jane Doe said", "Jane Doe, a spokeswoman, said" is left to the title rule.
      if (verb && v >= 2) {
        const std::string_view g = view.gap(v - 1);
        if (g == " " || g == ", ") {
          std::size_t begin = v;
          while (begin > 0 && view.name_word(begin - 1) && (begin == v || view.name_joined(begin - 1))) --begin;
          const std::size_t words = v - begin;
          const bool boundary = begin == 0 || !view.cap(begin - 1) || view.gap(begin - 1).find_first_of(".,;:\"(") != std::string_view::npos;
          if (words >= 2 && words <= 4 && boundary && !title_word(view.folded(begin)) &&
              impl_.first_names.count(view.folded(begin)) > 0 && free(Span{begin, v}, false)) {
            add_person(view, Span{begin, v}, add, "speaker");
            continue;
          }
          if (words == 1) person_by_surname(view, Span{v - 1, v}, free, add);
        }
      }
      // "said Jane Doe", "according to Jane Doe".
      const std::size_t start = according ? v + 2 : v + 1;
      if (start >= tokens.size() || view.gap(start - 1) != " " || !view.name_word(start)) continue;
      const std::size_t end = name_run(view, start);
      const bool closes = end == tokens.size() || !view.cap(end) || view.gap(end - 1) != " ";
      if (end - start >= 2 && closes && impl_.first_names.count(view.folded(start)) > 0 && free(Span{start, end}, false)) {
        add_person(view, Span{start, end}, add, "speaker");
      } else if (end - start == 1) {
        person_by_surname(view, Span{start, end}, free, add);
      }
    }
  }

  // Acronyms defined earlier, and persons' last names, anywhere after their first mention.
  template <typename FreeF, typename Add>
  void later_mentions(const PassageView& view, FreeF& free, Add& add) {
    for (std::size_t i = 0; i < view.tokens.size(); ++i) {
      const auto acronym = acronyms_.find(std::string(view.raw(i)));
      if (acronym != acronyms_.end() && free(Span{i, i + 1}, true)) {
        add(Span{i, i + 1}, actor_with_id(acronym->second.first, acronym->second.second, "organisation"), "acronym");
        continue;
      }
      if (view.name_word(i) && (i + 1 == view.tokens.size() || !view.name_joined(i) || !view.cap(i + 1)) &&
          (i == 0 || !view.name_joined(i - 1) || !view.cap(i - 1))) {
        person_by_surname(view, Span{i, i + 1}, free, add);
      }
    }
  }

  template <typename FreeF, typename Add>
  void designations(const PassageView& view, FreeF& free, Add& add) {
    const auto& tokens = view.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      // "T-72" is two tokens, "M777" one; read the raw text from token i's start.
      std::size_t end = i;
      std::string raw(view.raw(i));
      if (i + 1 < tokens.size() && view.gap(i) == "-" && std::isdigit(static_cast<unsigned char>(view.raw(i + 1)[0])) != 0 &&
          std::isalpha(static_cast<unsigned char>(raw.back())) != 0) {
        end = i + 1;
        raw += "-";
        raw += view.raw(i + 1);
      }
      const std::string family = Recogniser::Impl::designation_family(raw);
      if (family.empty()) continue;
      // A one-letter family without a hyphen is as often an airliner or a phone ("A320",
      // "P800"); "T-64" keeps its hyphen.
      if (family.size() == 1 && raw.find('-') == std::string::npos) continue;
      const auto category = impl_.families.find(family);
      if (category == impl_.families.end()) continue;
      const Span span{i, end + 1};
      if (!free(span, false) || !near_cue(view, span)) continue;
      const GazetteerEntry* parent = impl_.gazetteer.find(schema::Facet::Weapon, category->second);
      if (parent == nullptr) continue;
      DiscoveredEntity system{"weapon", discovered_id(impl_.normaliser, raw), raw, "system", "", category->second, ""};
      add(span, system, "designation");
      DiscoveredEntity group{"weapon", parent->id, parent->name, "category", "", "", ""};
      add(span, group, "category");
      i = end;
    }
  }

  bool near_cue(const PassageView& view, Span span) const {
    const std::size_t window = impl_.cue_window;
    const std::size_t from = span.begin > window ? span.begin - window : 0;
    const std::size_t to = std::min(view.tokens.size(), span.end + window);
    for (std::size_t k = from; k < to; ++k) {
      if (k >= span.begin && k < span.end) continue;
      if (impl_.weapon_cues.count(view.folded(k)) > 0) return true;
    }
    return false;
  }

  const Recogniser::Impl& impl_;
  std::map<std::string, DiscoveredEntity>& found_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> surnames_;  // folded last name -> id, name
  std::unordered_map<std::string, std::pair<std::string, std::string>> acronyms_;  // as written -> id, name
  Span last_org_{0, 0};
  std::string last_org_id_, last_org_name_;
};

}  // namespace

void Recogniser::recognise(Article& article, const std::vector<std::vector<Token>>& tokens,
                           std::map<std::string, DiscoveredEntity>& found) const {
  ArticleRecognition recognition(*impl_, found);
  for (std::size_t i = 0; i < article.passages.size() && i < tokens.size(); ++i) {
    recognition.passage(article.passages[i], tokens[i]);
  }
}

}  // namespace dossier
