#!/usr/bin/env python3
"""Actor-facet evaluation against the PEOPLE and ORGS labels of Reuters-21578.

Every story that carries at least one PEOPLE or ORGS label and has a BODY is written, as the
C++ country evaluation (bench/eval_countries.cpp, bench/reuters.cpp) builds it -- the title, then
the body paragraphs with the dateline in front of the lead -- to a temporary JSONL file
({"id", "title", "text"}, one paragraph per line of "text", outside the repository), tagged by
the real indexer (`dossier-index --dump-passages`), and the actor entities of each story are
scored against its labels, micro-averaged over stories, separately for PEOPLE and for ORGS.

    python3 bench/eval_actors.py                          # shipped gazetteers, build/bin
    python3 bench/eval_actors.py --gazetteers DIR         # another gazetteer directory
    python3 bench/eval_actors.py --bin DIR --reuters DIR --worst 20 --json out.json
    python3 bench/eval_actors.py --stories stories.jsonl  # one JSON line per story (gold, tagged)

Label mapping. A tagged actor stands for a label of the collection's vocabulary
(other-data/all-people-strings.lc.txt, all-orgs-strings.lc.txt) when the label's words (dashes
as spaces) equal, folded (lower case, no diacritics, punctuation as spaces), the actor's display
name or one of its names (alias:, exact:, ambiguous: in the gazetteer files); a one-word PEOPLE
label also stands for a person whose display name ends in that word ("volcker" = Paul Volcker).
An ORGS label also matches through its full name in other-data/cat-descriptions_120396.txt
("worldbank" = International Bank for Reconstruction and Development) and through the few
spellings in EXTRA_ORG_NAMES. PEOPLE labels only map to actors of type person, ORGS labels only
to the other actors.

Which actors count. By default only gazetteer matches: entities the indexer marks "discovered"
(actors it finds by the shape of the text without a gazetteer entry) are left out, so the
figures measure the gazetteers. --with-discovered counts them too, mapped by their display name
(as persons when found by a person rule: title, speaker, surname).

Scoring. Per story and label class, predicted = the labels that the story's tagged actors map to;
TP = predicted and gold, FP = predicted but not gold, FN = gold but not predicted. Reuters labels
only its fixed vocabulary, so a tagged actor that maps to no label of the vocabulary cannot be
judged and is not counted (it is listed as "unjudged" with its number of stories). Every gold
label counts for recall, including labels that no gazetteer entry can map to (listed as "no
actor in the gazetteers"; they bound the recall).

Exit status: 0 after a report, 77 when the Reuters directory (with sgm-data/) is absent, 2 on
errors (indexer missing or failing). Python 3 standard library only; nothing of the Reuters text
is kept after the run (--keep-work keeps the temporary directory for inspection).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REUTERS = os.path.join(REPO, "..", "shared", "data", "reuters21578")
DEFAULT_BIN = os.path.join(REPO, "build", "bin")
DEFAULT_GAZ = os.path.join(REPO, "corpus", "gazetteers")

# ORGS labels whose spelling in the text is neither the label nor the catalogue's full name.
EXTRA_ORG_NAMES = {
    "worldbank": ["world bank"],
    "ec": ["european community", "european communities", "european economic community"],
    "ico-coffee": ["international coffee organization"],
    "icco": ["international cocoa organization"],
    "ico-islam": ["organisation of the islamic conference", "organization of the islamic conference",
                  "organization of islamic cooperation", "organisation of islamic cooperation"],
    "fao": ["food and agriculture organization"],
    "ilo": ["international labor organization", "international labour organization"],
    "who": ["world health organization"],
    "iaea": ["international atomic energy agency"],
    "eca": ["economic commission for africa"],
    "gcc": ["gulf cooperation council", "cooperation council for the arab states of the gulf"],
}


# --------------------------------------------------------------------------- Reuters reading

STORY_RE = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)


def element(xml, tag):
    """Content of the first <TAG ...>...</TAG> of xml, or None."""
    m = re.search(r"<%s(?:\s[^>]*)?>(.*?)</%s>" % (tag, tag), xml, re.S)
    return m.group(1) if m else None


def sgml_decode(text):
    """&#N; &lt; &gt; &amp; &quot; decoded; control characters other than \\n and \\t dropped
    (as bench/reuters.cpp decode_sgml)."""
    def ref(m):
        r = m.group(1)
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
        if r in named:
            return named[r]
        if r.startswith("#") and r[1:].isdigit():
            cp = int(r[1:])
            if cp in (9, 10) or (cp >= 0x20 and cp != 0x7F and cp < 0x110000 and not 0xD800 <= cp <= 0xDFFF):
                return chr(cp)
            return ""
        return m.group(0)
    text = re.sub(r"&([#A-Za-z0-9]{1,9});", ref, text)
    return "".join(c for c in text if c in "\n\t" or (ord(c) >= 0x20 and ord(c) != 0x7F))


def collapse(text):
    return " ".join(text.split())


def strip_signoff(body):
    """The wire sign-off, a last word "Reuter" or "REUTER" (bench/reuters.cpp)."""
    t = body.strip()
    for sign in ("Reuter", "REUTER"):
        if t.endswith(sign):
            before = len(t) - len(sign)
            if before == 0 or t[before - 1].isspace():
                t = t[:before].strip()
            break
    return t


def labels_of(xml, tag):
    block = element(xml, tag) or ""
    return [d.strip() for d in re.findall(r"<D>(.*?)</D>", block, re.S) if d.strip()]


def read_stories(reuters):
    sgm = os.path.join(reuters, "sgm-data")
    names = sorted(n for n in os.listdir(sgm) if n.startswith("reut2-") and n.endswith(".sgm"))
    if not names:
        raise RuntimeError("%s: no reut2-*.sgm files" % sgm)
    stories = []
    for name in names:
        with open(os.path.join(sgm, name), encoding="latin-1") as f:
            content = f.read()
        for m in STORY_RE.finditer(content):
            newid = re.search(r'\bNEWID="([0-9]+)"', m.group(1))
            xml = m.group(2)
            text = element(xml, "TEXT") or ""
            stories.append({
                "id": newid.group(1) if newid else None,
                "people": labels_of(xml, "PEOPLE"),
                "orgs": labels_of(xml, "ORGS"),
                "title": collapse(sgml_decode(element(text, "TITLE") or "")),
                "dateline": collapse(sgml_decode(element(text, "DATELINE") or "")),
                "body": strip_signoff(sgml_decode(element(text, "BODY") or "")),
            })
    return stories


def body_paragraphs(body, dateline=""):
    """bench/reuters.cpp body_paragraphs: a paragraph starts at a blank line or at a line
    indented with spaces; lines are joined with one space; the dateline goes before the lead."""
    paras, cur = [], []
    for line in body.split("\n"):
        if not line.strip() or line[:1] in (" ", "\t"):
            text = collapse(" ".join(cur))
            if text:
                paras.append(text)
            cur = []
        cur.append(line)
    text = collapse(" ".join(cur))
    if text:
        paras.append(text)
    lead = collapse(dateline)
    if lead:
        if paras:
            paras[0] = lead + " " + paras[0]
        else:
            paras.append(lead)
    return paras


# --------------------------------------------------------------------------- gazetteer names

def fold(text):
    """Lower case, no diacritics, every run of non-alphanumerics one space."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in t).split())


