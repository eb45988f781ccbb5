#!/usr/bin/env python3
# The query suite's generator: `data` writes the small deterministic input tables under
# testdata/query/data/ (CSV, JSON lines, Parquet through DuckDB); `expect` fills the
# expected CSV of every `duckdb` query in testdata/query/*.test by running it in DuckDB
# (@duckdb/node-api) and printing each value the way Spark (and Sluice) prints it.
# The suite itself (query_suite.sh) never needs DuckDB; see testdata/query/README.md.
import json, os, random, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QDIR = os.path.join(ROOT, "testdata", "query")
DATA = os.path.join(QDIR, "data")
NAMES = ["Ann", "Bob", "Chloé", "Dmitri", "Zoë", "José", "李雷", "O'Brien", "ann", "Eve",
         "Ærøskøbing", "Bob", "  Pad  ", "Smith, J", "Quote\"d", "Ünal"]
DEPTS = ["eng", "sales", "ops", "hr", None, "Eng"]
REGIONS = ["north", "south", "east", "west", None, "Nörd"]
NOTES = ["", "ok", "late delivery", "ÄÖÜ", None, "refund: yes", "a,b", "  x  "]


def dur(d):  # days since 2015-01-01 as a date string
    import datetime
    return (datetime.date(2015, 1, 1) + datetime.timedelta(days=d)).isoformat()


def ts(r):
    import datetime
    base = datetime.datetime(2023, 1, 1)
    t = base + datetime.timedelta(seconds=r.randrange(0, 3 * 365 * 86400))
    us = r.choice([0, 0, 500000, 123456, 1000])
    s = t.strftime("%Y-%m-%d %H:%M:%S")
    return s + (".%06d" % us).rstrip("0") if us else s


def csv_field(v):
    if v is None:
        return ""
    s = str(v)
    if any(c in s for c in ',"\n') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path, cols, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(cols) + "\n")
        for row in rows:
            f.write(",".join(csv_field(v) for v in row) + "\n")


def gen_data():
    r = random.Random(20261125)
    os.makedirs(DATA, exist_ok=True)
    emp = []
    for i in range(1, 121):
        emp.append([
            i,
            None if i % 17 == 0 else r.choice(NAMES),
            r.choice(DEPTS),
            None if i % 13 == 0 else "%.2f" % (r.randrange(-500, 1000000) / 100 * (1 if i % 29 else -1)),
            None if i % 11 == 0 else r.randrange(19, 66),
            None if i % 7 == 0 else r.randrange(-400, 4000) / 8,
            None if i % 19 == 0 else ("2020-02-29" if i == 5 else dur(r.randrange(0, 3650))),
            None if i % 23 == 0 else ts(r),
            None if i % 9 == 0 else r.choice(["true", "false"]),
            r.choice([r.randrange(-10**12, 10**12), r.randrange(0, 10), 0]),
        ])
    write_csv(os.path.join(DATA, "emp.csv"),
              ["id", "name", "dept", "salary", "age", "bonus", "hired", "login_ts", "active", "level"],
              emp)
    with open(os.path.join(DATA, "sales.json"), "w", encoding="utf-8") as f:
        for i in range(1, 1501):
            rec = {"sale_id": 100000 + i,
                   "emp_id": None if i % 31 == 0 else r.randrange(1, 131),
                   "amount": None if i % 37 == 0 else r.randrange(-200, 40000) / 4,
                   "qty": None if i % 41 == 0 else r.randrange(0, 12),
                   "sold_at": ts(r),
                   "region": r.choice(REGIONS),
                   "note": r.choice(NOTES)}
            f.write(json.dumps({k: v for k, v in rec.items() if v is not None},
                               ensure_ascii=False, separators=(",", ":")) + "\n")
    dept = [["eng", "Engineering", "1250000.50", 3], ["sales", "Sales", "800000.00", 2],
            ["ops", "Operations", "430000.25", 1], ["ops", "Ops (old)", "1.00", None],
            ["Eng", "Engineering EU", None, 4], ["legal", "Legal", "99999.99", 5],
            [None, "Unassigned", "0.00", 0], ["marketing", "Marketing", "-15.50", 6]]
    write_csv(os.path.join(DATA, "dept.csv"), ["dept", "dname", "budget", "floor"], dept)
    nums = [[1, 0, 0, 0.0, "0"], [2, 1, 1, 1.5, "1"], [3, -1, -1, -1.5, "-1"],
            [4, 2147483647, 9223372036854775807, 1e300, "2147483647"],
            [5, -2147483648, -9223372036854775808, -1e-300, "2147483648"],
            [6, 7, 7, 2.5, " 42 "], [7, -7, -7, -2.5, "3.7"], [8, 10, 100, 0.125, "abc"],
            [9, None, None, None, None], [10, 3, 3, 3.0, "1e3"], [11, 100, 10**12, 123456789.0, "-5.5"],
            [12, None, 5, None, "9223372036854775808"], [13, 5, None, 0.5, "true"],
            [14, 12, 12, 1e-5, "  "], [15, -12, -12, 12345678.9, "+17"], [16, 6, 6, 6.0, "0x1F"]]
    write_csv(os.path.join(DATA, "nums.csv"), ["k", "i", "j", "d", "s"], nums)
    strs = ["hello world", "Hello World", "", "  padded  ", "ÄÖÜ äöü ß", "日本語テキスト",
            "a,b,c", "a-b-c", "mixed CASE words", "O'Reilly", "tab\there", "x", "12345",
            "foo@example.com", "spark sql", None, "ab", "abcabc", "%_percent", "trailing "]
    with open(os.path.join(DATA, "strs.json"), "w", encoding="utf-8") as f:
        for i, s in enumerate(strs, 1):
            f.write(json.dumps({"k": i, "s": s} if s is not None else {"k": i},
                               ensure_ascii=False, separators=(",", ":")) + "\n")
    run_duckdb([("COPY (SELECT dept, dname, CAST(budget AS DECIMAL(12,2)) AS budget, "
                 "CAST(floor AS INT) AS floor FROM read_csv('%s', header=true, all_varchar=true)) "
                 "TO '%s' (FORMAT parquet)" % (os.path.join(DATA, "dept.csv"),
                                               os.path.join(DATA, "dept.parquet")))])
    os.remove(os.path.join(DATA, "dept.csv"))


