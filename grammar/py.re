/* Python tokenizer (re2c): turns one buffer into Bison tokens with SrcLocs. Handles the
 * layout (NEWLINE only at logical line ends, INDENT/DEDENT from an indent stack, implicit
 * joining inside brackets, backslash continuation), numbers, names, operators and every
 * string form; string bodies are decoded in py_strings.c. State lives in PyParser. */
#include "py_lex.h"
#include "py_parse.h"
#include "py_strings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SrcLoc py_loc(const PyParser *p, const char *from, const char *to) {
    return (SrcLoc){p->file, p->base + (uint32_t)(from - p->text), (uint32_t)(to - from)};
}

void py_error(PyParser *p, SrcLoc at, const char *fmt, ...) {
    p->nerrors++;
    if (p->nerrors > PY_MAX_ERRORS) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->nerrors == PY_MAX_ERRORS) diag_error(p->diags, at, "too many errors; giving up");
    else diag_error(p->diags, at, "%s", msg);
}

void py_lex_restart(PyParser *p, uint32_t off) {
    p->cur = p->text + (off < p->len ? off : p->len);
    p->lim = p->text + p->len;
    p->depth = p->base_depth;
    p->nindents = 1;
    p->indents[0] = 0;
    p->pending_dedents = 0;
    p->at_line_start = p->base_depth == 0;
    p->line_has_tok = false;
    p->last_tok = 0;
    p->lex_error = false;
    p->resync_off = 0;
}

/* A lexer error: report it, and hand the parser an ERROR token at the same place so
 * that it stops without a second "unexpected" message. */
static int lex_fail(PyParser *p, SrcLoc *loc, SrcLoc at, const char *msg) {
    py_error(p, at, "%s", msg);
    p->lex_error = true;
    *loc = at;
    return PT_ERROR;
}

static int bad_utf8(PyParser *p, SrcLoc *loc, const char *bad) {
    char msg[64];
    snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02x", (unsigned char)*bad);
    return lex_fail(p, loc, py_loc(p, bad, bad + 1), msg);
}

