// Actors and weapon systems that no gazetteer lists, found by the shape of the text around them
// (docs/facets.md, "Discovered entities"). Every mention it adds is marked discovered; the
// gazetteer's mentions always win where spans overlap. Rules, each with its vetoes:
//   title     a role or title, then a capitalised name: "Defence Minister Jane Doe", "Col. Ahmed
//             Khalil" (person; two name words at least, or one after Mr/Mrs/Ms/Dr)
//   speaker   a capitalised two-to-four-word name next to a verb of saying: "Jane Doe said",
//             "said Jane Doe", "according to Jane Doe" (person; not over a place or another entity)
//   org       a capitalised run ending in an organisation head word: "Syrian Democratic Forces",
//             "Ministry of Interior", "Rapid Support Forces", "Coalition Provisional Authority"
//   acronym   "Long Name (LN)", then LN anywhere in the article: the long name's actor
//   surname   a person's last name alone, after the full name earlier in the same article
//   force     a nationality and an agent noun: "Iraqi security forces", "Turkish army" (affiliated
//             with the country of the nationality)
//   designation  a weapon designation by shape (T-64, Su-34, 2S19) whose letter family the weapon
//             gazetteer knows, next to a weapon cue: the family's category, and the system itself
// Ids: the slug of the normalised name ("jane-doe", "syrian-democratic-forces"), so the same name
// gets the same id in every article and every run.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/entity_table.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

class Recogniser {
 public:
  // gazetteer must outlive the recogniser; it gives the nationality words (demonyms), the known
  // weapon designation families and their categories, and the weapon cue words.
  Recogniser(const Gazetteer& gazetteer, Normaliser& normaliser);
  ~Recogniser();
  Recogniser(const Recogniser&) = delete;
  Recogniser& operator=(const Recogniser&) = delete;

  // Adds discovered mentions to the passages' entities (kept ordered by offset). tokens[i] are
  // the tokens of article.passages[i]. Each new entity is added to found (by facet and id).
  void recognise(Article& article, const std::vector<std::vector<Token>>& tokens,
                 std::map<std::string, DiscoveredEntity>& found) const;

 struct Impl;  // public for the per-article state in recogniser.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

// "jane-doe" from "Jane Doe" (folded, ASCII letters and digits, dashes between words).
std::string discovered_id(Normaliser& normaliser, std::string_view name);

}  // namespace dossier
