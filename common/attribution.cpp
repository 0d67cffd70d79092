#include "common/attribution.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "common/attribution_words.h"
#include "common/utf8.h"

namespace dossier {

namespace {

using namespace speech;  // the word lists and the words of a text (common/attribution_words.h)

constexpr std::size_t kMaxWords = 10;

}  // namespace

std::string lower_case(std::string_view text) {
  std::string out;
  if (ascii(text)) {  // the common case, without ICU
    out.assign(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    utf8::append(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(utf8::next(text, pos)))));
  }
  return out;
}

namespace {



// A word that may stand in the noun phrase of a speaker as a plain (not capitalised) word:
// "senior", "spokesman", "defence", "ministry", "analysts". English participles and adverbs
// ("speaking", "dismissed", "recently") end a phrase.
bool content_word(const Word& word) {
  if (word.digit || stop_word(word.lower) || determiner(word.lower)) return false;
  const std::string& w = word.lower;
  if (ascii(w) && w.size() > 4 && (w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly"))) return false;
  return reporting_verb(w) == Lang::None && !reporting_participle(w);
}

// A word of a name or description: a capitalised word that is no function word, or a content word.
bool phrase_word(const Word& word) { return word.capital ? !capitalised_stop_word(word.lower) : content_word(word); }

struct Span {
  std::size_t first = 0;  // word indexes, inclusive
  std::size_t last = 0;
};

// The subject noun phrase that ends at words[last] (walking back, never before words[floor]).
std::optional<Span> subject_before(const std::vector<Word>& words, std::size_t floor, std::size_t last, Lang lang) {
  // Trailing auxiliaries, adverbs and days: "Tony Blair has", "He also", "Tessa Jowell on Tuesday".
  while (true) {
    if (auxiliary(words[last].lower) || adverb(words[last].lower)) {
      if (last == floor) return std::nullopt;
      --last;
      continue;
    }
    if (last >= floor + 2 && time_word(words[last].lower) && in(words[last - 1].lower, {"on", "last", "this", "earlier"})) {
      last -= 2;
      continue;
    }
    break;
  }
  if (pronoun_in(words[last].lower, lang)) return Span{last, last};
  if (!phrase_word(words[last])) return std::nullopt;
  std::size_t first = last;
  bool after_determiner = false;
  while (first > floor) {
    const Word& word = words[first - 1];
    if (word.ends_clause) break;
    if (after_determiner) {
      // Only "of the", "for the" ... continue a phrase past its determiner.
      if (first - 1 > floor && inner_preposition(word.lower, false) && phrase_word(words[first - 2]) &&
          !words[first - 2].ends_clause) {
        first -= 2;
        after_determiner = false;
        continue;
      }
      break;
    }
    if (determiner(word.lower)) {
      --first;
      after_determiner = true;
      continue;
    }
    // "officials in Moscow", "Secretary of State": a preposition between two words of the phrase.
    if (inner_preposition(word.lower, false) && first - 1 > floor && words[first].capital &&
        phrase_word(words[first - 2]) && !words[first - 2].ends_clause) {
      first -= 2;
      continue;
    }
    // "von der Leyen", "da Silva": a particle between a name's words.
    if (name_particle(word.lower) && words[first].capital && first - 1 > floor && words[first - 2].capital &&
        !words[first - 2].ends_clause) {
      --first;
      continue;
    }
    // "engineering head": an -ing word before a plain noun is a modifier, not a participle.
    const bool modifier = !word.capital && ascii(word.lower) && word.lower.ends_with("ing") &&
                          !words[first].capital && content_word(words[first]) && !stop_word(word.lower);
    if (phrase_word(word) || modifier) {
      --first;
      continue;
    }
    break;
  }
  if (last - first + 1 > kMaxWords) return std::nullopt;
  return Span{first, last};
}

// The noun phrase that starts at words[first] ("said Mr Blair on Tuesday" -> "Mr Blair"),
// never past words[limit - 1].
std::optional<Span> phrase_after(const std::vector<Word>& words, std::size_t first, Lang lang,
                                 std::size_t limit = std::string::npos) {
  limit = std::min(limit, words.size());
  if (first >= limit) return std::nullopt;
  if (pronoun_in(words[first].lower, lang)) return Span{first, first};
  std::size_t last = first;
  if (determiner(words[first].lower)) {
    if (words[first].ends_clause || first + 1 >= limit || !phrase_word(words[first + 1])) return std::nullopt;
    last = first + 1;
  } else if (!phrase_word(words[first])) {
    return std::nullopt;
  }
  bool named = words[last].capital;
  while (!words[last].ends_clause && last + 1 < limit) {
    const Word& next = words[last + 1];
    // Serbian and Russian put the addressee after a name ("rekao je Dačić novinarima").
    if (phrase_word(next) && !(lang != Lang::En && named && !next.capital)) {
      ++last;
      named = named || next.capital;
      continue;
    }
    if (name_particle(next.lower) && words[last].capital && !next.ends_clause && last + 2 < limit &&
        words[last + 2].capital) {
      last += 2;
      continue;
    }
    if (inner_preposition(next.lower, true) && !next.ends_clause && last + 2 < limit) {
      std::size_t after = last + 2;
      if (determiner(words[after].lower) && !words[after].ends_clause && after + 1 < limit) ++after;
      if (phrase_word(words[after]) && (words[after].capital || lang == Lang::En)) {
        last = after;
        continue;
      }
    }
    break;
  }
  while (last > first && adverb(words[last].lower)) --last;
  if (last - first + 1 > kMaxWords) return std::nullopt;
  return Span{first, last};
}

// Where the clause that ends at words[end] starts (its first word).
std::size_t clause_start(const std::vector<Word>& words, std::size_t end) {
  std::size_t start = end;
  while (start > 0 && !words[start - 1].ends_clause && !words[start].starts_clause) --start;
  return start;
}

std::size_t sentence_start(const std::vector<Word>& words, std::size_t end) {
  std::size_t start = end;
  while (start > 0 && !words[start - 1].ends_sentence) --start;
  return start;
}

// The first word of a sentence's subject: past an opening "But", "And", "However," ...
std::size_t past_openers(const std::vector<Word>& words, std::size_t start, std::size_t limit) {
  while (start < limit && (conjunction(words[start].lower) || adverb(words[start].lower)) &&
         !pronoun(words[start].lower)) {
    ++start;
  }
  return start;
}

// Verbs whose speaker may follow them ("...," said the minister); "told", "warned" and the like
// take an object there ("warned the government"). Every Serbian and Russian form may.
bool invertible(std::string_view verb, Lang lang) {
  if (lang != Lang::En) return true;
  return in(verb, {"said", "says", "added", "adds", "wrote", "replied", "continued", "insisted"});
}

// Words before an inverted verb that leave its subject after it: "как заявил Лавров", "kako je
// rekao", "об этом сообщил".
bool inversion_opener(std::string_view w) { return in(w, {"как", "kako", "како", "этом", "том", "tome", "ovome"}); }

Attribution make(std::string_view body, const std::vector<Word>& words, Span span) {
  Attribution attribution;
  attribution.kind = "Inline";
  attribution.begin = words[span.first].begin;
  attribution.end = words[span.last].end;
  attribution.text = std::string(body.substr(attribution.begin, attribution.end - attribution.begin));
  return attribution;
}

// A speaker for the reporting verb words[k], before it or (inverted) after it.
std::optional<Span> speaker_of_verb(const std::vector<Word>& words, std::size_t k, Lang lang) {
  const std::size_t verb_at = k;
  const std::string& verb = words[k].lower;
  const std::string_view next = k + 1 < words.size() && !words[k].ends_clause ? std::string_view(words[k + 1].lower)
                                                                              : std::string_view();
  if (verb == "called" && next != "for" && next != "on") return std::nullopt;
  if (verb == "claims" && next != "that") return std::nullopt;  // "Russia's claims were" is a noun
  // "Shares added 2%", "added to the list", "easier said than done": no speech.
  if ((verb == "added" || verb == "adds") && k + 1 < words.size() &&
      (words[k + 1].digit || in(next, {"to", "up", "more", "another"}))) {
    return std::nullopt;
  }
  if (next == "than") return std::nullopt;
  // "is said to", "declined to say", "was immediately denied": no speaker.
  for (std::size_t j = k; j > 0 && lang == Lang::En && !words[j - 1].ends_clause; --j) {
    if (passive_auxiliary(words[j - 1].lower)) return std::nullopt;
    if (!adverb(words[j - 1].lower)) break;
  }
  // "David Bell, also said": adverbs and auxiliaries alone before the verb leave it without a
  // subject in its clause, as "David Bell, said" would.
  std::size_t bare = k;
  while (bare > 0 && !words[bare - 1].ends_clause && !words[bare].starts_clause &&
         (adverb(words[bare - 1].lower) || auxiliary(words[bare - 1].lower))) {
    --bare;
  }
  if (bare < k && (bare == 0 || words[bare - 1].ends_clause)) k = bare;
  const bool has_before = k > 0 && !words[k - 1].ends_clause && !words[k].starts_clause;
  // Serbian: "rekao je Vučić" (inverted) or "Vučić je rekao".
  if (lang == Lang::Sr && !has_before && serbian_auxiliary(next)) return phrase_after(words, k + 2, lang);
  if (has_before) {
    if (inversion_opener(words[k - 1].lower)) return phrase_after(words, verb_at + 1, lang);
    // "Zelensky welcomed the offer but argued": the subject of the clause.
    if (in(words[k - 1].lower, {"and", "but", "i", "a", "и", "а", "но"})) {
      const std::size_t start = sentence_start(words, k - 1);
      if (std::optional<Span> subject = phrase_after(words, start, lang, k - 1)) return subject;
    }
    const std::size_t start = clause_start(words, k - 1);
    std::optional<Span> span = subject_before(words, start, k - 1, lang);
    // "Foreign Minister Sergei Lavrov, speaking in Moscow, said" or ", who ... said".
    const Word& opener = words[start];
    const bool participle = !opener.capital && ascii(opener.lower) && opener.lower.ends_with("ing") &&
                            start + 1 < k && (preposition(words[start + 1].lower) || determiner(words[start + 1].lower));
    if (start > 0 && words[start - 1].comma_only && (participle || in(opener.lower, {"who", "which"}))) {
      const std::size_t earlier = clause_start(words, start - 1);
      if (std::optional<Span> outer = subject_before(words, earlier, start - 1, lang)) span = outer;
    }
    if (!span && lang != Lang::En) span = phrase_after(words, verb_at + 1, lang);
    return span;
  }
  // "Josep Borrell, the former EU foreign policy chief, argued": the name before the apposition.
  if (k > 0 && words[k - 1].comma_only) {
    const std::size_t start = clause_start(words, k - 1);
    std::optional<Span> apposition = subject_before(words, start, k - 1, lang);
    if (apposition && start > 0 && words[start - 1].comma_only &&
        (!words[start].capital || determiner(words[start].lower))) {
      if (std::optional<Span> outer = subject_before(words, clause_start(words, start - 1), start - 1, lang)) {
        return outer;
      }
    }
    if (apposition) return apposition;
  }
  if (k == verb_at && !words[k].ends_clause && invertible(verb, lang)) return phrase_after(words, k + 1, lang);
  return std::nullopt;
}

// "Edi Rama defended the agreement, saying ...": the subject the sentence starts with.
std::optional<Span> speaker_of_participle(const std::vector<Word>& words, std::size_t k) {
  if (k == 0 || !words[k - 1].comma_only) return std::nullopt;
  return phrase_after(words, past_openers(words, sentence_start(words, k - 1), k), Lang::En, k);
}

// "according to X", "prema rečima X", "по словам X": where the phrase after the marker starts.
struct Marker {
  std::size_t first = 0;
  Lang lang = Lang::En;
};
std::optional<Marker> according_to(const std::vector<Word>& words, std::size_t k) {
  if (k + 1 >= words.size() || words[k].ends_clause) return std::nullopt;
  const std::string& a = words[k].lower;
  const std::string& b = words[k + 1].lower;
  if (a == "according" && b == "to") return Marker{k + 2, Lang::En};
  if ((a == "prema" && (b == "rečima" || b == "recima" || b == "navodima")) || (a == "према" && b == "речима")) {
    return Marker{k + 2, Lang::Sr};
  }
  if (a == "по" && (b == "словам" || b == "данным" || b == "информации")) return Marker{k + 2, Lang::Ru};
  return std::nullopt;
}

}  // namespace

Attribution find_inline_attribution(std::string_view body) {
  const std::vector<Word> words = split_words(body);
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (const std::optional<Marker> marker = according_to(words, k)) {
      if (const std::optional<Span> span = phrase_after(words, marker->first, marker->lang)) {
        return make(body, words, *span);
      }
      continue;
    }
    if (words[k].capital) continue;
    std::optional<Span> span;
    if (reporting_participle(words[k].lower)) {
      span = speaker_of_participle(words, k);
    } else if (const Lang lang = reporting_verb(words[k].lower); lang != Lang::None) {
      span = speaker_of_verb(words, k, lang);
    }
    if (span) return make(body, words, *span);
  }
  return {};
}

std::vector<TextRange> sentence_subjects(std::string_view text) {
  const std::vector<Word> words = split_words(text);
  std::vector<TextRange> out;
  for (std::size_t sentence = 0; sentence < words.size();) {
    const std::size_t start = past_openers(words, sentence, words.size());
    std::size_t end = start;  // one past the name's last word
    while (end < words.size() && end - start < 5) {
      const Word& word = words[end];
      const bool inner = end > start && end + 1 < words.size() && words[end + 1].capital &&
                         (in(word.lower, {"of", "&"}) || name_particle(word.lower));
      if (!(inner || (word.capital && !capitalised_stop_word(word.lower) && !word.digit))) break;
      ++end;
      if (word.ends_clause) break;
    }
    // Followed by a verb: an auxiliary, a reporting verb or a past tense, maybe after an adverb
    // ("Gordon Brown has outlined", "Yukos also said"); "Consumer electronics" is no subject.
    std::size_t verb = end;
    if (verb < words.size() && adverb(words[verb].lower) && !words[verb].ends_clause) ++verb;
    const bool followed = end > start && verb < words.size() && !words[end - 1].ends_clause && !words[verb].capital &&
                          (auxiliary(words[verb].lower) || reporting_verb(words[verb].lower) != Lang::None ||
                           present_verb(words[verb].lower) ||
                           (ascii(words[verb].lower) && words[verb].lower.ends_with("ed")));
    if (end > start && followed && !(end - start == 1 && determiner(words[start].lower))) {
      out.push_back({words[start].begin, words[end - 1].end});
    }
    // The next sentence.
    std::size_t next = std::max(end, start + 1);
    while (next < words.size() && !words[next - 1].ends_sentence) ++next;
    sentence = next;
  }
  return out;
}

bool role_word(std::string_view word) {
  const std::string w = lower_case(word);
  return person_role_gender(w) != 0 || organisation_role(w) ||
         in(w, {"co-founder", "ceo", "cfo", "chief", "secretary-general", "vice-president", "deputy", "acting",
                "former", "first", "senior", "foreign", "defence", "defense", "interior", "finance", "prime",
                "co-chair", "coach", "striker", "midfielder", "captain", "professor", "judge", "sir", "lord",
                "lady", "dame", "mr", "mrs", "ms", "dr"});
}

SpeakerReference classify_reference(std::string_view span) {
  SpeakerReference reference;
  const std::vector<Word> words = split_words(span);
  if (words.empty()) return reference;
  const std::string& first = words.front().lower;
  if (words.size() == 1 && pronoun(first)) {
    reference.kind = SpeakerReference::Kind::Pronoun;
    if (in(first, {"he", "on", "он"})) reference.gender = 'm';
    if (in(first, {"she", "ona", "она"})) reference.gender = 'f';
    reference.person = reference.gender != 0 || in(first, {"i", "we"});
    reference.organisation = in(first, {"it", "they", "ono", "oni", "оно", "они"});
    if (in(first, {"they", "oni", "они"})) reference.head = "plural";
    return reference;
  }
  if (const char gender = honorific_gender(first); gender != 0 && words.size() >= 2 && words.back().capital) {
    reference.kind = SpeakerReference::Kind::Honorific;
    reference.gender = gender == '?' ? 0 : gender;
    reference.person = true;
    reference.head = std::string(span.substr(words.back().begin, words.back().end - words.back().begin));
    return reference;
  }
  // "the minister", "the defence minister", "the ministry", "министр": a role word at the end,
  // every word in lower case ("the Foreign Ministry", "the Moldovan presidency" name one).
  const Word& last = words.back();
  const bool lower = std::none_of(words.begin() + 1, words.end(), [](const Word& w) { return w.capital; }) &&
                     (!words.front().capital || determiner(first));
  const bool article_less = !ascii(first);  // Serbian and Russian have no articles
  if (lower && ((in(first, {"the", "this"}) && words.size() >= 2) || article_less)) {
    if (const char gender = person_role_gender(last.lower); gender != 0) {
      reference.kind = SpeakerReference::Kind::Title;
      reference.gender = gender == '?' ? 0 : gender;
      reference.person = true;
      reference.head = last.lower;
      return reference;
    }
    if (organisation_role(last.lower)) {
      reference.kind = SpeakerReference::Kind::Title;
      reference.organisation = true;
      reference.head = last.lower;
      return reference;
    }
  }
  return reference;
}

}  // namespace dossier