def read_actor_names(gaz_dir):
    """id -> {"name", "type", "names": set of folded names} over every *.gaz file whose facet is
    actor (the indexer loads every *.gaz file of the directory)."""
    actors = {}
    for fname in sorted(os.listdir(gaz_dir)):
        if not fname.endswith(".gaz"):
            continue
        facet, cur = None, None
        with open(os.path.join(gaz_dir, fname), encoding="utf-8") as f:
            for line in f:
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                if s.startswith("@facet"):
                    facet = s.split(None, 1)[1].strip() if len(s.split()) > 1 else None
                    continue
                if s.startswith("@") or facet != "actor" or ":" not in s:
                    continue
                key, value = s.split(":", 1)
                key, value = key.strip(), value.strip()
                if key == "id":
                    cur = actors.setdefault(value, {"name": value, "type": "", "names": set()})
                elif cur is None:
                    continue
                elif key == "name":
                    cur["name"] = value
                    cur["names"].add(fold(value))
                elif key == "type":
                    cur["type"] = value
                elif key in ("alias", "exact", "ambiguous"):
                    cur["names"].update(fold(v) for v in value.split("|") if v.strip())
    return actors


def read_vocabulary(reuters, name):
    path = os.path.join(reuters, "other-data", name)
    with open(path, encoding="latin-1") as f:
        return [w.strip() for w in f if w.strip()]


