/* Unit tests of the SQL front end (sql_parse): the keyword table, keywords as
 * identifiers, literal decoding, locations, statement-level lexing (SET, unsupported
 * statements), error recovery, depth limits, and robustness on random, truncated and
 * mutated inputs (every run must end with located errors, never a crash or hang). */
#include "sql.h"
#include "sql_ast.h"
#include "sql_lex.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    SourceSet  src;
    Diags      d;
    Arena      a;
    uint32_t   buf;
    SqlScript *s;
    StrBuf     dump;
    StrBuf     errs;  // "line:col: msg\n" per diagnostic
} Parse;

static void parse_n(Parse *p, const char *text, size_t n) {
    memset(p, 0, sizeof *p);
    src_init(&p->src);
    diag_init(&p->d);
    char *copy = xmalloc(n + 1);
    memcpy(copy, text, n);
    copy[n] = 0;
    p->buf = src_add(&p->src, "t.sql", copy, (uint32_t)n);
    p->s = sql_parse(&p->a, &p->src, p->buf, &p->d);
    sql_ast_dump(p->s, &p->dump);
    for (int i = 0; i < p->d.n; i++) {
        uint32_t f, off, end, line, col;
        src_resolve(&p->src, p->d.items[i].at, &f, &off, &end);
        src_line_col(&p->src, f, off, &line, &col);
        sb_printf(&p->errs, "%u:%u: %s\n", line, col, p->d.items[i].msg);
    }
}

static void parse(Parse *p, const char *text) { parse_n(p, text, strlen(text)); }

static void done(Parse *p) {
    sb_free(&p->dump);
    sb_free(&p->errs);
    arena_free_all(&p->a);
    diag_free(&p->d);
    src_free(&p->src);
}

/* The query of the first statement (a CREATE ... AS query). */
static const SqlSelect *first_select(const Parse *p) {
    if (!p->s || p->s->stmts.n == 0) return NULL;
    const SqlStmt *st = p->s->stmts.items[0];
    if (st->kind != SQL_STMT_CREATE_DATASET || !st->create->query) return NULL;
    const SqlSetExpr *b = st->create->query->body;
    return b->kind == SQL_SET_SELECT ? b->select : NULL;
}

static void keyword_table_is_sorted(void) {
    size_t n;
    const SqlKeyword *kw = sql_keywords(&n);
    CHECK(n > 100);
    for (size_t i = 1; i < n; i++) CHECK(strcmp(kw[i - 1].name, kw[i].name) < 0);
    for (size_t i = 0; i < n; i++) {
        char lower[32];
        size_t len = strlen(kw[i].name);
        for (size_t j = 0; j <= len; j++)
            lower[j] = (char)(kw[i].name[j] >= 'A' && kw[i].name[j] <= 'Z' ? kw[i].name[j] + 32
                                                                             : kw[i].name[j]);
        CHECK(sql_keyword(kw[i].name, (uint32_t)len) == kw[i].tok);
        CHECK(sql_keyword(lower, (uint32_t)len) == kw[i].tok);
    }
    CHECK(sql_keyword("orders", 6) == 0);
    CHECK(sql_keyword("SELECTX", 7) == 0);
    CHECK(sql_keyword("SELEC", 5) == 0);
}

/* The table's `unreserved` flags must agree with the grammar: an unreserved keyword
 * names columns, tables and datasets; a reserved one names nothing. */
