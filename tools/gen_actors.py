#!/usr/bin/env python3
"""Generate corpus/gazetteers/actors-world.gaz from the Phoenix/PETRARCH2 actor dictionaries.

Maintainer tool, python3 standard library only.

  tools/gen_actors.py [--shared DIR] [--out FILE]   write actors-world.gaz, then check it
  tools/gen_actors.py --report FILE                 ... and list every dropped name with its reason
  tools/gen_actors.py --check [--gaz-dir DIR]       validate actors.gaz + actors-world.gaz together
                                                    with countries.gaz (ids, affiliations, names
                                                    two entries share, vetoes) and exit

Sources (default ../shared/data/gazetteers relative to the repository root; the Phoenix files are
MIT-licensed, openeventdata/petrarch2):
  phoenix-petrarch2/Phoenix.Countries.actors.txt     persons with a top state role (GOV, MIL, ELI,
                                                     SPY, LEG, JUD, COP codes: [RUSGOV 991231-080507];
                                                     not only minor portfolios such as GOVAGR)
  phoenix-petrarch2/Phoenix.International.actors.txt intergovernmental organisations (IGO codes)
  phoenix-petrarch2/Phoenix.MilNonState.actors.txt   non-state armed groups
  mledoze-countries/countries.json                   CAMEO/ISO alpha-3 -> alpha-2 (cca3 -> cca2)
  stopwords-iso/stopwords-iso.json                   English stop words (names that are words)
  /usr/share/dict/words (when present, or --words)   lower-case English words (idem)
and, from the repository, corpus/gazetteers/countries.gaz (names that are countries) and
actors.gaz (the curated entries, which win over generated ones).

Rules (each one is a function below, unit-tested in tools/test_gen_actors.py):
  * Phoenix dictionary records: a name line, '+' synonym lines, then tab-indented [CODE date]
    lines; consecutive name lines before the codes share them (as PETRARCH reads the file).
  * Names: underscores are spaces, trailing '_' dropped, words title-cased ("VLADIMIR_V._PUTIN"
    -> "Vladimir Putin", the form with the initial "Vladimir V. Putin" kept as a second alias).
    A person keeps only full-name forms: a form with a title or office word (PRESIDENT_ ...,
    FOREIGN_MINISTER_ ...), a country name or demonym, or a stop word is dropped, and so is a
    bare surname, a form made of initials and a surname ("J._SMITH") and a form that ends in a
    word not in the person's main name (two people filed under one record).
  * Organisations and groups keep forms that name an organisation (a word like Organization,
    Union, Council, Bank, Army, Front, Brigades) and single-word names; acronyms (up to 6
    letters) go under exact:, in capitals and, from 4 letters, in title case (Opec, Nato), so
    "UN" never matches "un". Records that look like persons (dated codes, ELI codes, no
    organisation word) are left out.
  * Persons: a name made of given names only ("Juan Carlos") is dropped; a common full name
    (its first word a given name of several persons, its last word the surname of several or
    a common word: "John Williams", "Gordon Brown") and the person's surname alone (when it is
    the surname of exactly one person and nobody's given name: "Reagan") go under ambiguous:
    and count only next to a title of the file's @cue list (@cue-window 1: "President Reagan",
    "Chancellor Gordon Brown"). --no-bare-surnames leaves the surnames out.
  * Dropped everywhere: names of <= 2 letters (unless an exact acronym of >= 2 capitals), names
    that are a common English word or, for several words, made only of common words (unless 3+
    words with an organisation word), names spelled like a country name, demonym, capital or
    place of countries.gaz, names containing digits or list punctuation (, / + :).
  * A generated entry any of whose names folds like a name of the curated actors.gaz is left out
    entirely (the curated entry wins); a name shared by two generated entries is dropped from both
    (it cannot be resolved); an entry left without names is dropped.
  * Ids: lower-case slugs of the display name (or acronym), made unique with the country code.
The output is deterministic: sorted by section and id, no time stamps.
"""

import argparse
import difflib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_gazetteers as gg  # noqa: E402  (format-1 parser, folding, validator)

REPO = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(REPO, "..", "shared", "data", "gazetteers")
GAZ_DIR = os.path.join(REPO, "corpus", "gazetteers")
OUT_NAME = "actors-world.gaz"
PHOENIX = {
    "countries": "phoenix-petrarch2/Phoenix.Countries.actors.txt",
    "international": "phoenix-petrarch2/Phoenix.International.actors.txt",
    "milnonstate": "phoenix-petrarch2/Phoenix.MilNonState.actors.txt",
}

# CAMEO country codes that are not ISO alpha-3 (or name a predecessor state) -> alpha-2 of the
# state that countries.gaz files them under (its historical names map the same way).
CAMEO_EXTRA = {"KSV": "XK", "DDR": "DE", "USR": "RU", "SUN": "RU", "YUG": "RS", "SCG": "RS",
               "FRY": "RS", "CSK": "CZ", "ROM": "RO", "ZAR": "CD", "BUR": "MM"}
# First role segment of a person's code that counts as a state role.
STATE_ROLES = ("GOV", "MIL", "ELI", "SPY", "LEG", "JUD", "COP")
# Government portfolios below the top ones: a person whose only state roles are these
# (GOVAGR: agriculture, GOVEDU, GOVHLH, GOVMED, GOVDEV, GOVLAB, GOVENV, GOVHRI, GOVREL,
# GOVREF) is left out; GOV itself, GOVMIL (defence), GOVBUS (finance, central bank), GOVSPY,
# GOVCOP (interior, police), GOVJUD, GOVLEG and the MIL/SPY/ELI/LEG/JUD/COP roles count.
MINOR_PORTFOLIOS = ("AGR", "EDU", "HLH", "MED", "DEV", "LAB", "ENV", "HRI", "REL", "REF")