def org_full_names(reuters):
    """ORGS label -> folded full names from cat-descriptions ("Name (LABEL)@*" lines)."""
    path = os.path.join(reuters, "other-data", "cat-descriptions_120396.txt")
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="latin-1") as f:
        text = f.read()
    m = re.search(r"@heading\[Organization Codes.*?@begin\[format\](.*?)@end\[format\]", text, re.S)
    if not m:
        return out
    for entry in m.group(1).split("@*"):
        entry = collapse(re.sub(r"\[[^\]]*\]", " ", entry))
        em = re.match(r"^(.*)\(([A-Za-z-]+)\)$", entry.strip())
        if em:
            out.setdefault(em.group(2).lower(), []).append(fold(em.group(1)))
    return out


def make_label_keys(people_vocab, orgs_vocab, org_names):
    """[(class, label, set of folded names the label stands for)]."""
    label_keys = []
    for label in people_vocab:
        label_keys.append(("people", label, {fold(label.replace("-", " "))}))
    for label in orgs_vocab:
        keys = {fold(label.replace("-", " "))}
        keys.update(org_names.get(label, []))
        keys.update(fold(n) for n in EXTRA_ORG_NAMES.get(label, []))
        label_keys.append(("orgs", label, keys))
    return label_keys


def labels_for(name, names, person, label_keys):
    """The (class, label) pairs an actor stands for (module docstring, "Label mapping")."""
    out = set()
    surname = fold(name).split()[-1:] if person else []
    for cls, label, keys in label_keys:
        if (cls == "people") != person:
            continue
        if keys & names:
            out.add((cls, label))
        elif cls == "people" and "-" not in label and surname and surname[0] == fold(label):
            out.add((cls, label))
    return out


def build_label_map(actors, label_keys):
    """actor id -> set of ("people"|"orgs", label)."""
    return {aid: labels_for(a["name"], a["names"], a["type"] == "person", label_keys)
            for aid, a in actors.items()}


# rules of the indexer's discovered actors (indexer/recogniser.h) that find persons
DISCOVERED_PERSON_RULES = ("title", "speaker", "surname")


def discovered_labels(entity, label_keys, cache):
    """Labels of an actor the indexer discovered (no gazetteer entry): by its display name."""
    key = (entity["id"], entity.get("rule", ""))
    if key not in cache:
        person = entity.get("rule", "") in DISCOVERED_PERSON_RULES
        cache[key] = labels_for(entity["name"], {fold(entity["name"])}, person, label_keys)
    return cache[key]


# --------------------------------------------------------------------------- scoring

class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def p(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def r(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self):
        p, r = self.p(), self.r()
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self):
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.p(), 4),
                "recall": round(self.r(), 4), "f1": round(self.f1(), 4)}


def add_miss(table, label, story_id, detail=None):
    m = table.setdefault(label, {"count": 0, "examples": [], "detail": {}})
    m["count"] += 1
    if len(m["examples"]) < 3:
        m["examples"].append(story_id)
    if detail:
        m["detail"][detail] = m["detail"].get(detail, 0) + 1


def worst(table, n):
    return sorted(table.items(), key=lambda kv: (-kv[1]["count"], kv[0]))[:n]


