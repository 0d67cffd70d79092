#!/usr/bin/env python3
"""Ranking evaluation on classic IR test collections (Cranfield, CISI, MED, optionally NPL and Reuters).

Indexes each collection as Dossier articles, runs every query through the real searcher
(`dossier-search --json --by article`), and reports MAP, nDCG@10 and P@10 from the relevance
judgements, next to SQLite FTS5's bm25 (porter unicode61, query = OR of its words) on the same
documents, and Xapian's default BM25 weighting (k1=1, b=0.5) over whole documents.

    python3 bench/ir_eval.py --json build/ir.json  # grid + evidence on cran,cisi,med; npl held out (~40 min)
    python3 bench/ir_eval.py --variants baselines  # FTS5, Xapian default, Dossier default only (~2 min)
    python3 bench/ir_eval.py --from-json build/ir.json --markdown build/ir.md   # report only
    python3 bench/ir_eval.py --collections reuters,cran,cisi,med,npl --bin DIR \
        --systems 'default=;expand20=--expand 20;sum=--article-score sum' --json x.json --markdown x.md

--systems runs only the named Dossier settings (and the two baselines) and reports, per collection,
MAP, nDCG@10, P@10 and paired randomization p-values (per-query AP and nDCG@10) against FTS5 and
against the Xapian default; the per-query values are kept in --json.

"reuters" (Reuters-21578, from SHARED/data/reuters21578/sgm-data/): every story with a BODY is one
article (title = TITLE, each BODY paragraph a passage); one query per TOPICS category carried by at
least 20 stories, its text from bench/reuters_topics.tsv (written from the category names alone),
and a story is relevant when it carries the category. "reuters-names": the same stories, one query per
PLACES, ORGS and PEOPLE category carried by at least 20 of them (a country, an organisation or a
person by name, bench/reuters_names.tsv). Nothing of the Reuters text is stored here.

"bbc-headlines" (BBC News, from SHARED/data/bbc-news/bbc/): known-item search over long news of
another source; each story's headline is the query for its own body (the headline is not indexed),
a story with the same headline or body relevant too, so MAP is the mean reciprocal rank.

The BM25 grid (then --expand on its best pair) is chosen by the mean over the --collections of
MAP / FTS5 MAP: tuned on the test data. --holdout collections (default npl) are only run
afterwards, with the systems of the main table.

The collections are read from SHARED/data/ir/<name>/ and SHARED/data/reuters21578/ (SHARED defaults
to ../shared). An absent collection is skipped ("skipped: ... absent"); when all are, the script
exits 0.

Standard library only (Python 3.9+).
"""

import argparse
import concurrent.futures
import json
import math
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

# --------------------------------------------------------------------------- collections

COLLECTIONS = {
    "cran": {"name": "Cranfield", "dir": "cran", "docs": "cran.all.1400", "queries": "cran.qry",
             "qrels": "cranqrel", "format": "smart"},
    "cisi": {"name": "CISI", "dir": "cisi", "docs": "CISI.ALL", "queries": "CISI.QRY",
             "qrels": "CISI.REL", "format": "smart"},
    "med": {"name": "MED", "dir": "med", "docs": "MED.ALL", "queries": "MED.QRY",
            "qrels": "MED.REL", "format": "smart"},
    "npl": {"name": "NPL", "dir": "npl", "docs": "doc-text", "queries": "query-text",
            "qrels": "rlv-ass", "format": "npl"},
    # Multi-paragraph news: every story with a BODY, one query per TOPICS category (bench/reuters_topics.tsv).
    # Dossier systems see each paragraph as a passage; the Xapian default, like FTS5, the whole story.
    "reuters": {"name": "Reuters-21578", "path": "reuters21578", "format": "reuters", "layout": "paragraphs",
                "labels": ["topics"], "queries": "reuters_topics.tsv"},
    # The same stories, one query per PLACES, ORGS and PEOPLE category (bench/reuters_names.tsv): a
    # country, organisation or person by name, a story relevant when Reuters filed it under that name.
    "reuters-names": {"name": "Reuters-21578 names", "path": "reuters21578", "format": "reuters",
                      "layout": "paragraphs", "labels": ["places", "orgs", "people"], "queries": "reuters_names.tsv"},
    # Known-item search over long news of another source: each BBC story's headline is the query for
    # its own body (the headline itself not indexed); a story with the same headline or the same
    # body is relevant too. MAP is then the mean reciprocal rank.
    "bbc-headlines": {"name": "BBC headlines", "path": "bbc-news/bbc", "format": "bbc", "layout": "paragraphs"},
}
DEFAULT_COLLECTIONS = "cran,cisi,med"
REUTERS_MIN_STORIES = 20
REUTERS_LABELS = ("topics", "places", "orgs", "people")
BBC_CLASSES = ("business", "entertainment", "politics", "sport", "tech")


def collection_path(shared, key):
    """Where a collection's files are: SHARED/data/ir/<dir>, or SHARED/data/<path> (Reuters)."""
    spec = COLLECTIONS[key]
    if "path" in spec:
        return os.path.join(shared, "data", spec["path"])
    return os.path.join(shared, "data", "ir", spec["dir"])


def collection_present(shared, key):
    path = collection_path(shared, key)
    if COLLECTIONS[key]["format"] == "reuters":
        return os.path.isdir(os.path.join(path, "sgm-data"))
    if COLLECTIONS[key]["format"] == "bbc":
        return os.path.isdir(path) and any(os.path.isdir(os.path.join(path, c)) for c in BBC_CLASSES)
    return os.path.isdir(path)