static void unreserved_keywords_are_identifiers(void) {
    size_t n;
    const SqlKeyword *kw = sql_keywords(&n);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = kw[i].name;
        char text[512];
        Parse p;
        if (kw[i].unreserved) {
            snprintf(text, sizeof text,
                     "CREATE MATERIALIZED VIEW %s (%s INT COMMENT 'c') AS SELECT %s, t.%s AS %s "
                     "FROM %s t WHERE %s(%s) > 0",
                     k, k, k, k, k, strcmp(k, "STREAM") ? k : "s", k, k);
            parse(&p, text);
            if (p.d.n || p.s->stmts.n != 1) {
                printf("  unreserved %s: %s", k, sb_cstr(&p.errs));
                bad++;
            }
            // also as an alias without AS, unless it could continue the expression
            static const char *const not_bare[] = {
                "OFFSET", "FOR", "OVER", "ESCAPE", "VERSION", "TO", "TIMESTAMP", "FILTER", "YEAR",
                "YEARS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS",
                "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS",
                "MICROSECOND", "MICROSECONDS", NULL};
            bool bare = true;
            for (const char *const *b = not_bare; *b; b++) bare &= strcmp(*b, k) != 0;
            done(&p);
            snprintf(text, sizeof text, "CREATE VIEW v AS SELECT a %s FROM t %s", k, k);
            parse(&p, text);
            if ((p.d.n == 0) != bare) {
                printf("  bare alias %s: %s", k, p.d.n ? sb_cstr(&p.errs) : "accepted\n");
                bad++;
            }
        } else {
            snprintf(text, sizeof text, "CREATE MATERIALIZED VIEW %s AS SELECT 1", k);
            parse(&p, text);
            if (p.d.n == 0) {
                printf("  reserved %s names a dataset\n", k);
                bad++;
            }
        }
        done(&p);
    }
    CHECK(bad == 0);
}

static void decodes_strings_and_numbers(void) {
    Parse p;
    parse(&p, "CREATE TEMPORARY VIEW v AS SELECT 'a\\tb\\'c' \"d\" 'e\\0f\\u00e9\\%', "
              "r'C:\\x', 12, 12L, 7S, 3Y, 1.50, 2.5D, 1e3, 1.5F, 9.99BD, X'0aFF', `we``ird`");
    CHECK(p.d.n == 0);
    const SqlSelect *s = first_select(&p);
    CHECK(s && s->items.n == 13);
    if (s && s->items.n == 13) {
        const SqlExpr *e = s->items.items[0]->expr;
        CHECK(e->kind == SQL_E_LITERAL && e->lit.kind == SQL_LIT_STRING);
        CHECK(e->lit.len == 13 && memcmp(e->lit.text, "a\tb'cde\0f\xc3\xa9\\%", 13) == 0);
        CHECK_STR(s->items.items[1]->expr->lit.text, "C:\\x");
        static const SqlLitKind kinds[] = {SQL_LIT_INT, SQL_LIT_BIGINT, SQL_LIT_SMALLINT,
                                           SQL_LIT_TINYINT, SQL_LIT_DECIMAL, SQL_LIT_DOUBLE,
                                           SQL_LIT_DOUBLE, SQL_LIT_FLOAT, SQL_LIT_DECIMAL,
                                           SQL_LIT_BINARY};
        static const char *const texts[] = {"12", "12", "7", "3", "1.50", "2.5", "1e3", "1.5",
                                            "9.99", "0aFF"};
        for (int i = 0; i < 10; i++) {
            CHECK(s->items.items[2 + i]->expr->lit.kind == kinds[i]);
            CHECK_STR(s->items.items[2 + i]->expr->lit.text, texts[i]);
        }
        const SqlExpr *c = s->items.items[12]->expr;
        CHECK(c->kind == SQL_E_COLUMN && c->name.items[0].quoted);
        CHECK_STR(c->name.items[0].name, "we`ird");
    }
    done(&p);
}

static void locations_are_exact(void) {
    Parse p;
    parse(&p, "-- c\nSET a = b;\n  CREATE MATERIALIZED VIEW m AS\n  SELECT x + 1 FROM t");
    CHECK(p.d.n == 0 && p.s->stmts.n == 2);
    if (p.s->stmts.n == 2) {
        SrcLoc l = p.s->stmts.items[0]->loc;
        CHECK(l.off == 5 && l.len == 9);  // SET a = b
        l = p.s->stmts.items[1]->loc;
        CHECK(l.off == 18 && l.off + l.len == 69);
        const SqlSetExpr *body = p.s->stmts.items[1]->create->query->body;
        const SqlExpr *e = body->select->items.items[0]->expr;
        CHECK(e->kind == SQL_E_BINARY && e->loc.off == 57 && e->loc.len == 5);
    }
    done(&p);
    parse(&p, "CREATE VIEW v AS\nSELECT a,\n  FROM t");
    CHECK_STR(sb_cstr(&p.errs), "3:3: syntax error: unexpected FROM, expecting an expression\n");
    done(&p);
}