def top_detail(detail, n=3):
    return ", ".join("%s x%d" % (k, v) for k, v in sorted(detail.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def run_indexer(binary, jsonl, gaz_dir, jobs):
    cmd = [binary, "--dump-passages", "--quiet"]
    if gaz_dir:
        cmd += ["--gazetteers", gaz_dir]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    cmd.append(jsonl)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), proc.returncode,
                                                   proc.stderr.decode("utf-8", "replace")[-2000:]))
    per_story = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        ents = per_story.setdefault(str(row["article_id"]), [])
        for e in row.get("entities", []):
            if e.get("facet") == "actor":
                ents.append(e)
    return per_story


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters", default=DEFAULT_REUTERS, help="Reuters-21578 directory (with sgm-data/)")
    ap.add_argument("--bin", default=DEFAULT_BIN, help="directory with dossier-index")
    ap.add_argument("--gazetteers", default=None,
                    help="gazetteer directory passed to dossier-index (default: the indexer's own)")
    ap.add_argument("--worst", type=int, default=15, help="false positives / negatives listed per class")
    ap.add_argument("--jobs", type=int, default=0, help="indexer --jobs (default: the indexer's)")
    ap.add_argument("--json", help="also write the figures as JSON to FILE")
    ap.add_argument("--stories", help="write one JSON line per evaluated story to FILE")
    ap.add_argument("--with-discovered", action="store_true",
                    help="also count the actors the indexer discovers without a gazetteer entry "
                         "(entities marked \"discovered\"); by default only gazetteer matches count")
    ap.add_argument("--keep-work", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    if not os.path.isdir(os.path.join(args.reuters, "sgm-data")):
        print("skipped: Reuters-21578 directory %s absent (no sgm-data/)" % args.reuters)
        return 77
    binary = os.path.join(args.bin, "dossier-index")
    if not os.access(binary, os.X_OK):
        print("error: %s not found or not executable" % binary, file=sys.stderr)
        return 2
    gaz_dir = args.gazetteers or os.environ.get("DOSSIER_GAZETTEERS") or DEFAULT_GAZ

    t0 = time.time()
    stories = read_stories(args.reuters)
    people_vocab = read_vocabulary(args.reuters, "all-people-strings.lc.txt")
    orgs_vocab = read_vocabulary(args.reuters, "all-orgs-strings.lc.txt")
    actors = read_actor_names(gaz_dir)
    label_keys = make_label_keys(people_vocab, orgs_vocab, org_full_names(args.reuters))
    label_map = build_label_map(actors, label_keys)
    discovered_cache = {}
    mappable = {cl for labels in label_map.values() for cl in labels}

    selected, seen = [], set()
    no_labels = no_body = 0
    for s in stories:
        if not s["people"] and not s["orgs"]:
            no_labels += 1
            continue
        if not s["body"] or s["id"] is None or s["id"] in seen:
            no_body += 1
            continue
        seen.add(s["id"])
        selected.append(s)

    work = tempfile.mkdtemp(prefix="dossier-eval-actors-")
    try:
        jsonl = os.path.join(work, "reuters-labelled.jsonl")
        text_bytes = 0
        with open(jsonl, "w", encoding="utf-8") as f:
            for s in selected:
                paras = ([s["title"]] if s["title"] else []) + body_paragraphs(s["body"], s["dateline"])
                rec = {"id": s["id"], "title": s["title"], "text": "\n".join(paras)}
                text_bytes += len(rec["text"].encode("utf-8"))
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tagged = run_indexer(binary, jsonl, args.gazetteers, args.jobs)
    except RuntimeError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    finally:
        if args.keep_work:
            print("work directory kept: %s" % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    classes = ("people", "orgs")
    counts = {c: Counts() for c in classes}
    fps = {c: {} for c in classes}
    fns = {c: {} for c in classes}
    fn_kind = {c: {"no actor in the gazetteers": 0, "actor not tagged": 0} for c in classes}
    gold_total = {c: 0 for c in classes}
    unjudged = {}
    story_out = open(args.stories, "w", encoding="utf-8") if args.stories else None
    for s in selected:
        ents = [e for e in tagged.get(s["id"], []) if args.with_discovered or not e.get("discovered")]
        predicted = {c: {} for c in classes}  # label -> set of "mention (actor id)"
        for e in ents:
            if e.get("discovered"):
                labels = discovered_labels(e, label_keys, discovered_cache)
            else:
                labels = label_map.get(e["id"], set())
            if not labels:
                unjudged[e["id"]] = unjudged.get(e["id"], set()) | {s["id"]}
            for cls, label in labels:
                predicted[cls].setdefault(label, set()).add("%s (%s)" % (e["mention"], e["id"]))
        for cls in classes:
            gold = set(s[cls])
            gold_total[cls] += len(gold)
            for label in sorted(predicted[cls]):
                if label in gold:
                    counts[cls].tp += 1
                else:
                    counts[cls].fp += 1
                    add_miss(fps[cls], label, s["id"])
                    detail = fps[cls][label]["detail"]
                    for d in predicted[cls][label]:
                        detail[d] = detail.get(d, 0) + 1
            for label in sorted(gold - set(predicted[cls])):
                counts[cls].fn += 1
                kind = "actor not tagged" if (cls, label) in mappable else "no actor in the gazetteers"
                fn_kind[cls][kind] += 1
                add_miss(fns[cls], label, s["id"], kind)
        if story_out:
            story_out.write(json.dumps({
                "id": s["id"], "people": s["people"], "orgs": s["orgs"],
                "predicted": {c: sorted(predicted[c]) for c in classes},
                "actors": sorted({(e["id"], e["mention"], e.get("rule", "")) for e in ents}),
            }, ensure_ascii=False) + "\n")
    if story_out:
        story_out.close()
    seconds = time.time() - t0

    n_actors = len(actors)
    print("Reuters-21578 actor facet vs PEOPLE / ORGS (%s)" % args.reuters)
    print("gazetteers: %s (%d actor entries); counted: %s" % (
        gaz_dir, n_actors, "gazetteer and discovered actors" if args.with_discovered else
        "gazetteer actors only (entities marked discovered are left out; see --with-discovered)"))
    print("stories: %d read, %d evaluated (%d without PEOPLE/ORGS, %d labelled but without body)"
          % (len(stories), len(selected), no_labels, no_body))
    for cls, vocab in (("people", people_vocab), ("orgs", orgs_vocab)):
        have = sorted(l for (c, l) in mappable if c == cls)
        print("%s vocabulary: %d labels, %d with an actor in the gazetteers" % (cls.upper(), len(vocab), len(have)))
    print("\n%-7s %7s %7s %7s %10s %8s %7s" % ("class", "TP", "FP", "FN", "precision", "recall", "F1"))
    for cls in classes:
        c = counts[cls]
        print("%-7s %7d %7d %7d %10.3f %8.3f %7.3f" % (cls.upper(), c.tp, c.fp, c.fn, c.p(), c.r(), c.f1()))
    for cls in classes:
        print("\n%s: worst false positives (label, stories, examples, what was tagged)" % cls.upper())
        for label, m in worst(fps[cls], args.worst):
            print("  %-18s %5d  %-20s %s" % (label, m["count"], " ".join(m["examples"]), top_detail(m["detail"])))
        print("%s: worst false negatives (label, stories, examples, why)" % cls.upper())
        for label, m in worst(fns[cls], args.worst):
            print("  %-18s %5d  %-20s %s" % (label, m["count"], " ".join(m["examples"]), top_detail(m["detail"], 2)))
        print("%s: false negatives by kind: %s" % (cls.upper(), ", ".join(
            "%s %d" % kv for kv in sorted(fn_kind[cls].items()))))
    un = sorted(unjudged.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    print("\nunjudged actors (map to no label of the vocabulary): %d actors in %d story mentions; most frequent: %s"
          % (len(un), sum(len(v) for _, v in un), ", ".join("%s x%d" % (a, len(v)) for a, v in un[:10])))
    print("\n%.1f MB of text tagged; %.1f s in all (reading, tagging, scoring)" % (text_bytes / 1e6, seconds))

    if args.json:
        report = {
            "reuters": args.reuters, "gazetteers": gaz_dir, "actor_entries": n_actors,
            "with_discovered": args.with_discovered,
            "stories_read": len(stories), "stories_evaluated": len(selected),
            "stories_without_labels": no_labels, "stories_without_body": no_body,
            "gold_labels": gold_total,
            "mappable_labels": {c: sorted(l for (k, l) in mappable if k == c) for c in classes},
            "text_bytes": text_bytes, "seconds": round(seconds, 2),
        }
        for cls in classes:
            report[cls] = dict(counts[cls].as_json(),
                               false_negatives_by_kind=fn_kind[cls],
                               worst_false_positives=[dict(label=l, **m) for l, m in worst(fps[cls], args.worst)],
                               worst_false_negatives=[dict(label=l, **m) for l, m in worst(fns[cls], args.worst)])
        report["unjudged"] = [{"actor": a, "stories": len(v)} for a, v in un[:50]]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2, ensure_ascii=False)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