# Words that make a form a title or office, never a name.
TITLE_WORDS = set("""
PRESIDENT PRES VICE PREMIER PRIME MINISTER MINISTERS MINISTRY SECRETARY SECRETARY-GENERAL GENERAL
CHANCELLOR KING QUEEN PRINCE PRINCESS CROWN SHEIKH SHEIK SHAIKH EMIR AMIR SULTAN SHAH LORD LADY
BARON BARONESS SIR DAME MR MRS MS MISS DR GEN GEN. COL COL. MAJ CAPT LT ADM ADMIRAL MARSHAL FIELD
FORMER EX EX-PRESIDENT LATE LEADER LEADERS CHIEF CHAIRMAN CHAIRWOMAN CHAIR SPEAKER GOVERNOR
AMBASSADOR ENVOY SENATOR SEN REP REPRESENTATIVE CONGRESSMAN CONGRESSWOMAN MP DEPUTY FOREIGN DEFENSE
DEFENCE INTERIOR FINANCE ECONOMY TREASURY TRADE JUSTICE HEALTH ATTORNEY PARTY COMMUNIST
ADMINISTRATION GOVERNMENT REGIME CABINET OFFICE COUNCIL COMMANDER COLONEL MAJOR CAPTAIN LIEUTENANT
SERGEANT AYATOLLAH GRAND IMAM MULLAH SAYYID SAYYED SEYYED SAYED HIS HER HIS_MAJESTY MAJESTY
HIGHNESS ROYAL POPE CARDINAL BISHOP ARCHBISHOP REVEREND REV FATHER BROTHER SISTER SAINT ST
DICTATOR STRONGMAN REBEL OPPOSITION SPOKESMAN SPOKESWOMAN OFFICIAL STATE FEDERAL NATIONAL
PRESIDENTIAL MILITARY ARMY ARMED FORCES FORCE POLICE JUNTA HEAD DIRECTOR SUPREME SOVIET CZAR TSAR
EMPEROR EMPRESS MONARCH REGENT FIRST FAMILY CANDIDATE ELECT DESIGNATE ACTING INTERIM
""".split())
# Secondary roles and things that are not persons, for organisations' forms.
PERSON_ROLE_WORDS = set("""
PRESIDENT CHAIRMAN CHAIRWOMAN SECRETARY SECRETARY-GENERAL CHIEF HEAD DIRECTOR ENVOY ENVOYS
SPOKESMAN SPOKESWOMAN SPOKESPERSON OFFICIAL OFFICIALS REPRESENTATIVE DELEGATE DELEGATES AMBASSADOR
MONITOR MONITORS PEACEKEEPER PEACEKEEPERS INSPECTOR INSPECTORS COMMISSIONER RAPPORTEUR MEMBER
MEMBERS LEADER LEADERS STAFF WORKER WORKERS EXPERT EXPERTS TROOPS SOLDIERS RESIDENT CONTINGENT
BODIES SECY SEC GEN MINISTER MINISTERS PROJECT CHARTER SUMMIT MEETING ACCORD
""".split())
# Words that make a form name an organisation (intergovernmental or armed group).
ORG_WORDS = set("""
ORGANIZATION ORGANISATION ORGANIZATIONS UNION COUNCIL COMMISSION COMMITTEE COURT TRIBUNAL BANK
FUND AGENCY ASSOCIATION COMMUNITY CONFERENCE ASSEMBLY PARLIAMENT PROGRAM PROGRAMME OFFICE
SECRETARIAT FEDERATION LEAGUE ALLIANCE AUTHORITY INSTITUTE CENTRE CENTER COOPERATION
CO-OPERATION PACT GROUP GROUPS FORUM MISSION MISSIONS FORCE FORCES BOARD PANEL AGREEMENT SERVICE
CORPORATION PARTNERSHIP INITIATIVE TREATY SYSTEM NETWORK BUREAU DIRECTORATE ARMY ARMIES FRONT
BRIGADE BRIGADES MOVEMENT PARTY MILITIA MILITIAS FACTION CELLS COMMANDOS COMMANDO RESISTANCE
LIBERATION BATTALION BATTALIONS GUERRILLAS GUERRILLA FIGHTERS MUJAHIDEEN MUJAHIDIN FEDAYEEN
JAYSH JAISH JAICH HARAKAT HARAKAH HIZB HEZB JABHAT JABHA KATAIB KATAEB ANSAR TANZIM LASHKAR
SIPAH TEHRIK TEHREEK FRENTE EJERCITO FUERZAS MOVIMIENTO ARMEE ARMATA EJERCITO NUCLEI SQUAD
SQUADS UNIT UNITS CORPS LEGION GUARD GUARDS TIGERS ORDER BROTHERHOOD
""".split())
# Name particles kept in lower case in display names and allowed in person names.
PARTICLES = {"DE", "DEL", "DELLA", "DER", "DEN", "DI", "DA", "DAS", "DO", "DOS", "DU", "LA",
             "LE", "VAN", "VON", "Y", "BIN", "IBN", "BINT", "AL", "EL", "ABU", "BEN", "TER"}
# Words that join two names or a name and a title ("LORD_ROBERTSON_OF_PORT_ELLEN").
FUNCTION_WORDS = {"OF", "THE", "AND", "FOR", "IN", "ON", "TO", "THEN", "AT", "WITH", "FROM", "BY",
                  "OR", "NOT", "AS", "A", "AN", "ALSO", "WHO", "WAS", "IS"}
SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV", "2D", "3D", "2ND", "3RD"}
ACRONYM_MAX = 6
SLUG_MAX = 48
GIVEN_MIN = 20
# File-wide cues (@cue) for persons with a common name: words of politics and office.
PERSON_CUES = ("president", "minister", "premier", "chancellor", "secretary", "senator", "governor",
               "ambassador", "colonel", "commander")
