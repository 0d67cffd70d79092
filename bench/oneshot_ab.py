#!/usr/bin/env python3
"""One-shot searches of two builds (or databases) against each other, query by query.

Each query of QUERIES runs as one dossier-search process per variant, the variants' order
alternating from query to query and round to round (this machine is noisy: compare within a
run). Prints each variant's p50 / p90 / p99 / mean (ms, end to end: process start to exit) and the
median over queries of its time divided by the first variant's.

    python3 bench/oneshot_ab.py QUERIES ROUNDS NAME=DB|BIN [NAME=DB|BIN ...]

e.g. an older build on a copy of the database at the format it reads, against this one:

    python3 bench/oneshot_ab.py q.txt 3 'base=/tmp/db8|OLD/build/bin/dossier-search' \\
        'new=build/bench-query/dossier-1000000.db|build/bin/dossier-search'
"""
import os
import statistics
import sys
import time


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    queries = [line.strip() for line in open(argv[1]) if line.strip() and not line.startswith("#")]
    rounds = int(argv[2])
    variants = []
    for spec in argv[3:]:
        name, rest = spec.split("=", 1)
        db, binary = rest.split("|", 1)
        variants.append((name, db, binary))
    devnull = os.open(os.devnull, os.O_WRONLY)
    times = {name: [] for name, _, _ in variants}
    ratios = {name: [] for name, _, _ in variants}
    for r in range(rounds):
        for i, query in enumerate(queries):
            order = variants if (i + r) % 2 == 0 else variants[::-1]
            this = {}
            for name, db, binary in order:
                start = time.perf_counter()
                pid = os.posix_spawn(binary, [binary, "--db", db, query], dict(os.environ),
                                     file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
                os.waitpid(pid, 0)
                this[name] = (time.perf_counter() - start) * 1000
                times[name].append(this[name])
            for name, _, _ in variants:
                ratios[name].append(this[name] / this[variants[0][0]])
    for name, _, _ in variants:
        s = sorted(times[name])
        n = len(s)
        print("%s: p50 %.2f p90 %.2f p99 %.2f mean %.2f ms; per query / %s (median) %.3f" %
              (name, s[n // 2], s[int(n * 0.9)], s[min(n - 1, int(n * 0.99))], statistics.mean(s), variants[0][0],
               statistics.median(ratios[name])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
