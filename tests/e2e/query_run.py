#!/usr/bin/env python3
# Runs the query suite's blocks (testdata/query/*.test, format in testdata/query/README.md)
# with `sluice query --format csv` over a prepared store and compares the output with the
# expected CSV row for row. Prints PASS/FAIL lines for tests/run_tests.sh.
# Usage: query_run.py SLUICE STORE FILE.test... (QUERY_FILTER=substring selects names)
import concurrent.futures, os, subprocess, sys


def parse(path):
    blocks, cur, state = [], None, None
    for ln in open(path, encoding="utf-8").read().split("\n"):
        if ln.startswith("query "):
            cur = {"head": ln.split(), "sql": [], "exp": []}
            blocks.append(cur)
            state = "sql"
        elif cur is None or ln.startswith("#"):
            continue
        elif state == "sql" and ln == "----":
            state = "exp"
        else:
            cur[state].append(ln)
    for b in blocks:
        b["sql"] = "\n".join(l for l in b["sql"] if not l.startswith("-- duckdb:")).strip()
        while b["exp"] and b["exp"][-1] == "":
            b["exp"].pop()
    return blocks


def run(sluice, store, b):
    args = [sluice, "query", "--storage", store, "--format", "csv"]
    for f in b["head"][2:]:
        if f.startswith("conf="):
            args += ["--conf", f[5:]]
    args.append(b["sql"].replace("@DATA@", os.environ.get("QUERY_DATA", "")))
    try:
        p = subprocess.run(args, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "FAIL", ["  timed out after 30 s", "  sql: " + b["sql"][:300]]
    out = p.stdout.decode("utf-8", "replace").split("\n")
    err = p.stderr.decode("utf-8", "replace").strip()
    if "runtime error:" in err or "Sanitizer" in err:  # UBSan recovers: exit 0
        return "FAIL", ["  sanitizer: " + err[:600], "  sql: " + b["sql"][:300]]
    # The located error, not the planner's warnings about external tables.
    errs = [l for l in err.split("\n") if "error" in l]
    err = " / ".join(errs) if errs else err
    while out and out[-1] == "":
        out.pop()
    exp = b["exp"]
    if exp and exp[0].startswith("error: "):
        want = exp[0][len("error: "):]
        if p.returncode != 0 and want.lower() in err.lower():
            return "PASS", []
        return "FAIL", ["  expected an error containing: " + want,
                        "  exit %d, stderr: %s" % (p.returncode, err[:300]),
                        "  stdout: " + " | ".join(out[:5]), "  sql: " + b["sql"][:300]]
    if p.returncode < 0 or p.returncode > 2:
        return "FAIL", ["  crashed (status %d): %s" % (p.returncode, err[:300]),
                        "  sql: " + b["sql"][:300]]
    if p.returncode != 0:
        return "FAIL", ["  exit %d: %s" % (p.returncode, err[:400]), "  sql: " + b["sql"][:300]]
    if "rowsort" in b["head"]:
        out = out[:1] + sorted(out[1:])
        exp = exp[:1] + sorted(exp[1:])
    if out == exp:
        return "PASS", []
    detail = ["  sql: " + b["sql"][:300].replace("\n", " ")]
    if len(out) != len(exp):
        detail.append("  expected %d lines, got %d" % (len(exp), len(out)))
    shown = 0
    for i in range(max(len(out), len(exp))):
        e = exp[i] if i < len(exp) else "<none>"
        a = out[i] if i < len(out) else "<none>"
        if e != a:
            detail += ["  line %d expected: %s" % (i + 1, e), "  line %d actual:   %s" % (i + 1, a)]
            shown += 1
            if shown == 4:
                break
    return "FAIL", detail


def main():
    sluice, store, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    flt = os.environ.get("QUERY_FILTER", "")
    jobs = []
    for f in files:
        stem = os.path.splitext(os.path.basename(f))[0]
        for b in parse(f):
            name = "query.%s.%s" % (stem, b["head"][1])
            if flt in name:
                jobs.append((name, b))
    seen = set()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        futs = [ex.submit(run, sluice, store, b) for _, b in jobs]
        for (name, b), fu in zip(jobs, futs):
            status, detail = fu.result()
            if name in seen:
                status, detail = "FAIL", ["  duplicate query name"]
            seen.add(name)
            if not b["exp"]:
                status, detail = "FAIL", ["  no expected output (run query_gen.py expect)"]
            print("%s %s" % (status, name))
            for d in detail:
                print(d)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
