#include "indexer/speakers.h"

#include <algorithm>
#include <optional>

#include "common/utf8.h"
#include "indexer/recogniser_words.h"
#include "indexer/speaker_names.h"

namespace dossier {

namespace {

using namespace speaker_names;  // the shapes of names and titles (indexer/speaker_names.h)

// How far back a pronoun looks for its antecedent, in passages: news names its speaker again
// after a paragraph or two.
constexpr std::size_t kPronounReach = 3;
// "it" and "they" stand for an organisation or a document named in the last two passages.
constexpr std::size_t kOrganisationReach = 2;

// A person or organisation the article names: a candidate for the pronouns and titles after it.
struct Mention {
  std::size_t passage = 0;
  std::size_t begin = 0;  // in the passage text
  std::size_t end = 0;
  std::string id;         // empty: a person no gazetteer or rule knows, named by an attribution
  std::string name;
  std::string surface;    // the mention as written ("Лавров", "Mr Blair")
  std::string type;       // the actor's type ("person", "ministry", ...); "" when no actor
  bool person = false;
  bool plural = false;    // a group named by an attribution ("Tory sources", "analysts"): only "they"
  bool subject = false;   // starts a sentence as its subject ("Gordon Brown has outlined")
  char gender = 0;
};

// Whether an organisation title ("the ministry", "the alliance") can stand for the mention: its
// name has the title's word, or its actor type is that kind.
bool organisation_kind_matches(const SpeakerReference& reference, const Mention& mention, const std::string& type) {
  const std::string name = lower_case(mention.name);
  if (has_word(name, reference.head)) return true;
  const std::string& head = reference.head;
  if (head == "ministry" || head == "ministarstvo" || head == "министерство") return type == "ministry";
  if (head == "army" || head == "military" || head == "force" || head == "forces") return type == "military";
  if (head == "agency") return type == "agency";
  if (head == "alliance" || head == "bloc" || head == "organisation" || head == "organization") {
    return type == "organisation";
  }
  if (head == "government" || head == "presidency" || head == "office" || head == "administration") {
    return type == "ministry" || type == "agency";
  }
  if (head == "company" || head == "firm" || head == "bank" || head == "group") return type == "organisation";
  return false;
}

class Resolver {
 public:
  Resolver(Article& article, const SpeakerContext& context) : article_(article), context_(context) {}

  void run() {
    // Each inline attribution classified once; the article's mentions are gathered only when one
    // of them refers back (a pronoun, a title, a surname): most name their speaker outright.
    references_.resize(article_.passages.size());
    bool refers_back = false;
    for (std::size_t i = 0; i < article_.passages.size(); ++i) {
      const Attribution& attribution = article_.passages[i].attribution;
      if (attribution.kind != "Inline") continue;
      references_[i] = classify_reference(attribution.text);
      refers_back = refers_back || references_[i].kind != SpeakerReference::Kind::Name ||
                    attribution.text.find(' ') == std::string::npos;
    }
    if (refers_back) collect_mentions();
    for (std::size_t i = 0; i < article_.passages.size(); ++i) {
      Attribution& attribution = article_.passages[i].attribution;
      if (attribution.empty()) continue;
      if (attribution.kind == "Inline") {
        resolve_inline(i, attribution);
      } else if (i < context_.tagged.size() && names_source(attribution.kind)) {
        // The tag's mentions have offsets in the tag's text, not in the passage's.
        if (const Mention* named = best_of(context_.tagged[i], 0, std::string::npos, i, attribution.text)) {
          attribution.speaker = {named->id, named->name, ""};
          remember(*named, i, attribution);
        } else if (std::optional<std::string> name = organisation_name(attribution.text)) {
          // "[Source: Georgian Ministry of Defence]", which no gazetteer lists: named, without an id.
          attribution.speaker = {"", *name, ""};
          Mention named_here;
          named_here.name = *name;
          remember(named_here, i, attribution);
        }
      }
    }
  }

