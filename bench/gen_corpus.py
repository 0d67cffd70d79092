#!/usr/bin/env python3
"""Seeded generator of realistic synthetic Dossier articles (plain text and/or JSON Lines).

Learns at run time (nothing is cached or copied into the repository):
  * sentence shapes and vocabulary: order-2 word Markov chains trained on the sample archive
    (corpus/articles) and, when present, on ../shared/data (Reuters-21578 bodies, BBC News
    articles, Serbian sentences of the UD SETimes treebank). A separate "domain" chain trained on
    the sample archive only gives the regional-security sentences; the general chain gives the
    long-tail (Zipfian) vocabulary.
  * entity mentions: every gazetteer name (alias:/exact:/demonym:/metonym:/place: lines, and the
    -exact/-ambiguous forms of the last two, of corpus/gazetteers/*.gaz) found in the training
    text is replaced by a typed slot; at generation
    time each slot is filled with an entity drawn from the article's focus entities or from the
    whole gazetteer by how often the entity occurred in the training text (so the surface forms
    are the ones that really occur: "Russia", "Moscow", "Russian").
  * attribution tags ([Source: ...], [Attribution: ...], [Context: ...], [Analyst perspective on
    ...]) from the archive's own tags (slotted the same way) and a few templates.
  * ~3% Cyrillic articles (Russian from the archive's ru articles, Serbian Cyrillic from the
    archive's sr articles and, when present, the UD Serbian sentences), ~1% Serbian Latin.

Deterministic: the same --seed, --passages and sources give byte-identical output, whatever the
number of workers (every article has its own seed; gzip headers carry no time or name).

Usage: python3 bench/gen_corpus.py --passages 1000000 --seed 1 --out /tmp/gen [--format both]
Output: OUT/plain/NNNNN/<id>.txt (--files-per-dir per folder) and/or
        OUT/jsonl/part-NNNNN.jsonl (--articles-per-file per file), optionally gzipped, plus a
        hidden OUT/.gen_corpus.json (parameters, source digest, totals; skipped by the indexer).
"""

import argparse
import bisect
import glob
import gzip
import hashlib
import html
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time

GENERATOR_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# ----------------------------------------------------------------------------- text helpers

CYR = re.compile(r"[\u0400-\u04FF]")
CTRL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\[\]{}<>|\\]")
SENT_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9\u0400-\u042F\u0106\u010C\u0160\u017D\u0110])")
TAG_RE = re.compile(r"\s*\[([^\[\]]{1,200})\]\s*$")
LEAD = "\"'(\u201c\u2018\u00ab"
TRAIL = ".,;:!?\"')\u201d\u2019\u00bb"

SR_L2C_DI = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
SR_L2C = dict(zip("abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ",
                  "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ"))
SR_C2L = {v: k for k, v in SR_L2C.items()}
SR_C2L.update({"љ": "lj", "њ": "nj", "џ": "dž", "Љ": "Lj", "Њ": "Nj", "Џ": "Dž"})
SR_DI_RE = re.compile("|".join(sorted(SR_L2C_DI, key=len, reverse=True)))
SR_L2C_TABLE = str.maketrans(SR_L2C)
SR_C2L_TABLE = str.maketrans(SR_C2L)


FOREIGN = re.compile(r"\S*[qwxyQWXY]\S*|\S*\d\S*")


def _sr_word(s):
    return SR_DI_RE.sub(lambda m: SR_L2C_DI[m.group(0)], s).translate(SR_L2C_TABLE)


