// The words of the inline attribution finder (common/attribution.h): the reporting verbs of
// English, Serbian and Russian, the function words that end a speaker's noun phrase, the role
// words of titles, and a text split into words with byte offsets. Internal to common/.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::speech {

// The language of a reporting verb: it decides the pronouns and the word order around it.
enum class Lang { None, En, Sr, Ru };

// One word of a text, with byte offsets into it.
struct Word {
  std::size_t begin = 0;  // the core: without surrounding quotes, brackets and punctuation
  std::size_t end = 0;
  std::string lower;      // the core in lower case
  bool capital = false;   // the core starts with an upper-case letter
  bool digit = false;     // the core has a digit
  bool ends_clause = false;   // punctuation after the core ends a clause (, ; : . ! ? quote dash)
  bool ends_sentence = false; // . ! ? after the core
  bool comma_only = false;    // the punctuation after the core is a comma, without a quote
  bool starts_clause = false; // an opening quote, bracket or dash before the core
};

// Each predicate takes a word in lower case (Word::lower); the lists are in the .cpp file.
bool ascii(std::string_view w);
bool in(std::string_view word, std::initializer_list<std::string_view> list);
Lang reporting_verb(std::string_view w);
bool reporting_participle(std::string_view w);
bool serbian_auxiliary(std::string_view w);
bool determiner(std::string_view w);
bool english_pronoun(std::string_view w);
bool slavic_pronoun(std::string_view w);
bool pronoun(std::string_view w);
bool pronoun_in(std::string_view w, Lang lang);
bool conjunction(std::string_view w);
bool preposition(std::string_view w);
bool auxiliary(std::string_view w);
bool passive_auxiliary(std::string_view w);
bool adverb(std::string_view w);
bool stop_word(std::string_view w);
bool capitalised_stop_word(std::string_view w);
bool time_word(std::string_view w);
bool present_verb(std::string_view w);
bool name_particle(std::string_view w);
bool inner_preposition(std::string_view w, bool forward);
char honorific_gender(std::string_view w);
char person_role_gender(std::string_view w);
bool organisation_role(std::string_view w);
// The words of text in order, split at spaces; each word's core without surrounding punctuation
// (an abbreviation's period kept: "U.S.", "Mr."), with what the punctuation around it tells.
std::vector<Word> split_words(std::string_view text);

}  // namespace dossier::speech