static bool is_id_byte(unsigned char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

/* Skip a string literal starting at s (at its quote); returns the first byte after it,
 * or lim when unterminated. Used only by the look-ahead scans below. */
static const char *skip_string(const char *s, const char *lim) {
    char q = *s;
    bool triple = lim - s >= 3 && s[1] == q && s[2] == q;
    s += triple ? 3 : 1;
    while (s < lim) {
        if (*s == '\\') { s += 2; continue; }
        if (!triple && (*s == '\n' || *s == '\r')) return s;
        if (*s == q && (!triple || (lim - s >= 3 && s[1] == q && s[2] == q)))
            return s + (triple ? 3 : 1);
        s++;
    }
    return lim;
}

/* Bounds the look-ahead scans below: a line starting in column 0 with code begins a new
 * statement, so no bracket of the current line can still be open there. Keeps many
 * unclosed `with (` lines linear instead of quadratic. */
static bool statement_line_at(const char *s, const char *lim) {
    return s < lim && !strchr(" \t\f#\r\n)]}", *s);
}

/* After `with (`: is this the parenthesised form `with (a as b, c):`? True when the
 * matching `)` is followed by `:` and the contents hold a top-level comma or `as`. */
static bool with_parens_ahead(const PyParser *p) {
    const char *s = p->cur, *lim = p->lim;
    int nest = 0;
    bool has_sep = false;
    while (s < lim) {
        char c = *s;
        if (c == '\'' || c == '"') { s = skip_string(s, lim); continue; }
        if (c == '#') { while (s < lim && *s != '\n') s++; continue; }
        if (c == '\n' && statement_line_at(s + 1, lim)) return false;
        if (c == '(' || c == '[' || c == '{') nest++;
        else if (c == ')' || c == ']' || c == '}') {
            if (nest == 0) break;
            nest--;
        } else if (nest == 0 && c == ',') has_sep = true;
        else if (nest == 0 && c == 'a' && s + 1 < lim && s[1] == 's' &&
                 !is_id_byte((unsigned char)s[-1]) &&
                 (s + 2 >= lim || !is_id_byte((unsigned char)s[2]))) has_sep = true;
        else if (is_id_byte((unsigned char)c)) {
            while (s < lim && is_id_byte((unsigned char)*s)) s++;
            continue;
        }
        s++;
    }
    if (s >= lim || *s != ')') return false;
    for (s++; s < lim && (*s == ' ' || *s == '\t'); s++) {}
    return has_sep && s < lim && *s == ':';
}

/* At a line-initial `match`: does the logical line end with ':' (a match statement)
 * rather than being an ordinary use of the name (match(x), match = 1, match.group())? */
static bool match_stmt_ahead(const PyParser *p) {
    const char *s = p->cur, *lim = p->lim;
    if (s >= lim || !(*s == ' ' || *s == '\t' || *s == '(' || *s == '[' || *s == '{' ||
                      *s == '-' || *s == '\'' || *s == '"'))
        return false;
    int nest = 0;
    char last = 0;
    while (s < lim) {
        char c = *s;
        if (c == '\'' || c == '"') { s = skip_string(s, lim); last = c; continue; }
        if (c == '#') { while (s < lim && *s != '\n') s++; continue; }
        if (c == '\\' && s + 1 < lim && s[1] == '\n') { s += 2; continue; }
        if ((c == '\n' || c == '\r') && (nest == 0 || statement_line_at(s + 1, lim))) break;
        if (c == '(' || c == '[' || c == '{') nest++;
        else if ((c == ')' || c == ']' || c == '}') && nest > 0) nest--;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last = c;
        s++;
    }
    return last == ':';
}

/* Beginning of a logical line outside brackets: skip blank and comment-only lines, then
 * compare the indentation with the stack. Returns INDENT/DEDENT/ERROR, or 0 for none. */
static int line_start(PyParser *p, SrcLoc *loc) {
    for (;;) {
        const char *s = p->cur;
        uint32_t col = 0;
        for (; s < p->lim; s++) {
            if (*s == ' ') col++;
            else if (*s == '\t') col = (col / 8 + 1) * 8;
            else if (*s == '\f') col = 0;
            else break;
        }
        if (s >= p->lim) { p->cur = s; return 0; }
        if (*s == '#' || *s == '\n' || *s == '\r') {  // blank line: no layout tokens
            const char *start = s;
            while (s < p->lim && *s != '\n' && *s != '\r') s++;
            const char *bad = py_utf8_invalid(start, s);
            if (!bad) bad = memchr(start, 0, (size_t)(s - start));
            if (bad) {
                p->cur = s;
                return *bad ? bad_utf8(p, loc, bad)
                            : lex_fail(p, loc, py_loc(p, bad, bad + 1),
                                       "source code cannot contain null bytes");
            }
            if (s < p->lim && *s == '\r' && s + 1 < p->lim && s[1] == '\n') s++;
            p->cur = s < p->lim ? s + 1 : s;
            continue;
        }
        p->cur = s;
        p->at_line_start = false;
        *loc = py_loc(p, s, s);
        uint32_t top = p->indents[p->nindents - 1];
        if (col == top) return 0;
        if (col > top) {
            if (p->nindents > PY_MAX_INDENT)
                return lex_fail(p, loc, *loc, "too many levels of indentation");
            p->indents[p->nindents++] = col;
            return PT_INDENT;
        }
        int n = 0;
        while (p->nindents > 1 && p->indents[p->nindents - 1] > col) {
            p->nindents--;
            n++;
        }
        if (p->indents[p->nindents - 1] != col)
            return lex_fail(p, loc, *loc, "unindent does not match any outer indentation level");
        p->pending_dedents = n - 1;
        return PT_DEDENT;
    }
}

/* End of input: close the last line, unwind the indent stack, then END. */
static int at_eof(PyParser *p, SrcLoc *loc) {
    *loc = py_loc(p, p->lim, p->lim);
    if (p->base_depth > 0) return PT_END;
    if (p->depth > 0) {
        SrcLoc at = p->open_at[p->depth - 1 < PY_MAX_PARENS ? p->depth - 1 : 0];
        char msg[64];
        snprintf(msg, sizeof msg, "'%c' was never closed", p->text[at.off - p->base]);
        p->depth = 0;
        return lex_fail(p, loc, at, msg);
    }
    if (p->line_has_tok) {
        p->line_has_tok = false;
        return PT_NEWLINE;
    }
    if (p->nindents > 1) {
        p->pending_dedents = p->nindents - 2;
        p->nindents = 1;
        return PT_DEDENT;
    }
    return PT_END;
}

static int open_bracket(PyParser *p, SrcLoc *loc, int tok) {
    if (p->depth >= PY_MAX_PARENS)
        return lex_fail(p, loc, *loc, "too many nested parentheses");
    p->open_at[p->depth++] = *loc;
    return tok;
}

static int close_bracket(PyParser *p, int tok) {
    if (p->depth > p->base_depth) p->depth--;
    return tok;
}

static int number(PyParser *p, PY_YYSTYPE *val, SrcLoc *loc, PyConstKind kind) {
    const char *err = NULL;
    val->expr = py_number(p->arena, p->tok, (uint32_t)(p->cur - p->tok), kind, *loc, &err);
    if (err) return lex_fail(p, loc, *loc, err);
    return PT_NUMBER;
}

static int name(PyParser *p, PY_YYSTYPE *val, SrcLoc *loc) {
    size_t n = (size_t)(p->cur - p->tok);
    if (n == 5 && memcmp(p->tok, "match", 5) == 0 && !p->line_has_tok && p->base_depth == 0 &&
        p->depth == 0 && match_stmt_ahead(p)) {
        return lex_fail(p, loc, *loc, "match statements are not supported");
    }
    val->str = arena_strndup(p->arena, p->tok, n);
    return PT_NAME;
}

static int string(PyParser *p, PY_YYSTYPE *val, SrcLoc *loc) {
    PyStrScan sc;
    const char *err = py_string_scan(p->tok, p->lim, &sc);
    p->cur = sc.end;
    *loc = py_loc(p, p->tok, p->cur);
    if (err) {
        if (sc.triple) p->resync_off = p->len;  // nothing after an open """ is code
        return lex_fail(p, loc, py_loc(p, p->tok, sc.body), err);
    }
    const char *bad = sc.bytes ? NULL : py_utf8_invalid(sc.body, sc.body_end);
    if (bad) return bad_utf8(p, loc, bad);
    bad = memchr(sc.body, 0, (size_t)(sc.body_end - sc.body));
    if (bad) return lex_fail(p, loc, py_loc(p, bad, bad + 1), "source code cannot contain null bytes");
    val->expr = sc.is_f ? py_fstring(p, &sc, *loc) : py_string_const(p, &sc, *loc);
    return PT_STRING;
}

/*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = "p->cur";
    re2c:define:YYMARKER = "p->mar";
    re2c:define:YYLIMIT = "p->lim";
    re2c:define:YYPEEK = "*(const unsigned char *)p->cur";
    re2c:define:YYSKIP = "++p->cur;";
    re2c:define:YYBACKUP = "p->mar = p->cur;";
    re2c:define:YYRESTORE = "p->cur = p->mar;";
    re2c:define:YYLESSTHAN = "p->lim - p->cur < @@{len}";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    u2     = "\xc2" [\x80-\x9f\xa1-\xbf] | [\xc3-\xdf][\x80-\xbf];  // not U+00A0
    u3     = [\xe0-\xef][\x80-\xbf][\x80-\xbf];
    u4     = [\xf0-\xf4][\x80-\xbf][\x80-\xbf][\x80-\xbf];
    idst   = [a-zA-Z_] | u2 | u3 | u4;
    idch   = [a-zA-Z0-9_] | u2 | u3 | u4;
    dig    = [0-9] ("_"? [0-9])*;
    hexi   = "0" [xX] ("_"? [0-9a-fA-F])+;
    octi   = "0" [oO] ("_"? [0-7])+;
    bini   = "0" [bB] ("_"? [01])+;
    expo   = [eE] [+-]? dig;
    pflt   = dig? "." dig | dig ".";
    flt    = pflt expo? | dig expo;
    imag   = (flt | dig) [jJ];
    spfx   = [rRbBuUfF] | [rR][bBfF] | [bBfF][rR];
    nl     = "\r\n" | "\n" | "\r";
*/

static int lex1(PyParser *p, PY_YYSTYPE *val, SrcLoc *loc) {
    if (p->start_token) {
        int t = p->start_token;
        p->start_token = 0;
        *loc = py_loc(p, p->cur, p->cur);
        return t;
    }
    if (p->pending_dedents > 0) {
        p->pending_dedents--;
        *loc = py_loc(p, p->cur, p->cur);
        return PT_DEDENT;
    }
    if (p->at_line_start && p->depth == 0) {
        int t = line_start(p, loc);
        if (t) return t;
    }
    for (;;) {
        p->tok = p->cur;
#define T(k) do { *loc = py_loc(p, p->tok, p->cur); return (k); } while (0)
#define OPEN(k) do { *loc = py_loc(p, p->tok, p->cur); return open_bracket(p, loc, (k)); } while (0)
#define CLOSE(k) do { *loc = py_loc(p, p->tok, p->cur); return close_bracket(p, (k)); } while (0)
        /*!re2c
        $               { p->cur = p->lim; return at_eof(p, loc); }
        [ \t\f]+        { continue; }
        "#" [^\n\r\x00]* { const char *bad = py_utf8_invalid(p->tok, p->cur);
                          if (bad) return bad_utf8(p, loc, bad);
                          continue; }
        "\\" nl         { continue; }
        "\\"            { *loc = py_loc(p, p->tok, p->cur);
                          return lex_fail(p, loc, *loc,
                              "unexpected character after line continuation character"); }
        nl              { if (p->depth > 0 || !p->line_has_tok) continue;
                          p->at_line_start = true;
                          p->line_has_tok = false;
                          T(PT_NEWLINE); }

        "False"    { T(PT_FALSE); }
        "None"     { T(PT_NONE); }
        "True"     { T(PT_TRUE); }
        "and"      { T(PT_AND); }
        "as"       { T(PT_AS); }
        "assert"   { T(PT_ASSERT); }
        "async"    { T(PT_ASYNC); }
        "await"    { T(PT_AWAIT); }
        "break"    { T(PT_BREAK); }
        "class"    { T(PT_CLASS); }
        "continue" { T(PT_CONTINUE); }
        "def"      { T(PT_DEF); }
        "del"      { T(PT_DEL); }
        "elif"     { T(PT_ELIF); }
        "else"     { T(PT_ELSE); }
        "except"   { T(PT_EXCEPT); }
        "finally"  { T(PT_FINALLY); }
        "for"      { T(PT_FOR); }
        "from"     { T(PT_FROM); }
        "global"   { T(PT_GLOBAL); }
        "if"       { T(PT_IF); }
        "import"   { T(PT_IMPORT); }
        "in"       { T(PT_IN); }
        "is"       { T(PT_IS); }
        "lambda"   { T(PT_LAMBDA); }
        "nonlocal" { T(PT_NONLOCAL); }
        "not"      { T(PT_NOT); }
        "or"       { T(PT_OR); }
        "pass"     { T(PT_PASS); }
        "raise"    { T(PT_RAISE); }
        "return"   { T(PT_RETURN); }
        "try"      { T(PT_TRY); }
        "while"    { T(PT_WHILE); }
        "with"     { T(PT_WITH); }
        "yield"    { T(PT_YIELD); }

        spfx? ['"]  { return string(p, val, loc); }
        idst idch*  { *loc = py_loc(p, p->tok, p->cur); return name(p, val, loc); }

        imag  { *loc = py_loc(p, p->tok, p->cur); return number(p, val, loc, PY_C_COMPLEX); }
        flt   { *loc = py_loc(p, p->tok, p->cur); return number(p, val, loc, PY_C_FLOAT); }
        hexi | octi | bini | dig
              { *loc = py_loc(p, p->tok, p->cur); return number(p, val, loc, PY_C_INT); }

        "("   { if (p->last_tok == PT_WITH && with_parens_ahead(p)) OPEN(PT_WITH_LPAR);
                OPEN('('); }
        "["   { OPEN('['); }
        "{"   { OPEN('{'); }
        ")"   { CLOSE(')'); }
        "]"   { CLOSE(']'); }
        "}"   { CLOSE('}'); }
        "..." { T(PT_ELLIPSIS); }
        "->"  { T(PT_ARROW); }
        ":="  { T(PT_COLONEQ); }
        "**"  { T(PT_POW); }
        "//"  { T(PT_FLOORDIV); }
        "<<"  { T(PT_LSHIFT); }
        ">>"  { T(PT_RSHIFT); }
        "<="  { T(PT_LE); }
        ">="  { T(PT_GE); }
        "=="  { T(PT_EQ); }
        "!="  { T(PT_NE); }
        "+="  { val->op = PY_OP_ADD; T(PT_AUGASSIGN); }
        "-="  { val->op = PY_OP_SUB; T(PT_AUGASSIGN); }
        "*="  { val->op = PY_OP_MUL; T(PT_AUGASSIGN); }
        "@="  { val->op = PY_OP_MATMUL; T(PT_AUGASSIGN); }
        "/="  { val->op = PY_OP_DIV; T(PT_AUGASSIGN); }
        "%="  { val->op = PY_OP_MOD; T(PT_AUGASSIGN); }
        "&="  { val->op = PY_OP_BITAND; T(PT_AUGASSIGN); }
        "|="  { val->op = PY_OP_BITOR; T(PT_AUGASSIGN); }
        "^="  { val->op = PY_OP_BITXOR; T(PT_AUGASSIGN); }
        "**=" { val->op = PY_OP_POW; T(PT_AUGASSIGN); }
        "//=" { val->op = PY_OP_FLOORDIV; T(PT_AUGASSIGN); }
        "<<=" { val->op = PY_OP_LSHIFT; T(PT_AUGASSIGN); }
        ">>=" { val->op = PY_OP_RSHIFT; T(PT_AUGASSIGN); }
        [:,;.+\-*/%@|&^~<>=] { T(*p->tok); }

        "\xc2\xa0" { *loc = py_loc(p, p->tok, p->cur);  // pasted from the web, often
                     return lex_fail(p, loc, *loc, "invalid non-printable character U+00A0"); }
        "\x00" { *loc = py_loc(p, p->tok, p->cur);
                 return lex_fail(p, loc, *loc, "source code cannot contain null bytes"); }
        *      { *loc = py_loc(p, p->tok, p->cur);
                 unsigned char c = (unsigned char)*p->tok;
                 char msg[64];
                 if (c > 0x20 && c < 0x7f) snprintf(msg, sizeof msg, "invalid character '%c'", c);
                 else snprintf(msg, sizeof msg, "invalid byte 0x%02x", c);
                 return lex_fail(p, loc, *loc, msg); }
        */
#undef T
#undef OPEN
#undef CLOSE
    }
}

int py_lex(union PY_YYSTYPE *val, SrcLoc *loc, PyParser *p) {
    int t = lex1(p, val, loc);
    if (t != PT_NEWLINE && t != PT_INDENT && t != PT_DEDENT && t != PT_END &&
        t != PT_START_FILE && t != PT_START_EXPR)
        p->line_has_tok = true;
    if (t != PT_ERROR) p->last_tok = t;
    return t;
}