def sr_to_cyrillic(s):
    """Serbian Latin -> Cyrillic; words with q/w/x/y or digits (foreign names, designations) stay."""
    out, pos = [], 0
    for m in FOREIGN.finditer(s):
        out.append(_sr_word(s[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_sr_word(s[pos:]))
    return "".join(out)


def sr_to_latin(s):
    return s.translate(SR_C2L_TABLE)


def is_cyrillic(s):
    return CYR.search(s) is not None


def split_sentences(par):
    return [s.strip() for s in SENT_SPLIT.split(par) if s.strip()]


def clean_tokens(sentence):
    toks = CTRL.sub("", sentence).split()
    return [t for t in toks if t]


def good_sentence(toks, min_words=4, max_words=60):
    if not (min_words <= len(toks) <= max_words):
        return False
    lower = sum(1 for t in toks if any(c.islower() for c in t))
    return lower * 10 >= len(toks) * 6


# ----------------------------------------------------------------------------- sources


def read_corpus_articles(articles_dir):
    """-> list of dicts {lang, title, source, paragraphs} from the sample archive."""
    out = []
    for root, dirs, files in os.walk(articles_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".txt"):
                with open(path, encoding="utf-8") as f:
                    lines = f.read().split("\n")
                meta, i = {}, 0
                while i < len(lines) and ":" in lines[i] and lines[i].strip():
                    k, v = lines[i].split(":", 1)
                    meta[k.strip().lower()] = v.strip()
                    i += 1
                pars = [l.strip() for l in lines[i:] if l.strip()]
                out.append({"lang": meta.get("language", "en"), "title": meta.get("title", ""),
                            "source": meta.get("source", ""), "paragraphs": pars})
            elif name.endswith(".jsonl"):
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            d = json.loads(line)
                            out.append({"lang": d.get("lang", "en"), "title": d.get("title", ""),
                                        "source": d.get("source", ""),
                                        "paragraphs": [p.strip() for p in d.get("text", "").split("\n") if p.strip()]})
    return out


def read_reuters(shared):
    """Reuters-21578 bodies -> list of paragraphs (Latin-1, SGML entities)."""
    pars = []
    files = sorted(glob.glob(os.path.join(shared, "reuters21578", "sgm-data", "*.sgm")))
    body_re = re.compile(r"<BODY>(.*?)</BODY>", re.S)
    for path in files:
        with open(path, encoding="latin-1") as f:
            data = f.read()
        for body in body_re.findall(data):
            body = html.unescape(body)
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body)
            for p in re.split(r"\n\s{3,}|\n\s*\n", body):
                p = " ".join(p.split())
                if p:
                    pars.append(p)
    return pars, len(files)


def read_bbc(shared):
    """BBC News articles -> (titles, paragraphs)."""
    titles, pars = [], []
    files = sorted(glob.glob(os.path.join(shared, "bbc-news", "bbc", "*", "*.txt")))
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.strip() for l in f.read().split("\n")]
        if not lines:
            continue
        titles.append(lines[0])
        pars.extend(l for l in lines[1:] if l)
    return titles, pars, len(files)


def read_ud_serbian(shared):
    sents = []
    files = sorted(glob.glob(os.path.join(shared, "ud-serbian-set", "*.conllu")))
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("# text = "):
                    sents.append(line[9:].strip())
    return sents, len(files)


