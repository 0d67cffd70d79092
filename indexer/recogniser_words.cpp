// The recogniser's word lists (indexer/recogniser.h): closed classes of English words (titles,
// verbs of saying, organisation head words, agent nouns), not names: they say where a name is,
// never which one.
#include "indexer/recogniser_words.h"

namespace dossier::recogniser {

// Titles and roles that stand before a person's name (folded; abbreviations may carry a dot).
const Words kTitleHeads = {
    "president", "minister", "premier", "chancellor", "secretary", "general", "gen", "colonel", "col",
    "lieutenant", "lt", "major", "maj", "captain", "capt", "commander", "cmdr", "admiral", "adm",
    "brigadier", "brig", "sergeant", "sgt", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "envoy", "senator", "sen", "governor", "mayor", "king", "queen", "prince", "princess", "sheikh",
    "shaikh", "emir", "ayatollah", "imam", "mr", "mrs", "ms", "dr", "judge", "prosecutor", "marshal",
    "commissioner", "chairman", "chairwoman", "leader", "chief"};
// Words that only qualify a title ("Defence Minister", "Deputy Prime Minister").
const Words kTitleQualifiers = {"deputy", "vice", "field", "defence", "defense", "foreign", "interior", "prime",
                                "first", "state", "army", "navy", "air", "force", "opposition", "rebel", "militia",
                                "military", "intelligence", "security", "police", "war"};
bool title_word(const std::string& word) { return kTitleHeads.count(word) > 0 || kTitleQualifiers.count(word) > 0; }
// Capitalised role words that continue a title ("Chief Executive", "Secretary General").
const Words kRoleWords = {"executive", "officer", "director", "staff", "general", "secretary", "adviser",
                          "advisor", "representative", "affairs", "operations", "operating", "financial"};
// Honorifics after which one name word is enough ("Mr Blair").
const Words kHonorifics = {"mr", "mrs", "ms", "dr"};
// Lower-case particles inside names ("Abu Bakr al-Baghdadi", "Ursula von der Leyen").
const Words kParticles = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "da", "van", "von", "der", "la", "le", "ul", "ud", "ben"};
const Words kSayingVerbs = {"said", "says", "told", "added", "warned", "stated", "announced", "claimed",
                            "insisted", "noted", "explained", "declared", "confirmed", "denied", "urged",
                            "acknowledged", "wrote", "tweeted"};
// Capitalised words that start a sentence or a clause and are no part of a name.
const Words kNotNames = {
    "the", "a", "an", "this", "that", "these", "those", "but", "and", "or", "if", "when", "while", "after",
    "before", "as", "in", "on", "at", "for", "from", "by", "with", "of", "to", "he", "she", "it", "they", "we",
    "i", "you", "his", "her", "their", "its", "our", "my", "there", "here", "however", "meanwhile", "also",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "officials", "official", "sources", "analysts", "witnesses", "residents",
    "police", "president", "minister", "government", "ministry", "spokesman", "spokeswoman", "reuters",
    "according", "last", "next", "earlier", "later", "today", "yesterday", "tomorrow", "one", "two", "no",
    "not", "all", "some", "many", "most", "both", "each", "every", "other", "such", "what", "who", "which",
    "where", "why", "how", "new", "said", "says", "told", "mps", "mp", "tory", "labour"};
// Organisation head words (folded) and the actor type they give.
const std::unordered_map<std::string, std::string> kOrgHeads = {
    {"forces", "military"},       {"army", "military"},         {"brigade", "military"},
    {"brigades", "military"},     {"militia", "military"},      {"corps", "military"},
    {"battalion", "military"},    {"regiment", "military"},     {"division", "military"},
    {"command", "military"},      {"guard", "military"},        {"guards", "military"},
    {"navy", "military"},         {"ministry", "ministry"},
    {"force", "military"},        {"fleet", "military"},        {"staff", "military"},
    {"service", "agency"},
    {"directorate", "ministry"},  {"agency", "agency"},         {"police", "agency"},
    {"front", "group"},           {"movement", "group"},        {"party", "group"},
    {"coalition", "group"},       {"council", "organisation"},  {"committee", "organisation"},
    {"authority", "organisation"}, {"parliament", "organisation"}, {"assembly", "organisation"},
    {"tribunal", "organisation"}, {"mission", "organisation"},  {"commission", "organisation"},
    {"organisation", "organisation"}, {"organization", "organisation"}, {"government", "organisation"},
    {"observatory", "organisation"}, {"institute", "organisation"},   {"watch", "organisation"}};
