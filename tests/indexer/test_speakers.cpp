// Tests for indexer/speakers.cpp: who each attribution of an article names, from the actor
// mentions of the article (a person before an organisation in the attribution itself; pronouns,
// titles and honorifics resolved to an earlier compatible actor; unresolved when there is none).
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/passage.h"
#include "indexer/speakers.h"
#include "test_support.h"

using dossier::Article;
using dossier::Attribution;
using dossier::EntityMention;
using dossier::Passage;
using dossier::SpeakerContext;

namespace {

// An article made of paragraphs the way the reader makes it: make_passages fills the tagged and
// inline attributions.
Article article_of(const std::vector<std::string>& paragraphs) {
  Article article;
  article.meta.id = "speakers-test";
  article.passages = dossier::make_passages(paragraphs);
  return article;
}

// An actor mention at the first occurrence of mention in text.
EntityMention actor_in(const std::string& text, const std::string& id, const std::string& name,
                       const std::string& mention) {
  const std::size_t at = text.find(mention);
  REQUIRE(at != std::string::npos);
  EntityMention entity;
  entity.facet = "actor";
  entity.id = id;
  entity.name = name;
  entity.mention = mention;
  entity.begin = at;
  entity.end = at + mention.size();
  entity.rule = "alias";
  return entity;
}

void add_actor(Passage& passage, const std::string& id, const std::string& name, const std::string& mention) {
  passage.entities.push_back(actor_in(passage.text, id, name, mention));
}

// actor_type from a table of ids; "" for an id not in it.
SpeakerContext context_of(std::map<std::string, std::string> types) {
  SpeakerContext context;
  context.actor_type = [types = std::move(types)](const EntityMention& mention) {
    const auto found = types.find(mention.id);
    return found == types.end() ? std::string() : found->second;
  };
  return context;
}

}  // namespace

TEST_CASE("resolve_speakers names the person an attribution contains") {
  Article article = article_of({"Prime Minister Blair said the plan would work."});
  REQUIRE(article.passages.size() == 1);
  Passage& passage = article.passages[0];
  REQUIRE(passage.attribution.kind == "Inline");
  REQUIRE(passage.attribution.text == "Prime Minister Blair");
  add_actor(passage, "tony-blair", "Tony Blair", "Blair");

  dossier::resolve_speakers(article, context_of({{"tony-blair", "person"}}));
  const Attribution& attribution = article.passages[0].attribution;
  CHECK(attribution.speaker.id == "tony-blair");
  CHECK(attribution.speaker.name == "Tony Blair");  // the display name, not the mention
  CHECK(attribution.speaker.resolved_from == "");
  CHECK_FALSE(attribution.unresolved);
  CHECK(attribution.text == "Prime Minister Blair");  // kept as written
}

TEST_CASE("resolve_speakers prefers a person to an organisation inside the same attribution") {
  Article article =
      article_of({"Russian Foreign Ministry spokeswoman Maria Zakharova said the sanctions were illegal."});
  REQUIRE(article.passages.size() == 1);
  Passage& passage = article.passages[0];
  REQUIRE(passage.attribution.text == "Russian Foreign Ministry spokeswoman Maria Zakharova");
  // In text order: the organisation comes first.
  add_actor(passage, "ru-mfa", "Russian Foreign Ministry", "Russian Foreign Ministry");
  add_actor(passage, "maria-zakharova", "Maria Zakharova", "Maria Zakharova");

  dossier::resolve_speakers(article, context_of({{"ru-mfa", "ministry"}, {"maria-zakharova", "person"}}));
  const Attribution& attribution = article.passages[0].attribution;
  CHECK(attribution.speaker.id == "maria-zakharova");
  CHECK(attribution.speaker.name == "Maria Zakharova");
  CHECK(attribution.speaker.resolved_from == "");
  CHECK_FALSE(attribution.unresolved);
}

TEST_CASE("resolve_speakers resolves 'He said' to the person named in the previous paragraph") {
  Article article = article_of({
      "Foreign Minister Sergei Lavrov met his Serbian counterpart in Belgrade.",
      "He said the talks were useful.",
  });
  REQUIRE(article.passages.size() == 2);
  CHECK(article.passages[0].attribution.empty());
  REQUIRE(article.passages[1].attribution.text == "He");
  add_actor(article.passages[0], "sergei-lavrov", "Sergei Lavrov", "Sergei Lavrov");

  dossier::resolve_speakers(article, context_of({{"sergei-lavrov", "person"}}));
  const Attribution& attribution = article.passages[1].attribution;
  CHECK(attribution.speaker.id == "sergei-lavrov");
  CHECK(attribution.speaker.name == "Sergei Lavrov");
  CHECK(attribution.speaker.resolved_from == "He");
  CHECK_FALSE(attribution.unresolved);
  CHECK(attribution.text == "He");
}