def sources_digest(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(p.encode())
        h.update(b"\0")
        with open(p, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


# ----------------------------------------------------------------------------- gazetteers

# slot kinds are digits so that Serbian transliteration leaves the markers alone
K_COUNTRY, K_DEMONYM, K_METONYM, K_PLACE, K_ORG, K_PERSON, K_SYSTEM, K_CATEGORY = "12345678"
SLOT_RE = re.compile("\x01([1-8])\x02")
COUNTRY_KINDS = (K_COUNTRY, K_DEMONYM, K_METONYM, K_PLACE)


class Gazetteer:
    """Entries of corpus/gazetteers/*.gaz with their names per slot kind."""

    def __init__(self, gaz_dir):
        self.entries = []  # {"facet", "id", "name", "names": {kind: [surface, ...]}, "ambiguous": [...]}
        self.files = sorted(glob.glob(os.path.join(gaz_dir, "*.gaz")))
        for path in self.files:
            facet, cur = None, None
            with open(path, encoding="utf-8") as f:
                for raw in f:
                    line = raw.strip()
                    if not line or line.startswith("#"):
                        continue
                    if line.startswith("@facet"):
                        facet = line.split()[1]
                        continue
                    if line.startswith("@") or ":" not in line:
                        continue
                    key, val = line.split(":", 1)
                    key = key.strip()
                    vals = [v.strip() for v in val.split("|") if v.strip()]
                    if key == "id":
                        cur = {"facet": facet, "id": vals[0], "name": "", "type": "", "lines": []}
                        self.entries.append(cur)
                    elif cur is not None:
                        if key == "name":
                            cur["name"] = vals[0] if vals else ""
                        elif key == "type":
                            cur["type"] = vals[0] if vals else ""
                        else:
                            cur["lines"].append((key, vals))
        for e in self.entries:
            names = {}
            if e["facet"] == "country":
                keymap = {"alias": K_COUNTRY, "exact": K_COUNTRY, "demonym": K_DEMONYM,
                          "metonym": K_METONYM, "place": K_PLACE, "ambiguous": K_COUNTRY,
                          "metonym-exact": K_METONYM, "place-exact": K_PLACE,
                          "metonym-ambiguous": K_METONYM, "place-ambiguous": K_PLACE}
            elif e["facet"] == "actor":
                k = K_PERSON if e["type"] == "person" else K_ORG
                keymap = {"alias": k, "exact": k, "ambiguous": k}
            else:
                k = K_CATEGORY if e["type"] == "category" else K_SYSTEM
                keymap = {"alias": k, "exact": k, "ambiguous": k}
            e["ambiguous"] = []
            for key, vals in e["lines"]:
                if key in ("ambiguous", "metonym-ambiguous", "place-ambiguous"):
                    e["ambiguous"].extend(vals)
                if key in keymap:
                    lst = names.setdefault(keymap[key], [])
                    for v in vals:
                        if v not in lst:
                            lst.append(v)
            e["names"] = names
            del e["lines"]

    def surface_index(self):
        """(tuple of tokens) -> (kind, entry index) for detecting mentions in training text.
        Ambiguous names and lower-case one-word names ("tanks", "drone") are not detected."""
        index = {}
        for i, e in enumerate(self.entries):
            amb = set(e["ambiguous"])
            for kind, names in e["names"].items():
                for n in names:
                    if n in amb:
                        continue
                    toks = tuple(n.split())
                    if not toks or (len(toks) == 1 and not (toks[0][:1].isupper() or toks[0][:1].isdigit())):
                        continue
                    index.setdefault(toks, (kind, i))
        return index


class Slotter:
    """Replaces gazetteer mentions in a token list by slot tokens and counts the surfaces seen."""

    def __init__(self, index):
        self.index = index
        self.first = {}
        for toks in index:
            self.first.setdefault(toks[0], set()).add(len(toks))
        self.lens = {k: sorted(v, reverse=True) for k, v in self.first.items()}
        self.counts = {}  # (entry, kind, script) -> {surface: count}

    @staticmethod
    def _split(tok):
        a = 0
        while a < len(tok) and tok[a] in LEAD:
            a += 1
        b = len(tok)
        suffix = ""
        while b > a and tok[b - 1] in TRAIL:
            b -= 1
        core = tok[a:b]
        if core.endswith("'s") or core.endswith("\u2019s"):
            suffix = core[-2:]
            core = core[:-2]
        return tok[:a], core, suffix + tok[b:]

    def slot(self, toks, script, weight=1):
        out, i, n = [], 0, len(toks)
        while i < n:
            pre, core, suf = self._split(toks[i])
            lens = self.lens.get(core)
            done = False
            if lens:
                for L in lens:
                    if i + L > n:
                        continue
                    if L == 1:
                        key, last_suf = (core,), suf
                    else:
                        if suf:
                            continue
                        parts = [core]
                        ok = True
                        for j in range(i + 1, i + L - 1):
                            if any(c in LEAD or c in TRAIL for c in toks[j][:1] + toks[j][-1:]):
                                ok = False
                                break
                            parts.append(toks[j])
                        if not ok:
                            continue
                        p2, c2, last_suf = self._split(toks[i + L - 1])
                        if p2:
                            continue
                        parts.append(c2)
                        key = tuple(parts)
                    hit = self.index.get(key)
                    if hit is None:
                        continue
                    kind, ent = hit
                    d = self.counts.setdefault((ent, kind, script), {})
                    surface = " ".join(key)
                    d[surface] = d.get(surface, 0) + weight
                    out.append(pre + "\x01" + kind + "\x02" + last_suf)
                    i += L
                    done = True
                    break
            if not done:
                out.append(toks[i])
                i += 1
        return out


# ----------------------------------------------------------------------------- Markov chains

END, BOS = 0, 1
SHIFT = 1 << 21


class Vocab:
    def __init__(self):
        self.words = ["", ""]
        self.ids = {}

    def id(self, w):
        i = self.ids.get(w)
        if i is None:
            i = self.ids[w] = len(self.words)
            self.words.append(w)
        return i


class Chain:
    """Order-2 word Markov chain. Training counts (w1, w2) -> w3; freeze() compiles it into states
    (one per bigram) whose successors are next-state numbers kept with repetition, so sampling by
    frequency is one list index and one random number per word."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.trans = {}
        self.sentences = 0
        self.succ = None   # state -> tuple of next states (0 = end of sentence)
        self.word = None   # state -> its last word (str)

    def add(self, toks):
        ids = [self.vocab.id(t) for t in toks]
        a = b = BOS
        tr = self.trans
        for c in ids + [END]:
            k = a * SHIFT + b
            lst = tr.get(k)
            if lst is None:
                tr[k] = [c]
            else:
                lst.append(c)
            a, b = b, c
        self.sentences += 1

    def freeze(self):
        tr = self.trans
        sid = {BOS * SHIFT + BOS: 1}
        for k in tr:
            if k not in sid:
                sid[k] = len(sid) + 1
        words = self.vocab.words
        succ = [()] * (len(sid) + 1)
        word = [""] * (len(sid) + 1)
        for k, lst in tr.items():
            b = k % SHIFT
            s = sid[k]
            word[s] = words[b]
            succ[s] = tuple(0 if c == END else sid[b * SHIFT + c] for c in lst)
        self.succ, self.word = succ, word
        self.trans = None

    def empty(self):
        return self.sentences == 0

    def sentence(self, rnd, maxlen=60):
        """-> list of words"""
        succ = self.succ
        s = 1
        out = []
        append = out.append
        while True:
            nx = succ[s]
            s = nx[int(rnd() * len(nx))]
            if not s:
                break
            append(s)
            if len(out) >= maxlen:
                break
        return list(map(self.word.__getitem__, out))


# ----------------------------------------------------------------------------- the model

EN_TAG_TEMPLATES = {
    "Source": ["\x015\x02 press briefing", "statement by the \x015\x02", "\x015\x02 communique",
               "interview with \x016\x02", "\x012\x02 state news agency", "\x013\x02 correspondent report",
               "\x015\x02 annual report", "remarks by \x016\x02 to reporters", "\x015\x02 notification",
               "wire reports from \x013\x02"],
    "Attribution": ["remarks by \x016\x02", "\x015\x02 spokesperson", "officials in \x013\x02",
                    "statement by the \x012\x02 defence ministry", "\x016\x02, speaking in \x013\x02",
                    "diplomatic sources in \x013\x02", "a senior \x012\x02 official"],
    "Context": ["\x011\x02's relations with the \x015\x02", "background on \x017\x02 deliveries",
                "\x012\x02 defence procurement since 2014", "the \x015\x02 mission in \x011\x02",
                "arms transfers to \x011\x02", "\x013\x02's position on \x011\x02"],
    "Analyst perspective": ["on \x017\x02 transfers to \x011\x02", "on \x012\x02 defence procurement",
                            "on the \x015\x02 and regional security", "on \x018\x02 acquisitions in \x011\x02",
                            "on relations between \x013\x02 and \x013\x02"],
}
TAG_KIND_WEIGHTS = [("Source", 40), ("Attribution", 25), ("Context", 20), ("Analyst perspective", 15)]


def lang_key(lang, text):
    if lang == "ru":
        return "ru"
    if lang == "sr":
        return "sr"
    return "en"


class Model:
    def __init__(self, repo, shared, use_shared, log):
        t0 = time.time()
        self.vocab = Vocab()
        self.gaz = Gazetteer(os.path.join(repo, "corpus", "gazetteers"))
        self.slotter = Slotter(self.gaz.surface_index())
        V = self.vocab
        self.general = Chain(V)     # en: archive + Reuters + BBC
        self.domain = Chain(V)      # en: archive only
        self.titles = Chain(V)      # en titles: archive + BBC
        self.lang_chains = {"sr": Chain(V), "ru": Chain(V)}
        self.lang_titles = {"sr": Chain(V), "ru": Chain(V)}
        self.tags = {"en": [], "sr": [], "ru": []}  # (kind, text-with-slots)
        self.sources = {"en": [], "sr-Latn": [], "sr-Cyrl": [], "ru": []}
        self.source_files = []
        self.stats = {}

        art_dir = os.path.join(repo, "corpus", "articles")
        arts = read_corpus_articles(art_dir)
        for root, dirs, files in os.walk(art_dir):
            dirs.sort()
            self.source_files += [os.path.join(root, f) for f in sorted(files)]
        self.source_files += self.gaz.files
        sl = self.slotter
        n_sent = 0
        for a in arts:
            lang = a["lang"]
            cyr = is_cyrillic(a["title"] + " ".join(a["paragraphs"]))
            src_key = "en" if lang == "en" else ("ru" if lang == "ru" else ("sr-Cyrl" if cyr else "sr-Latn"))
            if a["source"] and a["source"] not in self.sources[src_key]:
                self.sources[src_key].append(a["source"])
            lk = lang_key(lang, "")
            script = "cyr" if lk == "ru" else "lat"
            norm = sr_to_latin if lk == "sr" else (lambda s: s)
            title = clean_tokens(norm(a["title"]))
            if title:
                t = sl.slot(title, (lk, script), 20)
                (self.titles if lk == "en" else self.lang_titles[lk]).add(t)
            for p in a["paragraphs"]:
                m = TAG_RE.search(p)
                if m:
                    p = p[:m.start()]
                    tag = norm(m.group(1)).strip()
                    if ":" in tag:
                        kind, text = tag.split(":", 1)
                    elif tag.startswith("Analyst perspective"):
                        kind, text = "Analyst perspective", tag[len("Analyst perspective"):]
                    else:
                        kind, text = None, None
                    if kind and text.strip():
                        self.tags[lk].append((kind.strip(), " ".join(sl.slot(clean_tokens(text), (lk, script), 20))))
                for s in split_sentences(norm(p)):
                    toks = clean_tokens(s)
                    if not good_sentence(toks, 3, 80):
                        continue
                    toks = sl.slot(toks, (lk, script), 20)
                    n_sent += 1
                    if lk == "en":
                        self.general.add(toks)
                        self.domain.add(toks)
                    else:
                        self.lang_chains[lk].add(toks)
        self.stats["archive_articles"] = len(arts)
        self.stats["archive_sentences"] = n_sent

        self.shared_used = []
        if use_shared and shared and os.path.isdir(shared):
            pars, nf = read_reuters(shared)
            if nf:
                self.shared_used.append("reuters21578")
                self.source_files += sorted(glob.glob(os.path.join(shared, "reuters21578", "sgm-data", "*.sgm")))
                self.stats["reuters_sentences"] = self._train_en(pars)
            titles, pars, nf = read_bbc(shared)
            if nf:
                self.shared_used.append("bbc-news")
                self.source_files += sorted(glob.glob(os.path.join(shared, "bbc-news", "bbc", "*", "*.txt")))
                self.stats["bbc_sentences"] = self._train_en(pars)
                for t in titles:
                    toks = clean_tokens(t)
                    if 2 <= len(toks) <= 16:
                        self.titles.add(sl.slot(toks, ("en", "lat")))
            sents, nf = read_ud_serbian(shared)
            if nf:
                self.shared_used.append("ud-serbian-set")
                self.source_files += sorted(glob.glob(os.path.join(shared, "ud-serbian-set", "*.conllu")))
                k = 0
                for s in sents:
                    toks = clean_tokens(s)
                    if good_sentence(toks, 4, 60):
                        self.lang_chains["sr"].add(sl.slot(toks, ("sr", "lat")))
                        k += 1
                self.stats["ud_serbian_sentences"] = k
        for c in [self.general, self.domain, self.titles] + list(self.lang_chains.values()) + list(self.lang_titles.values()):
            c.freeze()
        if not self.sources["en"]:
            self.sources["en"] = ["Dossier Wire"]
        for k in ("sr-Latn", "sr-Cyrl", "ru"):
            if not self.sources[k]:
                self.sources[k] = self.sources["en"]
        for lk in ("en", "sr", "ru"):
            if not self.tags[lk] and lk != "en":
                self.tags[lk] = self.tags["en"]
        self._build_fill_tables()
        self.digest = sources_digest(self.source_files)
        self.stats["vocabulary_trained"] = len(self.vocab.words) - 2
        self.stats["train_seconds"] = round(time.time() - t0, 1)
        log("trained in %.1f s: %d word types; sources: archive (%d articles)%s"
            % (time.time() - t0, len(self.vocab.words) - 2, len(arts),
               "".join(", " + s for s in self.shared_used) or " only"))

    def _train_en(self, pars):
        sl, k = self.slotter, 0
        for p in pars:
            for s in split_sentences(p):
                toks = clean_tokens(s)
                if good_sentence(toks):
                    self.general.add(sl.slot(toks, ("en", "lat")))
                    k += 1
        return k

    def _build_fill_tables(self):
        """For every (language, kind): entries with surface forms and a popularity weight."""
        counts = self.slotter.counts
        self.fill = {}
        for lk in ("en", "sr", "ru"):
            script = "cyr" if lk == "ru" else "lat"
            for kind in "12345678":
                cands = []
                for i, e in enumerate(self.gaz.entries):
                    names = e["names"].get(kind)
                    if not names:
                        continue
                    seen = counts.get((i, kind, (lk, script)), {})
                    if script == "cyr":
                        pool = [n for n in names if is_cyrillic(n)]
                    else:
                        pool = [n for n in names if not is_cyrillic(n)]
                    if not pool:
                        continue
                    if lk == "en" and kind in (K_COUNTRY, K_ORG, K_PERSON, K_SYSTEM, K_CATEGORY) \
                            and e["name"] and not is_cyrillic(e["name"]):
                        base = e["name"]
                    else:
                        base = pool[0]
                    if lk != "en" and not seen:
                        continue  # sr/ru: only entities the training text names in that language
                    surf = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
                    surfaces = [s for s, _ in surf]
                    weights = [c for _, c in surf]
                    if base not in surfaces:
                        surfaces.append(base)
                        weights.append(max(1, sum(weights) // 4))
                    cum, tot = [], 0
                    for w in weights:
                        tot += w
                        cum.append(tot)
                    popularity = 1 + sum(seen.values())
                    cands.append((i, surfaces, cum, popularity))
                if not cands:
                    continue
                cum, tot = [], 0
                for c in cands:
                    tot += c[3]
                    cum.append(tot)
                self.fill[(lk, kind)] = (cands, cum)


# ----------------------------------------------------------------------------- generation


def draw(cum, rnd):
    return bisect.bisect_right(cum, rnd() * cum[-1])


def passage_counts(n_passages, seed):
    """Passages per article (3-8), summing exactly to n_passages."""
    rng = random.Random(seed)
    rnd = rng.random
    counts, left = [], n_passages
    while left > 0:
        k = 3 + int(rnd() * 6)
        if left - k < 3:
            k = left if left <= 8 else left - 3
        counts.append(k)
        left -= k
    return counts


class ArticleGen:
    def __init__(self, model, seed):
        self.m = model
        self.seed = seed
        self.rng = random.Random()
        self.words = model.vocab.words
        self.date0 = 7305  # days from 1970-01-01 to 1990-01-01
        self.date_span = 13330  # to 2026-06-30
        self.tag_cum = []
        t = 0
        for _, w in TAG_KIND_WEIGHTS:
            t += w
            self.tag_cum.append(t)

    # --- slots
    def _fill_slot(self, lk, kind, focus, rnd):
        table = self.m.fill.get((lk, kind)) or self.m.fill.get(("en", kind))
        if table is None:
            return "NATO"
        cands, cum = table
        f = focus.get(kind)
        if f is not None and rnd() < 0.7:
            c = cands[f[int(rnd() * len(f))]]
        else:
            c = cands[draw(cum, rnd)]
        return c[1][draw(c[2], rnd)]

    def _focus(self, lk, rnd):
        """Focus entities of one article: indices into the fill tables per kind."""
        focus = {}
        for kind, n in ((K_COUNTRY, 3), (K_DEMONYM, 2), (K_METONYM, 2), (K_PLACE, 2), (K_ORG, 3),
                        (K_PERSON, 2), (K_SYSTEM, 2), (K_CATEGORY, 1)):
            table = self.m.fill.get((lk, kind))
            if table:
                focus[kind] = [draw(table[1], rnd) for _ in range(1 + int(rnd() * n))]
        return focus

    def _fill(self, text, lk, focus, rnd):
        if "\x01" not in text:
            return text

        def repl(m):
            name = self._fill_slot(lk, m.group(1), focus, rnd)
            s = m.start()
            if name[:4].lower() == "the " and text[max(0, s - 4):s].lower() == "the ":
                name = name[4:]
            return name
        return SLOT_RE.sub(repl, text)

    # --- text
    def _passage(self, lk, rnd, chain_pick):
        target = 40 + int(rnd() * 81)
        ids = []
        while len(ids) < target:
            chain = chain_pick(rnd)
            s = chain.sentence(rnd)
            if not s:
                continue
            if len(ids) + len(s) > 120:
                if len(ids) >= 40:
                    break
                s = s[:120 - len(ids)]
                ids.extend(s)
                break
            ids.extend(s)
        text = " ".join(ids)
        if text[-1:] not in ".!?\"'\u201d\u2019)":
            text = text.rstrip(",;:-") + "."
        return text, len(ids)

    def article(self, idx, n_pass):
        rng = self.rng
        rng.seed(self.seed * 10_000_000_000 + idx)
        rnd = rng.random
        m = self.m
        u = rnd()
        if u < 0.015:
            lk, cyr = "ru", True
        elif u < 0.03:
            lk, cyr = "sr", True
        elif u < 0.04:
            lk, cyr = "sr", False
        else:
            lk, cyr = "en", False
        if lk != "en" and m.lang_chains[lk].empty():
            lk, cyr = "en", False
        focus = self._focus(lk, rnd)
        if lk == "en":
            gen, dom = m.general, m.domain
            p_dom = 0.35

            def pick(r):
                return dom if r() < p_dom else gen
        else:
            ch = m.lang_chains[lk]

            def pick(r):
                return ch
        paragraphs, nwords = [], 0
        tags = m.tags[lk]
        for _ in range(n_pass):
            text, nw = self._passage(lk, rnd, pick)
            nwords += nw
            tag = ""
            if rnd() < 0.6 and tags:
                if lk == "en" and rnd() < 0.5:
                    kind = TAG_KIND_WEIGHTS[draw(self.tag_cum, rnd)][0]
                    tl = EN_TAG_TEMPLATES[kind]
                    body = tl[int(rnd() * len(tl))]
                else:
                    kind, body = tags[int(rnd() * len(tags))]
                if kind == "Analyst perspective" and not body.startswith("on "):
                    body = "on " + body
                tag = (kind, body)
            text = self._fill(text, lk, focus, rnd)
            if cyr and lk == "sr":
                text = sr_to_cyrillic(text)
            if tag:  # the kind stays as written ("Source", "Izvor", "Извор")
                kind, body = tag
                body = self._fill(body, lk, focus, rnd)
                if cyr and lk == "sr":
                    body = sr_to_cyrillic(body)
                text += (" [%s %s]" if kind == "Analyst perspective" else " [%s: %s]") % (kind, body)
            paragraphs.append(text)
        # title
        tchain = m.titles if lk == "en" else m.lang_titles[lk]
        title = ""
        for _ in range(4):
            if tchain.empty():
                break
            t = tchain.sentence(rnd, 16)
            if 3 <= len(t) <= 16:
                title = " ".join(t)
                break
        if not title:
            first = split_sentences(paragraphs[0])[0] if lk == "en" or not cyr else paragraphs[0]
            title = " ".join(first.split()[:12]).rstrip(".,;:")
        else:
            title = self._fill(title, lk, focus, rnd)
            if cyr and lk == "sr":
                title = sr_to_cyrillic(title)
        title = title.rstrip(".")
        days = self.date0 + int(self.date_span * (rnd() ** 0.5))
        date = time.strftime("%Y-%m-%d", time.gmtime(days * 86400))
        skey = "en" if lk == "en" else ("ru" if lk == "ru" else ("sr-Cyrl" if cyr else "sr-Latn"))
        srcs = m.sources[skey]
        source = srcs[min(int(-len(srcs) * 0.35 * _log(rnd())), len(srcs) - 1)] if len(srcs) > 1 else srcs[0]
        art_id = "gen%d-%08d" % (self.seed, idx)
        return {"id": art_id, "title": title, "date": date, "source": source, "lang": lk,
                "url": "https://example.org/gen/%s" % art_id, "paragraphs": paragraphs, "words": nwords}


def _log(x):
    return math.log(max(x, 1e-12))


def plain_text(a):
    return "Title: %s\nDate: %s\nSource: %s\nLanguage: %s\nID: %s\n\n%s\n" % (
        a["title"], a["date"], a["source"], a["lang"], a["id"], "\n".join(a["paragraphs"]))


def jsonl_line(a):
    return json.dumps({"id": a["id"], "title": a["title"], "date": a["date"], "source": a["source"],
                       "url": a["url"], "lang": a["lang"], "text": "\n".join(a["paragraphs"])},
                      ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- workers

_MODEL = None
_ARGS = None
_COUNTS = None


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def run_unit(unit):
    """Generate articles [lo, hi) and write their files; returns totals."""
    lo, hi, file_no = unit
    args, model = _ARGS, _MODEL
    g = ArticleGen(model, args.seed)
    plain = args.format in ("plain", "both")
    jl = args.format in ("jsonl", "both")
    out_bytes = plain_bytes = json_bytes = 0
    n_pass = n_words = 0
    langs = {}
    vocab = set() if args.count_vocab else None
    jl_parts = []
    made_dirs = set()
    for idx in range(lo, hi):
        a = g.article(idx, _COUNTS[idx])
        n_pass += len(a["paragraphs"])
        n_words += a["words"]
        langs[a["lang"]] = langs.get(a["lang"], 0) + 1
        if vocab is not None:
            for p in a["paragraphs"]:
                vocab.update(w.strip(".,;:!?\"'()\u201c\u201d\u2018\u2019").lower() for w in p.split())
        if plain:
            d = os.path.join(args.out, "plain", "%05d" % (idx // args.files_per_dir))
            if d not in made_dirs:
                os.makedirs(d, exist_ok=True)
                made_dirs.add(d)
            data = plain_text(a).encode("utf-8")
            plain_bytes += len(data)
            name = a["id"] + ".txt"
            if args.gzip:
                data = gz(data)
                name += ".gz"
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
            out_bytes += len(data)
        if jl:
            jl_parts.append(jsonl_line(a))
    if jl:
        data = "".join(jl_parts).encode("utf-8")
        json_bytes = len(data)
        name = "part-%05d.jsonl" % file_no
        if args.gzip:
            data = gz(data)
            name += ".gz"
        with open(os.path.join(args.out, "jsonl", name), "wb") as f:
            f.write(data)
        out_bytes += len(data)
    if vocab is not None:
        vocab.discard("")
    return {"articles": hi - lo, "passages": n_pass, "words": n_words, "plain_bytes": plain_bytes,
            "jsonl_bytes": json_bytes, "bytes_on_disk": out_bytes, "langs": langs,
            "vocab": sorted(vocab) if vocab is not None else None}


def main(argv=None):
    global _MODEL, _ARGS, _COUNTS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Same --seed, --passages and sources => byte-identical output.")
    ap.add_argument("--passages", type=int, required=True, help="total passages (paragraphs) to write")
    ap.add_argument("--seed", type=int, default=1, help="random seed (>= 0, default 1)")
    ap.add_argument("--out", required=True, help="output directory (created; must be empty or absent)")
    ap.add_argument("--format", choices=("plain", "jsonl", "both"), default="plain")
    ap.add_argument("--gzip", action="store_true", help="gzip every output file (.txt.gz / .jsonl.gz)")
    ap.add_argument("--files-per-dir", type=int, default=1000, help="plain articles per subdirectory")
    ap.add_argument("--articles-per-file", type=int, default=10000, help="articles per JSONL file")
    ap.add_argument("--no-shared", action="store_true", help="learn from corpus/ only, ignore ../shared/data")
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"), help="shared data dir")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--count-vocab", action="store_true",
                    help="also count distinct words (lower-cased, punctuation stripped) written")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.passages < 1 or args.seed < 0 or args.files_per_dir < 1 or args.articles_per_file < 1:
        ap.error("--passages, --files-per-dir, --articles-per-file must be >= 1 and --seed >= 0")
    if os.path.isdir(args.out) and os.listdir(args.out):
        ap.error("output directory %s is not empty" % args.out)

    def log(msg):
        if not args.quiet:
            print("gen_corpus: " + msg, file=sys.stderr, flush=True)

    t0 = time.time()
    if not args.no_shared and not os.path.isdir(args.shared):
        log("note: %s not found; learning from corpus/ only" % args.shared)
    model = Model(REPO, args.shared, not args.no_shared, log)
    _MODEL, _ARGS = model, args
    _COUNTS = passage_counts(args.passages, args.seed)
    n_art = len(_COUNTS)
    os.makedirs(args.out, exist_ok=True)
    if args.format in ("jsonl", "both"):
        os.makedirs(os.path.join(args.out, "jsonl"), exist_ok=True)
        step = args.articles_per_file
    else:
        step = args.files_per_dir
    units = [(lo, min(lo + step, n_art), i) for i, lo in enumerate(range(0, n_art, step))]
    t1 = time.time()
    totals = {"articles": 0, "passages": 0, "words": 0, "plain_bytes": 0, "jsonl_bytes": 0,
              "bytes_on_disk": 0, "langs": {}}
    vocab = set() if args.count_vocab else None

    def add(r):
        for k in ("articles", "passages", "words", "plain_bytes", "jsonl_bytes", "bytes_on_disk"):
            totals[k] += r[k]
        for k, v in r["langs"].items():
            totals["langs"][k] = totals["langs"].get(k, 0) + v
        if vocab is not None:
            vocab.update(r["vocab"])

    if args.workers > 1 and len(units) > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(args.workers) as pool:
            for r in pool.imap(run_unit, units, chunksize=1):
                add(r)
    else:
        for u in units:
            add(run_unit(u))
    t2 = time.time()
    totals["langs"] = dict(sorted(totals["langs"].items()))
    manifest = {"generator": "bench/gen_corpus.py", "version": GENERATOR_VERSION, "seed": args.seed,
                "passages_requested": args.passages, "format": args.format, "gzip": args.gzip,
                "files_per_dir": args.files_per_dir, "articles_per_file": args.articles_per_file,
                "sources": ["corpus"] + model.shared_used, "sources_sha256": model.digest,
                "training": {k: v for k, v in model.stats.items() if k != "train_seconds"},
                "totals": totals}
    if vocab is not None:
        manifest["distinct_words"] = len(vocab)
    with open(os.path.join(args.out, ".gen_corpus.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    mb = totals["plain_bytes"] or totals["jsonl_bytes"]
    print("wrote %d articles, %d passages, %d words (%.1f MB of text; %.1f MB on disk) to %s in %.1f s "
          "(training %.1f s, generation %.1f s: %.0f passages/s)%s"
          % (totals["articles"], totals["passages"], totals["words"], mb / 1e6,
             totals["bytes_on_disk"] / 1e6, args.out, t2 - t0, t1 - t0, t2 - t1,
             totals["passages"] / max(t2 - t1, 1e-9),
             "; %d distinct words" % len(vocab) if vocab is not None else ""))
    print("languages: " + ", ".join("%s %d" % kv for kv in totals["langs"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