# How many tokens from a name a cue may stand (FORMAT.md @cue-window): 1, a title right before
# (or after) the name: "President Reagan", "Chancellor Gordon Brown". Wider windows let squad
# lists ("..., King, Wilkinson"), "general manager X" and "president of X Video" through.
PERSON_CUE_WINDOW = 1
ID_MAX = 64  # common/gazetteer.cpp valid_id
# Acronyms inside longer names ("UN_MISSION_IN_SUDAN"), kept in capitals in display names.
KNOWN_ACRONYMS = {"UN", "U.N.", "EU", "US", "U.S.", "UK", "AU", "NATO", "OPEC", "ASEAN", "USSR"}
# Spelling variants unified when records are merged (not in the names written).
MERGE_SPELLINGS = {"organisation": "organization", "labour": "labor", "programme": "program",
                   "centre": "center", "defence": "defense", "co operation": "cooperation"}
INITIAL_RE = re.compile(r"^(?:[A-Z]\.)+[A-Z]?$|^[A-Z]$")
BAD_CHARS = re.compile(r"[,/+:;&\"!?*=<>\[\]{}|]|\d")


# --------------------------------------------------------------------------- Phoenix reading

def strip_comment(line):
    """Text before a '#' or ';' comment (PETRARCH also skips '<!-- -->' lines)."""
    for mark in ("#", ";"):
        at = line.find(mark)
        if at >= 0:
            line = line[:at]
    return line


def parse_codes(text):
    """'[RUSGOV 991231-080507] [RUSELI]' -> [("RUSGOV", "991231-080507"), ("RUSELI", "")]."""
    out = []
    for m in re.finditer(r"\[([^\]]*)\]", text):
        parts = m.group(1).split(None, 1)
        if parts:
            out.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return out


def parse_tabari(lines):
    """Records of a TABARI/PETRARCH actor dictionary, as PETRARCH groups them: name lines (a
    primary, '+' synonyms, and further primaries seen before any code) share the codes that
    follow them (inline after a primary, or tab-indented lines). Returns a list of
    {"names": [phrase, ...], "codes": [(code, dates)], "line": first line number}."""
    records = []
    cur = None
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#") or line.lstrip().startswith("<"):
            continue
        body = strip_comment(line)
        if not body.strip():
            continue
        if line[0] in "\t " and body.strip().startswith("["):
            if cur is not None:
                cur["codes"].extend(parse_codes(body))
            continue
        if body.startswith("+"):
            name = body[1:].split("[", 1)[0].strip()
            if cur is None:
                cur = {"names": [], "codes": [], "line": lineno}
                records.append(cur)
            if name:
                cur["names"].append(name)
            cur["codes"].extend(parse_codes(body))
            continue
        # a primary phrase: starts a new record unless the current one has no codes yet
        if cur is None or cur["codes"]:
            cur = {"names": [], "codes": [], "line": lineno}
            records.append(cur)
        name = body.strip().split("[", 1)[0].strip()
        if name:
            cur["names"].append(name)
        cur["codes"].extend(parse_codes(body))
    return [r for r in records if r["names"]]


def phrase_tokens(phrase):
    """'VLADIMIR_V._PUTIN_' -> ['VLADIMIR', 'V.', 'PUTIN']; None when the phrase has list
    punctuation or digits (garbled or compound records)."""
    p = phrase.replace("_", " ").strip()
    p = re.sub(r"\s+", " ", p)
    if not p or BAD_CHARS.search(p):
        return None
    return [t for t in p.split(" ") if t and t not in ("-", "--")]


def split_parenthetical(phrase):
    """'ISLAMIC_ARMY_OF_ADEN_(IAA)_' -> ('ISLAMIC_ARMY_OF_ADEN_', ['IAA'])."""
    inner = re.findall(r"\(([^)]*)\)", phrase)
    return re.sub(r"\([^)]*\)", " ", phrase), [i.replace("_", " ").strip() for i in inner]


# --------------------------------------------------------------------------- word lists

class Lexicon:
    """Everything the drop rules look names up in (folded forms)."""

    def __init__(self, stopwords=(), words=(), country_names=(), curated_names=(), vetoes=(),
                 country_words=None, proper=()):
        self.stop = {fold1(w) for w in stopwords}
        self.words = {w for w in words}  # already folded, lower-case dictionary words
        self.countries = set(country_names)
        # one-word names and demonyms of countries (not their cities): "RUSSIAN_PRESIDENT_..."
        self.country_tokens = {n for n in (self.countries if country_words is None else country_words)
                               if " " not in n}
        self.curated = set(curated_names)
        self.vetoes = set(vetoes)
        self.proper = set(proper)

    def common(self, folded_token):
        return folded_token in self.stop or folded_token in self.words


def fold1(text):
    return gg.fold(text)