TEST_CASE("resolve_speakers resolves a pronoun to a speaker named in full without an entity") {
  Article article = article_of({
      "Vince Cable said the figures were wrong.",
      "He added that the Treasury had erred.",
  });
  REQUIRE(article.passages.size() == 2);
  REQUIRE(article.passages[0].attribution.text == "Vince Cable");
  REQUIRE(article.passages[1].attribution.text == "He");

  dossier::resolve_speakers(article, context_of({}));
  const Attribution& first = article.passages[0].attribution;
  CHECK(first.speaker.id == "");
  CHECK(first.speaker.name == "Vince Cable");
  CHECK(first.speaker.resolved_from == "");
  const Attribution& second = article.passages[1].attribution;
  CHECK(second.speaker.id == "");
  CHECK(second.speaker.name == "Vince Cable");
  CHECK(second.speaker.resolved_from == "He");
  CHECK_FALSE(second.unresolved);
}

TEST_CASE("resolve_speakers does not resolve 'She said' to a man marked by Mr") {
  const std::vector<std::string> paragraphs = {
      "Mr Ivan Petrov arrived in Brussels on Monday.",
      "She said the talks had stalled.",
  };
  Article article = article_of(paragraphs);
  REQUIRE(article.passages.size() == 2);
  REQUIRE(article.passages[1].attribution.text == "She");
  add_actor(article.passages[0], "ivan-petrov", "Ivan Petrov", "Ivan Petrov");

  dossier::resolve_speakers(article, context_of({{"ivan-petrov", "person"}}));
  const Attribution& attribution = article.passages[1].attribution;
  CHECK(attribution.unresolved);
  CHECK(attribution.speaker.empty());
  CHECK(attribution.speaker.resolved_from == "");
  CHECK(attribution.text == "She");

  // The same article with "He said" does resolve: it is the gender that rules him out.
  Article with_he = article_of({paragraphs[0], "He said the talks had stalled."});
  REQUIRE(with_he.passages.size() == 2);
  add_actor(with_he.passages[0], "ivan-petrov", "Ivan Petrov", "Ivan Petrov");
  dossier::resolve_speakers(with_he, context_of({{"ivan-petrov", "person"}}));
  CHECK(with_he.passages[1].attribution.speaker.id == "ivan-petrov");
  CHECK(with_he.passages[1].attribution.speaker.resolved_from == "He");
  CHECK_FALSE(with_he.passages[1].attribution.unresolved);
}

TEST_CASE("resolve_speakers resolves 'The minister' to the person titled minister, not the nearest person") {
  Article article = article_of({
      "Foreign Minister Sergei Lavrov arrived in Belgrade on Monday.",
      "Talks with President Aleksandar Vucic lasted three hours.",
      "The minister said the talks were useful.",
  });
  REQUIRE(article.passages.size() == 3);
  REQUIRE(article.passages[2].attribution.text == "The minister");
  add_actor(article.passages[0], "sergei-lavrov", "Sergei Lavrov", "Sergei Lavrov");
  add_actor(article.passages[1], "aleksandar-vucic", "Aleksandar Vucic", "Aleksandar Vucic");

  dossier::resolve_speakers(article,
                            context_of({{"sergei-lavrov", "person"}, {"aleksandar-vucic", "person"}}));
  const Attribution& attribution = article.passages[2].attribution;
  CHECK(attribution.speaker.id == "sergei-lavrov");
  CHECK(attribution.speaker.name == "Sergei Lavrov");
  CHECK(attribution.speaker.resolved_from == "The minister");
  CHECK_FALSE(attribution.unresolved);
}

TEST_CASE("resolve_speakers resolves 'the ministry' to the nearest organisation of type ministry") {
  Article article = article_of({
      "The Russian Foreign Ministry protested, and the Quai d'Orsay summoned the Russian ambassador.",
      "NATO ships entered the Black Sea.",
      "The visit was a provocation, the ministry said.",
  });
  REQUIRE(article.passages.size() == 3);
  CHECK(article.passages[0].attribution.empty());
  CHECK(article.passages[1].attribution.empty());
  REQUIRE(article.passages[2].attribution.text == "the ministry");
  add_actor(article.passages[0], "ru-mfa", "Russian Foreign Ministry", "Russian Foreign Ministry");
  // Its name has no "ministry": only its type says what it is.
  add_actor(article.passages[0], "fr-mfa", "Quai d'Orsay", "Quai d'Orsay");
  add_actor(article.passages[1], "nato", "NATO", "NATO");  // nearer, but no ministry

  dossier::resolve_speakers(article,
                            context_of({{"ru-mfa", "ministry"}, {"fr-mfa", "ministry"}, {"nato", "organisation"}}));
  const Attribution& attribution = article.passages[2].attribution;
  CHECK(attribution.speaker.id == "fr-mfa");
  CHECK(attribution.speaker.name == "Quai d'Orsay");
  CHECK(attribution.speaker.resolved_from == "the ministry");
  CHECK_FALSE(attribution.unresolved);
}