// Other words that make a long name an organisation's, for an acronym defined by its initials.
const Words kBodyWords = {"association", "federation", "union", "league", "exchange", "company", "corporation",
                          "bank", "fund", "foundation", "group", "board", "alliance", "forum", "network", "office",
                          "bureau", "administration", "department", "service", "services", "society", "centre",
                          "center", "court", "congress", "senate", "tribunal", "brotherhood", "jihad", "state",
                          "community", "communities", "secretariat", "conference"};
// Words near an armed group's name: an acronym defined there is the group's ("Hayat Tahrir
// al-Sham (HTS)" among "fighters").
const Words kConflictWords = {"fighters", "militants", "rebels", "insurgents", "jihadists", "jihadist", "militia",
                              "militias", "armed", "attack", "attacks", "offensive", "group", "faction", "troops",
                              "forces", "guerrillas", "ceasefire", "truce", "clashes", "killed"};
// Words that make a capitalised run a place or a building, not a person ("Imam Khomeini
// International Airport").
const Words kFacilityWords = {"airport", "stadium", "hospital", "university", "college", "school", "street", "road",
                              "square", "bridge", "station", "park", "hotel", "centre", "center", "club", "port",
                              "avenue", "mosque", "church", "cathedral", "palace", "prison", "camp", "base"};
// Words that alone say nothing about whose body it is ("Defence Ministry", "Armed Forces").
const Words kGenericOrgWords = {
    "defence", "defense", "foreign", "interior", "security", "national", "armed", "special", "health",
    "justice", "finance", "home", "state", "federal", "central", "supreme", "high", "military", "public",
    "general", "joint", "air", "naval", "ground", "border", "internal", "affairs", "office", "government",
    "peace", "people", "peoples", "popular", "revolutionary", "islamic", "democratic", "united", "royal",
    "presidential", "republican", "regional", "provincial", "city", "local", "and", "of", "for", "the",
    "to", "in", "economic", "trade", "european", "international", "world", "policy", "conservative",
    "liberal", "green", "socialist", "communist", "workers", "independence", "election", "electoral"};
// Words of weapon category names that say nothing about weapons on their own.
const Words kGenericWeaponWords = {"system", "systems", "weapon", "weapons", "guided", "light", "heavy", "small",
                                   "combat", "attack", "anti", "launched", "long", "range", "short", "medium",
                                   "self", "propelled", "surface", "unmanned", "remotely", "piloted", "vehicle",
                                   "vehicles", "strike", "strikes", "fire", "fired", "shell", "round", "rounds"};
// Nationality + agent noun: the agent noun's class, and the name the class gets.
const std::unordered_map<std::string, ForceClass> kAgentNouns = {
    {"troops", {"Armed Forces", "military"}},     {"soldiers", {"Armed Forces", "military"}},
    {"forces", {"Armed Forces", "military"}},     {"army", {"Armed Forces", "military"}},
    {"military", {"Armed Forces", "military"}},   {"servicemen", {"Armed Forces", "military"}},
    {"paratroopers", {"Armed Forces", "military"}}, {"marines", {"Armed Forces", "military"}},
    {"navy", {"Navy", "military"}},               {"police", {"security forces", "agency"}},
    {"gunners", {"Armed Forces", "military"}},    {"sailors", {"Navy", "military"}},
    {"pilots", {"Air Force", "military"}},        {"intelligence", {"intelligence services", "agency"}},
    {"government", {"government", "organisation"}}, {"regime", {"government", "organisation"}},
    {"policemen", {"security forces", "agency"}}, {"gendarmerie", {"security forces", "agency"}}};
// Words between the nationality and the agent noun that keep the class ("Iraqi security forces").
const std::unordered_map<std::string, const char*> kAgentModifiers = {
    {"security", "security forces"}, {"armed", nullptr}, {"government", nullptr}, {"regular", nullptr},
    {"ground", nullptr},             {"special", nullptr}, {"naval", "Navy"},     {"border", "security forces"}};


}  // namespace dossier::recogniser
