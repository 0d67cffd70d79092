// The word lists and the word splitter of the inline attribution finder (common/attribution.h).
#include "common/attribution_words.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "common/attribution.h"
#include "common/utf8.h"

namespace dossier::speech {

namespace {

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
  if (cp < 0x80) {  // ASCII, the common case, without ICU
    return std::isalnum(static_cast<int>(cp)) != 0 || cp == U'\'' || cp == U'-' || cp == U'.' || cp == U'&';
  }
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

// --- word lists: English grammar and the reporting verbs of the three languages of the archive --

bool ascii(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool in(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}


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
      if (cp < 0x80 ? std::isalnum(static_cast<int>(cp)) != 0 : u_isalnum(static_cast<UChar32>(cp)) != 0) break;
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

}  // namespace dossier::speech