TEST_CASE("resolve_speakers resolves 'Mr Petrov' to a person an earlier attribution names in full") {
  Article article = article_of({
      "Ivan Petrov said the plant would close.",
      "Mr Petrov said the workers would be paid.",
  });
  REQUIRE(article.passages.size() == 2);
  REQUIRE(article.passages[0].attribution.text == "Ivan Petrov");
  REQUIRE(article.passages[1].attribution.text == "Mr Petrov");

  dossier::resolve_speakers(article, context_of({}));
  const Attribution& first = article.passages[0].attribution;
  CHECK(first.speaker.id == "");
  CHECK(first.speaker.name == "Ivan Petrov");
  CHECK(first.speaker.resolved_from == "");
  CHECK_FALSE(first.unresolved);
  const Attribution& second = article.passages[1].attribution;
  CHECK(second.speaker.id == "");
  CHECK(second.speaker.name == "Ivan Petrov");
  CHECK(second.speaker.resolved_from == "Mr Petrov");
  CHECK_FALSE(second.unresolved);
}

TEST_CASE("resolve_speakers leaves 'He said' in the first paragraph unresolved") {
  Article article = article_of({
      "He said the talks failed.",
      "Sergei Lavrov arrived later.",  // after the pronoun: no antecedent
  });
  REQUIRE(article.passages.size() == 2);
  REQUIRE(article.passages[0].attribution.text == "He");
  add_actor(article.passages[1], "sergei-lavrov", "Sergei Lavrov", "Sergei Lavrov");

  dossier::resolve_speakers(article, context_of({{"sergei-lavrov", "person"}}));
  const Attribution& attribution = article.passages[0].attribution;
  CHECK(attribution.unresolved);
  CHECK(attribution.speaker.empty());
  CHECK(attribution.speaker.resolved_from == "");
  CHECK(attribution.text == "He");
  CHECK(attribution.kind == "Inline");
}

TEST_CASE("resolve_speakers gives a tagged attribution the actor its tag names") {
  Article article = article_of({"Moscow condemned the plan. [Source: Russian Foreign Ministry briefing]"});
  REQUIRE(article.passages.size() == 1);
  const Attribution& tag = article.passages[0].attribution;
  REQUIRE(tag.kind == "Source");
  REQUIRE(tag.text == "Russian Foreign Ministry briefing");

  // Without tagged mentions the tag keeps no speaker.
  dossier::resolve_speakers(article, context_of({{"ru-mfa", "ministry"}}));
  CHECK(article.passages[0].attribution.speaker.empty());

  SpeakerContext context = context_of({{"ru-mfa", "ministry"}});
  // Offsets are in the tag's text, as the tagger matches it.
  context.tagged.push_back(
      std::vector<EntityMention>{actor_in(tag.text, "ru-mfa", "Russian Foreign Ministry", "Russian Foreign Ministry")});
  dossier::resolve_speakers(article, context);
  const Attribution& attribution = article.passages[0].attribution;
  CHECK(attribution.speaker.id == "ru-mfa");
  CHECK(attribution.speaker.name == "Russian Foreign Ministry");
  CHECK(attribution.speaker.resolved_from == "");
  CHECK_FALSE(attribution.unresolved);
  CHECK(attribution.kind == "Source");
  CHECK(attribution.text == "Russian Foreign Ministry briefing");
}

// Regression: a tagged mention's offsets are in the tag's text, not the passage's; reading them
// against a shorter passage body threw std::out_of_range (found while writing these tests).
TEST_CASE("regression: resolve_speakers handles a tag longer than its paragraph") {
  Article article = article_of({"Moscow objected. [Source: Statement by the Russian Foreign Ministry]"});
  REQUIRE(article.passages.size() == 1);
  const Attribution& tag = article.passages[0].attribution;
  REQUIRE(tag.kind == "Source");
  REQUIRE(tag.text == "Statement by the Russian Foreign Ministry");
  REQUIRE(article.passages[0].text == "Moscow objected.");

  SpeakerContext context = context_of({{"ru-mfa", "ministry"}});
  context.tagged.push_back(
      std::vector<EntityMention>{actor_in(tag.text, "ru-mfa", "Russian Foreign Ministry", "Russian Foreign Ministry")});
  REQUIRE(context.tagged[0][0].end > article.passages[0].text.size());
  CHECK_NOTHROW(dossier::resolve_speakers(article, context));
  CHECK(article.passages[0].attribution.speaker.id == "ru-mfa");
  CHECK(article.passages[0].attribution.speaker.name == "Russian Foreign Ministry");
}

TEST_CASE("resolve_speakers resolves 'It said' to an organisation that starts a sentence before") {
  Article article = article_of({
      "Deutsche Bank has challenged the ruling.",
      "It said the court erred.",
  });
  REQUIRE(article.passages.size() == 2);
  CHECK(article.passages[0].attribution.empty());
  REQUIRE(article.passages[1].attribution.text == "It");

  dossier::resolve_speakers(article, context_of({}));
  const Attribution& attribution = article.passages[1].attribution;
  CHECK(attribution.speaker.id == "");
  CHECK(attribution.speaker.name == "Deutsche Bank");
  CHECK(attribution.speaker.resolved_from == "It");
  CHECK_FALSE(attribution.unresolved);
}