FIELD_RE = re.compile(r"^\.([A-Z])(?:\s+(\S+))?\s*$")


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def parse_smart(path):
    """SMART-style records: '.I n' starts a record, '.X' lines (one letter) start a field.

    Returns [(id, {letter: [lines]})] in file order. A field seen twice (two '.W' in a corrupt
    Cranfield record) is appended to."""
    records = []
    fields = None
    current = None
    for line in read_text(path).splitlines():
        m = FIELD_RE.match(line)
        if m and m.group(1) == "I" and m.group(2):
            fields = {}
            records.append((m.group(2), fields))
            current = None
        elif m and m.group(2) is None and fields is not None:
            current = fields.setdefault(m.group(1), [])
        elif current is not None:
            current.append(line)
    return records


def paragraphs(lines):
    """Hard-wrapped lines -> paragraphs. A line indented by two or more spaces starts a new one
    (the abstracts mark paragraphs that way); the lines of a paragraph are joined with spaces."""
    out = []
    for line in lines:
        if not line.strip():
            continue
        if not out or re.match(r"^\s\s", line):
            out.append([])
        out[-1].append(line.strip())
    return [" ".join(p) for p in out]


def one_line(lines):
    return " ".join(line.strip() for line in lines if line.strip())


def parse_npl_blocks(path):
    """NPL: 'id' line, text lines, then a line holding only '/'."""
    blocks = []
    current = None
    for line in read_text(path).splitlines():
        s = line.strip()
        if s == "/":
            current = None
        elif current is None:
            if s:
                current = [s, []]
                blocks.append(current)
        else:
            current[1].append(line)
    return [(b[0], b[1]) for b in blocks]


# --------------------------------------------------------------------------- Reuters-21578
# SGML, ISO-8859-1, 1,000 <REUTERS> elements a file. Parsed like bench/reuters.cpp: character
# references decoded in one pass (&lt; &gt; &amp; &quot; &#N;), wire control codes (&#2; &#3; ...,
# raw control bytes) dropped, the trailing "Reuter" sign-off removed.

REUTERS_STORY_RE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
SGML_REF_RE = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7});")
SGML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def sgml_decode(text):
    def ref(m):
        r = m.group(1)
        if r in SGML_NAMED:
            return SGML_NAMED[r]
        cp = int(r[1:])
        if cp in (9, 10) or (0x20 <= cp < 0x110000 and cp != 0x7F and not 0xD800 <= cp <= 0xDFFF):
            return chr(cp)
        return ""
    return CONTROL_RE.sub("", SGML_REF_RE.sub(ref, text))


def sgml_element(xml, tag):
    """Content of the first <TAG ...>...</TAG> (undecoded), or None when there is none."""
    m = re.search(r"<%s(?:\s[^>]*)?>(.*?)</%s>" % (tag, tag), xml, re.S)
    return m.group(1) if m else None


def reuters_body_paragraphs(body):
    """Hard-wrapped BODY -> paragraphs: a line indented with spaces (or a tab) or a blank line
    starts a new one (Reuters indents each paragraph and each table row); the lines of a paragraph
    are joined with one space, runs of spaces collapsed."""
    out, current = [], []
    for line in body.split("\n"):
        if not line.strip() or line[:1] in (" ", "\t"):
            if current:
                out.append(" ".join(current))
            current = []
        if line.strip():
            current.append(" ".join(line.split()))
    if current:
        out.append(" ".join(current))
    return out


def strip_signoff(body):
    """Drops the wire sign-off: a last word "Reuter" in any case (a few stories write "REUTER...",
    "REUTER...^M", "REUTERS" or sign off twice). "Reuters." ending a sentence is kept."""
    body = body.rstrip()
    while True:
        m = re.search(r"(?:^|\s)(?:[Rr][Ee][Uu][Tt][Ee][Rr]\.*(?:\^M)?|REUTERS)$", body)
        if not m:
            return body
        body = body[:m.start()].rstrip()


def read_reuters_stories(base):
    """Every <REUTERS> element of base/sgm-data/reut2-*.sgm in file order ->
    [{id (NEWID), title, body (decoded, sign-off removed; None when the story has no BODY), and
    the categories of each of REUTERS_LABELS: topics, places, orgs, people}]"""
    sgm = os.path.join(base, "sgm-data")
    files = sorted(f for f in os.listdir(sgm) if f.startswith("reut2-") and f.endswith(".sgm"))
    stories = []
    for name in files:
        with open(os.path.join(sgm, name), encoding="latin-1") as f:
            content = f.read()
        for m in REUTERS_STORY_RE.finditer(content):
            newid = re.search(r'\bNEWID="([0-9]+)"', m.group(1))
            xml = m.group(2)
            body = sgml_element(xml, "BODY")
            story = {
                "id": newid.group(1) if newid else None,
                "title": " ".join(sgml_decode(sgml_element(xml, "TITLE") or "").split()),
                "body": None if body is None else strip_signoff(sgml_decode(body)),
            }
            for label in REUTERS_LABELS:
                element = sgml_element(xml, label.upper()) or ""
                story[label] = [t.strip() for t in re.findall(r"<D>(.*?)</D>", element, re.S) if t.strip()]
            stories.append(story)
    return stories


def read_topic_queries(path):
    """bench/reuters_topics.tsv, bench/reuters_names.tsv: 'category<TAB>query' lines ('label:category'
    where a collection's queries come from several labels); '#' lines are comments."""
    queries = {}
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            sys.exit("%s:%d: expected 'category<TAB>query'" % (path, n))
        queries[parts[0].strip()] = parts[1].strip()
    return queries