# The tables as the suite's pipeline (testdata/query/tables.sql) types them.
def duck_setup():
    d = DATA
    return [
        # Spark's default: ASC puts NULLs first, DESC last (DuckDB's own default differs).
        "SET default_null_order = 'nulls_first_on_asc_last_on_desc'",
        "CREATE TABLE emp AS SELECT CAST(id AS INT) id, name, dept, CAST(salary AS DECIMAL(10,2)) "
        "salary, CAST(age AS INT) age, CAST(bonus AS DOUBLE) bonus, CAST(hired AS DATE) hired, "
        "CAST(login_ts AS TIMESTAMP) login_ts, CAST(active AS BOOLEAN) active, "
        "CAST(level AS BIGINT) AS \"level\" FROM read_csv('%s/emp.csv', header=true, all_varchar=true)" % d,
        "CREATE TABLE sales AS SELECT CAST(sale_id AS BIGINT) sale_id, CAST(emp_id AS INT) emp_id, "
        "CAST(amount AS DOUBLE) amount, CAST(qty AS INT) qty, CAST(sold_at AS TIMESTAMP) sold_at, "
        "region, note FROM read_json('%s/sales.json', format='newline_delimited', "
        "columns={sale_id:'VARCHAR', emp_id:'VARCHAR', amount:'VARCHAR', qty:'VARCHAR', "
        "sold_at:'VARCHAR', region:'VARCHAR', note:'VARCHAR'})" % d,
        "CREATE TABLE dept AS SELECT * FROM read_parquet('%s/dept.parquet')" % d,
        "CREATE TABLE nums AS SELECT CAST(k AS INT) k, CAST(i AS INT) i, CAST(j AS BIGINT) j, "
        "CAST(d AS DOUBLE) d, s FROM read_csv('%s/nums.csv', header=true, all_varchar=true)" % d,
        "CREATE TABLE strs AS SELECT CAST(k AS INT) k, s FROM read_json('%s/strs.json', "
        "format='newline_delimited', columns={k:'VARCHAR', s:'VARCHAR'})" % d,
    ]


NODE = r"""
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'fs';
const job = JSON.parse(readFileSync(0, 'utf8'));
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
for (const s of job.setup) await con.run(s);
const out = [];
for (const q of job.queries) {
  try {
    const r = await con.runAndReadAll(q);
    out.push({ names: r.columnNames(), types: r.columnTypes().map(t => t.toString()),
               rows: r.getRowsJson() });
  } catch (e) { out.push({ error: String(e.message || e) }); }
}
console.log(JSON.stringify(out));
"""


def duck_dir():
    d = os.environ.get("SLUICE_DUCKDB_DIR", os.path.expanduser("~/.cache/sluice-duckdb"))
    if not os.path.isdir(os.path.join(d, "node_modules", "@duckdb", "node-api")):
        sys.exit("query_gen: DuckDB (@duckdb/node-api) not found under " + d)
    return d