static void set_and_use(void) {
    Parse p;
    parse(&p, "SET spark.x.y = 'a;b' ; SET k=  v = w  ;SET k2; SET;SET `q` = \"v\"\n;USE s");
    CHECK(p.d.n == 0 && p.s->stmts.n == 6);
    if (p.s->stmts.n == 6) {
        const SqlStmt *const *st = (const SqlStmt *const *)p.s->stmts.items;
        CHECK_STR(st[0]->set.key, "spark.x.y");
        CHECK_STR(st[0]->set.value, "a;b");
        CHECK_STR(st[1]->set.key, "k");
        CHECK_STR(st[1]->set.value, "v = w");
        CHECK_STR(st[2]->set.key, "k2");
        CHECK(st[2]->set.value == NULL);
        CHECK(st[3]->set.key == NULL && st[3]->set.value == NULL);
        CHECK_STR(st[4]->set.key, "q");
        CHECK_STR(st[4]->set.value, "v");
        CHECK(st[5]->kind == SQL_STMT_USE && st[5]->use.kind == SQL_USE_DEFAULT);
    }
    done(&p);
}

static void unsupported_statements_are_named(void) {
    static const struct {
        const char *text;
        const char *what;  // NULL: a pipeline statement
    } cases[] = {
        {"INSERT INTO t VALUES (1)", "INSERT"},
        {"insert overwrite t select 1", "INSERT"},
        {"SELECT * FROM t WHERE x = ';'", "SELECT"},
        {"WITH a AS (SELECT 1) SELECT * FROM a", "SELECT"},
        {"(SELECT 1)", "SELECT"},
        {"CREATE TABLE t (a INT)", "CREATE TABLE"},
        {"CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1", "CREATE OR REPLACE TEMPORARY VIEW"},
        {"CREATE OR REPLACE MATERIALIZED VIEW v AS SELECT 1",
         "CREATE OR REPLACE MATERIALIZED VIEW"},
        {"create temporary function f AS 'x'", "CREATE TEMPORARY FUNCTION"},
        {"CREATE SCHEMA IF NOT EXISTS s", "CREATE SCHEMA"},
        {"DROP MATERIALIZED VIEW v", "DROP MATERIALIZED VIEW"},
        {"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "MERGE"},
        {"OPTIMIZE t ZORDER BY (a)", "OPTIMIZE"},
        {"DESC t", "DESCRIBE"},
        {"SHOW TABLES", "SHOW TABLES"},
        {"REFRESH TABLE t", "REFRESH TABLE"},
        {"CREATE TEMPORARY VIEW v AS SELECT 1", NULL},
        {"CREATE VIEW v AS SELECT 1", NULL},
        {"CREATE OR REFRESH PRIVATE MATERIALIZED VIEW v AS SELECT 1", NULL},
        {"CREATE FLOW f AS INSERT INTO t BY NAME SELECT * FROM STREAM s", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Parse p;
        parse(&p, cases[i].text);
        CHECK(p.d.n == 0 && p.s->stmts.n == 1);
        if (p.d.n) printf("  %s: %s", cases[i].text, sb_cstr(&p.errs));
        if (p.s->stmts.n == 1) {
            const SqlStmt *st = p.s->stmts.items[0];
            if (cases[i].what) {
                CHECK(st->kind == SQL_STMT_UNSUPPORTED);
                if (st->kind == SQL_STMT_UNSUPPORTED)
                    CHECK_STR(st->unsupported.what, cases[i].what);
                CHECK(st->loc.off == 0 && st->loc.len == strlen(cases[i].text));
            } else {
                CHECK(st->kind != SQL_STMT_UNSUPPORTED);
            }
        }
        done(&p);
    }
}

static void recovers_at_each_semicolon(void) {
    Parse p;
    parse(&p, "CREATE VIEW a AS SELECT 1;\n"
              "CREATE VIEW b AS SELECT FROM;\n"
              "CRATE VIEW c AS SELECT 1;\n"
              "CREATE VIEW d AS SELECT 1;\n"
              "CREATE VIEW e AS SELECT (1;\n"
              "CREATE VIEW f AS SELECT 1");
    CHECK(p.s->stmts.n == 3);
    CHECK_STR(sb_cstr(&p.errs),
              "2:25: syntax error: unexpected FROM, expecting an expression\n"
              "3:1: syntax error: unexpected identifier 'CRATE', expecting a statement (CREATE, "
              "APPLY CHANGES, AUTO CDC, SET or USE)\n"
              "5:27: syntax error: unexpected ';', expecting ',', ')' or an operator\n");
    done(&p);
}

static void clause_order_and_duplicates(void) {
    Parse p;
    parse(&p, "CREATE STREAMING TABLE t CLUSTER BY (a) (a INT) COMMENT 'x' "
              "TBLPROPERTIES (k = 1, 'x.y' 'z', a.b.c = true) LOCATION '/p'");
    CHECK(p.d.n == 0);
    done(&p);
    parse(&p, "CREATE STREAMING TABLE t COMMENT 'x' (a INT)");
    CHECK_STR(sb_cstr(&p.errs), "1:38: the column list must come before COMMENT\n");
    done(&p);
    parse(&p, "CREATE STREAMING TABLE t PARTITIONED BY (a) CLUSTER BY (b)");
    CHECK_STR(sb_cstr(&p.errs), "1:45: CLUSTER BY and PARTITIONED BY cannot be used together\n");
    done(&p);
    parse(&p, "APPLY CHANGES INTO t FROM s KEYS (a) SEQUENCE BY x STORED AS SCD TYPE 3 "
              "SEQUENCE BY y");
    CHECK_STR(sb_cstr(&p.errs), "1:71: SCD type must be 1 or 2\n"
                                "1:73: SEQUENCE BY is given twice\n"
                                "1:38: first given here\n");
    done(&p);
}

static void ignore_nulls_binds_to_the_call(void) {
    Parse p;
    parse(&p, "CREATE VIEW v AS SELECT first(x) IGNORE NULLS OVER (ORDER BY y), "
              "last(x IGNORE NULLS), f(g(x) RESPECT NULLS)");
    CHECK(p.d.n == 0);
    const SqlSelect *s = first_select(&p);
    if (s && s->items.n == 3) {
        CHECK(s->items.items[0]->expr->call.nulls == SQL_NULLS_IGNORE);
        CHECK(s->items.items[0]->expr->call.over != NULL);
        CHECK(s->items.items[1]->expr->call.nulls == SQL_NULLS_IGNORE);
        const SqlExpr *f = s->items.items[2]->expr;
        CHECK(f->call.nulls == SQL_NULLS_RESPECT);
        CHECK(f->call.args.items[0]->call.nulls == SQL_NULLS_DEFAULT);
    }
    done(&p);
    parse(&p, "APPLY CHANGES INTO t FROM s KEYS (a) SEQUENCE BY f(x) IGNORE NULL UPDATES");
    CHECK(p.d.n == 0);
    if (p.s->stmts.n == 1) CHECK(p.s->stmts.items[0]->cdc->ignore_null_updates);
    done(&p);
}

static void rejects_deep_nesting(void) {
    StrBuf b = {0};
    sb_puts(&b, "CREATE VIEW v AS SELECT a");
    for (int i = 0; i < 20000; i++) sb_puts(&b, " + 1");
    Parse p;
    parse(&p, b.ptr);
    CHECK(p.s->stmts.n == 0);
    CHECK(strstr(sb_cstr(&p.errs), "statement is nested too deeply") != NULL);
    done(&p);
    sb_reset(&b);
    sb_puts(&b, "CREATE VIEW v AS SELECT ");
    for (int i = 0; i < 20000; i++) sb_putc(&b, '(');
    parse(&p, b.ptr);
    CHECK(strstr(sb_cstr(&p.errs), "nested too deeply") != NULL);
    done(&p);
    sb_reset(&b);
    sb_puts(&b, "CREATE VIEW v AS SELECT * FROM a");
    for (int i = 0; i < 3000; i++) sb_puts(&b, " JOIN b ON x");
    sb_puts(&b, "; CREATE VIEW w AS SELECT 1");
    parse(&p, b.ptr);
    CHECK(p.s->stmts.n == 1 && p.d.n == 1);
    done(&p);
    sb_free(&b);
}

/* Every diagnostic of a failed parse must carry a location in the buffer. */
static bool all_located(const Parse *p, size_t n) {
    for (int i = 0; i < p->d.n; i++) {
        SrcLoc at = p->d.items[i].at;
        if (at.file != p->buf || at.off > n || at.off + at.len > n) return false;
    }
    return true;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rng(void) {  // xorshift64*: deterministic across platforms
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Du) >> 32);
}

static const char sample[] =
    "-- Databricks notebook source\nSET root = /landing;\n"
    "CREATE OR REFRESH STREAMING TABLE b (id BIGINT NOT NULL COMMENT 'k', amt DECIMAL(10,2),\n"
    "  s STRUCT<a: INT, b ARRAY<MAP<STRING, INT>>>, CONSTRAINT ok EXPECT (amt > 0) ON VIOLATION "
    "DROP ROW)\nPARTITIONED BY (id) TBLPROPERTIES ('q' = 'b', x.y = 1)\n"
    "AS SELECT * EXCEPT (x), raw:a.b[0]::int, CAST(t AS DATE), INTERVAL 1 DAY, `q``b`\n"
    "FROM STREAM read_files('/in', format => 'json') r LATERAL VIEW explode(a) e AS c\n"
    "WHERE a IN (1, 2) AND b NOT LIKE 'x%' OR c IS NOT NULL /* c */;\n"
    "APPLY CHANGES INTO LIVE.t FROM STREAM(s) KEYS (id) APPLY AS DELETE WHEN op = 'D'\n"
    "  SEQUENCE BY seq COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2;\n"
    "CREATE FLOW f AS INSERT INTO ONCE t BY NAME\n"
    "WITH q AS (SELECT 1) SELECT sum(x) FILTER (WHERE y) OVER (PARTITION BY z ROWS 1 PRECEDING)\n"
    "FROM q JOIN VALUES (1, 'a') AS v(a, b) USING (a) UNION ALL (SELECT 2) ORDER BY 1 LIMIT 3;\n"
    "INSERT INTO t VALUES (1)\n";

static void random_bytes_never_crash(void) {
    static const char alphabet[] = "abcst ()[]<>:=,.;'\"`\\-/*+%|&^!~\n\t0123456789eLDX_";
    static const char *const words[] = {
        "CREATE ", "STREAMING ", "TABLE ", "MATERIALIZED ", "VIEW ", "AS ", "SELECT ", "FROM ",
        "WHERE ", "STREAM ", "(", ")", ",", ";", "x ", "1 ", "'s' ", "APPLY ", "CHANGES ",
        "INTO ", "KEYS ", "SEQUENCE ", "BY ", "SET ", "CASE ", "WHEN ", "THEN ", "END ", "JOIN ",
        "ON ", "INTERVAL ", "DAY ", "IGNORE ", "NULLS ", "NULL ", "OVER ", "LATERAL ", "[", "]",
        ":", "::", "->", "=>", "* ", "EXCEPT ", "UNION ", "WITH ", "VALUES ", "IN ", "NOT ",
        "/*", "*/", "--", "\n", "`", "FLOW ", "INSERT ", "ONCE ", "AUTO ", "CDC ", "USE "};
    int failures = 0;
    for (int iter = 0; iter < 6000; iter++) {
        StrBuf b = {0};
        size_t n = rng() % 200;
        int mode = iter % 3;
        for (size_t i = 0; i < n; i++) {
            if (mode == 0) sb_putc(&b, (char)(rng() & 0xFF));
            else if (mode == 1) sb_putc(&b, alphabet[rng() % (sizeof alphabet - 1)]);
            else sb_puts(&b, words[rng() % (sizeof words / sizeof words[0])]);
        }
        Parse p;
        parse_n(&p, b.ptr ? b.ptr : "", b.len);
        if (!all_located(&p, b.len)) failures++;
        done(&p);
        sb_free(&b);
    }
    CHECK(failures == 0);
}

static void truncated_and_mutated_never_crash(void) {
    size_t n = sizeof sample - 1;
    int failures = 0;
    for (size_t cut = 0; cut <= n; cut++) {
        Parse p;
        parse_n(&p, sample, cut);
        if (!all_located(&p, cut)) failures++;
        done(&p);
    }
    Parse whole;
    parse_n(&whole, sample, n);
    CHECK(whole.d.n == 0 && whole.s->stmts.n == 5);
    if (whole.d.n) printf("%s", sb_cstr(&whole.errs));
    done(&whole);
    for (int iter = 0; iter < 4000; iter++) {
        char buf[sizeof sample];
        memcpy(buf, sample, sizeof sample);
        for (int k = 0, flips = 1 + (int)(rng() % 4); k < flips; k++)
            buf[rng() % n] = (char)(rng() & 0xFF);
        Parse p;
        parse_n(&p, buf, n);
        if (!all_located(&p, n)) failures++;
        done(&p);
    }
    CHECK(failures == 0);
}

static void fuzz_corpus_never_crashes(void) {
    const char *dir = "tests/fuzz/corpus/sql";
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return;
    int files = 0, failures = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *text = read_file(path, &len);
        if (!text) continue;
        Parse p;
        parse_n(&p, text, len);
        if (!all_located(&p, len)) failures++;
        done(&p);
        free(text);
        files++;
    }
    closedir(d);
    CHECK(files > 0);
    CHECK(failures == 0);
}