def load_reuters(base, topics_path, labels=("topics",), min_stories=REUTERS_MIN_STORIES):
    """Stories with a non-empty BODY as documents (title = TITLE, paragraphs of the BODY); one
    query per category of the given labels (TOPICS; or PLACES, ORGS, PEOPLE) carried by at least
    min_stories of them, its text from topics_path (keyed 'label:category' where there are
    several labels); a story is relevant (gain 1) to the query of each category it carries."""
    docs, seen = [], set()
    for s in read_reuters_stories(base):
        if s["id"] is None or s["id"] in seen or not s["body"]:
            continue
        paras = reuters_body_paragraphs(s["body"])
        if not paras:
            continue
        seen.add(s["id"])
        categories = [c if len(labels) == 1 else label + ":" + c for label in labels for c in s[label]]
        docs.append({"id": s["id"], "title": s["title"], "paras": paras, "categories": categories})
    members = {}
    for d in docs:
        for t in dict.fromkeys(d["categories"]):
            members.setdefault(t, []).append(d["id"])
    texts = read_topic_queries(topics_path)
    cats = sorted(t for t, ids in members.items() if len(ids) >= min_stories)
    missing = [t for t in cats if t not in texts]
    if missing:
        sys.exit("%s: no query for the categories %s (each carried by >= %d stories)" % (
            topics_path, ", ".join(missing), min_stories))
    queries = [(t, texts[t]) for t in cats]
    qrels = {t: {d: 1 for d in members[t]} for t in cats}
    return docs, queries, qrels


def load_bbc_headlines(base):
    """BBC News (base/<class>/NNN.txt: the headline, a blank line, paragraphs separated by blank
    lines; UTF-8 or Latin-1): every story is a document of its body's paragraphs, untitled, and
    its headline a query (id = the story's number in class and file order). The relevant stories
    of a query: those with its headline or its story's body (the set holds copies)."""
    stories = []
    for cls in BBC_CLASSES:
        folder = os.path.join(base, cls)
        if not os.path.isdir(folder):
            continue
        for name in sorted(f for f in os.listdir(folder) if f.endswith(".txt")):
            with open(os.path.join(folder, name), "rb") as f:
                raw = f.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text.replace("\r", ""))]
            blocks = [b for b in blocks if b]
            if len(blocks) < 2:
                continue
            stories.append((blocks[0], blocks[1:]))
    docs, queries, qrels = [], [], {}
    by_headline, by_body = {}, {}
    for n, (headline, paras) in enumerate(stories, 1):
        docs.append({"id": str(n), "title": "", "paras": paras})
        by_headline.setdefault(headline.lower(), []).append(str(n))
        by_body.setdefault("\n".join(paras), []).append(str(n))
    for n, (headline, paras) in enumerate(stories, 1):
        relevant = set(by_headline[headline.lower()]) | set(by_body["\n".join(paras)])
        queries.append((str(n), headline))
        qrels[str(n)] = {d: 1 for d in sorted(relevant, key=int)}
    return docs, queries, qrels


def distribution(values):
    """-> {min, median, mean, p90, max} of a list of numbers."""
    xs = sorted(values)
    n = len(xs)
    median = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return {"min": xs[0], "median": median, "mean": round(sum(xs) / n, 2), "p90": xs[min(n - 1, int(0.9 * n))],
            "max": xs[-1]}


def default_queries(key):
    """The query file of a Reuters collection in bench/ (its spec's "queries")."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), COLLECTIONS[key]["queries"])


def load_collection(shared, key, topics_path=None):
    """-> {key, name, layout, docs: [{id, title, paras}], queries: [(qid, text)], qrels: {qid: {doc: gain}}};
    topics_path: the query file of a Reuters collection (default: default_queries(key))."""
    spec = COLLECTIONS[key]
    base = collection_path(shared, key)
    docs, queries, qrels = [], [], {}
    if spec["format"] == "bbc":
        docs, queries, qrels = load_bbc_headlines(base)
    elif spec["format"] == "reuters":
        docs, queries, qrels = load_reuters(base, topics_path or default_queries(key), tuple(spec["labels"]))
    elif spec["format"] == "smart":
        for doc_id, f in parse_smart(os.path.join(base, spec["docs"])):
            docs.append({"id": doc_id, "title": one_line(f.get("T", [])), "paras": paragraphs(f.get("W", []))})
        for n, (qid, f) in enumerate(parse_smart(os.path.join(base, spec["queries"])), 1):
            # Cranfield's judgements number the queries 1..225 in file order; the '.I' numbers
            # in cran.qry (001, 002, 004, ...) are not the ones cranqrel uses.
            queries.append((str(n) if key == "cran" else str(int(qid)), one_line(f.get("W", []))))
        for line in read_text(os.path.join(base, spec["qrels"])).splitlines():
            parts = line.split()
            if not parts:
                continue
            if key == "cran":       # query doc code: 1 (complete answer) .. 4 (minimum interest), -1 (no interest)
                q, d, code = parts[0], parts[1], int(parts[2])
                gain = 5 - code if 1 <= code <= 4 else 0
            elif key == "cisi":     # query doc 0 0.000000 (binary)
                q, d, gain = parts[0], parts[1], 1
            else:                   # med: query 0 doc 1 (binary)
                q, d, gain = parts[0], parts[2], 1
            qrels.setdefault(str(int(q)), {})[str(int(d))] = gain
    else:
        for doc_id, lines in parse_npl_blocks(os.path.join(base, spec["docs"])):
            docs.append({"id": doc_id, "title": "", "paras": [one_line(lines)]})
        for qid, lines in parse_npl_blocks(os.path.join(base, spec["queries"])):
            queries.append((qid, one_line(lines)))
        for qid, lines in parse_npl_blocks(os.path.join(base, spec["qrels"])):
            qrels[qid] = {str(int(d)): 1 for line in lines for d in line.split()}
    for d in docs:
        d["id"] = str(int(d["id"]))
        d["paras"] = [p for p in d["paras"] if p]
        if not d["paras"]:          # an empty body would be skipped by the indexer
            d["paras"] = [d["title"] or "(empty)"]
    return {"key": key, "name": spec["name"], "layout": spec.get("layout", "article"), "docs": docs,
            "queries": queries, "qrels": qrels, "paragraphs": distribution(len(d["paras"]) for d in docs)}


def describe_collection(coll):
    """Lines for stderr: size, queries and the distribution of paragraphs per document."""
    dist = coll["paragraphs"]
    counts = {}
    for d in coll["docs"]:
        n = len(d["paras"])
        b = str(n) if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else ">20"
        counts[b] = counts.get(b, 0) + 1
    order = ["1", "2", "3", "4", "5", "6-10", "11-20", ">20"]
    rel = [len([g for g in j.values() if g > 0]) for j in coll["qrels"].values()]
    return ("%s: %d documents, %d queries (relevant per query: median %s, min %s, max %s); paragraphs per "
            "document: median %s, mean %s, p90 %s, max %s; histogram %s" % (
                coll["key"], len(coll["docs"]), len(coll["queries"]), distribution(rel)["median"] if rel else 0,
                min(rel) if rel else 0, max(rel) if rel else 0, dist["median"], dist["mean"], dist["p90"],
                dist["max"], " ".join("%s:%d" % (b, counts[b]) for b in order if b in counts)))


# --------------------------------------------------------------------------- query text

def words(text):
    """Query text -> lower-case words: every non-alphanumeric character becomes a space, so that
    nothing reaches the query language's operators (quotes, brackets, -, *, :, AND/OR/NOT)."""
    return "".join(c if c.isalnum() else " " for c in text).lower().split()