def run_duckdb(queries, setup=()):
    with tempfile.TemporaryDirectory() as t:
        os.symlink(os.path.join(duck_dir(), "node_modules"), os.path.join(t, "node_modules"))
        with open(os.path.join(t, "q.mjs"), "w") as f:
            f.write(NODE)
        p = subprocess.run(["node", os.path.join(t, "q.mjs")], input=json.dumps(
            {"setup": list(setup), "queries": list(queries)}), capture_output=True, text=True)
        if p.returncode:
            sys.exit("query_gen: node failed: " + p.stderr)
        return json.loads(p.stdout)


def java_double(v):
    """Java's Double.toString (what Spark prints) from the shortest round-trip digits."""
    from decimal import Decimal
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "Infinity" if v > 0 else "-Infinity"
    sign = "-" if str(v).startswith("-") else ""
    a = abs(v)
    if a == 0:
        return sign + "0.0"
    t = Decimal(repr(a)).as_tuple()
    digits = "".join(map(str, t.digits)).lstrip("0")
    exp = len(digits) - 1 + t.exponent  # the power of ten of the first digit
    digits = digits.rstrip("0") or "0"
    if 1e-3 <= a < 1e7:
        if exp >= 0:
            return sign + digits[:exp + 1].ljust(exp + 1, "0") + "." + (digits[exp + 1:] or "0")
        return sign + "0." + "0" * (-exp - 1) + digits
    return sign + digits[0] + "." + (digits[1:] or "0") + "E" + str(exp)


def fmt_value(v, ty):
    if v is None:
        return None
    if ty in ("DOUBLE", "FLOAT"):
        return java_double(float(v))
    if ty == "BOOLEAN":
        return "true" if v else "false"
    return str(v)


def csv_out(v, ty):
    if v is None:
        return ""
    if ty == "VARCHAR" and (v == "" or any(c in v for c in ',"\n\r') or v[0] == " " or v[-1] == " "):
        return '"' + v.replace('"', '""') + '"'
    return v


def to_csv(res):
    lines = [",".join(res["names"])]
    for row in res["rows"]:
        lines.append(",".join(csv_out(fmt_value(v, t), t) for v, t in zip(row, res["types"])))
    return lines


def parse_tests(path):
    """Blocks: a `query NAME [flags]` line, SQL up to `----`, expected lines up to the next
    `query` line; `#` lines are comments. Returns (prefix lines, blocks)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, cur, state = [], None, None
    for ln in lines:
        if ln.startswith("query "):
            cur = {"head": ln, "pre": [], "sql": [], "exp": []}
            blocks.append(cur)
            state = "sql"
        elif cur is None:
            continue
        elif state == "sql" and ln == "----":
            state = "exp"
        elif ln.startswith("#"):
            (cur["sql"] if state == "sql" else cur["exp"]).append(ln)
        else:
            cur[state].append(ln)
    return blocks


def fill_expected(paths):
    for path in paths:
        text = open(path, encoding="utf-8").read().split("\n")
        out, jobs, i = [], [], 0
        # Rewrite only the expected sections of duckdb blocks; everything else stays.
        blocks, cur = [], None
        for ln in text:
            if ln.startswith("query "):
                cur = {"head": ln, "body": []}
                blocks.append(cur)
            elif cur is None:
                out.append(ln)
            else:
                cur["body"].append(ln)
        for b in blocks:
            flags = b["head"].split()[2:]
            if "duckdb" not in flags:
                continue
            body = b["body"]
            sep = body.index("----") if "----" in body else len(body)
            sql = [l for l in body[:sep] if not l.startswith("#")]
            duck = [l[len("-- duckdb: "):] for l in sql if l.startswith("-- duckdb: ")]
            q = duck[0] if duck else "\n".join(l for l in sql if not l.startswith("--"))
            q = q.replace("@DATA@", DATA)
            jobs.append((b, sep, q))
        res = run_duckdb([j[2] for j in jobs], duck_setup()) if jobs else []
        for (b, sep, q), r in zip(jobs, res):
            if "error" in r:
                print("%s: %s: DuckDB error: %s" % (os.path.basename(path), b["head"], r["error"]))
                continue
            comments = [l for l in b["body"][sep + 1:] if l.startswith("#")]
            b["body"] = b["body"][:sep] + ["----"] + to_csv(r) + comments + [""]
        for b in blocks:
            while b["body"] and b["body"][-1] == "" and len(b["body"]) > 1 and b["body"][-2] == "":
                b["body"].pop()
            out.append(b["head"])
            out.extend(b["body"])
        while out and out[-1] == "":
            out.pop()
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("data", "expect"):
        sys.exit("usage: query_gen.py data | expect [FILE.test...]")
    if sys.argv[1] == "data":
        gen_data()
    else:
        files = sys.argv[2:] or sorted(os.path.join(QDIR, f) for f in os.listdir(QDIR)
                                       if f.endswith(".test"))
        fill_expected(files)


if __name__ == "__main__":
    main()
