#!/usr/bin/env python3
"""Measures inline attributions and their resolved speakers (python3, standard library only).

Two measurements, each through the real indexer (`dossier-index --dump-passages`):

  --dev FILE    a hand-labelled set (tests/fixtures/speakers/dev.jsonl: one article per line,
                each paragraph with its expected `span`, `speaker` and `speaker_id`): precision
                and recall of spans (exact, after trimming) and of resolved speakers.
  --bbc DIR     the BBC politics and business stories (../shared/data/bbc-news/bbc): how many
                inline attributions are a bare pronoun (shown as written, nothing resolved),
                how many are fragments, how many are resolved to an actor id.

The word lists below are this script's own, written from English grammar, not shared with the
extractor: a rule that only satisfies its own test would not show here.

    python3 bench/speaker_eval.py --bin build/bin --dev tests/fixtures/speakers/dev.jsonl \
        --bbc ../shared/data/bbc-news/bbc --markdown OUT.md --json OUT.json
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "one",
            "он", "она", "они", "оно", "on", "ona", "oni", "ono"}
CONJUNCTIONS = {"and", "but", "or", "nor", "so", "yet", "while", "whereas", "although", "though",
                "because", "since", "as", "if", "when", "that", "which", "who", "whom", "where",
                "then", "also", "however", "meanwhile"}
PREPOSITIONS = {"in", "on", "at", "by", "for", "from", "to", "with", "during", "after", "before",
                "of", "about", "over", "under", "into", "through", "against", "between", "among",
                "without", "within", "despite", "upon", "via", "per", "than", "like"}
AUXILIARIES = {"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "do",
               "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
               "must", "having"}
ADVERBS = {"also", "later", "earlier", "previously", "recently", "already", "once", "then",
           "now", "still", "repeatedly", "publicly", "privately", "again", "further", "too",
           "reportedly", "just", "only", "even", "never", "always", "often", "subsequently",
           "separately", "finally", "initially", "yesterday", "today"}


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def words(text):
    return [w.strip(".,;:!?\"'“”‘’()") for w in (text or "").split()]


def classify(text):
    """'pronoun', 'fragment' (with why) or 'ok' for one attribution text as shown."""
    ws = [w for w in words(text) if w]
    if not ws:
        return "fragment", "empty"
    lower = [w.casefold() for w in ws]
    if len(ws) == 1 and lower[0] in PRONOUNS and ws[0] != "US":
        return "pronoun", lower[0]
    if lower[0] in CONJUNCTIONS or lower[0] in PREPOSITIONS:
        return "fragment", "starts with " + lower[0]
    if lower[0] in AUXILIARIES:
        return "fragment", "starts with " + lower[0]
    if lower[-1] in AUXILIARIES:
        return "fragment", "ends with " + lower[-1]
    if lower[-1] in ADVERBS:
        return "fragment", "ends with " + lower[-1]
    if len(ws) > 1 and lower[-1] in PRONOUNS and ws[-1] != "US":
        return "fragment", "ends with " + lower[-1]
    return "ok", ""


def dump(binary, inputs, gazetteers=None):
    """Passages of the inputs (files, or one JSON Lines file), as parsed JSON objects."""
    cmd = [os.path.join(binary, "dossier-index"), "--dump-passages", "--quiet"]
    if gazetteers:
        cmd += ["--gazetteers", gazetteers]
    out = subprocess.run(cmd + list(inputs), check=True, stdout=subprocess.PIPE).stdout
    return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]


def speaker_of(passage):
    attribution = passage.get("attribution") or {}
    return attribution.get("speaker") or None


def dev_eval(binary, fixture):
    articles = [json.loads(line) for line in open(fixture, encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dev.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for article in articles:
                record = {"id": article["id"], "title": article.get("title", ""),
                          "lang": article.get("language", "en"),
                          "text": "\n".join(p["text"] for p in article["paragraphs"])}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        passages = dump(binary, [path])
    got = {(p["article_id"], p["index"]): p for p in passages}
    span = {"expected": 0, "found": 0, "correct": 0}
    resolution = {"expected": 0, "found": 0, "correct": 0, "expected_ids": 0, "correct_ids": 0}
    by_kind = {}
    misses = []
    for article in articles:
        for index, para in enumerate(article["paragraphs"]):
            passage = got.get((article["id"], index))
            if passage is None:
                raise SystemExit(f"speaker_eval: {article['id']} paragraph {index}: no passage")
            attribution = passage.get("attribution") or {}
            found_span = attribution.get("text") if attribution.get("kind") == "Inline" else None
            expected_span = para.get("span")
            kind = span_kind(expected_span)
            tally = by_kind.setdefault(kind, {"expected": 0, "correct": 0})
            if expected_span is not None:
                span["expected"] += 1
                tally["expected"] += 1
            if found_span:
                span["found"] += 1
            if expected_span is not None and found_span and found_span.strip() == expected_span.strip():
                span["correct"] += 1
                tally["correct"] += 1
            elif expected_span is not None or found_span:
                misses.append(f"{article['id']}#{index} span: expected {expected_span!r}, got {found_span!r}")
            speaker = speaker_of(passage)
            expected_speaker = para.get("speaker")
            if expected_speaker:
                resolution["expected"] += 1
            if speaker and speaker.get("name"):
                resolution["found"] += 1
            if expected_speaker and speaker and same_speaker(speaker, expected_speaker, para.get("speaker_id")):
                resolution["correct"] += 1
            elif expected_speaker or (speaker and speaker.get("name")):
                misses.append(f"{article['id']}#{index} speaker: expected {expected_speaker!r}, got "
                              f"{(speaker or {}).get('name')!r}")
            if para.get("speaker_id"):
                resolution["expected_ids"] += 1
                if speaker and speaker.get("id") == para["speaker_id"]:
                    resolution["correct_ids"] += 1
    return {"articles": len(articles), "paragraphs": sum(len(a["paragraphs"]) for a in articles),
            "span": span, "resolution": resolution, "span_by_kind": by_kind, "misses": misses}


def span_kind(span):
    if span is None:
        return "none"
    ws = words(span)
    if len(ws) == 1 and ws[0].casefold() in PRONOUNS:
        return "pronoun"
    if ws and ws[0].casefold() in {"the", "mr", "mrs", "ms", "dr"}:
        return "title or description"
    return "name or phrase"


def same_speaker(speaker, expected, expected_id):
    if expected_id and speaker.get("id") == expected_id:
        return True
    return fold(speaker.get("name")) == fold(expected)


def bbc_eval(binary, root):
    files = []
    for topic in ("politics", "business"):
        files += sorted(glob.glob(os.path.join(root, topic, "*.txt")))
    if not files:
        raise SystemExit(f"speaker_eval: no BBC stories under {root}")
    passages = dump(binary, files)
    inline = [p for p in passages if (p.get("attribution") or {}).get("kind") == "Inline"]
    counts = {"stories": len(files), "passages": len(passages), "inline": len(inline),
              "pronoun": 0, "fragment": 0, "fragment_start_or_aux_end": 0, "resolved": 0,
              "resolved_from_reference": 0, "actor_id": 0, "unresolved_reference": 0}
    examples = {"pronoun": {}, "fragment": {}}
    for passage in inline:
        attribution = passage["attribution"]
        speaker = speaker_of(passage)
        shown = speaker["name"] if speaker and speaker.get("name") else attribution["text"]
        verdict, why = classify(shown)
        if verdict == "pronoun":
            counts["pronoun"] += 1
            examples["pronoun"][shown] = examples["pronoun"].get(shown, 0) + 1
        elif verdict == "fragment":
            counts["fragment"] += 1
            first = words(shown)[0].casefold() if words(shown) else ""
            last = words(shown)[-1].casefold() if words(shown) else ""
            if first in CONJUNCTIONS or first in PREPOSITIONS or last in AUXILIARIES:
                counts["fragment_start_or_aux_end"] += 1
            examples["fragment"][shown] = examples["fragment"].get(shown, 0) + 1
        if speaker and speaker.get("name"):
            counts["resolved"] += 1
            if speaker.get("resolved_from"):
                counts["resolved_from_reference"] += 1
        if speaker and speaker.get("id"):
            counts["actor_id"] += 1
        if attribution.get("unresolved"):
            counts["unresolved_reference"] += 1
    top = {k: sorted(v.items(), key=lambda kv: -kv[1])[:15] for k, v in examples.items()}
    return {"counts": counts, "examples": top}


def pct(part, whole):
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def ratio(part, whole):
    return f"{part / whole:.3f}" if whole else "-"


def markdown(dev, bbc, command):
    lines = ["# Inline attributions and speakers", "", "Repeat:", "", "    " + command, ""]
    if dev:
        s, r = dev["span"], dev["resolution"]
        lines += [f"## Hand-labelled dev set ({dev['articles']} articles, {dev['paragraphs']} paragraphs)", "",
                  "| measure | expected | found | correct | precision | recall |", "|---|---:|---:|---:|---:|---:|",
                  f"| span (exact) | {s['expected']} | {s['found']} | {s['correct']} | {ratio(s['correct'], s['found'])} | "
                  f"{ratio(s['correct'], s['expected'])} |",
                  f"| resolved speaker | {r['expected']} | {r['found']} | {r['correct']} | "
                  f"{ratio(r['correct'], r['found'])} | {ratio(r['correct'], r['expected'])} |",
                  f"| speaker's actor id (gazetteer actors) | {r['expected_ids']} | | {r['correct_ids']} | | "
                  f"{ratio(r['correct_ids'], r['expected_ids'])} |", "",
                  "Span recall by the kind of expected span:", "", "| kind | expected | exact |", "|---|---:|---:|"]
        for kind, t in sorted(dev["span_by_kind"].items()):
            if kind != "none":
                lines.append(f"| {kind} | {t['expected']} | {t['correct']} |")
        lines.append("")
    if bbc:
        c = bbc["counts"]
        lines += [f"## BBC politics and business ({c['stories']} stories, {c['passages']} passages)", "",
                  "| measure | count | share of inline attributions |", "|---|---:|---:|",
                  f"| inline attributions | {c['inline']} | |",
                  f"| bare pronoun (shown as written) | {c['pronoun']} | {pct(c['pronoun'], c['inline'])} |",
                  f"| fragment starting with a conjunction or preposition, or ending in an auxiliary | "
                  f"{c['fragment_start_or_aux_end']} | {pct(c['fragment_start_or_aux_end'], c['inline'])} |",
                  f"| any fragment (also an auxiliary first, an adverb or pronoun last) | {c['fragment']} | "
                  f"{pct(c['fragment'], c['inline'])} |",
                  f"| with a speaker | {c['resolved']} | {pct(c['resolved'], c['inline'])} |",
                  f"| speaker resolved from a pronoun or title | {c['resolved_from_reference']} | "
                  f"{pct(c['resolved_from_reference'], c['inline'])} |",
                  f"| speaker with an actor id | {c['actor_id']} | {pct(c['actor_id'], c['inline'])} |",
                  f"| pronoun or title left unresolved | {c['unresolved_reference']} | "
                  f"{pct(c['unresolved_reference'], c['inline'])} |", ""]
        for kind in ("pronoun", "fragment"):
            if bbc["examples"][kind]:
                shown = ", ".join(f"\"{t}\" {n}" for t, n in bbc["examples"][kind])
                lines += [f"Most frequent {kind}s: {shown}", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="build/bin")
    parser.add_argument("--dev")
    parser.add_argument("--bbc")
    parser.add_argument("--markdown")
    parser.add_argument("--json")
    parser.add_argument("--misses", action="store_true", help="print the dev set's misses")
    args = parser.parse_args()
    dev = dev_eval(args.bin, args.dev) if args.dev else None
    bbc = None
    if args.bbc:
        if os.path.isdir(args.bbc):
            bbc = bbc_eval(args.bin, args.bbc)
        else:
            print(f"speaker_eval: {args.bbc} not found: BBC measurement skipped", file=sys.stderr)
    command = "python3 bench/speaker_eval.py " + " ".join(
        f"--{k} {v}" for k, v in (("bin", args.bin), ("dev", args.dev), ("bbc", args.bbc)) if v)
    text = markdown(dev, bbc, command)
    print(text)
    if args.misses and dev:
        print("\n".join(dev["misses"]))
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"dev": dev, "bbc": bbc}, out, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