# --------------------------------------------------------------------------- metrics

def evaluate(ranking, judged, depth=1000):
    """ranking: [doc ids]; judged: {doc: gain}, gain > 0 is relevant. -> (AP@depth, nDCG@10, P@10)"""
    relevant = {d for d, g in judged.items() if g > 0}
    hits, ap = 0, 0.0
    for i, d in enumerate(ranking[:depth], 1):
        if d in relevant:
            hits += 1
            ap += hits / i
    ap /= len(relevant)
    dcg = sum(judged.get(d, 0) / math.log2(i + 1) for i, d in enumerate(ranking[:10], 1))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    p10 = sum(1 for d in ranking[:10] if d in relevant) / 10
    return ap, dcg / idcg, p10


def score_run(run, coll):
    """run: {qid: [doc ids]} -> {"map", "ndcg10", "p10", "queries", "per_query"}"""
    per = {}
    for qid, _ in coll["queries"]:
        judged = coll["qrels"].get(qid)
        if not judged or not any(g > 0 for g in judged.values()):
            continue
        per[qid] = evaluate(run.get(qid, []), judged)
    n = len(per)
    mean = [sum(v[i] for v in per.values()) / n for i in range(3)]
    return {"map": mean[0], "ndcg10": mean[1], "p10": mean[2], "queries": n,
            "per_query": {q: {"ap": v[0], "ndcg10": v[1], "p10": v[2]} for q, v in per.items()}}


# --------------------------------------------------------------------------- FTS5 baseline

def fts5_run(coll, depth=1000):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO d(rowid, title, body) VALUES (?, ?, ?)",
                   [(int(d["id"]), d["title"], " ".join(d["paras"])) for d in coll["docs"]])
    run = {}
    for qid, text in coll["queries"]:
        terms = list(dict.fromkeys(words(text)))
        if not terms:
            run[qid] = []
            continue
        match = " OR ".join('"%s"' % t for t in terms)
        rows = db.execute("SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d), rowid LIMIT ?", (match, depth))
        run[qid] = [str(r[0]) for r in rows]
    db.close()
    return run


# --------------------------------------------------------------------------- Dossier