 private:
  std::string type_of(const EntityMention& mention) const {
    return context_.actor_type ? context_.actor_type(mention) : std::string();
  }

  void collect_mentions() {
    for (std::size_t i = 0; i < article_.passages.size(); ++i) {
      const Passage& passage = article_.passages[i];
      std::vector<Mention> here;
      for (const EntityMention& entity : passage.entities) {
        if (entity.facet != "actor") continue;
        Mention mention = make_mention(i, entity, passage.text);
        here.push_back(std::move(mention));
      }
      // People no table knows, named in full by this passage's attribution ("Vince Cable said").
      const Attribution& attribution = passage.attribution;
      if (attribution.kind == "Inline" && attribution.end > attribution.begin) {
        const bool covered = std::any_of(here.begin(), here.end(), [&](const Mention& m) {
          return m.begin < attribution.end && m.end > attribution.begin;
        });
        const SpeakerReference& reference = references_[i];
        if (!covered && reference.kind == SpeakerReference::Kind::Name) {
          std::optional<std::string> name = trailing_name(attribution.text);
          const bool person = name.has_value();
          if (!person) name = organisation_name(attribution.text);
          if (!name) name = description(attribution.text);
          const bool plural = !name && (name = group(attribution.text)).has_value();
          if (name && (person || name->find(' ') != std::string::npos || split_spaces(attribution.text).size() > 1 ||
                       !names_earlier_person(*name))) {
            Mention mention;
            mention.passage = i;
            mention.end = attribution.end;
            mention.begin = attribution.end - name->size();
            mention.name = *name;
            mention.surface = *name;
            mention.person = person;
            mention.plural = plural;
            mention.gender = person ? gender_before(passage.text, mention.begin) : 0;
            here.push_back(std::move(mention));
          }
        }
      }
      // Mentions in subject position: what a later pronoun most often stands for.
      const std::vector<TextRange> subjects = sentence_subjects(passage.text);
      add_subjects(i, subjects, here);
      add_named_people(i, here);
      for (Mention& mention : here) {
        mention.subject = std::any_of(subjects.begin(), subjects.end(), [&](const TextRange& r) {
          return mention.begin < r.end && mention.end > r.begin;
        });
      }
      std::sort(here.begin(), here.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
      for (Mention& mention : here) mentions_.push_back(std::move(mention));
    }
    // A gender told once holds for every mention of the same person.
    for (Mention& mention : mentions_) {
      if (mention.gender != 0 || !mention.person) continue;
      for (const Mention& other : mentions_) {
        if (other.gender != 0 && same_entity(other, mention)) mention.gender = other.gender;
      }
    }
  }

  // The names that start the passage's sentences as their subjects and that no entity covers:
  // people ("Gordon Brown has outlined") and organisations ("Deutsche Bank has challenged",
  // "Yukos maintains") that a later pronoun may stand for.
  void add_subjects(std::size_t i, const std::vector<TextRange>& subjects, std::vector<Mention>& here) const {
    const std::string& text = article_.passages[i].text;
    for (const TextRange& range : subjects) {
      const bool covered = std::any_of(here.begin(), here.end(), [&](const Mention& m) {
        return m.begin < range.end && m.end > range.begin;
      }) || std::any_of(article_.passages[i].entities.begin(), article_.passages[i].entities.end(),
                        [&](const EntityMention& e) { return e.begin < range.end && e.end > range.begin; });
      if (covered) continue;
      const std::string name = text.substr(range.begin, range.end - range.begin);
      const std::vector<std::string_view> words = split_spaces(name);
      const std::string last = lower_case(words.back());
      if (words.size() == 1 && (generic_noun(last) || role_word(last))) continue;
      Mention mention;
      mention.passage = i;
      mention.begin = range.begin;
      mention.end = range.end;
      mention.name = name;
      mention.surface = name;
      const bool named_person = given_name(words.front());
      const bool organisation = words.size() == 1 || organisation_head(last) || names_earlier_person(name) ||
                                (context_.given_names != nullptr && !named_person && !role_word(words.front()));
      if (words.size() == 1 && names_earlier_person(name)) continue;  // a surname: the person's own mention
      mention.person = !organisation && words.size() <= 4 && trailing_name(name).has_value();
      if (!mention.person && !organisation) continue;
      mention.gender = mention.person ? gender_before(text, range.begin) : 0;
      here.push_back(std::move(mention));
    }
  }

  bool given_name(std::string_view word) const {
    return context_.given_names != nullptr && context_.given_names->find(word) != context_.given_names->end();
  }

  // People named anywhere in the passage by a given name and a surname ("with Sharron Storer,
  // the Birmingham woman"), which no entity, attribution or subject covers.
  void add_named_people(std::size_t i, std::vector<Mention>& here) const {
    if (context_.given_names == nullptr) return;
    const std::string& text = article_.passages[i].text;
    const std::vector<std::string_view> words = split_spaces(text);
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
      const std::string_view first = words[k];
      if (!recogniser::upper_initial(first) || !given_name(first)) continue;
      std::size_t last = k + 1;
      const auto bare = [](std::string_view w) {
        while (!w.empty() && std::string_view(",.;:!?)\"'").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
        return w;
      };
      if (!recogniser::upper_initial(words[last]) || bare(words[last]).size() < 2) continue;
      // The surname ends the name at its punctuation or at the next word in lower case.
      while (last + 1 < words.size() && bare(words[last]) == words[last] && recogniser::upper_initial(words[last + 1]) &&
             last - k < 2) {
        ++last;
      }
      const std::size_t begin = static_cast<std::size_t>(first.data() - text.data());
      const std::string_view surname = bare(words[last]);
      const std::size_t end = static_cast<std::size_t>(surname.data() - text.data()) + surname.size();
      const bool covered = std::any_of(here.begin(), here.end(), [&](const Mention& m) {
        return m.begin < end && m.end > begin;
      }) || std::any_of(article_.passages[i].entities.begin(), article_.passages[i].entities.end(),
                        [&](const EntityMention& e) { return e.begin < end && e.end > begin; });
      k = last;
      if (covered || organisation_head(lower_case(surname))) continue;
      Mention mention;
      mention.passage = i;
      mention.begin = begin;
      mention.end = end;
      mention.name = text.substr(begin, end - begin);
      mention.surface = mention.name;
      mention.person = true;
      mention.gender = gender_before(text, begin);
      here.push_back(std::move(mention));
    }
  }

  // A one-word name that is the surname of a person named before ("Ilić added") is that person.
  bool names_earlier_person(const std::string& word) const {
    return std::any_of(mentions_.begin(), mentions_.end(), [&](const Mention& m) {
      return m.person && (surname_matches(word, m.name) || surname_matches(word, m.surface));
    });
  }

  static bool same_entity(const Mention& a, const Mention& b) {
    return a.id.empty() ? (b.id.empty() && a.name == b.name) : a.id == b.id;
  }

  static std::string around(std::string_view text, std::size_t begin, std::size_t end) {
    end = std::min(end, text.size());
    begin = std::min(begin, end);
    const std::size_t to = std::min(text.size(), end + kTitleReach);
    // Before the name, only its own phrase: "Foreign Minister Sergei Lavrov", not a title that
    // ends an earlier clause ("... the prime minister. Mr Brown").
    std::string_view near = before_within(text, begin, kTitleReach);
    if (const std::size_t cut = near.find_last_of(".;:!?,\"()"); cut != std::string_view::npos) near.remove_prefix(cut + 1);
    std::string before = lower_case(near);
    // After the name, only an apposition counts: ", the prime minister,".
    std::string_view after = text.substr(end, to - end);
    std::string tail;
    if (after.starts_with(", ")) tail = lower_case(after.substr(0, after.find_first_of(".;", 2)));
    return before + " | " + tail;
  }

  // text: what entity's offsets are in (the passage's text, or a tag's).
  Mention make_mention(std::size_t passage, const EntityMention& entity, const std::string& text) const {
    Mention mention;
    mention.passage = passage;
    mention.begin = entity.begin;
    mention.end = entity.end;
    mention.id = entity.id;
    mention.name = entity.name;
    mention.surface = entity.mention;
    mention.type = type_of(entity);
    mention.person = mention.type == "person";
    mention.gender = gender_before(text, entity.begin);
    return mention;
  }

  // The actor an attribution's own words name: a person before an organisation; the last person
  // ("Russian Foreign Ministry spokeswoman Maria Zakharova"), the first organisation ("Kremlin and
  // Russian Foreign Ministry").
  const Mention* best_of(const std::vector<EntityMention>& entities, std::size_t begin, std::size_t end,
                         std::size_t passage, const std::string& text) {
    const EntityMention* best = nullptr;
    bool best_person = false;
    for (const EntityMention& entity : entities) {
      if (entity.facet != "actor" || entity.begin >= end || entity.end <= begin) continue;
      const bool person = type_of(entity) == "person";
      if (best == nullptr || person) {
        best = &entity;
        best_person = best_person || person;
      }
    }
    if (best == nullptr) return nullptr;
    scratch_ = make_mention(passage, *best, text);
    return &scratch_;
  }

  // The mentions before (passage, begin), nearest first, visited until visit returns true.
  template <typename Visit>
  const Mention* nearest_before(std::size_t passage, std::size_t begin, std::size_t reach, Visit&& visit) const {
    return nearest_in(mentions_, passage, begin, reach, visit);
  }
  template <typename Visit>
  static const Mention* nearest_in(const std::vector<Mention>& mentions, std::size_t passage, std::size_t begin,
                                   std::size_t reach, Visit&& visit) {
    for (auto it = mentions.rbegin(); it != mentions.rend(); ++it) {
      if (it->passage > passage || (it->passage == passage && it->begin >= begin)) continue;
      if (passage - it->passage > reach) break;
      if (visit(*it)) return &*it;
    }
    return nullptr;
  }

  void resolve_inline(std::size_t i, Attribution& attribution) {
    const Passage& passage = article_.passages[i];
    const SpeakerReference& reference = references_[i];
    if (reference.kind != SpeakerReference::Kind::Pronoun) {
      if (const Mention* named = best_of(passage.entities, attribution.begin, attribution.end, i, passage.text)) {
        attribution.speaker = {named->id, named->name, ""};
        remember(*named, i, attribution);
        return;
      }
    }
    const Mention* found = nullptr;
    switch (reference.kind) {
      case SpeakerReference::Kind::Pronoun: {
        // News names a speaker, then goes on with "he said", "it added": the last speaker that fits
        // comes first, then the nearest mention that does.
        const bool they = reference.head == "plural";
        const auto fits = [&](const Mention& m) {
          if (reference.person) {
            return m.person && (reference.gender == 0 || m.gender == 0 || m.gender == reference.gender);
          }
          return reference.organisation && !m.person && (they || !m.plural);
        };
        const std::size_t reach = reference.person ? kPronounReach : kOrganisationReach;
        // The nearer of the last speaker and the last sentence subject that fit ("Blair said ...
        // Brown has outlined his plans. He said" is Brown); else the nearest mention that fits.
        const Mention* speaker = nearest_in(speakers_, i, attribution.begin, reach, fits);
        const Mention* subject =
            nearest_in(mentions_, i, attribution.begin, reach, [&](const Mention& m) { return m.subject && fits(m); });
        found = speaker;
        if (subject != nullptr && (speaker == nullptr || std::pair(subject->passage, subject->begin) >
                                                             std::pair(speaker->passage, speaker->begin))) {
          found = subject;
        }
        if (found == nullptr) found = nearest_in(mentions_, i, attribution.begin, reach, fits);
        break;
      }
      case SpeakerReference::Kind::Title:
        if (reference.person) {
          found = nearest_before(i, attribution.begin, article_.passages.size(), [&](const Mention& m) {
            return m.person && has_word(around(article_.passages[m.passage].text, m.begin, m.end), reference.head) &&
                   (reference.gender == 0 || m.gender == 0 || m.gender == reference.gender);
          });
        } else {
          // "The ministry said" after "[Source: Georgian Ministry of Defence]": a speaker first.
          // An actor of the right kind, or any organisation whose name has the title's word.
          const auto fits = [&](const Mention& m) {
            return !m.person && !m.plural && organisation_kind_matches(reference, m, m.type);
          };
          found = nearest_in(speakers_, i, attribution.begin, kPronounReach, fits);
          if (found == nullptr) found = nearest_before(i, attribution.begin, article_.passages.size(), fits);
        }
        break;
      case SpeakerReference::Kind::Honorific:
        found = nearest_before(i, attribution.begin, article_.passages.size(), [&](const Mention& m) {
          return m.person && (m.name == reference.head || m.name.ends_with(" " + reference.head)) &&
                 (reference.gender == 0 || m.gender == 0 || m.gender == reference.gender);
        });
        break;
      case SpeakerReference::Kind::Name: {
        // A surname alone ("Ilić added", "said Raman", "по словам Лаврова"): the person named before.
        if (attribution.text.find(' ') == std::string::npos) {
          const std::string& word = attribution.text;
          found = nearest_before(i, attribution.begin, article_.passages.size(), [&](const Mention& m) {
            return m.person && (surname_matches(word, m.name) || surname_matches(word, m.surface));
          });
          if (found != nullptr) break;
        }
        std::optional<std::string> name = trailing_name(attribution.text);
        Mention named;
        named.person = name.has_value();
        if (!name) name = organisation_name(attribution.text);
        if (name) {
          attribution.speaker = {"", *name, ""};
          named.name = *name;
          named.gender = named.person ? gender_before(passage.text, attribution.begin) : 0;
          remember(named, i, attribution);
        } else if (std::optional<std::string> people = group(attribution.text)) {
          named.name = *people;
          named.plural = true;
          remember(named, i, attribution);  // "Analysts said ... They added": not a speaker, but who "they" are
        }
        return;
      }
    }
    if (found != nullptr) {
      attribution.speaker = {found->id, found->name, attribution.text};
      remember(*found, i, attribution);
    } else {
      attribution.unresolved = true;
    }
  }

  // A speaker, as a candidate for the pronouns after it.
  void remember(Mention mention, std::size_t passage, const Attribution& attribution) {
    mention.passage = passage;
    mention.begin = attribution.begin;
    mention.end = attribution.end;
    speakers_.push_back(std::move(mention));
  }

  Article& article_;
  const SpeakerContext& context_;
  std::vector<Mention> mentions_;  // every actor mention of the article, in text order
  std::vector<Mention> speakers_;  // the speakers found so far, in text order
  std::vector<SpeakerReference> references_;  // per passage: what its inline attribution's words are
  Mention scratch_;
};

}  // namespace

void resolve_speakers(Article& article, const SpeakerContext& context) { Resolver(article, context).run(); }

WordSet given_names(const Gazetteer& gazetteer) {
  WordSet names;
  for (const GazetteerFile& file : gazetteer.files) {
    if (file.facet != schema::Facet::Actor) continue;
    for (const GazetteerEntry& entry : file.entries) {
      if (entry.type != "person") continue;
      const std::string_view name = entry.name;
      const std::size_t space = name.find(' ');
      if (space == std::string_view::npos || space < 2) continue;
      const std::string_view first = name.substr(0, space);
      if (recogniser::upper_initial(first) && first.find('.') == std::string_view::npos) names.emplace(first);
    }
  }
  return names;
}

}  // namespace dossier
