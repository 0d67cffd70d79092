// Tests for common/attribution.cpp: the inline attribution of a paragraph ("X said", "said X",
// "according to X" and their Serbian and Russian forms), what the words of an attribution refer
// to (classify_reference), the names that start sentences (sentence_subjects), role words and
// lower-casing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/attribution.h"
#include "test_support.h"

using dossier::Attribution;
using dossier::SpeakerReference;

namespace {

struct InlineCase {
  const char* name;
  std::string body;
  std::string text;  // the speaker exactly as written; empty: no attribution
};

// Checks kind, text and that begin/end are the offsets of text in body (its first occurrence:
// every body below writes the speaker's words once before the speaker).
void check_inline(const InlineCase& c) {
  CAPTURE(c.name);
  CAPTURE(c.body);
  const Attribution attribution = dossier::find_inline_attribution(c.body);
  CHECK(attribution.text == c.text);
  if (c.text.empty()) {
    CHECK(attribution.empty());
    CHECK(attribution.kind == "");
    return;
  }
  CHECK(attribution.kind == "Inline");
  CHECK(attribution.speaker.empty());
  CHECK_FALSE(attribution.unresolved);
  const std::size_t expected_begin = c.body.find(c.text);
  REQUIRE(expected_begin != std::string::npos);
  CHECK(attribution.begin == expected_begin);
  CHECK(attribution.end == expected_begin + c.text.size());
  CHECK(c.body.substr(attribution.begin, attribution.end - attribution.begin) == attribution.text);
}

const char* kind_name(SpeakerReference::Kind kind) {
  switch (kind) {
    case SpeakerReference::Kind::Name: return "Name";
    case SpeakerReference::Kind::Pronoun: return "Pronoun";
    case SpeakerReference::Kind::Title: return "Title";
    case SpeakerReference::Kind::Honorific: return "Honorific";
  }
  return "?";
}

}  // namespace