def load_proper(path):
    """Capitalised entries of a word list (given names, surnames, places), folded."""
    out = set()
    if not path or not os.path.exists(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        for w in f:
            w = w.strip()
            if w and w[0].isupper() and "'" not in w:
                out.add(fold1(w))
    return out


def load_words(path):
    """Lower-case entries of a word list (proper nouns are capitalised there), folded; plus
    their forms without a possessive "'s"."""
    out = set()
    if not path or not os.path.exists(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        for w in f:
            w = w.strip()
            if not w or w[0].isupper():
                continue
            w = re.sub(r"'s$", "", w)
            out.add(fold1(w))
    return out


def load_stopwords(shared):
    path = os.path.join(shared, "stopwords-iso", "stopwords-iso.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["en"]


def gaz_names(g, keys=gg.NAME_KEYS, with_display=True):
    """Folded variants of every name of a parsed gazetteer."""
    out = set()
    for e in g.entries:
        if with_display:
            for v, _ in e.get("name", []):
                out |= gg.fold_variants(v)
        for k in keys:
            for v, _ in e.get(k, []):
                out |= gg.fold_variants(v)
    return out


# --------------------------------------------------------------------------- names

def is_initial(tok):
    return bool(INITIAL_RE.match(tok))


def case_word(tok, first=True, org=False):
    """Title case for one upper-case token: Mc/O'/D' prefixes and hyphenated parts."""
    if not first and (tok in PARTICLES or tok in FUNCTION_WORDS or tok in ("DES", "ET")):
        return tok.lower()
    if is_initial(tok):
        return tok
    if tok in SUFFIXES:
        return tok if tok not in ("JR", "JR.", "SR", "SR.") else tok.capitalize()

    def one(part):
        if not part:
            return part
        low = part.lower()
        if low.startswith("mc") and len(low) > 2:
            return "Mc" + low[2].upper() + low[3:]
        return low[0].upper() + low[1:]
    if org and tok in KNOWN_ACRONYMS:
        return tok
    out = "-".join(one(p) for p in tok.split("-"))
    return "'".join(w[:1].upper() + w[1:] if i and len(w) > 1 else w for i, w in enumerate(out.split("'")))


def display(tokens, org=False):
    return " ".join(case_word(t, i == 0, org) for i, t in enumerate(tokens))


def core_tokens(tokens):
    """Tokens without initials and generational suffixes."""
    return [t for t in tokens if not is_initial(t) and t not in SUFFIXES]


def name_letters(name):
    return sum(1 for c in name if c.isalpha())


def person_form_ok(tokens, lex):
    """A person form is a full name: no title word, stop word or country token; at least two
    words besides initials and suffixes; not initials plus a surname."""
    core = core_tokens(tokens)
    if len(core) < 2 or core[-1] in PARTICLES:  # "..._AL_AHMAD_AL_": a cut-off record
        return False
    for t in tokens:
        if t in TITLE_WORDS or any(p in TITLE_WORDS for p in t.split("-")) or \
                (t.endswith(".") and not is_initial(t) and t not in SUFFIXES):
            return False  # PRESIDENT_, GOV._, SEN._
        if t in SUFFIXES or is_initial(t):
            continue
        f = fold1(t)
        if not f:
            return False
        if t in PARTICLES:
            continue
        if t in FUNCTION_WORDS or f in lex.country_tokens:
            return False
    return True


def person_names(names, lex):
    """(display name, [aliases]) of a person record, or None. The main name is the first full-
    name form; other forms must end in one of its words (after the first), else they are
    another person filed under the same codes and are dropped."""
    forms = []
    for n in names:
        toks = phrase_tokens(n)
        if toks and person_form_ok(toks, lex):
            forms.append(toks)
    if not forms:
        return None
    main = core_tokens(forms[0])
    later = set(main[1:])
    aliases = []
    for toks in forms:
        core = core_tokens(toks)
        if core[-1] not in later:
            continue
        if main[0] in core[1:] and core[0] != main[0]:
            continue  # words before the given name are a title ("GOVENOR_RONALD_REAGAN")
        aliases.append(display(core))
        if core != toks and not is_initial(toks[0]):
            aliases.append(display(toks))
    return display(main), dedupe(aliases)


def dedupe(names):
    seen, out = set(), []
    for n in names:
        k = fold1(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def merge_key(name):
    """Folded, British/American spellings unified, no spaces: records whose names agree on
    this are one organisation ("Organisation for Economic Co-operation ..." = "Organization for
    Economic Cooperation ...")."""
    f = fold1(name)
    for a, b in MERGE_SPELLINGS.items():
        f = re.sub(r"\b%s\b" % a, b, f)
    return f.replace(" ", "")


def initials_of(tokens):
    return "".join(t[0] for t in tokens if t not in ("OF", "THE", "AND", "FOR", "ON", "IN", "DE", "DU",
                                                    "DES", "LA", "LE", "DEL", "Y", "ET", "&") and t[:1].isalpha())


def acronym_shape(tok):
    """Spelled as letters, not read as a word: at most 5 letters with at most one vowel (FARC,
    LTTE, PFLP; not YAHWEH)."""
    letters = tok.replace(".", "")
    return len(letters) <= 5 and sum(1 for c in letters if c in "AEIOUY") <= 1


def looks_acronym(tok):
    letters = tok.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= ACRONYM_MAX


def org_forms(names, lex, group=False):
    """Names of an organisation record -> (long forms [token lists], single words [str]).
    A long form must contain an organisation word and no person role word; parenthesised
    acronyms become single words; a single word that is the last word of another (person) form
    of the record is a surname and dropped."""
    longs, singles, lasts = [], [], set()
    for i, n in enumerate(names):
        n, inner = split_parenthetical(n)
        toks = phrase_tokens(n)
        for extra in inner:
            et = phrase_tokens(extra)
            if et and len(et) == 1 and looks_acronym(et[0]):
                singles.append(et[0])
        if not toks:
            continue
        while toks and toks[0] == "THE":
            toks = toks[1:]
        if not toks:
            continue
        if len(toks) == 1:
            singles.append(toks[0])
            continue
        lasts.add(toks[-1])
        if any(t in PERSON_ROLE_WORDS for t in toks) or any(is_initial(t) for t in toks):
            continue
        if any(t in ORG_WORDS or t.replace("-", "") in ORG_WORDS for t in toks) or \
                any(p in ORG_WORDS for t in toks for p in t.split("-")):
            longs.append(toks)
    singles = [s for s in dedupe(singles) if s not in lasts]
    if group and singles:
        # a one-word synonym is a spelling of the record's main word (HEZBOLLAH, HIZBULLAH) or an
        # acronym; other single words of a record are often places, persons or slogans
        head = phrase_tokens(split_parenthetical(names[0])[0]) or []
        while head and head[0] == "THE":
            head = head[1:]
        main = head[0] if len(head) == 1 else None
        inits = {initials_of(t) for t in longs}
        singles = [s for s in singles
                   if s == main or (main and difflib.SequenceMatcher(None, fold1(s), fold1(main)).ratio() >= 0.7)
                   or (looks_acronym(s) and len(s.replace(".", "")) >= 4 and
                       (s.replace(".", "") in inits or acronym_shape(s)))]
    return longs, singles


def long_name_ok(tokens, lex):
    """Multi-word names made only of common words are phrases, not names, unless they are three
    or more words with an organisation word ("Party of God" stays, "Popular Front" goes)."""
    folded = [fold1(t) for t in tokens]
    if any(not f for f in folded):
        return False
    if all(lex.common(p) for f in folded for p in f.split()):
        return len(tokens) >= 3 and any(t in ORG_WORDS for t in tokens)
    return True


# --------------------------------------------------------------------------- drop rules

def drop_reason(name, exact, lex, person=True):
    """Why a generated name must not be written, or None. exact: written under exact:; person:
    a person's name (organisations' multi-word names were judged by long_name_ok)."""
    f = fold1(name)
    if not f:
        return "no letters"
    letters = name_letters(name)
    if letters <= 2:
        caps = sum(1 for c in name if c.isupper())
        if not (exact and caps >= 2 and caps == letters):
            return "two letters or fewer"
    toks = f.split()
    if len(toks) == 1 and lex.common(toks[0]):
        return "common English word"
    if person and len(toks) > 1 and all(lex.common(t) for t in toks):
        return "only common English words"
    variants = gg.fold_variants(name)
    if variants & lex.countries:
        return "country name"
    if variants & lex.vetoes:
        return "veto phrase of actors.gaz"
    words = name.replace(".", ". ").split()
    if not exact and len(words) > 1 and all(is_initial(w.upper()) for w in words[:-1]):
        return "initials only"
    return None


# --------------------------------------------------------------------------- entries

def slug(text):
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9.]+", "-", t).strip("-.")
    t = re.sub(r"-{2,}", "-", t)
    if len(t) > SLUG_MAX:  # the indexer takes ids of up to 64 bytes; room for a suffix
        t = t[:SLUG_MAX + 1].rsplit("-", 1)[0].strip("-.") or t[:SLUG_MAX]
    return t


class Entry:
    def __init__(self, kind, name, source_line, etype, affiliation=""):
        self.kind = kind          # "person" | "igo" | "group" (section)
        self.name = name
        self.type = etype
        self.affiliation = affiliation
        self.alias = []           # case-insensitive names
        self.exact = []           # exact-case names
        self.line = source_line
        self.id = ""
        self.acronym = ""
        self.source_names = []    # every form the record had, dropped ones included
        self.ambiguous = []       # names that need a cue
        self.cues = []

    def all_names(self):
        return [(n, False) for n in self.alias] + [(n, True) for n in self.exact]


def country_of(code, cca3):
    """Alpha-2 of a code's first three letters, or ''."""
    c = code[:3]
    return CAMEO_EXTRA.get(c) or cca3.get(c, "")


def roles_of(code, cca3):
    """Role segments after the country (and a territory code, as in USAASMGOV):
    "RUSGOVMIL" -> "GOVMIL"."""
    rest = code[3:]
    if len(rest) >= 6 and rest[:3] in cca3 and rest[:3] not in STATE_ROLES:
        rest = rest[3:]
    return rest


def role_of(code, cca3):
    """First role segment after the country."""
    return roles_of(code, cca3)[:3]


def top_state_role(code, cca3):
    """A state role that is not only a minor portfolio (MINOR_PORTFOLIOS)."""
    roles = roles_of(code, cca3)
    if roles[:3] not in STATE_ROLES:
        return False
    return not (roles[:3] == "GOV" and roles[3:6] in MINOR_PORTFOLIOS)


def build_persons(records, lex, cca3, countries, report):
    out = []
    for r in records:
        codes = [(c, d) for c, d in r["codes"] if len(c) >= 6 and country_of(c, cca3)]
        state = [(c, d) for c, d in codes if top_state_role(c, cca3)]
        if not state:
            continue
        # persons are dated office-holders; undated records are institutions and places
        if not any(d for _, d in r["codes"]) and len(r["codes"]) <= 1:
            continue
        got = person_names(r["names"], lex)
        if got is None:
            report.append(("person", r["names"][0], "no full-name form"))
            continue
        name, aliases = got
        tally = {}
        for c, _ in state:
            a2 = country_of(c, cca3)
            tally[a2] = tally.get(a2, 0) + 1
        a2 = sorted(tally.items(), key=lambda kv: (-kv[1], [country_of(c, cca3) for c, _ in state].index(kv[0])))[0][0]
        e = Entry("person", name, r["line"], "person", a2 if a2 in countries else "")
        e.full = next((a for a in aliases if "." in a), name)  # with initials, for a shared name
        e.alias = aliases
        e.source_names = [display(t) for t in (phrase_tokens(n) for n in r["names"]) if t]
        out.append(e)
    # two persons under one display name (George Bush, father and son): show the initials
    count = {}
    for e in out:
        count[fold1(e.name)] = count.get(fold1(e.name), 0) + 1
    for e in out:
        if count[fold1(e.name)] > 1:
            e.name = e.full
    return out


def build_orgs(records, lex, cca3, countries, kind, report, curated_ids):
    """IGO records (kind "igo") or armed groups (kind "group") -> merged entries."""
    cands = []
    for r in records:
        codes = r["codes"]
        if kind == "igo":
            if not any(c.startswith("IGO") for c, _ in codes):
                continue
            if any(d for _, d in codes) or any(c == "ELI" or c.endswith("ELI") for c, _ in codes):
                continue  # office-holders (dated codes), not the organisation
        longs, singles = org_forms(r["names"], lex, group=(kind == "group"))
        if kind == "igo":
            singles = [s for s in singles if looks_acronym(s) or len(s) > ACRONYM_MAX]
        if not longs and not singles:
            continue
        if not longs and kind == "igo" and not any(looks_acronym(s) for s in singles):
            continue
        aff = ""
        if kind == "group":
            for c, _ in codes:
                a2 = country_of(c, cca3) if c[:3] not in ("IGO", "NGO", "MNC", "IMG") else ""
                if a2 and a2 in countries:
                    aff = a2
                    break
        else:
            if any(c.startswith("IGOUNO") and len(c) > 6 for c, _ in codes) and "un" in curated_ids:
                aff = "un"
        cands.append({"longs": longs, "singles": singles, "aff": aff, "line": r["line"],
                      "codes": sorted({c for c, _ in codes})})
    # merge records that share a name, then acronym-only records into the record whose long
    # form has those initials (when exactly one has)
    parent = list(range(len(cands)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    owner = {}
    for i, c in enumerate(cands):
        keys = [merge_key(" ".join(t)) for t in c["longs"]] + [merge_key(s) for s in c["singles"]]
        for k in keys:
            if k in owner:
                parent[find(i)] = find(owner[k])
            else:
                owner[k] = i
    by_initials = {}
    for i, c in enumerate(cands):
        for t in c["longs"]:
            by_initials.setdefault(initials_of(t), set()).add(find(i))
    for i, c in enumerate(cands):
        if c["longs"]:
            continue
        for s in c["singles"]:
            roots = by_initials.get(s.replace(".", ""), set())
            if len(roots) == 1:
                parent[find(i)] = find(next(iter(roots)))
                break
    groups = {}
    for i in range(len(cands)):
        groups.setdefault(find(i), []).append(cands[i])
    out = []
    for root in sorted(groups):
        members = groups[root]
        longs = [t for m in members for t in m["longs"]]
        singles = dedupe([s for m in members for s in m["singles"]])
        aff = next((m["aff"] for m in members if m["aff"]), "")
        etype = "group" if kind == "group" else "organisation"
        initials = {initials_of(t) for t in longs}
        acronyms = [s for s in singles if looks_acronym(s) and (s.replace(".", "") in initials or kind == "igo"
                                                                 or len(s.replace(".", "")) <= 4)]
        words = [s for s in singles if s not in acronyms]
        # short acronyms are many things at once (ANA, IRA, ETA): three letters only for
        # intergovernmental organisations, never two
        short = [a for a in acronyms if len(a.replace(".", "")) < (3 if kind == "igo" else 4)]
        for a in short:
            report.append((kind, a, "acronym too short for this kind"))
        acronyms = [a for a in acronyms if a not in short]
        good_longs = [t for t in longs if long_name_ok(t, lex)]
        for t in longs:
            if t not in good_longs:
                report.append((kind, display(t, True), "only common words"))
        if good_longs:
            name = display(good_longs[0], True)
        elif words:
            name = case_word(words[0])
        elif acronyms:
            name = acronyms[0]
        else:
            continue
        e = Entry(kind, name, members[0]["line"], etype, aff)
        longs_shown = [display(t, True) for t in good_longs]
        # British spelling next to the American one ("Co-operation"): the tokens differ
        longs_shown += [re.sub(r"\bCooperation\b", "Co-operation", n) for n in longs_shown if "Cooperation" in n]
        e.alias = dedupe(longs_shown + [case_word(w) for w in words])
        e.source_names = [display(t, True) for t in longs] + singles
        ex = []
        for a in acronyms:
            ex.append(a)
            letters = a.replace(".", "")
            if len(letters) >= 4 and "." not in a and not lex.common(fold1(a)):
                ex.append(letters[0] + letters[1:].lower())
        e.exact = ex
        e.acronym = next((a.replace(".", "") for a in acronyms if a.replace(".", "") in initials), "")
        out.append(e)
    return out


def finish(entries, lex, report, taken_ids):
    """Drop rules on every name, curated overlap, shared names, ids. Returns kept entries."""
    # 1. the curated actors.gaz wins: an entry that shares any name with it is left out, even
    #    a name that the rules below would drop ("World Bank", "UN")
    kept = []
    for e in entries:
        names = [n for n, _ in e.all_names()] + [e.name] + e.source_names
        hit = next((n for n in names if gg.fold_variants(n) & lex.curated), None)
        if hit:
            report.append((e.kind, e.name, "entry left out: %r is a name in actors.gaz" % hit))
        else:
            kept.append(e)
    entries = kept
    # 2. names that must not be written
    for e in entries:
        keep_alias, keep_exact = [], []
        for n, exact in e.all_names():
            why = drop_reason(n, exact, lex, person=e.type == "person")
            if why:
                report.append((e.kind, n, why))
            else:
                (keep_exact if exact else keep_alias).append(n)
        e.alias, e.exact = keep_alias, keep_exact
    # 3. a (case-insensitive) name of two entries, or an exact name of two, is dropped from all
    owners = {}
    for i, e in enumerate(kept):
        for n, exact in e.all_names():
            keys = {("x", " ".join(gg.split_tokens(n)))} if exact else {("a", v) for v in gg.fold_variants(n)}
            for k in keys:
                owners.setdefault(k, set()).add(i)
    shared = {k for k, v in owners.items() if len(v) > 1}
    # an alias that folds like another entry's exact name is also shared (both would match)
    exact_fold = {}
    for i, e in enumerate(kept):
        for n in e.exact:
            for v in gg.fold_variants(n):
                exact_fold.setdefault(v, set()).add(i)
    for i, e in enumerate(kept):
        def is_shared(n, exact):
            if exact:
                return ("x", " ".join(gg.split_tokens(n))) in shared
            vs = gg.fold_variants(n)
            return any(("a", v) in shared for v in vs) or any(exact_fold.get(v, {i}) - {i} for v in vs)
        a = [n for n in e.alias if not is_shared(n, False)]
        x = [n for n in e.exact if not is_shared(n, True)]
        for n in e.alias + e.exact:
            if n not in a and n not in x:
                report.append((e.kind, n, "shared with another generated entry"))
        e.alias, e.exact = a, x
    kept = [e for e in kept if e.alias or e.exact]
    # 4. ids
    used = set(taken_ids)
    for e in sorted(kept, key=lambda e: (e.kind != "igo", e.kind != "group", e.line)):
        base = slug(e.acronym) if e.acronym else slug(e.name)
        if not base:
            base = "actor"
        cand = base
        if cand in used and e.affiliation:
            cand = "%s-%s" % (base, e.affiliation.lower())
        n = 2
        while cand in used:
            cand = "%s-%d" % (base, n)
            n += 1
        e.id = cand
        used.add(cand)
    return kept


def name_stats(persons):
    """How many persons have each (folded) first word and last word of their display name."""
    first, last = {}, {}
    for e in persons:
        toks = fold1(e.name).split()
        first[toks[0]] = first.get(toks[0], 0) + 1
        last[toks[-1]] = last.get(toks[-1], 0) + 1
    return first, last


def given_names_only(name, first, last):
    """A name made of given names only ("Juan Carlos", a king's): every word is the first word
    of at least GIVEN_MIN persons and the last word of at most one."""
    toks = fold1(name).split()
    return all(first.get(t, 0) >= GIVEN_MIN and last.get(t, 0) <= 1 for t in toks)


def common_name(name, first, last, lex):
    """A name that other people carry too ("John Williams", "Gordon Brown"): its first word is
    a given name of several persons (or a name in the word list) and its last word the surname
    of several persons of the file (or a common English word)."""
    toks = fold1(name).split()
    given = first.get(toks[0], 0) >= 2 or toks[0] in lex.proper
    surname = last.get(toks[-1], 0) >= 2 or toks[-1] in lex.words
    return given and surname


def bare_surname(e, first, last, lex, taken):
    """The person's surname alone, when it can stand for them next to a cue ("President Reagan"):
    the last word of exactly one person's name and nobody's first word, 4 letters or more, not
    a common word, and no other name of any entry (nor a name that the drop rules remove)."""
    word = e.name.split()[-1]
    f = fold1(word)
    if last.get(f, 0) != 1 or first.get(f, 0) or len(f) < 4 or " " in f:
        return None
    if drop_reason(word, False, lex) or gg.fold_variants(word) & (taken | lex.curated):
        return None
    return word


def gate_common_names(entries, lex, report, with_surnames=True):
    """Persons with given names only are dropped; the names of persons with a common name go
    under ambiguous:, and so does a person's distinctive surname alone (bare_surname): both count
    only next to a title of the file's @cue list (@cue-window PERSON_CUE_WINDOW)."""
    persons = [e for e in entries if e.type == "person"]
    first, last = name_stats(persons)
    taken = set()
    for e in entries:
        for n in e.alias + e.exact + e.ambiguous:
            taken |= gg.fold_variants(n)
    for e in persons:
        surname = bare_surname(e, first, last, lex, taken) if with_surnames else None
        if given_names_only(e.name, first, last):
            report.append((e.kind, e.name, "given names only"))
            e.alias = []
            continue
        if common_name(e.name, first, last, lex):
            e.ambiguous, e.alias = e.alias, []
            report.append((e.kind, e.name, "common name: ambiguous, needs a cue"))
        if surname:
            e.ambiguous.append(surname)
    entries[:] = [e for e in entries if e.alias or e.exact or e.ambiguous]


def wrap(key, values, width=100):
    """key: a | b | c lines of at most width characters (a directive: "@cue a | b")."""
    sep = " " if key.startswith("@") else ": "
    lines, cur = [], []
    for v in values:
        trial = key + sep + " | ".join(cur + [v])
        if cur and len(trial) > width:
            lines.append(key + sep + " | ".join(cur))
            cur = [v]
        else:
            cur.append(v)
    if cur:
        lines.append(key + sep + " | ".join(cur))
    return lines


def render(entries, header):
    sections = (("igo", "international organisations (Phoenix.International.actors.txt, IGO codes)"),
                ("group", "non-state armed groups (Phoenix.MilNonState.actors.txt)"),
                ("person", "persons with a state role (Phoenix.Countries.actors.txt)"))
    out = list(header) + ["@facet actor"] + wrap("@cue", list(PERSON_CUES)) + \
        ["@cue-window %d" % PERSON_CUE_WINDOW, ""]
    for kind, title in sections:
        part = sorted((e for e in entries if e.kind == kind), key=lambda e: e.id)
        out.append("# " + "=" * 40 + " %s: %d" % (title, len(part)))
        for e in part:
            out.append("id: " + e.id)
            out.append("name: " + e.name)
            out.append("type: " + e.type)
            if e.affiliation:
                out.append("affiliation: " + e.affiliation)
            if e.alias:
                out.extend(wrap("alias", e.alias))
            if e.exact:
                out.extend(wrap("exact", e.exact))
            if e.ambiguous:
                out.extend(wrap("ambiguous", e.ambiguous))
            if e.cues:
                out.extend(wrap("cue", e.cues))
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- main

def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")


def generate(shared, gaz_dir, words_path, report, bare_surnames=True):
    with open(os.path.join(shared, "mledoze-countries", "countries.json"), encoding="utf-8") as f:
        cca3 = {c["cca3"]: c["cca2"] for c in json.load(f)}
    countries_g = gg.parse_gaz(os.path.join(gaz_dir, "countries.gaz"))
    curated_g = gg.parse_gaz(os.path.join(gaz_dir, "actors.gaz"))
    country_ids = {e["id"][0][0] for e in countries_g.entries if e.get("id")}
    curated_ids = {e["id"][0][0] for e in curated_g.entries if e.get("id")}
    words = load_words(words_path)
    lex = Lexicon(stopwords=load_stopwords(shared), words=words, proper=load_proper(words_path),
                  country_names=gaz_names(countries_g),
                  country_words=gaz_names(countries_g, keys=("alias", "exact", "demonym", "historical",
                                                             "ambiguous")),
                  curated_names=gaz_names(curated_g),
                  vetoes=gaz_names(curated_g, keys=("veto",), with_display=False))
    recs = {k: parse_tabari(read_lines(os.path.join(shared, p))) for k, p in PHOENIX.items()}
    entries = build_orgs(recs["international"], lex, cca3, country_ids, "igo", report, curated_ids)
    entries += build_orgs(recs["milnonstate"], lex, cca3, country_ids, "group", report, curated_ids)
    persons = build_persons(recs["countries"], lex, cca3, country_ids, report)
    # a single word of a group that is a person's surname is the person, not the group
    surnames = {fold1(p.name.split()[-1]) for p in persons}
    for e in entries:
        for n in list(e.alias):
            if " " not in n.strip() and fold1(n) in surnames:
                e.alias.remove(n)
                report.append((e.kind, n, "surname of a person"))
    entries += persons
    kept = finish(entries, lex, report, curated_ids)
    gate_common_names(kept, lex, report, with_surnames=bare_surnames)
    return kept, len(words)


def header_lines(words_desc, counts):
    return [
        "# actors-world.gaz (format 1) - GENERATED by tools/gen_actors.py; do not edit by hand:",
        "# change the rules in tools/gen_actors.py and run it again (curated actors go in actors.gaz,",
        "# which wins over this file). Derived from the Phoenix/PETRARCH2 actor dictionaries",
        "# (openeventdata/petrarch2 @676801c, MIT licence, Copyright (c) 2014 Open Event Data",
        "# Alliance): Phoenix.Countries.actors.txt (persons with a top state role),",
        "# Phoenix.International.actors.txt (IGO codes), Phoenix.MilNonState.actors.txt (armed groups);",
        "# country codes mapped with mledoze-countries cca3 -> cca2 (ODbL); names dropped with",
        "# stopwords-iso (MIT), %s" % words_desc,
        "# and countries.gaz. A person's bare surname and a common full name (John Williams) are",
        "# ambiguous: they count only right next to a title of the @cue list. See PROVENANCE.md.",
        "# Entries: %s." % counts,
    ]


def describe_words(path, n):
    if not path or not n:
        return "no word list"
    return "the lower-case words of %s (%d)" % (os.path.basename(os.path.realpath(path)), n)


def run_check(gaz_dir):
    """Validate countries.gaz, weapons.gaz and the actor files together (gen_gazetteers.validate
    on the union of actors.gaz and actors-world.gaz, line numbers mapped back to each file)."""
    class Merged(gg.Gazetteer):
        def __init__(self, parts):
            super().__init__("+".join(p.path for p in parts))
            self.parts = []
            off = 0
            for p in parts:
                self.parts.append((off, p))
                for e in p.entries:
                    e2 = {}
                    for k, vals in e.items():
                        e2[k] = vals + off if k == "_line" else [(v, ln + off) for v, ln in vals]
                    self.entries.append(e2)
                self.errors.extend(p.errors)
                off += 10_000_000
            self.facet = "actor"
            self.cues = [c for _, p in self.parts for c in p.cues]

        def err(self, lineno, msg):
            off, part = max((o, p) for o, p in self.parts if o <= lineno) if self.parts else (0, self)
            self.errors.append("%s:%d: %s" % (part.path, lineno - off, msg))

    errors = []
    gazs = {}
    for name, facet in (("countries.gaz", "country"), ("weapons.gaz", "weapon")):
        path = os.path.join(gaz_dir, name)
        if os.path.exists(path):
            gazs[facet] = gg.parse_gaz(path)
    # the curated file first, so that a clash is reported at the generated line
    actor_files = sorted((n for n in os.listdir(gaz_dir) if n.endswith(".gaz") and n.startswith("actors")),
                         key=lambda n: (n != "actors.gaz", n))
    parts = []
    for n in actor_files:
        g = gg.parse_gaz(os.path.join(gaz_dir, n))
        if g.facet != "actor":
            errors.append("%s: expected @facet actor" % g.path)
        parts.append(g)
    gazs["actor"] = Merged(parts)
    for p in parts:
        for e in p.entries:
            for v, ln in e.get("id", []):
                if len(v) > ID_MAX:
                    errors.append("%s:%d: id %r longer than %d bytes" % (p.path, ln, v, ID_MAX))
    errors.extend(gg.validate(gazs))
    for p in parts:
        print("%s: %d entries" % (os.path.relpath(p.path, REPO), len(p.entries)))
    if errors:
        for e in errors:
            print("error: " + e, file=sys.stderr)
        print("%d error(s)" % len(errors), file=sys.stderr)
        return 1
    print("ok")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="shared gazetteer data directory")
    ap.add_argument("--gaz-dir", default=GAZ_DIR, help="directory with countries.gaz and actors.gaz")
    ap.add_argument("--out", default=None, help="output file (default GAZ_DIR/actors-world.gaz)")
    ap.add_argument("--words", default="/usr/share/dict/words",
                    help="English word list; its lower-case entries are common words (skipped if absent)")
    ap.add_argument("--report", help="write the dropped names with their reasons to FILE")
    ap.add_argument("--no-bare-surnames", action="store_true",
                    help="leave persons' surnames alone out (smaller file, faster load, lower recall)")
    ap.add_argument("--check", action="store_true", help="validate the actor files and exit")
    args = ap.parse_args(argv)
    if args.check:
        return run_check(args.gaz_dir)
    if not os.path.isdir(os.path.join(args.shared, "phoenix-petrarch2")):
        print("error: %s has no phoenix-petrarch2/" % args.shared, file=sys.stderr)
        return 2
    report = []
    kept, nwords = generate(args.shared, args.gaz_dir, args.words, report, not args.no_bare_surnames)
    by_type = {}
    for e in kept:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    counts = ", ".join("%d %s" % (by_type[t], t) for t in sorted(by_type)) + " (%d in all)" % len(kept)
    text = render(kept, header_lines(describe_words(args.words, nwords), counts))
    out = args.out or os.path.join(args.gaz_dir, OUT_NAME)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print("%s: %s" % (os.path.relpath(out, REPO) if out.startswith(REPO) else out, counts))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            for kind, name, why in report:
                f.write("%s\t%s\t%s\n" % (kind, name, why))
        print("%d dropped names or entries listed in %s" % (len(report), args.report))
    if os.path.dirname(os.path.abspath(out)) == os.path.abspath(args.gaz_dir):
        return run_check(args.gaz_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
