// Who each attribution of an article names (Attribution::speaker), decided with the article's
// actor mentions once they are tagged (docs/facets.md, "Speakers"):
//   - an attribution that contains an actor mention names it ("Kremlin spokesman Dmitry Peskov",
//     "[Source: Russian Foreign Ministry]"): a person before an organisation; of the tags, only
//     those that name a source do ("Source", "Attribution", "Извор", ...; not "Background");
//   - a pronoun ("he", "she", "it", "они") stands for the nearest compatible actor before it in
//     the article: a person of a compatible gender for he/she, an organisation for it/they (in
//     the same or the previous passage);
//   - a title ("the minister", "the spokeswoman") for the nearest person earlier whose
//     mention carries that title ("Foreign Minister Sergei Lavrov", "Tony Blair, the prime
//     minister,"), an organisation title ("the ministry") for the nearest organisation of that
//     kind; an honorific ("Mr Blair") for the person of that surname;
//   - people the gazetteers do not know count as well when an attribution names them in full
//     ("Vince Cable said ... He added"): the speaker then has a name and no id.
// A pronoun or title without a compatible antecedent is kept as written and marked unresolved.
#pragma once

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/gazetteer.h"
#include "common/passage.h"

namespace dossier {

// A set of words looked up by string_view without a copy (C++20 heterogeneous lookup): the
// resolver asks it about every capitalised word.
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};
using WordSet = std::unordered_set<std::string, WordHash, std::equal_to<>>;

struct SpeakerContext {
  // The type of an actor ("person", "organisation", "ministry", ...); "" when unknown.
  std::function<std::string(const EntityMention& mention)> actor_type;
  // tagged[i]: the actor mentions found in the text of passage i's tagged attribution
  // ("[Source: Russian Foreign Ministry]"); empty, or one entry per passage.
  std::vector<std::vector<EntityMention>> tagged;
  // Given names (the first words of the actor gazetteers' persons, given_names()): a capitalised
  // run that starts with one is a person ("Tessa Jowell"), one that does not is no person
  // ("Deutsche Bank has ..."). Null: no such evidence.
  const WordSet* given_names = nullptr;
};

// The first words of the names of the gazetteer's persons ("Sergei", "Tessa"), Latin script,
// two letters or more: a dictionary of given names derived from the actor gazetteers.
WordSet given_names(const Gazetteer& gazetteer);

void resolve_speakers(Article& article, const SpeakerContext& context);

}  // namespace dossier
