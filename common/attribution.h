// Attributions: who a passage reports as its source. A tagged attribution ("[Source: ...]") is
// split off by common/passage.h; an inline one is found here in the text itself ("X said",
// "said X", "according to X", their Serbian and Russian forms) as a clean noun phrase. Who a
// pronoun or title in it stands for is decided with the article's entities by the indexer
// (indexer/speakers.h), which fills Attribution::speaker.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The person or organisation an attribution names.
struct Speaker {
  std::string id;    // actor id (gazetteer or discovered); empty when the speaker is no known actor
  std::string name;  // the actor's display name, else the name as the article writes it
  // The pronoun or title as written ("he", "the minister", "Mr Blair") when the speaker was found
  // through it in the article; empty when the attribution names the speaker itself.
  std::string resolved_from;
  bool empty() const { return id.empty() && name.empty(); }
};

struct Attribution {
  std::string kind;  // as written ("Source", "Analyst perspective", "Inline"); empty when none
  std::string text;  // what the tag says about the source; inline: the speaker as written
  Speaker speaker;   // empty when no speaker is known
  // A pronoun or title ("he", "the minister") for which the article names no compatible person
  // or organisation before it: text is kept as written, never guessed.
  bool unresolved = false;
  // Inline attributions: text's byte offsets in the passage text. Not stored: only the indexer's
  // resolution reads them, in the run that finds the attribution.
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return kind.empty() && text.empty(); }
};

// What the words of an attribution are, decided from the words alone.
struct SpeakerReference {
  enum class Kind {
    Name,       // names the speaker or describes one generically ("Tony Blair", "analysts")
    Pronoun,    // "he", "she", "it", "they", "он", "ona"
    Title,      // "the minister", "the spokeswoman", "the ministry", "the alliance"
    Honorific,  // "Mr Blair", "Ms Hewitt", "Dr Haddad": a surname to find in the article
  };
  Kind kind = Kind::Name;
  char gender = 0;            // 'm' or 'f' when the words say so (he, Mrs, spokeswoman), else 0
  bool person = false;        // can only be a person (he, she, the minister, Mr X)
  bool organisation = false;  // can only be an organisation (it, they, the ministry)
  // Title: the role word, lower case ("minister"); Honorific: the surname; Pronoun: "plural" for
  // "they" (a group or an organisation), else empty.
  std::string head;
};
SpeakerReference classify_reference(std::string_view span);

// True for a word that names a role rather than a person ("minister", "Co-founder", "CEO"), in
// any letter case: it is no part of a person's name.
bool role_word(std::string_view word);

// The capitalised names that start the sentences of a text as their subjects ("Michael Howard is
// to...", "Deutsche Bank has challenged...", "Yukos maintains..."): byte ranges, in text order.
// A name here is one to five capitalised words (with "of", "&", "von" ... inside) followed by a
// word in lower case; pronouns, function words and days are none.
struct TextRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::vector<TextRange> sentence_subjects(std::string_view text);

// The text in lower case (every script), for comparing words.
std::string lower_case(std::string_view text);

// The inline attribution of a paragraph without a tag: the first reported speaker, as a noun
// phrase without leading conjunctions or prepositions and without trailing auxiliaries or
// adverbs ("But he also said" -> "he", "Tony Blair has said" -> "Tony Blair"), at most 10 words.
// Kind "Inline"; empty when the paragraph reports no speech.
Attribution find_inline_attribution(std::string_view body);

}  // namespace dossier
