#!/usr/bin/env python3
"""Sample Wikipedia-clickstream data for the demo and benchmarks (newline-delimited JSON).

Columns: prev_id (int or null), curr_id (int), n (int), prev_title, curr_title, type.
Deterministic for a seed. Page popularity is Zipf-like; a small share of rows has a null
curr_title (the warn expectation) and titles include non-ASCII text and escaped quotes.

  gen_clickstream.py --rows 20000 --out build/demo/data/clickstream/part-0.json
"""
import argparse
import bisect
import json
import os
import random

NAMED = ["Apache_Spark", "Main_Page", "Delta_Lake", "Databricks", "Apache_Hadoop",
         "Python_(programming_language)", "SQL", "Z\u00fcrich", "Caf\u00e9", "\u6771\u4eac",
         'Quote_"this"', "Back\\slash"]
SOURCES = ["other-search", "other-empty", "other-internal", "other-external", "other-other"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--null-share", type=float, default=0.01)
    ap.add_argument("--zero-counts", type=int, default=0, help="rows with n = 0")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    pages = NAMED + ["Article_%05d" % i for i in range(max(a.pages - len(NAMED), 1))]
    cum, total = [], 0.0
    for rank in range(len(pages)):
        total += 1.0 / (rank + 1) ** 1.1
        cum.append(total)

    def pick():
        return pages[min(bisect.bisect(cum, rnd.random() * total), len(pages) - 1)]

    zero = set(rnd.sample(range(a.rows), min(a.zero_counts, a.rows)))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.rows):
            curr = pick()
            kind = rnd.random()
            if kind < 0.2:
                prev, prev_id, typ = rnd.choice(SOURCES), None, "external"
            else:
                prev = pick()
                prev_id, typ = 100000 + pages.index(prev) if prev in NAMED else \
                    100000 + int(prev[8:]) + len(NAMED), ("other" if kind < 0.3 else "link")
            n = 0 if i in zero else 10 + int(rnd.expovariate(0.05))
            row = {"prev_id": prev_id, "curr_id": 100000 + pages.index(curr) if curr in NAMED
                   else 100000 + int(curr[8:]) + len(NAMED), "n": n, "prev_title": prev,
                   "curr_title": None if rnd.random() < a.null_share else curr, "type": typ}
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
