/* Unit tests of the Python front end: AST shapes and decoded values, exact locations
 * (also inside f-string fields), error recovery, and robustness on random, truncated
 * and mutated inputs (every run must end with located errors, never a crash or hang). */
#include "py.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    SourceSet src;
    Diags     d;
    Arena     a;
    uint32_t  buf;
    PyModule *m;
    StrBuf    dump;
    StrBuf    errs;  // "line:col: msg\n" per diagnostic
} Parse;

static void parse_n(Parse *p, const char *text, size_t n) {
    memset(p, 0, sizeof *p);
    src_init(&p->src);
    diag_init(&p->d);
    char *copy = xmalloc(n + 1);
    memcpy(copy, text, n);
    copy[n] = 0;
    p->buf = src_add(&p->src, "t.py", copy, (uint32_t)n);
    p->m = py_parse(&p->a, &p->src, p->buf, &p->d);
    py_ast_dump(p->m, &p->dump);
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

/* The first statement's value expression, for value checks. */
static const PyExpr *first_value(const Parse *p) {
    if (!p->m || p->m->body.n == 0) return NULL;
    const PyStmt *s = p->m->body.items[0];
    if (s->kind == PY_S_ASSIGN) return s->u.assign.value;
    if (s->kind == PY_S_EXPR) return s->u.value;
    return NULL;
}

static void parses_module_shape(void) {
    Parse p;
    parse(&p, "import dlt\n\n@dlt.table(comment=\"raw\")\ndef clicks_raw():\n    return 1\n");
    CHECK_STR(sb_cstr(&p.dump),
              "(module\n"
              "  (import dlt @1:1)\n"
              "  (def clicks_raw @4:1\n"
              "    (decorator (call (attr (name dlt) table) (kw comment (str \"raw\"))))\n"
              "    (body\n"
              "      (return (int 1) @5:5))))\n");
    CHECK(p.d.n == 0);
    const PyStmt *def = p.m->body.items[1];
    CHECK(def->kind == PY_S_FUNCDEF && def->u.funcdef.decorators.n == 1);
    CHECK(def->u.funcdef.body.n == 1 && def->u.funcdef.body.items[0]->kind == PY_S_RETURN);
    done(&p);
}

static void decodes_strings_with_nul_and_escapes(void) {
    Parse p;
    parse(&p, "x = 'a\\x00b\\n\\u00e9' r'\\n' b'\\xff'\n");
    CHECK(p.d.n == 1);  // bytes mixed with str
    CHECK_STR(sb_cstr(&p.errs), "1:28: cannot mix bytes and nonbytes literals\n");
    done(&p);
    parse(&p, "x = 'a\\x00b\\n\\u00e9' r'\\n'\n");
    const PyExpr *v = first_value(&p);
    CHECK(v && v->kind == PY_E_CONST && v->u.constant.kind == PY_C_STR);
    CHECK(v && v->u.constant.len == 8 && memcmp(v->u.constant.s, "a\0b\n\xC3\xA9\\n", 8) == 0);
    done(&p);
    parse(&p, "x = '''a\r\nb\rc'''\r\n");  // line ends inside literals read as \n
    v = first_value(&p);
    CHECK(v && v->u.constant.len == 5 && memcmp(v->u.constant.s, "a\nb\nc", 5) == 0);
    done(&p);
    parse_n(&p, "x = 'a\0b'\n", 10);
    CHECK_STR(sb_cstr(&p.errs), "1:7: source code cannot contain null bytes\n");
    done(&p);
    parse(&p, "x = b'\\x00\\xff\\101'\n");
    v = first_value(&p);
    CHECK(v && v->u.constant.kind == PY_C_BYTES && v->u.constant.len == 3);
    CHECK(v && memcmp(v->u.constant.s, "\0\xff" "A", 3) == 0);
    done(&p);
}

static void keeps_int_text_and_value(void) {
    Parse p;
    parse(&p, "x = 0x_ff\n");
    const PyExpr *v = first_value(&p);
    CHECK(v && v->u.constant.kind == PY_C_INT && v->u.constant.fits_i64 && v->u.constant.i == 255);
    CHECK_STR(v ? v->u.constant.s : NULL, "0x_ff");
    done(&p);
    parse(&p, "x = 99999999999999999999\n");
    v = first_value(&p);
    CHECK(v && !v->u.constant.fits_i64);
    CHECK_STR(v ? v->u.constant.s : NULL, "99999999999999999999");
    done(&p);
    parse(&p, "x = 1.5e3\n");
    v = first_value(&p);
    CHECK(v && v->u.constant.kind == PY_C_FLOAT && v->u.constant.f == 1500.0);
    done(&p);
}

static void fstring_fields_have_exact_locations(void) {
    Parse p;
    parse(&p, "x = f\"ab{name!r:>{w}}cd\"\n");
    const PyExpr *v = first_value(&p);
    CHECK(v && v->kind == PY_E_JOINED && v->u.joined.n == 3);
    if (v && v->kind == PY_E_JOINED && v->u.joined.n == 3) {
        const PyExpr *fv = v->u.joined.items[1];
        CHECK(fv->kind == PY_E_FVALUE && fv->u.fvalue.conversion == 'r');
        const PyExpr *name = fv->u.fvalue.value;
        CHECK(name && name->kind == PY_E_NAME && name->at.off == 9 && name->at.len == 4);
        const PyExpr *spec = fv->u.fvalue.spec;
        CHECK(spec && spec->kind == PY_E_JOINED && spec->u.joined.n == 2);
        if (spec && spec->u.joined.n == 2) {
            const PyExpr *w = spec->u.joined.items[1]->u.fvalue.value;
            CHECK(w && w->kind == PY_E_NAME && w->at.off == 18 && w->at.len == 1);
        }
    }
    done(&p);
    // An error inside a field points into the field.
    parse(&p, "x = 1\ny = f\"{a +}\"\n");
    CHECK_STR(sb_cstr(&p.errs), "2:11: unexpected end of f-string field\n");
    done(&p);
}

static void recovers_at_column_zero(void) {
    Parse p;
    parse(&p, "a = = 1\nb = 2\ndef f(:\n    pass\nc = (\n  1 2\n)\nd = 4\n");
    CHECK_STR(sb_cstr(&p.errs),
              "1:5: unexpected '='\n3:7: unexpected ':'\n6:5: unexpected number '2'\n");
    CHECK(p.m->body.n == 2);
    done(&p);
}

static void layout_errors_are_located(void) {
    Parse p;
    parse(&p, "if x:\n    a = 1\n  b = 2\n");
    CHECK_STR(sb_cstr(&p.errs), "3:3: unindent does not match any outer indentation level\n");
    done(&p);
    parse(&p, "def f():\nreturn 1\n");
    CHECK_STR(sb_cstr(&p.errs), "2:1: expected an indented block\n");
    done(&p);
    parse(&p, "x = 1\n    y = 2\n");
    CHECK_STR(sb_cstr(&p.errs), "2:5: unexpected indent\n");
    done(&p);
    parse(&p, "s = 'abc\nt = 1\n");
    CHECK_STR(sb_cstr(&p.errs), "1:5: unterminated string literal\n");
    CHECK(p.m->body.n == 1);  // t = 1 still parsed
    done(&p);
    parse(&p, "s = \"\"\"abc\nt = 1\n");
    CHECK_STR(sb_cstr(&p.errs), "1:5: unterminated triple-quoted string literal\n");
    done(&p);
    parse(&p, "match x:\n    case 1:\n        pass\n");
    CHECK_STR(sb_cstr(&p.errs), "1:1: match statements are not supported\n");
    done(&p);
    parse(&p, "x = (1,\n");
    CHECK_STR(sb_cstr(&p.errs), "1:5: '(' was never closed\n");
    done(&p);
    // Tabs count to the next multiple of 8: a tab and 8 spaces are the same indent.
    parse(&p, "if x:\n\ta = 1\n        b = 2\n");
    CHECK(p.d.n == 0);
    done(&p);
}

static void accepts_no_trailing_newline_and_crlf(void) {
    Parse p;
    parse(&p, "if x:\r\n    y = 1\r\nz = 2");
    CHECK(p.d.n == 0 && p.m->body.n == 2);
    done(&p);
    parse(&p, "");
    CHECK(p.d.n == 0 && p.m->body.n == 0);
    CHECK_STR(sb_cstr(&p.dump), "(module)\n");
    done(&p);
    parse(&p, "\xEF\xBB\xBFx = 1\n");
    CHECK(p.d.n == 0 && p.m->body.n == 1);
    done(&p);
}

static void rejects_deep_chains(void) {
    StrBuf b = {0};
    sb_puts(&b, "x = a");
    for (int i = 0; i < 5000; i++) sb_puts(&b, ".b");
    sb_puts(&b, "\n");
    Parse p;
    parse(&p, b.ptr);
    CHECK(p.d.n == 1);
    CHECK_STR(sb_cstr(&p.errs), "1:5: expression is too deeply nested\n");
    done(&p);
    sb_reset(&b);
    sb_puts(&b, "x = ");
    for (int i = 0; i < 20000; i++) sb_puts(&b, "not ");
    sb_puts(&b, "y\nz = 1\n");
    parse(&p, b.ptr);
    CHECK(strstr(sb_cstr(&p.errs), "statement is too deeply nested") != NULL);
    CHECK(p.m->body.n == 1);  // z = 1
    done(&p);
    sb_reset(&b);
    for (int i = 0; i < 300; i++) sb_putc(&b, '(');
    parse(&p, b.ptr);
    CHECK(strstr(sb_cstr(&p.errs), "too many nested parentheses") != NULL);
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
    "import dlt\nfrom pyspark.sql import functions as F\n"
    "@dlt.table(comment=f\"raw {x!r:>3}\")\n@dlt.expect(\"a\", 'b > 0')\n"
    "def t(a, /, b=1, *c, d, **e) -> int:\n    '''doc'''\n"
    "    return (spark.read.table(\"x\")\n        .where(F.col(\"a\") > 1)[1:2, ::3])\n"
    "for i, (j, k) in enumerate([x for x in y if x]):\n\tif i: continue\n"
    "with (open(a) as f, b):\n    yield from {**d, 'k': lambda q=1: q}\n"
    "try:\n    pass\nexcept* E as e:\n    raise X from e\nelse:\n    x += 0x_1f ** 2j\n";

static void random_bytes_never_crash(void) {
    static const char alphabet[] = "abc dfi()[]{}:=,.'\"\\#\n\n    \t@*+-<>!f{}0123456789jxe_r";
    int failures = 0, silent = 0;
    for (int iter = 0; iter < 4000; iter++) {
        size_t n = rng() % 200;
        char *buf = xmalloc(n + 1);
        bool binary = iter % 2 == 0;
        for (size_t i = 0; i < n; i++)
            buf[i] = binary ? (char)(rng() & 0xFF) : alphabet[rng() % (sizeof alphabet - 1)];
        Parse p;
        parse_n(&p, buf, n);
        if (!all_located(&p, n)) failures++;
        if (binary && n >= 16 && p.d.n == 0) silent++;  // random bytes are never Python
        done(&p);
        free(buf);
    }
    CHECK(failures == 0);
    CHECK(silent == 0);
}

static void truncated_and_mutated_never_crash(void) {
    size_t n = sizeof sample - 1;
    int failures = 0, clean = 0;
    for (size_t cut = 0; cut <= n; cut++) {
        Parse p;
        parse_n(&p, sample, cut);
        if (!all_located(&p, cut)) failures++;
        done(&p);
    }
    Parse whole;
    parse_n(&whole, sample, n);
    clean = whole.d.n;
    done(&whole);
    for (int iter = 0; iter < 3000; iter++) {
        char buf[sizeof sample];
        memcpy(buf, sample, sizeof sample);
        for (int k = 0, flips = 1 + (int)(rng() % 4); k < flips; k++)
            buf[rng() % n] = (char)(rng() & 0xFF);
        Parse p;
        parse_n(&p, buf, n);
        if (!all_located(&p, n)) failures++;
        done(&p);
    }
    CHECK(clean == 0);
    CHECK(failures == 0);
}

static void fuzz_corpus_never_crashes(void) {
    const char *dir = "tests/fuzz/corpus/py";
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

static void thousand_functions_parse_fast(void) {
    StrBuf b = {0};
    sb_puts(&b, "import dlt\n");
    for (int i = 0; i < 1000; i++)
        sb_printf(&b,
                  "@dlt.table(name=f\"t_{i}\", comment=\"c%d\")\n@dlt.expect(\"ok\", \"x > 0\")\n"
                  "def t%d():\n"
                  "    return dlt.read(\"src\").where(\"x > %d\").select(\"a\", \"b\")\n\n",
                  i, i, i);
    clock_t t0 = clock();
    Parse p;
    parse(&p, b.ptr);
    double ms = (double)(clock() - t0) * 1e3 / CLOCKS_PER_SEC;
    printf("  1000 decorated functions: %.2f ms (with dump)\n", ms);
    CHECK(p.d.n == 0 && p.m->body.n == 1001);
    CHECK(ms < 5000);  // generous: sanitizer builds on a busy machine; -O2 takes a few ms
    done(&p);
    sb_free(&b);
}

static double parse_ms(const char *text, int *nerrors) {
    clock_t t0 = clock();  // CPU time: other work on the machine does not count
    Parse p;
    parse(&p, text);
    *nerrors = p.d.n;
    done(&p);
    return (double)(clock() - t0) * 1e3 / CLOCKS_PER_SEC;
}

/* Inputs that once took quadratic time (long literal runs, unclosed `with (` lines). */
static void pathological_inputs_stay_linear(void) {
    static const char *const unit[] = {"\"abc\" ", "a or ", "with (\n", "match (\n", "f\"{a}b\" "};
    static const char *const head[] = {"x = ", "x = ", "", "", "x = "};
    static const char *const tail[] = {"\n", "a\n", "", "", "\n"};
    for (int k = 0; k < 5; k++) {
        StrBuf b = {0};
        sb_puts(&b, head[k]);
        for (int i = 0; i < 50000; i++) sb_puts(&b, unit[k]);
        sb_puts(&b, tail[k]);
        int nerr;
        double ms = parse_ms(b.ptr, &nerr);
        CHECK(ms < 10000);  // linear takes well under a second even with sanitizers
        CHECK(k < 2 || k == 4 ? nerr == 0 : nerr > 0);
        sb_free(&b);
    }
}

int main(void) {
    RUN(parses_module_shape);
    RUN(decodes_strings_with_nul_and_escapes);
    RUN(keeps_int_text_and_value);
    RUN(fstring_fields_have_exact_locations);
    RUN(recovers_at_column_zero);
    RUN(layout_errors_are_located);
    RUN(accepts_no_trailing_newline_and_crlf);
    RUN(rejects_deep_chains);
    RUN(random_bytes_never_crash);
    RUN(truncated_and_mutated_never_crash);
    RUN(fuzz_corpus_never_crashes);
    RUN(thousand_functions_parse_fast);
    RUN(pathological_inputs_stay_linear);
    return test_summary();
}