TEST_CASE("find_inline_attribution takes the subject before 'said' and 'says'") {
  const std::vector<InlineCase> cases = {
      {"X said", "Tony Blair said the plan would work.", "Tony Blair"},
      {"X says", "Tony Blair says the plan will work.", "Tony Blair"},
      {"possessive subject", "NATO's spokesperson said the exercise was routine.", "NATO's spokesperson"},
      {"a spokesman for the ministry", "The report was false, a spokesman for the ministry said.",
       "a spokesman for the ministry"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution strips trailing auxiliaries and adverbs from the subject") {
  const std::vector<InlineCase> cases = {
      {"auxiliary", "Tony Blair has said the plan would work.", "Tony Blair"},
      {"adverb", "He also said the talks had failed.", "He"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution drops leading conjunctions and prepositions") {
  const std::vector<InlineCase> cases = {
      {"sentence-initial But", "But he said the plan was dead.", "he"},
      {"prepositional phrase with a year", "In 1998 the party said it would stand.", "the party"},
      {"and inside the sentence", "Fuel prices rose and the ministry added that more cuts would follow.",
       "the ministry"},
      {"introductory clause", "In a statement, the ministry said the sanctions were illegal.", "the ministry"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution reads the speaker after a quotation") {
  const std::vector<InlineCase> cases = {
      {"said X after a quotation", "\"We will not retreat,\" said Foreign Minister Jana Petrova.",
       "Foreign Minister Jana Petrova"},
      {"quotation then pronoun", "\"It is over,\" she said.", "she"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution handles according to, apposition, participles and coordination") {
  const std::vector<InlineCase> cases = {
      {"according to X,", "Troops will stay until spring, according to Jens Stoltenberg, the alliance chief.",
       "Jens Stoltenberg"},
      {"apposition", "Josep Borrell, the EU foreign policy chief, said the talks would resume.", "Josep Borrell"},
      {"participle", "Edi Rama defended the deal, saying it was fair.", "Edi Rama"},
      {"coordination", "Zelensky welcomed the offer but argued that it came too late.", "Zelensky"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution finds no speaker in passive or non-speech uses") {
  const std::vector<InlineCase> cases = {
      {"is said to", "The deal is said to be worth $2bn.", ""},
      {"said than done", "It is easier said than done.", ""},
      {"all told", "All told, allies sent 40 tanks.", ""},
      {"added with a number", "Shares added 2% on Monday.", ""},
      {"declined to say", "He declined to say whether talks would resume.", ""},
      {"empty body", "", ""},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution reads Serbian reporting verbs") {
  const std::vector<InlineCase> cases = {
      {"inverted with je and an addressee", "„Nema promene“, rekao je Dačić novinarima.", "Dačić"},
      {"subject je verb", "Vučić je izjavio da Srbija neće priznati Kosovo.", "Vučić"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution reads Russian reporting verbs") {
  const std::vector<InlineCase> cases = {
      {"subject verb", "Лавров заявил, что переговоры зашли в тупик.", "Лавров"},
      {"kak soobshchil with a prepositional phrase", "Как сообщил источник в Кремле, решение уже принято.",
       "источник в Кремле"},
      {"quotation dash verb subject", "«Мы готовы», — сказал министр.", "министр"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("find_inline_attribution returns the first speaker of the paragraph") {
  const std::vector<InlineCase> cases = {
      {"two said clauses", "Tony Blair said the plan would work, and Michael Howard said it would not.", "Tony Blair"},
      {"according to before said", "According to Reuters, the minister said the vote was delayed.", "Reuters"},
  };
  for (const auto& c : cases) check_inline(c);
}

TEST_CASE("classify_reference tells pronouns, titles, honorifics and names apart") {
  struct Case {
    std::string span;
    SpeakerReference::Kind kind;
    char gender;
    bool person;
    bool organisation;
    std::string head;
  };
  using Kind = SpeakerReference::Kind;
  const std::vector<Case> cases = {
      {"he", Kind::Pronoun, 'm', true, false, ""},
      {"She", Kind::Pronoun, 'f', true, false, ""},
      {"it", Kind::Pronoun, 0, false, true, ""},
      {"they", Kind::Pronoun, 0, false, true, "plural"},
      {"the minister", Kind::Title, 0, true, false, "minister"},
      {"The spokeswoman", Kind::Title, 'f', true, false, "spokeswoman"},
      {"the ministry", Kind::Title, 0, false, true, "ministry"},
      {"министр", Kind::Title, 0, true, false, "министр"},
      {"Mr Blair", Kind::Honorific, 'm', true, false, "Blair"},
      {"Ms Hewitt", Kind::Honorific, 'f', true, false, "Hewitt"},
      {"Dr Haddad", Kind::Honorific, 0, true, false, "Haddad"},
      {"the Russian Foreign Ministry", Kind::Name, 0, false, false, ""},
      {"analysts", Kind::Name, 0, false, false, ""},
      {"Tony Blair", Kind::Name, 0, false, false, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.span);
    const SpeakerReference reference = dossier::classify_reference(c.span);
    CHECK(std::string(kind_name(reference.kind)) == kind_name(c.kind));
    CHECK(static_cast<int>(reference.gender) == static_cast<int>(c.gender));
    CHECK(reference.person == c.person);
    CHECK(reference.organisation == c.organisation);
    CHECK(reference.head == c.head);
  }
}

TEST_CASE("sentence_subjects finds the names that start sentences before a verb") {
  const std::string text = "Gordon Brown has outlined his plans. Yukos also said it would appeal.";
  const auto subjects = dossier::sentence_subjects(text);
  REQUIRE(subjects.size() == 2);
  CHECK(text.substr(subjects[0].begin, subjects[0].end - subjects[0].begin) == "Gordon Brown");
  CHECK(subjects[0].begin == text.find("Gordon Brown"));
  CHECK(text.substr(subjects[1].begin, subjects[1].end - subjects[1].begin) == "Yukos");
  CHECK(subjects[1].begin == text.find("Yukos"));

  CHECK(dossier::sentence_subjects("Consumer electronics giants merged.").empty());
  CHECK(dossier::sentence_subjects("").empty());
}

TEST_CASE("role_word knows roles in any letter case and no names") {
  CHECK(dossier::role_word("minister"));
  CHECK(dossier::role_word("Minister"));
  CHECK(dossier::role_word("CEO"));
  CHECK(dossier::role_word("Co-founder"));
  CHECK(dossier::role_word("Ministry"));
  CHECK(dossier::role_word("министр"));
  CHECK_FALSE(dossier::role_word("Blair"));
  CHECK_FALSE(dossier::role_word("Petrov"));
  CHECK_FALSE(dossier::role_word(""));
}

TEST_CASE("lower_case lowers every script") {
  CHECK(dossier::lower_case("") == "");
  CHECK(dossier::lower_case("Tony BLAIR") == "tony blair");
  CHECK(dossier::lower_case("ЛАВРОВ") == "лавров");
  CHECK(dossier::lower_case("Dačić") == "dačić");
  CHECK(dossier::lower_case("ČOVIĆ") == "čović");
}
