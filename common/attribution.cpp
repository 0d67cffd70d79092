#include "common/attribution.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"

namespace dossier {

namespace {

constexpr std::size_t kMaxWords = 10;

// --- word lists: English grammar and the reporting verbs of the three languages of the archive --

bool ascii(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool in(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The language of a reporting verb: it decides the pronouns and the word order around it.
enum class Lang { None, En, Sr, Ru };

// Reporting verbs and acts of speech, lower case. "say"/"says" are present tense ("analysts
// say"). "called" counts only before "for"/"on" (checked by the caller).
Lang reporting_verb(std::string_view w) {
  // Called for every word of every paragraph: one hash lookup, not a scan of the lists.
  static const std::unordered_map<std::string_view, Lang> verbs = [] {
    std::unordered_map<std::string_view, Lang> out;
    for (std::string_view v :
         {"said",     "says",     "say",       "told",      "tells",     "added",      "adds",     "warned",
          "warns",    "stated",   "announced", "insisted",  "insists",   "claimed",    "noted",    "argued",
          "argues",   "confirmed", "denied",   "denies",    "explained", "stressed",   "admitted", "acknowledged",
          "declared", "wrote",    "writes",    "replied",   "predicted", "cautioned",  "conceded", "maintained",
          "asserted", "emphasised", "emphasized", "accused", "urged",    "vowed",      "pledged",  "demanded",
          "called",   "reported", "maintains", "claims"}) {
      out.emplace(v, Lang::En);
    }
    for (std::string_view v : {"rekao", "rekla", "reklo", "rekli", "izjavio", "izjavila", "izjavilo", "izjavili", "kazao", "kazala", "kazali", "naveo", "navela", "navelo", "naveli", "istakao", "istakla", "istaklo", "istakli", "dodao", "dodala", "dodali", "saopštio", "saopštila", "saopštilo", "saopštili", "saopstio", "saopstila", "saopstilo", "poručio", "poručila", "poručili", "ocenio", "ocenila", "upozorio", "upozorila", "upozorili", "рекао", "рекла", "рекли", "изјавио", "изјавила", "изјавили", "казао", "казала", "навео", "навела", "истакао", "истакла", "додао", "додала", "саопштио", "саопштила", "саопштило", "поручио", "поручила"}) {
      out.emplace(v, Lang::Sr);
    }
    for (std::string_view v : {"заявил", "заявила", "заявило", "заявили", "сообщил", "сообщила", "сообщило", "сообщили", "сказал", "сказала", "сказали", "отметил", "отметила", "отметили", "подчеркнул", "подчеркнула", "добавил", "добавила", "добавили", "пояснил", "пояснила", "предупредил", "предупредила", "заверил", "заверила"}) {
      out.emplace(v, Lang::Ru);
    }
    return out;
  }();
  const auto found = verbs.find(w);
  return found == verbs.end() ? Lang::None : found->second;
}

// "..., saying that ...": the speaker is the sentence's subject.
bool reporting_participle(std::string_view w) {
  return in(w, {"saying", "adding", "claiming", "warning", "insisting", "arguing", "noting", "calling", "stressing",
                "accusing", "urging", "explaining", "telling", "stating", "declaring"});
}

// Serbian past tense takes "je"/"su" ("Vučić je rekao", "rekao je Vučić").
bool serbian_auxiliary(std::string_view w) { return in(w, {"je", "su", "је", "су"}); }

bool determiner(std::string_view w) { return in(w, {"the", "a", "an", "his", "her", "its", "their"}); }

bool english_pronoun(std::string_view w) { return in(w, {"he", "she", "it", "they", "we", "i"}); }
bool slavic_pronoun(std::string_view w) { return in(w, {"on", "ona", "ono", "oni", "он", "она", "оно", "они"}); }
bool pronoun(std::string_view w) { return english_pronoun(w) || slavic_pronoun(w); }
bool pronoun_in(std::string_view w, Lang lang) { return lang == Lang::En ? english_pronoun(w) : slavic_pronoun(w); }

bool conjunction(std::string_view w) {
  return in(w, {"and", "but", "or", "nor", "so", "yet", "while", "whereas", "although", "though", "because", "since",
                "as", "if", "when", "whether", "that", "which", "who", "whom", "whose", "where", "then", "than",
                "after", "before", "until", "unless", "once", "i", "a", "ali", "da", "ili", "dok", "jer", "kad",
                "kada", "što", "sto", "koji", "koja", "koje", "и", "а", "но", "или", "что", "как", "когда", "если",
                "пока", "который", "которая", "которые", "да", "али", "што", "који", "која"});
}

bool preposition(std::string_view w) {
  return in(w, {"in", "on", "at", "by", "for", "from", "to", "with", "during", "of", "about", "over", "under", "into",
                "through", "against", "between", "among", "without", "within", "despite", "upon", "via", "per",
                "like", "amid", "across", "after", "before", "since", "u", "na", "od", "za", "sa", "s", "iz", "po",
                "pri", "o", "prema", "tokom", "posle", "pre", "в", "во", "на", "по", "с", "со", "из", "к", "у",
                "о", "об", "за", "при", "после", "до", "от", "для", "у", "од", "са", "из", "према", "током"});
}

bool auxiliary(std::string_view w) {
  return in(w, {"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "will",
                "would", "shall", "should", "can", "could", "may", "might", "must", "having", "je", "su", "bi", "će",
                "ce", "nije", "nisu", "је", "су", "би", "ће", "није", "не", "бы"});
}

bool passive_auxiliary(std::string_view w) {
  return in(w, {"is", "are", "was", "were", "be", "been", "being", "to", "it's"});
}

bool adverb(std::string_view w) {
  return in(w, {"also", "later", "earlier", "previously", "recently", "already", "once", "then", "now", "still",
                "repeatedly", "publicly", "privately", "again", "further", "too", "reportedly", "just", "only",
                "even", "never", "always", "often", "subsequently", "separately", "finally", "initially",
                "yesterday", "today", "tonight", "not", "however", "meanwhile", "moreover", "indeed", "simply",
                "clearly", "openly", "firmly", "bluntly", "flatly", "quickly", "immediately", "formally", "takođe", "takodje", "juče", "danas", "ranije", "međutim", "такође", "јуче", "данас",
                "также", "уже", "ранее", "вчера", "сегодня", "однако", "тоже", "еще", "ещё"});
}

// Words that end a subject when walking back from the verb and never start or end one.
bool stop_word(std::string_view w) {
  return conjunction(w) || preposition(w) || auxiliary(w) || adverb(w) || pronoun(w) ||
         in(w, {"there", "here", "this", "these", "those", "our", "my", "your",
                "not", "no", "who", "which", "what", "it's", "there's", "said", "says", "say", "told", "where",
                "why", "how", "all", "some", "any", "each", "every", "very", "more", "most", "many", "much",
                "этот", "эта", "это", "этом", "том", "эти", "тот", "та", "то", "те", "его", "ее", "их", "ovaj", "ova", "ovo",
                "taj", "ta", "to", "njegov", "njen", "njihov"});
}

// Capitalised words that are no name: function words at the start of a sentence ("But", "In"),
// days and months ("On Tuesday Sir Alan said"). Auxiliaries are names there ("Theresa May").
bool capitalised_stop_word(std::string_view w) {
  return conjunction(w) || preposition(w) || adverb(w) || pronoun(w) ||
         in(w, {"there", "here", "this", "these", "those", "our", "my", "your", "it's", "there's", "what", "why",
                "how", "all", "some", "any", "each", "every", "more", "most", "many", "much", "monday", "tuesday",
                "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
                "june", "july", "august", "september", "october", "november", "december"}) ||
         (auxiliary(w) && !in(w, {"may", "will", "can", "must"}));
}

// Days and periods that end a time phrase before a verb ("on Tuesday", "last week").
bool time_word(std::string_view w) {
  return in(w, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month",
                "year", "weekend", "night", "morning", "evening", "afternoon"});
}

// Present-tense verbs after a one-word subject ("Yukos maintains"): a closed list, since a word
// in -s after a capitalised one is as often a plural noun ("Consumer electronics").
bool present_verb(std::string_view w) {
  return in(w, {"says", "maintains", "insists", "argues", "claims", "believes", "thinks", "wants", "plans",
                "expects", "hopes", "denies", "warns", "admits", "accepts", "rejects", "agrees", "fears", "intends"});
}

// Lower-case particles inside a person's name: "da Silva", "von der Leyen", "bin Salman".
bool name_particle(std::string_view w) {
  return in(w, {"da", "de", "di", "do", "dos", "das", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el",
                "la", "le", "du"});
}

// Prepositions that can stand inside a name or a description of a speaker ("Secretary of State",
// "a spokesman for the ministry", "analysts at Deutsche Bank", "officials in Moscow").
bool inner_preposition(std::string_view w, bool forward) {
  if (forward) return in(w, {"of", "for", "from", "в", "из", "u", "iz"});
  return in(w, {"of", "for", "at", "in", "from"});
}

// Honorifics before a surname, with the gender they tell.
char honorific_gender(std::string_view w) {
  if (in(w, {"mr", "mr.", "g.", "gospodin", "господин"})) return 'm';
  if (in(w, {"mrs", "mrs.", "ms", "ms.", "miss", "gđa", "gospođa", "госпожа"})) return 'f';
  if (in(w, {"dr", "dr.", "prof", "prof."})) return '?';
  return 0;
}

// Role words a title reference ends in; a person's or an organisation's.
char person_role_gender(std::string_view w) {
  if (in(w, {"spokeswoman", "chairwoman", "businesswoman", "congresswoman", "premijerka", "ministarka",
             "predsednica", "portparolka"})) {
    return 'f';
  }
  if (in(w, {"spokesman", "chairman", "businessman", "congressman"})) return 'm';
  if (in(w, {"minister", "president", "premier", "chancellor", "secretary", "spokesperson", "ambassador", "envoy",
             "commander", "general", "chief", "leader", "chair", "governor", "mayor", "prosecutor", "director",
             "official", "head", "diplomat", "representative", "negotiator", "adviser", "advisor", "executive",
             "economist", "analyst", "lawmaker", "senator", "officer", "colonel", "admiral", "coach", "manager",
             "founder", "boss", "ministar", "predsednik", "premijer", "portparol", "министр", "президент",
             "представитель", "глава", "министар", "председник", "премијер", "портпарол"})) {
    return '?';
  }
  return 0;
}

bool organisation_role(std::string_view w) {
  return in(w, {"ministry", "government", "alliance", "company", "firm", "bank", "army", "military", "agency",
                "office", "department", "party", "union", "bloc", "commission", "council", "organisation",
                "organization", "group", "mission", "embassy", "presidency", "court", "parliament", "regulator",
                "authority", "police", "force", "forces", "administration", "cabinet", "club", "federation",
                "committee", "institute", "ministarstvo", "vlada", "министерство", "правительство",
                "министарство", "влада"});
}

// --- words of a text, with byte offsets ----------------------------------------------------

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

bool space_at(std::string_view text, std::size_t pos, std::size_t& width) {
  const unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    width = 1;
    return true;
  }
  if (c == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
    width = 2;
    return true;
  }
  return false;
}

bool word_code_point(char32_t cp) {
  return u_isalnum(static_cast<UChar32>(cp)) != 0 || u_getCombiningClass(static_cast<UChar32>(cp)) != 0 ||
         cp == U'\'' || cp == U'\u2019' || cp == U'-' || cp == U'.' || cp == U'&';
}

// An abbreviation whose final period ends no clause: "Mr.", "U.S.", "Gen.", "St."
bool abbreviation(std::string_view core) {
  if (core.empty() || core.back() != '.') return false;
  const std::string_view body = core.substr(0, core.size() - 1);
  if (body.size() == 1 && std::isupper(static_cast<unsigned char>(body[0])) != 0) return true;
  if (body.find('.') != std::string_view::npos) return true;  // U.S. / e.g.
  static constexpr std::array<std::string_view, 14> known = {"Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt",
                                                             "Sgt", "Capt", "Maj", "Prof", "Rep", "Sen"};
  return std::find(known.begin(), known.end(), body) != known.end();
}

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

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t width = 0;
    if (space_at(text, pos, width)) {
      pos += width;
      continue;
    }
    std::size_t end = pos;
    while (end < text.size() && !space_at(text, end, width)) ++end;
    // The raw token is [pos, end); the core is its longest run of word code points.
    std::size_t core_begin = pos;
    bool opening = false;
    while (core_begin < end) {
      std::size_t next = core_begin;
      const char32_t cp = utf8::next(text, next);
      if (u_isalnum(static_cast<UChar32>(cp)) != 0) break;
      opening = true;
      core_begin = next;
    }
    std::size_t core_end = core_begin;
    for (std::size_t at = core_begin; at < end;) {
      const char32_t cp = utf8::next(text, at);
      if (!word_code_point(cp)) break;
      core_end = at;
    }
    // Trailing periods, apostrophes and dashes belong to the core only in an abbreviation.
    std::string_view core = text.substr(core_begin, core_end - core_begin);
    if (!abbreviation(core)) {
      while (!core.empty() && (core.back() == '.' || core.back() == '-' || core.back() == '\'')) core.remove_suffix(1);
      if (core.size() >= 3 && core.substr(core.size() - 3) == "\u2019") core.remove_suffix(3);
    }
    if (core.empty() && text.substr(pos, end - pos) == "&") core = text.substr(pos, 1);  // "Marsh & McLennan"
    if (!core.empty()) {
      Word word;
      word.begin = core_begin;
      word.end = core_begin + core.size();
      word.lower = lower_case(core);
      std::size_t first = 0;
      const char32_t cp = utf8::next(core, first);
      word.capital = u_isupper(static_cast<UChar32>(cp)) != 0 || u_istitle(static_cast<UChar32>(cp)) != 0 || core == "&";
      word.digit = std::any_of(core.begin(), core.end(), [](char c) { return c >= '0' && c <= '9'; });
      word.starts_clause = opening;
      const std::string_view after = text.substr(word.end, end - word.end);
      word.ends_clause = !after.empty() && after.find_first_not_of("'\u2019)") != std::string_view::npos;
      word.ends_sentence = after.find_first_of(".!?") != std::string_view::npos;
      word.comma_only = after == ",";
      words.push_back(std::move(word));
    } else if (!words.empty()) {
      words.back().ends_clause = true;  // a dash or a lone quote between words
    }
    pos = end;
  }
  return words;
}


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