static double parse_ms(const char *text, int *nerrors, uint32_t *nstmts) {
    clock_t t0 = clock();  // CPU time: other work on the machine does not count
    Parse p;
    parse(&p, text);
    *nerrors = p.d.n;
    *nstmts = p.s->stmts.n;
    done(&p);
    return (double)(clock() - t0) * 1e3 / CLOCKS_PER_SEC;
}

static void thousand_statements_parse_fast(void) {
    StrBuf b = {0};
    for (int i = 0; i < 1000; i++)
        sb_printf(&b,
                  "CREATE OR REFRESH STREAMING TABLE t%d (id BIGINT, CONSTRAINT ok EXPECT (id > 0)"
                  " ON VIOLATION DROP ROW) COMMENT 'table %d'\nAS SELECT id, upper(name) AS n, "
                  "CASE WHEN x > %d THEN 'a' ELSE 'b' END AS c FROM STREAM(LIVE.src%d) s\n"
                  "JOIN LIVE.dim d ON s.k = d.k WHERE s.ts >= current_date() - INTERVAL 1 DAY;\n",
                  i, i, i, i);
    int nerr;
    uint32_t nstmts;
    double ms = parse_ms(b.ptr, &nerr, &nstmts);
    printf("  1000 statements (%zu bytes): %.2f ms (with dump)\n", b.len, ms);
    CHECK(nerr == 0 && nstmts == 1000);
    CHECK(ms < 5000);  // generous: sanitizer builds on a busy machine; -O2 takes a few ms
    sb_free(&b);
}