def write_articles(coll, path, layout):
    with open(path, "w", encoding="utf-8") as f:
        for d in coll["docs"]:
            if layout == "paragraphs":
                paras = d["paras"]
            elif layout == "titled" and d["title"]:
                paras = [d["title"] + " . " + " ".join(d["paras"])]
            else:
                paras = [" ".join(d["paras"])]
            rec = {"id": d["id"], "text": "\n".join(paras)}
            if d["title"]:
                rec["title"] = d["title"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def build_index(args, coll, layout):
    """layout 'article': the body as one paragraph (one passage per article: the whole document);
    'paragraphs': the document's own paragraphs as passages (Reuters' default; to compare
    --article-score on the abstracts); 'titled': the title also at the start of the body."""
    name = coll["key"] if layout == "article" else coll["key"] + "-" + layout
    jsonl = os.path.join(args.work, name + ".jsonl")
    db = os.path.join(args.work, name + ".db")
    write_articles(coll, jsonl, layout)
    if os.path.exists(db):
        shutil.rmtree(db)
    started = time.time()
    proc = subprocess.run([os.path.join(args.bin, "dossier-index"), "--quiet", "--db", db, jsonl],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("dossier-index failed (%d) on %s:\n%s" % (proc.returncode, jsonl, proc.stderr[-2000:]))
    return db, time.time() - started


# dossier-search's limit on the words of one query (README, query language): the one longer
# query (CISI 90, 1,517 characters) is run as its distinct words.
MAX_QUERY_WORDS = 256


def search_one(binary, db, flags, text, depth):
    cmd = [binary, "--db", db, "--json", "--by", "article", "--limit", str(depth), "--facet-top", "1",
           "--fragments", "1", "--color", "never"] + flags + [text]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode == 1:                       # no hits
        return [], None
    if proc.returncode != 0:
        return [], proc.stderr.strip()
    # A hit's near-duplicates (copies) are listed under it, best first, as the analyst sees them
    # ("+N copies"): each is a returned document of the collection, ranked right after its hit.
    ids = []
    for hit in json.loads(proc.stdout)["hits"]:
        ids.append(str(hit["article"]["id"]))
        ids.extend(str(copy) for copy in hit.get("copies", []))
    return list(dict.fromkeys(ids))[:depth], None


def dossier_run(args, pool, coll, db, flags, query_filter=None):
    """-> ({qid: [doc ids]}, [errors])"""
    binary = os.path.join(args.bin, "dossier-search")
    jobs = {}
    for qid, text in coll["queries"]:
        # The query's distinct words, in order: what FTS5 is given (fts5_run). Every system ranks
        # the same words, a word repeated in a question counting once in each.
        terms = list(dict.fromkeys(words(text)))
        if query_filter:
            terms = query_filter(terms)
        if not terms:                  # nothing to search for (an empty query would match everything)
            continue
        if len(terms) > MAX_QUERY_WORDS:  # dossier-search refuses more words (a query error)
            terms = terms[:MAX_QUERY_WORDS]
        jobs[qid] = pool.submit(search_one, binary, db, flags, " ".join(terms), args.depth)
    run, errors = {}, []
    for qid, job in jobs.items():
        run[qid], err = job.result()
        if err:
            errors.append("%s q%s: %s" % (coll["key"], qid, err))
    return run, errors


# --------------------------------------------------------------------------- variants

# Xapian::BM25Weight() defaults: k1=1, b=0.5 (k2=0, k3=1), one BM25 over each whole document:
# Dossier over a one-passage-per-document layout, ranked by that passage alone.
XAPIAN_DEFAULT = ["--bm25", "1,0.5", "--article-score", "best"]
GRID_K1 = ["0.9", "1.2", "1.5", "2.0"]
GRID_B = ["0.3", "0.5", "0.75", "0.9"]
GRID_EXPAND = ["5", "10", "20"]

# NLTK's English stopword list (179 words; the apostrophe forms arrive split, as words() splits
# them). Used only to measure whether a longer list than the searcher's ~100 words would help.
NLTK_STOPWORDS = set("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should
now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn
wasn weren won wouldn""".split())


def fmt(x):
    return "%.4f" % x


def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs)


LAYOUT_NOTES = {"article": [], "paragraphs": ["(paragraphs as passages)"],
                "titled": ["(title copied into the body)"], "auto": []}


def split_layout(flags, layout="auto"):
    """Takes the harness's own pseudo-flag '--layout article|paragraphs|titled' out of a flag list
    (it chooses how the articles are written, and never reaches dossier-search)."""
    flags = list(flags)
    while "--layout" in flags:
        i = flags.index("--layout")
        if i + 1 >= len(flags) or flags[i + 1] not in ("article", "paragraphs", "titled", "auto"):
            sys.exit("--layout takes article, paragraphs, titled or auto")
        layout = flags[i + 1]
        del flags[i:i + 2]
    return flags, layout


class Evaluator:
    def __init__(self, args, colls, pool):
        self.args, self.colls, self.pool = args, colls, pool
        self.dbs = {}
        self.results = {}          # system name -> {coll key -> metrics}
        self.flags = {}            # system name -> flags (Dossier systems), with notes on the layout
        self.keys = {}             # system name -> (flags, layout, filtered)
        self.runs = {}             # (coll key, flags, layout as written, filtered) -> metrics: each run once
        self.errors = []
        self.index_seconds = {}

    def db(self, coll, layout="article"):
        key = (coll["key"], layout)
        if key not in self.dbs:
            self.dbs[key], self.index_seconds["%s/%s" % key] = build_index(self.args, coll, layout)
        return self.dbs[key]

    def fts5(self, colls=None):
        per = self.results.setdefault("FTS5 bm25", {})
        for c in colls or self.colls:
            per[c["key"]] = score_run(fts5_run(c, self.args.depth), c)

    def dossier(self, name, flags, layout="auto", query_filter=None, colls=None):
        """Evaluates Dossier with these flags on colls (default: the tuning collections). layout
        'auto' is each collection's own (one passage per document, Reuters' paragraphs as
        passages); flags may hold '--layout X' instead. A setting already run on a collection
        (under any name) is not run again."""
        colls = colls or self.colls
        flags, layout = split_layout(flags, layout)
        filtered = query_filter is not None
        per = self.results.setdefault(name, {})
        self.keys[name] = (tuple(flags), layout, filtered)
        self.flags[name] = flags + LAYOUT_NOTES[layout] + (["(harness drops NLTK stopwords)"] if filtered else [])
        todo = [c for c in colls if c["key"] not in per]
        for c in todo:
            written = c["layout"] if layout == "auto" else layout
            key = (c["key"], tuple(flags), written, filtered)
            if key not in self.runs:
                run, errors = dossier_run(self.args, self.pool, c, self.db(c, written), flags, query_filter)
                self.errors += errors
                self.runs[key] = score_run(run, c)
            per[c["key"]] = self.runs[key]
        if self.args.verbose and todo:
            print("  %-34s %s" % (name, "  ".join("%s MAP %s" % (c["key"], fmt(per[c["key"]]["map"])) for c in todo)),
                  file=sys.stderr, flush=True)
        return per

    def objective(self, name):
        """Mean over collections of MAP relative to FTS5 (so that no collection dominates)."""
        fts = self.results["FTS5 bm25"]
        return mean(self.results[name][c["key"]]["map"] / fts[c["key"]]["map"] for c in self.colls)


def parse_systems(text):
    """'name=flags;name=flags' -> [(name, [flags])]; flags are split like a shell line."""
    out = []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, flags = part.partition("=")
        if not sep or not name.strip():
            sys.exit("--systems: expected 'name=flags;name=flags', got %r" % part)
        out.append((name.strip(), shlex.split(flags)))
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        sys.exit("--systems: a name is used twice")
    return out


def run_all(args, colls, holdout):
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
        ev = Evaluator(args, colls, pool)
        ev.fts5()
        # Xapian's default weighting over whole documents (title and every paragraph in one passage).
        ev.dossier("Xapian default BM25", XAPIAN_DEFAULT, "article")
        if args.systems:
            # Named Dossier settings only: no selection, so no held-out collections either.
            for name, flags in parse_systems(args.systems):
                ev.dossier("Dossier " + name, flags)
            for text in args.system:
                ev.dossier("Dossier %s" % text, shlex.split(text))
            return ev, None, time.time() - started
        ev.dossier("Dossier default", [])
        best = "Dossier default"
        if args.variants in ("grid", "all"):
            grid = []
            for k1 in GRID_K1:
                for b in GRID_B:
                    name = "bm25 %s,%s" % (k1, b)
                    ev.dossier(name, ["--bm25", "%s,%s" % (k1, b)])
                    grid.append(name)
            best_bm25 = max(grid, key=ev.objective)
            best = best_bm25
            for n in GRID_EXPAND:
                name = "%s expand %s" % (best_bm25, n)
                ev.dossier(name, ev.flags[best_bm25] + ["--expand", n])
                if ev.objective(name) > ev.objective(best):
                    best = name
        for text in args.system:
            ev.dossier("Dossier %s" % text, shlex.split(text))
        if args.variants == "all":
            # Evidence rather than candidates (never chosen as "best"): each changes one thing.
            best_flags = ev.flags[best]
            if "--expand" in best_flags:
                n = best_flags[best_flags.index("--expand") + 1]
                ev.dossier("Dossier default --expand %s" % n, ["--expand", n])
            ev.dossier("Dossier default --match all", ["--match", "all"])
            for label, flags in (("Dossier default", []), (best, best_flags)):
                for score in ("best", "sum"):
                    ev.dossier("%s, paragraphs as passages, %s" % (label, score), flags + ["--article-score", score],
                               "paragraphs")
            ev.dossier("%s, title copied into body" % best, best_flags, "titled")
            ev.dossier("%s, NLTK stopwords dropped" % best, best_flags,
                       query_filter=lambda ws: [w for w in ws if w not in NLTK_STOPWORDS] or ws)
        if holdout:
            # Held-out collections: never seen by the selection above; the main table's systems only.
            ev.fts5(holdout)
            for name in held_out_systems(ev, best, args):
                ev.dossier(name, list(ev.keys[name][0]), ev.keys[name][1], colls=holdout)
    return ev, best, time.time() - started


def held_out_systems(ev, best, args):
    names = ["Xapian default BM25", "Dossier default", best] + ["Dossier %s" % t for t in args.system]
    names += [n for n in ev.results if n.startswith("Dossier default --expand")]
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- report
# The report is rendered from the JSON data alone, so that --from-json can redo it without a run.

def randomization_p(a, b, trials=10000):
    """Two-sided paired randomization test on per-query values (Smucker et al. 2007); seeded."""
    import random
    diffs = [x - y for x, y in zip(a, b)]
    observed = abs(sum(diffs))
    if observed < 1e-12:
        return 1.0
    rng = random.Random(0)
    hits = sum(1 for _ in range(trials) if abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= observed - 1e-12)
    return (hits + 1) / (trials + 1)


def pvalue(p):
    return "<0.001" if p < 0.001 else "%.3f" % p


def table_systems(data):
    if "table" in data:
        return data["table"]
    out = [["FTS5 bm25 (porter unicode61, OR)", "FTS5 bm25"],
           ["Xapian default BM25 (`--bm25 1,0.5`)", "Xapian default BM25"],
           ["Dossier default flags", "Dossier default"]]
    if data["best"] != "Dossier default":
        out.append(["Dossier best (`%s`)" % " ".join(data["systems"][data["best"]]["flags"]), data["best"]])
    for name, sysd in data["systems"].items():
        if name.startswith("Dossier default --expand"):
            out.append(["Dossier default flags + `%s`" % " ".join(sysd["flags"]), name])
    return out


XAPIAN = "Xapian default BM25"


def compare(res, name, base, k):
    """Per-query comparison of system name with base on collection k: (AP better, AP worse,
    p on AP, p on nDCG@10), or None when either has no results there."""
    if name not in res or base not in res or k not in res[name] or k not in res[base]:
        return None
    mine, theirs = res[name][k]["per_query"], res[base][k]["per_query"]
    qs = sorted(q for q in mine if q in theirs)
    ap = ([mine[q]["ap"] for q in qs], [theirs[q]["ap"] for q in qs])
    nd = ([mine[q]["ndcg10"] for q in qs], [theirs[q]["ndcg10"] for q in qs])
    return (sum(x > y + 1e-9 for x, y in zip(*ap)), sum(x < y - 1e-9 for x, y in zip(*ap)),
            randomization_p(*ap), randomization_p(*nd))


def significance_table(data, bases, with_metrics):
    """Rows per collection and system: (MAP, nDCG@10, P@10,) then for each base the queries
    whose AP is better / worse and the paired randomization p-values on AP and on nDCG@10."""
    colls, res = data["collections"], {n: s["results"] for n, s in data["systems"].items()}
    bases = [b for b in bases if b in res]
    short = {"FTS5 bm25": "FTS5", XAPIAN: "Xapian", "Dossier default": "Dossier default"}
    head = "| collection | system |" + (" MAP | nDCG@10 | P@10 |" if with_metrics else "")
    rule = "|---|---|" + ("---:|" * 3 if with_metrics else "")
    for b in bases:
        head += " AP +/− vs %s | p MAP vs %s | p nDCG@10 vs %s |" % ((short.get(b, b),) * 3)
        rule += "---|---:|---:|"
    out = [head, rule]
    for k, c in colls.items():
        for label, name in table_systems(data):
            m = res.get(name, {}).get(k)
            if m is None or (not with_metrics and name == "FTS5 bm25"):
                continue
            row = [c["name"], label]
            if with_metrics:
                row += [fmt(m["map"]), fmt(m["ndcg10"]), fmt(m["p10"])]
            for b in bases:
                cmp = None if b == name else compare(res, name, b, k)
                row += ["—", "", ""] if cmp is None else ["%d / %d" % cmp[:2], pvalue(cmp[2]), pvalue(cmp[3])]
            out.append("| " + " | ".join(row) + " |")
    return out


def describe(k, c, fts):
    text = "%s (%d docs, %d queries, %d judged" % (c["name"], c["docs"], c["queries"], fts[k]["queries"])
    if c.get("layout") == "paragraphs":
        text += "; paragraphs per doc: median %s, mean %s; Dossier indexes each paragraph as a passage, the " \
                "Xapian default the whole document" % (c["paragraphs"]["median"], c["paragraphs"]["mean"])
    return text + ")"


def render(data):
    colls = data["collections"]                    # key -> {name, docs, queries, held_out}
    systems = data["systems"]                      # name -> {flags, results: key -> metrics}
    res = {n: s["results"] for n, s in systems.items()}
    fts = res["FTS5 bm25"]
    tuning = [k for k, c in colls.items() if not c.get("held_out")]
    held = [k for k, c in colls.items() if c.get("held_out")]
    flags = lambda n: " ".join(systems[n]["flags"] or []) or "(none)"
    objective = lambda n: mean(res[n][k]["map"] / fts[k]["map"] for k in tuning)
    out = ["Collections: " + ", ".join(describe(k, c, fts) for k, c in colls.items())]
    if held:
        out.append("Held out (not used to choose the setting): " + ", ".join(colls[k]["name"] for k in held))
    note = ("AP +/−: queries with a better / worse average precision than the baseline; p: two-sided paired "
            "randomization test (10,000 permutations) on per-query AP (p MAP) and on per-query nDCG@10.")
    if data.get("variants") == "systems":
        out += ["", note, ""] + significance_table(data, ["FTS5 bm25", XAPIAN], True)
    else:
        out += ["", "| collection | system | MAP | nDCG@10 | P@10 | MAP / FTS5 | nDCG@10 / FTS5 | P@10 / FTS5 |",
                "|---|---|---:|---:|---:|---:|---:|---:|"]
        for k, c in colls.items():
            for label, name in table_systems(data):
                m = res[name].get(k)
                if m is None:
                    continue
                ratio = [m[x] / fts[k][x] if fts[k][x] else float("nan") for x in ("map", "ndcg10", "p10")]
                out.append("| %s%s (%d q) | %s | %s | %s | %s | %.2f | %.2f | %.2f |" % (
                    c["name"], ", held out" if k in held else "", m["queries"], label,
                    fmt(m["map"]), fmt(m["ndcg10"]), fmt(m["p10"]), *ratio))
        out += ["", "Per query, against FTS5, the Xapian default and Dossier's default flags. " + note, ""]
        out += significance_table(data, ["FTS5 bm25", XAPIAN, "Dossier default"], False)
    dossier = [n for n in systems if n != "FTS5 bm25"]
    if len(dossier) > 2 and data.get("variants") != "systems":
        out += ["", "Every Dossier system on the tuning collections (MAP; then the mean over them of MAP / FTS5 MAP, "
                "the selection criterion, and of nDCG@10 / FTS5):", "",
                "| system | flags | " + " | ".join("%s MAP" % colls[k]["name"] for k in tuning) +
                " | mean MAP / FTS5 | mean nDCG@10 / FTS5 |", "|---|---|" + "---:|" * (len(tuning) + 2)]
        for n in dossier:
            ndcg = mean(res[n][k]["ndcg10"] / fts[k]["ndcg10"] for k in tuning)
            out.append("| %s | `%s` | %s | %.3f | %.3f |" % (
                n, flags(n), " | ".join(fmt(res[n][k]["map"]) for k in tuning), objective(n), ndcg))
        if data.get("variants", "all") != "baselines":
            out += ["", "Best on average over the tuning collections together (candidates: the BM25 grid, then "
                    "--expand on its best): %s (`%s`)" % (data["best"], flags(data["best"]))]
    out.append("")
    line = "Run time: %.0f s" % data["seconds"]
    if "dossier_runs" in data:
        line += " (%d Dossier runs of a setting on a collection, %d queries in all, %d workers; indexing %s)" % (
            data["dossier_runs"], data["queries"], data["workers"],
            ", ".join("%s %.1f s" % kv for kv in data["index_seconds"].items()))
    elif "runs" in data:
        line += " (%d Dossier runs x %d queries, %d workers; indexing %s)" % (
            data["runs"], data["queries"], data["workers"],
            ", ".join("%s %.1f s" % kv for kv in data["index_seconds"].items()))
    out.append(line)
    if data.get("errors"):
        out.append("%d queries failed, e.g. %s" % (len(data["errors"]), data["errors"][:3]))
    return "\n".join(out)


def emit(report, markdown):
    print(report)
    if markdown:
        with open(markdown, "w", encoding="utf-8") as f:
            f.write(report + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--collections", default=DEFAULT_COLLECTIONS, help="comma-separated: cran,cisi,med,npl,reuters,reuters-names,bbc-headlines")
    p.add_argument("--holdout", default="npl",
                   help="collections evaluated only with the main table's systems, after the setting was chosen "
                        "on --collections (default: npl; '' for none; ignored with --systems)")
    p.add_argument("--bin", default=os.path.join(repo, "build", "bin"), help="directory of dossier-index/-search")
    p.add_argument("--shared", default=os.path.join(os.path.dirname(repo), "shared"), help="the ../shared folder")
    p.add_argument("--work", help="folder for the JSONL files and databases (default: a temporary one, removed)")
    p.add_argument("--variants", choices=["baselines", "grid", "all"], default="all",
                   help="baselines: FTS5, Xapian default, Dossier default; grid: + k1 x b grid and --expand on the "
                        "best; all: + evidence rows (--match all, paragraphs as passages with --article-score best/sum, the title copied into the body, a longer stopword list)")
    p.add_argument("--systems", metavar="NAME=FLAGS;...",
                   help="only these Dossier settings (next to FTS5 and the Xapian default, the baselines of the "
                        "p-values), e.g. 'default=;expand20=--expand 20;sum=--article-score sum'; '--layout "
                        "article|paragraphs' in a setting chooses how the articles are written (default: each "
                        "collection's own). Replaces --variants; one table with p-values vs FTS5 and vs Xapian")
    p.add_argument("--reuters-topics", default=default_queries("reuters"),
                   help="the Reuters queries: category<TAB>query (default: bench/reuters_topics.tsv)")
    p.add_argument("--reuters-names", default=default_queries("reuters-names"),
                   help="the reuters-names queries: label:category<TAB>query (default: bench/reuters_names.tsv)")
    p.add_argument("--system", action="append", default=[], metavar="FLAGS",
                   help="also evaluate Dossier with these flags, e.g. --system='--bm25 2.0,0.75 --expand 20' "
                        "(repeatable; shown in the main table)")
    p.add_argument("--depth", type=int, default=1000, help="ranking depth (AP@depth)")
    p.add_argument("--workers", type=int, default=2, help="parallel dossier-search processes")
    p.add_argument("--json", help="write every number (per query too) to this file")
    p.add_argument("--markdown", help="write the report (markdown) to this file")
    p.add_argument("-v", "--verbose", action="store_true", help="print each system as it finishes")
    p.add_argument("--from-json", metavar="FILE", help="only re-render the report from a --json file of an earlier run")
    args = p.parse_args()
    if args.from_json:
        with open(args.from_json, encoding="utf-8") as f:
            emit(render(json.load(f)), args.markdown)
        return 0

    keys = [k.strip() for k in args.collections.split(",") if k.strip()]
    held_keys = [k.strip() for k in args.holdout.split(",") if k.strip() and k.strip() not in keys]
    if args.systems:
        parse_systems(args.systems)            # fail early on a bad list
        held_keys = []
        args.variants = "systems"
    for k in keys + held_keys:
        if k not in COLLECTIONS:
            p.error("unknown collection %r (known: %s)" % (k, ",".join(COLLECTIONS)))

    def load(ks):
        out = []
        for k in ks:
            if not collection_present(args.shared, k):
                print("skipped: %s absent" % collection_path(args.shared, k))
                continue
            queries_file = {"reuters": args.reuters_topics, "reuters-names": args.reuters_names}.get(k)
            out.append(load_collection(args.shared, k, queries_file))
            print(describe_collection(out[-1]), file=sys.stderr, flush=True)
        return out

    colls, holdout = load(keys), load(held_keys)
    if not colls:
        return 0
    for tool in ("dossier-index", "dossier-search"):
        if not os.access(os.path.join(args.bin, tool), os.X_OK):
            p.error("%s not found in %s (build first, or pass --bin)" % (tool, args.bin))

    temp = None
    if not args.work:
        temp = args.work = tempfile.mkdtemp(prefix="dossier-ir-")
    os.makedirs(args.work, exist_ok=True)
    # Run copies of the binaries, so that a rebuild during the run cannot swap them mid-way.
    bindir = os.path.join(args.work, "bin")
    os.makedirs(bindir, exist_ok=True)
    for tool in ("dossier-index", "dossier-search"):
        shutil.copy2(os.path.join(args.bin, tool), os.path.join(bindir, tool))
    args.bin = bindir
    try:
        ev, best, seconds = run_all(args, colls, holdout)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    table = [["FTS5 bm25 (porter unicode61, OR)", "FTS5 bm25"],
             ["Xapian default BM25 (`--bm25 1,0.5`, whole document)", "Xapian default BM25"]]
    if args.systems:
        table += [["Dossier %s (`%s`)" % (n, " ".join(f) or "no flags"), "Dossier " + n]
                  for n, f in parse_systems(args.systems)]
    else:
        table.append(["Dossier default flags", "Dossier default"])
    if best not in (None, "Dossier default"):
        table.append(["Dossier best (`%s`)" % " ".join(ev.flags[best]), best])
    for text in args.system:
        table.append(["Dossier `%s`" % text, "Dossier %s" % text])
    for name in ev.results:
        if name.startswith("Dossier default --expand"):
            table.append(["Dossier default flags + `%s`" % " ".join(ev.flags[name]), name])
    data = {"collections": {c["key"]: {"name": c["name"], "docs": len(c["docs"]), "queries": len(c["queries"]),
                                       "held_out": c in holdout, "layout": c["layout"],
                                       "paragraphs": c["paragraphs"]} for c in colls + holdout},
            "systems": {n: {"flags": ev.flags.get(n), "results": r} for n, r in ev.results.items()},
            "table": table, "best": best, "variants": args.variants, "seconds": seconds,
            "dossier_runs": len(ev.runs), "queries": sum(len(c["queries"]) for c in colls + holdout),
            "workers": args.workers, "index_seconds": ev.index_seconds, "errors": ev.errors}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
    emit(render(data), args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
