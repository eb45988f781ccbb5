/* Python parse driver (py.h): runs the Bison parser over a buffer and recovers from
 * syntax errors by restarting at the next line that starts a top-level statement, so
 * every broken statement of a notebook is reported in one run. Also runs the
 * sub-parses of f-string fields. */
#include "py.h"

#include "py_lex.h"
#include "py_parse.h"

#include <string.h>

static void parser_init(PyParser *p, Arena *a, const SourceSet *src, uint32_t file, Diags *d) {
    memset(p, 0, sizeof *p);
    p->arena = a;
    p->src = src;
    p->diags = d;
    p->file = file;
}

static bool is_line_end(char c) { return c == '\n' || c == '\r'; }

/* Does the line at s start a new top-level statement? Not when it is indented, blank,
 * a comment, a closing bracket or a clause that continues a compound statement. */
static bool starts_statement(const char *s, const char *lim) {
    if (s >= lim) return false;
    char c = *s;
    if (c == ' ' || c == '\t' || c == '\f' || c == '#' || is_line_end(c)) return false;
    if (c == ')' || c == ']' || c == '}') return false;
    static const char *const clauses[] = {"else", "elif", "except", "finally"};
    for (size_t i = 0; i < sizeof clauses / sizeof *clauses; i++) {
        size_t n = strlen(clauses[i]);
        if ((size_t)(lim - s) >= n && memcmp(s, clauses[i], n) == 0 &&
            ((size_t)(lim - s) == n || !(s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') ||
                                         (s[n] >= 'A' && s[n] <= 'Z') ||
                                         (s[n] >= '0' && s[n] <= '9'))))
            return false;
    }
    return true;
}

/* Text offset of the first statement-starting line after off, or len. */
static uint32_t next_statement(const PyParser *p, uint32_t off) {
    const char *s = p->text + off, *lim = p->text + p->len;
    for (;;) {
        while (s < lim && !is_line_end(*s)) s++;
        if (s >= lim) return p->len;
        s++;
        if (starts_statement(s, lim)) return (uint32_t)(s - p->text);
    }
}

PyModule *py_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d) {
    const SourceBuf *b = src_buf(src, buf);
    PyModule *m = arena_alloc(a, sizeof *m);
    m->file = buf;
    m->src = src;
    if (!b) {
        diag_error(d, (SrcLoc){buf, 0, 0}, "no such source buffer");
        return m;
    }
    PyParser p;
    parser_init(&p, a, src, buf, d);
    p.text = b->text;
    p.len = b->len;
    uint32_t off = 0;
    // A UTF-8 byte order mark is not part of the program.
    if (p.len >= 3 && memcmp(p.text, "\xEF\xBB\xBF", 3) == 0) off = 3;
    while (off < p.len || off == 0) {
        py_lex_restart(&p, off);
        p.start_token = PT_START_FILE;
        if (py_yyparse(&p) == 0) break;
        if (p.nerrors >= PY_MAX_ERRORS) break;
        uint32_t err = p.resync_off ? p.resync_off : p.error_off;
        if (err < off) err = off;  // never go backwards
        off = next_statement(&p, err);
        if (off >= p.len) break;
    }
    m->body = p.body;
    return m;
}

PyExpr *py_parse_field(PyParser *outer, uint32_t off, uint32_t len) {
    PyParser p;
    parser_init(&p, outer->arena, outer->src, outer->file, outer->diags);
    p.base = off;
    p.text = arena_strndup(outer->arena, outer->text + (off - outer->base), len);
    p.len = len;
    p.base_depth = 1;  // inside the braces: newlines are not statement ends
    p.fdepth = outer->fdepth + 1;
    py_lex_restart(&p, 0);
    p.start_token = PT_START_EXPR;
    int rc = py_yyparse(&p);
    outer->nerrors += p.nerrors;
    return rc == 0 ? p.result : NULL;
}