/* Long runs that a careless builder would make quadratic. */
static void pathological_inputs_stay_linear(void) {
    static const char *const head[] = {"CREATE VIEW v AS SELECT ", "CREATE VIEW v AS SELECT x IN (",
                                       "CREATE VIEW v AS SELECT ", "", "SET x = "};
    static const char *const unit[] = {"'abc' ", "1, ", "a OR ", "CRATE;", "a;b"};
    static const char *const tail[] = {"", "1)", "a", "", ""};
    for (int k = 0; k < 5; k++) {
        StrBuf b = {0};
        sb_puts(&b, head[k]);
        for (int i = 0; i < 100000; i++) sb_puts(&b, unit[k]);
        sb_puts(&b, tail[k]);
        int nerr;
        uint32_t nstmts;
        double ms = parse_ms(b.ptr, &nerr, &nstmts);
        CHECK(ms < 10000);  // linear takes well under a second even with sanitizers
        CHECK(k < 2 ? nerr == 0 : nerr > 0);
        if (k == 3) CHECK(nerr == SQL_MAX_ERRORS);  // reporting stops at the limit
        sb_free(&b);
    }
}

int main(void) {
    RUN(keyword_table_is_sorted);
    RUN(unreserved_keywords_are_identifiers);
    RUN(decodes_strings_and_numbers);
    RUN(locations_are_exact);
    RUN(set_and_use);
    RUN(unsupported_statements_are_named);
    RUN(recovers_at_each_semicolon);
    RUN(clause_order_and_duplicates);
    RUN(ignore_nulls_binds_to_the_call);
    RUN(rejects_deep_nesting);
    RUN(random_bytes_never_crash);
    RUN(truncated_and_mutated_never_crash);
    RUN(fuzz_corpus_never_crashes);
    RUN(thousand_statements_parse_fast);
    RUN(pathological_inputs_stay_linear);
    return test_summary();
}
