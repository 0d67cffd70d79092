#!/usr/bin/env python3
"""Compares dossier-search --json results of a sharded or clustered database with those of the
single unsharded database built from the same input (used by test_cluster.sh).

Usage: compare_results.py MANIFEST
MANIFEST: one line per comparison, tab-separated: name, reference JSON, reference JSON of the same
query with every hit (--limit 10000 --offset 0), JSON to check, "spelling" or "no-spelling"
(remote shards have no spelling table, so "did you mean" is only compared for local ones), and
"date" when the hits are sorted by date (else "relevance").

Scores must agree to 1e-9 position by position, and every field of every hit but rank and score
must be equal. Equal scores (and, with --sort date, equal dates) may come in another order: Xapian
breaks such ties by document id, and document ids differ between one database and three shards.
So a hit is accepted at a position when the reference has it with that score anywhere in its
complete ranking, and no hit appears twice. Totals and every facet count must be equal.
"""
import json
import sys

EPS = 1e-9


def hit_key(hit):
    return (hit["article"]["id"], hit["passage"]["index"])


def without_rank(hit):
    out = dict(hit)
    out.pop("rank", None)
    out.pop("score", None)
    return out


def compare(name, ref, full, got, spelling, by_date):
    problems = []
    for field in ("query", "parsed", "unit", "facet_unit", "offset", "total"):
        if ref[field] != got[field]:
            problems.append(f"{field}: {got[field]!r} != reference {ref[field]!r}")
    for facet in sorted(set(ref["facets"]) | set(got["facets"])):
        want = [(v["id"], v["count"]) for v in ref["facets"].get(facet, [])]
        have = [(v["id"], v["count"]) for v in got["facets"].get(facet, [])]
        if ref["facets"].get(facet) != got["facets"].get(facet):
            diff = sorted(set(want) ^ set(have))[:6]
            problems.append(f"facet {facet}: counts differ, e.g. {diff}")
    if spelling and ref["suggestion"] != got["suggestion"]:
        problems.append(f"suggestion: {got['suggestion']!r} != {ref['suggestion']!r}")
    if got.get("partial") is not False or got.get("missing_shards") != []:
        problems.append(f"not complete: partial={got.get('partial')!r} missing={got.get('missing_shards')!r}")
    if len(ref["hits"]) != len(got["hits"]):
        problems.append(f"{len(got['hits'])} hits != reference {len(ref['hits'])}")
    by_key = {hit_key(h): h for h in full["hits"]}
    seen = set()
    for position, (want, have) in enumerate(zip(ref["hits"], got["hits"]), start=1):
        if abs(want["score"] - have["score"]) > EPS:
            problems.append(f"hit {position}: score {have['score']!r} != reference {want['score']!r}")
        if by_date and want["article"]["date"] != have["article"]["date"]:
            problems.append(f"hit {position}: date {have['article']['date']} != {want['article']['date']}")
        key = hit_key(have)
        if key in seen:
            problems.append(f"hit {position}: {key} twice")
        seen.add(key)
        same = by_key.get(key)
        if same is None or abs(same["score"] - have["score"]) > EPS:
            problems.append(f"hit {position}: {key} score {have['score']!r} not in the reference ranking")
        elif without_rank(same) != without_rank(have):
            problems.append(f"hit {position}: {key} differs from the reference's hit")
        if have["rank"] != want["rank"]:
            problems.append(f"hit {position}: rank {have['rank']} != {want['rank']}")
    return problems


def main():
    failures = 0
    checks = 0
    for line in open(sys.argv[1], encoding="utf-8"):
        name, ref_path, full_path, got_path, spelling, order = line.rstrip("\n").split("\t")
        ref, full, got = (json.load(open(p, encoding="utf-8")) for p in (ref_path, full_path, got_path))
        problems = compare(name, ref, full, got, spelling == "spelling", order == "date")
        checks += 1
        facet_values = sum(len(v) for v in got["facets"].values())
        if problems:
            failures += 1
            print(f"FAIL: {name}", file=sys.stderr)
            for problem in problems[:10]:
                print(f"    {problem}", file=sys.stderr)
        else:
            print(f"ok: {name}: {len(got['hits'])} hits of {got['total']['value']}, {facet_values} facet counts equal")
    if checks == 0:
        print("FAIL: nothing compared", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
