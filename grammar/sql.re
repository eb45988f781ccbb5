/* SQL lexer (re2c): grammar/sql.re -> build/grammar/sql_lex.c. Turns one buffer into
 * tokens for grammar/sql.y: case-insensitive keywords, backquoted identifiers, strings
 * with escapes, numbers with type suffixes, operators; comments are skipped. Two
 * statement-level jobs happen here because DLT splits statements before parsing them:
 * `SET ...` yields the raw text after SET as one token, and a statement a pipeline cannot
 * hold (INSERT, SELECT, CREATE TABLE, ...) becomes one UNSUPPORTED token up to its ';'. */
#include "sql_lex.h"
#include "sql_parse.h"
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Sorted by name (a unit test checks). `unreserved` must match the grammar's
 * unreserved_keyword list. */
static const SqlKeyword keywords[] = {
    {"ALL", TK_ALL, false},
    {"ALWAYS", TK_ALWAYS, true},
    {"AND", TK_AND, false},
    {"ANTI", TK_ANTI, false},
    {"APPLY", TK_APPLY, true},
    {"AS", TK_AS, false},
    {"ASC", TK_ASC, true},
    {"AT", TK_AT, true},
    {"AUTO", TK_AUTO, true},
    {"BETWEEN", TK_BETWEEN, false},
    {"BITEMPORAL", TK_BITEMPORAL, true},
    {"BY", TK_BY, true},
    {"CASE", TK_CASE, false},
    {"CAST", TK_CAST, false},
    {"CATALOG", TK_CATALOG, true},
    {"CDC", TK_CDC, true},
    {"CHANGES", TK_CHANGES, true},
    {"CLUSTER", TK_CLUSTER, true},
    {"COLUMNS", TK_COLUMNS, true},
    {"COMMENT", TK_COMMENT, true},
    {"CONSTRAINT", TK_CONSTRAINT, false},
    {"CREATE", TK_CREATE, false},
    {"CRON", TK_CRON, true},
    {"CROSS", TK_CROSS, false},
    {"CURRENT", TK_CURRENT, true},
    {"DATABASE", TK_DATABASE, true},
    {"DATE", TK_DATE, true},
    {"DAY", TK_DAY, true},
    {"DAYS", TK_DAYS, true},
    {"DEFAULT", TK_DEFAULT, true},
    {"DELETE", TK_DELETE, true},
    {"DESC", TK_DESC, true},
    {"DISTINCT", TK_DISTINCT, false},
    {"DIV", TK_DIV, false},
    {"DROP", TK_DROP, true},
    {"ELSE", TK_ELSE, false},
    {"END", TK_END, false},
    {"ESCAPE", TK_ESCAPE, true},
    {"EVERY", TK_EVERY, true},
    {"EXCEPT", TK_EXCEPT, false},
    {"EXCLUDE", TK_EXCLUDE, true},
    {"EXISTS", TK_EXISTS, false},
    {"EXPECT", TK_EXPECT, true},
    {"EXTRACT", TK_EXTRACT, false},
    {"FAIL", TK_FAIL, true},
    {"FALSE", TK_FALSE, false},
    {"FILTER", TK_FILTER, true},
    {"FIRST", TK_FIRST, true},
    {"FLOW", TK_FLOW, true},
    {"FOLLOWING", TK_FOLLOWING, true},
    {"FOR", TK_FOR, true},
    {"FOREIGN", TK_FOREIGN, true},
    {"FROM", TK_FROM, false},
    {"FULL", TK_FULL, false},
    {"GENERATED", TK_GENERATED, true},
    {"GROUP", TK_GROUP, false},
    {"HAVING", TK_HAVING, false},
    {"HISTORY", TK_HISTORY, true},
    {"HOUR", TK_HOUR, true},
    {"HOURS", TK_HOURS, true},
    {"IDENTITY", TK_IDENTITY, true},
    {"IF", TK_IF, true},
    {"IGNORE", TK_IGNORE, true},
    {"ILIKE", TK_ILIKE, false},
    {"IN", TK_IN, false},
    {"INCLUDE", TK_INCLUDE, true},
    {"INCREMENTAL", TK_INCREMENTAL, true},
    {"INNER", TK_INNER, false},
    {"INSERT", TK_INSERT, true},
    {"INTERSECT", TK_INTERSECT, false},
    {"INTERVAL", TK_INTERVAL, false},
    {"INTO", TK_INTO, true},
    {"IS", TK_IS, false},
    {"JOIN", TK_JOIN, false},
    {"KEY", TK_KEY, true},
    {"KEYS", TK_KEYS, true},
    {"LAST", TK_LAST, true},
    {"LATERAL", TK_LATERAL, false},
    {"LEFT", TK_LEFT, false},
    {"LIKE", TK_LIKE, false},
    {"LIMIT", TK_LIMIT, false},
    {"LIVE", TK_LIVE, true},
    {"LOCATION", TK_LOCATION, true},
    {"MASK", TK_MASK, true},
    {"MATERIALIZED", TK_MATERIALIZED, true},
    {"MICROSECOND", TK_MICROSECOND, true},
    {"MICROSECONDS", TK_MICROSECONDS, true},
    {"MILLISECOND", TK_MILLISECOND, true},
    {"MILLISECONDS", TK_MILLISECONDS, true},
    {"MINUS", TK_MINUS, false},
    {"MINUTE", TK_MINUTE, true},
    {"MINUTES", TK_MINUTES, true},
    {"MONTH", TK_MONTH, true},
    {"MONTHS", TK_MONTHS, true},
    {"MOST", TK_MOST, true},
    {"NAME", TK_NAME, true},
    {"NATURAL", TK_NATURAL, false},
    {"NONE", TK_NONE, true},
    {"NOT", TK_NOT, false},
    {"NULL", TK_NULL, false},
    {"NULLS", TK_NULLS, true},
    {"OF", TK_OF, true},
    {"OFFSET", TK_OFFSET, true},
    {"ON", TK_ON, false},
    {"ONCE", TK_ONCE, true},
    {"OPTIONS", TK_OPTIONS, true},
    {"OR", TK_OR, false},
    {"ORDER", TK_ORDER, false},
    {"OUTER", TK_OUTER, false},
    {"OVER", TK_OVER, true},
    {"PARTITION", TK_PARTITION, true},
    {"PARTITIONED", TK_PARTITIONED, true},
    {"PIVOT", TK_PIVOT, false},
    {"PRECEDING", TK_PRECEDING, true},
    {"PRIMARY", TK_PRIMARY, true},
    {"PRIVATE", TK_PRIVATE, true},
    {"QUALIFY", TK_QUALIFY, false},
    {"RANGE", TK_RANGE, true},
    {"REFERENCES", TK_REFERENCES, true},
    {"REFRESH", TK_REFRESH, true},
    {"REGEXP", TK_REGEXP, false},
    {"RESPECT", TK_RESPECT, true},
    {"RIGHT", TK_RIGHT, false},
    {"RLIKE", TK_RLIKE, false},
    {"ROW", TK_ROW, true},
    {"ROWS", TK_ROWS, true},
    {"SCD", TK_SCD, true},
    {"SCHEDULE", TK_SCHEDULE, true},
    {"SCHEMA", TK_SCHEMA, true},
    {"SECOND", TK_SECOND, true},
    {"SECONDS", TK_SECONDS, true},
    {"SELECT", TK_SELECT, false},
    {"SEMI", TK_SEMI, false},
    {"SEQUENCE", TK_SEQUENCE, true},
    {"SET", TK_SET, true},
    {"STORED", TK_STORED, true},
    {"STREAM", TK_STREAM, true},
    {"STREAMING", TK_STREAMING, true},
    {"SYSTEM", TK_SYSTEM, true},
    {"TABLE", TK_TABLE, true},
    {"TBLPROPERTIES", TK_TBLPROPERTIES, true},
    {"TEMPORARY", TK_TEMPORARY, true},
    {"THEN", TK_THEN, false},
    {"TIME", TK_TIME, true},
    {"TIMESTAMP", TK_TIMESTAMP, true},
    {"TIMESTAMP_LTZ", TK_TIMESTAMP_LTZ, true},
    {"TIMESTAMP_NTZ", TK_TIMESTAMP_NTZ, true},
    {"TO", TK_TO, true},
    {"TRACK", TK_TRACK, true},
    {"TRIGGER", TK_TRIGGER, true},
    {"TRUE", TK_TRUE, false},
    {"TRUNCATE", TK_TRUNCATE, true},
    {"TRY_CAST", TK_TRY_CAST, false},
    {"TYPE", TK_TYPE, true},
    {"UNBOUNDED", TK_UNBOUNDED, false},
    {"UNION", TK_UNION, false},
    {"UNPIVOT", TK_UNPIVOT, false},
    {"UPDATE", TK_UPDATE, true},
    {"UPDATES", TK_UPDATES, true},
    {"USE", TK_USE, true},
    {"USING", TK_USING, false},
    {"VALUES", TK_VALUES, false},
    {"VERSION", TK_VERSION, true},
    {"VIEW", TK_VIEW, true},
    {"VIOLATION", TK_VIOLATION, true},
    {"WEEK", TK_WEEK, true},
    {"WEEKS", TK_WEEKS, true},
    {"WHEN", TK_WHEN, false},
    {"WHERE", TK_WHERE, false},
    {"WINDOW", TK_WINDOW, false},
    {"WITH", TK_WITH, false},
    {"YEAR", TK_YEAR, true},
    {"YEARS", TK_YEARS, true},
    {"ZONE", TK_ZONE, true},
};

const SqlKeyword *sql_keywords(size_t *n) {
    *n = sizeof keywords / sizeof keywords[0];
    return keywords;
}

static int upper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* Compare the n-byte word s (any case) with an upper-case keyword. */
static int word_cmp(const char *s, uint32_t n, const char *kw) {
    for (uint32_t i = 0; i < n; i++) {
        int a = upper((unsigned char)s[i]), b = (unsigned char)kw[i];
        if (a != b) return b == 0 ? 1 : a - b;
    }
    return kw[n] == 0 ? 0 : -1;
}

/* keywords[first_letter[c - 'A'] .. first_letter[c - 'A' + 1]) start with letter c
 * (the keyword test checks every lookup, so a stale index fails it) */
static const uint8_t first_letter[27] = {
    0,   9,   12,  25,  35,  44,  54,  56,  60,  73,  74,  76,  83, 95,
    101, 110, 116, 117, 126, 139, 154, 161, 165, 171, 171, 173, 174};

int sql_keyword(const char *s, uint32_t n) {
    if (n < 2 || n > 16) return 0;
    int c = upper((unsigned char)s[0]) - 'A';
    if (c < 0 || c >= 26) return 0;
    size_t lo = first_letter[c], hi = first_letter[c + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = word_cmp(s, n, keywords[mid].name);
        if (cmp == 0) return keywords[mid].tok;
        if (cmp < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

void sql_error(SqlParser *p, SrcLoc at, const char *fmt, ...) {
    if (p->quiet || p->nerrors >= SQL_MAX_ERRORS) return;
    p->nerrors++;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(p->diags, at, "%s", msg);
}

static SrcLoc span(const SqlParser *p, const unsigned char *from, const unsigned char *to) {
    const unsigned char *base = (const unsigned char *)p->text;
    return (SrcLoc){p->file, (uint32_t)(from - base), (uint32_t)(to - from)};
}

/* ---------------------------------------------------------------- literals */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static char *put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) *o++ = (char)cp;
    else if (cp < 0x800) *o++ = (char)(0xC0 | cp >> 6), *o++ = (char)(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
        *o++ = (char)(0xE0 | cp >> 12), *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)),
        *o++ = (char)(0x80 | (cp & 0x3F));
    else
        *o++ = (char)(0xF0 | cp >> 18), *o++ = (char)(0x80 | ((cp >> 12) & 0x3F)),
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)), *o++ = (char)(0x80 | (cp & 0x3F));
    return o;
}

/* Hex digits s[0..n) as a code point; -1 when not all hex or out of range. */
static long hex_cp(const unsigned char *s, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
        int h = hexval(s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? -1 : v;
}

/* Decode the body of a string literal, as Spark's unescapeSQLString does: \n \t \r \b
 * \0 \Z \' \" \\, \uXXXX, \UXXXXXXXX, octal \ooo; \% and \_ keep their backslash (for
 * LIKE); any other \c is c. Raw strings (r'...') are taken as they are. */
static void decode_string(SqlParser *p, const unsigned char *s, const unsigned char *e,
                          bool raw, SqlTok *t) {
    if (p->quiet || p->skipping) {  // only the token kind matters
        t->s = "", t->n = 0;
        return;
    }
    char *out = arena_alloc(p->arena, (size_t)(e - s) + 1), *o = out;
    while (s < e) {
        if (*s != '\\' || raw || s + 1 >= e) {
            *o++ = (char)*s++;
            continue;
        }
        unsigned char c = s[1];
        s += 2;
        long cp;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'Z': *o++ = 0x1A; break;
        case '%': case '_': *o++ = '\\', *o++ = (char)c; break;
        case 'u':
            if (e - s >= 4 && (cp = hex_cp(s, 4)) >= 0) o = put_utf8(o, (uint32_t)cp), s += 4;
            else *o++ = 'u';
            break;
        case 'U':
            if (e - s >= 8 && (cp = hex_cp(s, 8)) >= 0) o = put_utf8(o, (uint32_t)cp), s += 8;
            else *o++ = 'U';
            break;
        default:
            if (c >= '0' && c <= '3' && e - s >= 2 && s[0] >= '0' && s[0] <= '7' && s[1] >= '0' &&
                s[1] <= '7') {
                *o++ = (char)((c - '0') * 64 + (s[0] - '0') * 8 + (s[1] - '0'));
                s += 2;
            } else if (c == '0') {
                *o++ = 0;
            } else {
                *o++ = (char)c;
            }
        }
    }
    *o = 0;
    t->s = out;
    t->n = (uint32_t)(o - out);
}

/* ---------------------------------------------------------------- bad input */

static bool is_token_start(unsigned c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || strchr("'\"`=<>+-*/%()[],;.:~&|^!", (int)c) != NULL;
}

/* Length of the valid UTF-8 sequence at s (at most lim), or 0. */
static int utf8_len(const unsigned char *s, const unsigned char *lim) {
    int n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
          : s[0] >= 0xE0                 ? 3
          : s[0] >= 0xC2 && s[0] < 0xE0  ? 2
                                         : 0;
    if (n == 0 || lim - s < n) return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* One error for a run of bytes that cannot start a token. */
static void bad_chars(SqlParser *p) {
    const unsigned char *s = p->tok;
    while (p->cur < p->lim && *p->cur && !is_token_start(*p->cur)) p->cur++;
    if (p->skipping) return;  // inside an unsupported statement: reported as a whole
    SrcLoc at = span(p, s, p->cur);
    int n = s[0] >= 0x80 ? utf8_len(s, p->lim) : 0;
    if (n > 0)
        sql_error(p, at, "unexpected character '%.*s' (non-ASCII names need backquotes)", n,
                  (const char *)s);
    else if (s[0] > 0x20 && s[0] < 0x7F)
        sql_error(p, at, "unexpected character '%c'", s[0]);
    else
        sql_error(p, at, "invalid byte 0x%02X", s[0]);
}

/* End of a block comment whose body starts at c (comments nest, as in Spark); NULL when
 * it is not closed. */
static const unsigned char *comment_end(const unsigned char *c, const unsigned char *lim) {
    int depth = 1;
    while (c < lim) {
        if (c[0] == '*' && c + 1 < lim && c[1] == '/') {
            c += 2;
            if (--depth == 0) return c;
        } else if (c[0] == '/' && c + 1 < lim && c[1] == '*') {
            c += 2;
            depth++;
        } else {
            c++;
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- tokens */

static int number(SqlParser *p, SqlTok *t, SrcLoc *loc, SqlLitKind kind, int suffix) {
    *loc = span(p, p->tok, p->cur);
    t->s = (const char *)p->tok;
    t->n = (uint32_t)(p->cur - p->tok) - (uint32_t)suffix;
    t->kind = (uint8_t)kind;
    return TK_NUMBER;
}

static int scan(SqlParser *p, SqlTok *t, SrcLoc *loc) {
    for (;;) {
        p->tok = p->cur;
        memset(t, 0, sizeof *t);
/*!re2c
        re2c:api:style = free-form;
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "p->cur";
        re2c:define:YYMARKER = "p->mar";
        re2c:define:YYLIMIT = "p->lim";
        re2c:yyfill:enable = 0;
        re2c:eof = 0;

        dig = [0-9];
        idc = [a-zA-Z0-9_];
        int = dig+;
        dec = dig+ "." dig* | "." dig+;
        exp = [eE] [+-]? dig+;
        sq  = ['] ([^'\\] | [\\][^])*;
        dq  = ["] ([^"\\] | [\\][^])*;
        bq  = [`] ([^`] | "``")*;

        $ {  // just after the last token, not on a blank line after it
            *loc = (SrcLoc){p->file, p->last_end, 0};
            return 0;
        }

        [ \t\r\n\f\v]+ { continue; }
        "--" [^\n]*    { continue; }
        "/*" {
            const unsigned char *e = comment_end(p->cur, p->lim);
            if (!e) {
                sql_error(p, span(p, p->tok, p->tok + 2), "unterminated comment");
                p->cur = p->lim;
            } else {
                p->cur = e;
            }
            continue;
        }

        sq ['] | dq ["] {
            decode_string(p, p->tok + 1, p->cur - 1, false, t);
            break;
        }
        [rR] ['] [^']* ['] | [rR] ["] [^"]* ["] {
            decode_string(p, p->tok + 2, p->cur - 1, true, t);
            break;
        }
        (sq | dq) [\\]? {
            sql_error(p, span(p, p->tok, p->tok + 1), "unterminated string literal");
            decode_string(p, p->tok + 1, p->cur, false, t);
            break;
        }
        [rR] ['] [^']* | [rR] ["] [^"]* {
            sql_error(p, span(p, p->tok + 1, p->tok + 2), "unterminated string literal");
            decode_string(p, p->tok + 2, p->cur, true, t);
            break;
        }
        [xX] ['] [^']* ['] {
            const unsigned char *s = p->tok + 2, *e = p->cur - 1;
            for (const unsigned char *c = s; c < e && !p->skipping; c++)
                if (hexval(*c) < 0) {
                    sql_error(p, span(p, c, c + 1), "invalid hexadecimal digit in binary literal");
                    break;
                }
            t->s = (const char *)s;
            t->n = (uint32_t)(e - s);
            *loc = span(p, p->tok, p->cur);
            return TK_BINARY;
        }
        [xX] ['] [^']* {
            sql_error(p, span(p, p->tok + 1, p->tok + 2), "unterminated binary literal");
            t->s = (const char *)p->tok + 2;
            t->n = (uint32_t)(p->cur - p->tok - 2);
            *loc = span(p, p->tok, p->cur);
            return TK_BINARY;
        }
        bq [`] {
            t->s = (const char *)p->tok + 1;
            t->n = (uint32_t)(p->cur - p->tok - 2);
            t->quoted = true;
            *loc = span(p, p->tok, p->cur);
            return TK_IDENT;
        }
        bq {
            sql_error(p, span(p, p->tok, p->tok + 1), "unterminated quoted identifier");
            t->s = (const char *)p->tok + 1;
            t->n = (uint32_t)(p->cur - p->tok - 1);
            t->quoted = true;
            *loc = span(p, p->tok, p->cur);
            return TK_IDENT;
        }

        int [lL]                    { return number(p, t, loc, SQL_LIT_BIGINT, 1); }
        int [sS]                    { return number(p, t, loc, SQL_LIT_SMALLINT, 1); }
        int [yY]                    { return number(p, t, loc, SQL_LIT_TINYINT, 1); }
        (int | dec) exp? [dD]       { return number(p, t, loc, SQL_LIT_DOUBLE, 1); }
        (int | dec) exp? [fF]       { return number(p, t, loc, SQL_LIT_FLOAT, 1); }
        (int | dec) exp? [bB][dD]   { return number(p, t, loc, SQL_LIT_DECIMAL, 2); }
        int {
            number(p, t, loc, SQL_LIT_INT, 0);
            return TK_INTEGER;
        }
        dec                         { return number(p, t, loc, SQL_LIT_DECIMAL, 0); }
        (int | dec) exp             { return number(p, t, loc, SQL_LIT_DOUBLE, 0); }

        idc+ {
            t->s = (const char *)p->tok;
            t->n = (uint32_t)(p->cur - p->tok);
            *loc = span(p, p->tok, p->cur);
            int kw = sql_keyword(t->s, t->n);
            return kw ? kw : TK_IDENT;
        }

        "=="  { *loc = span(p, p->tok, p->cur); return '='; }
        "<=>" { *loc = span(p, p->tok, p->cur); return TK_NSEQ; }
        "<>" | "!=" { *loc = span(p, p->tok, p->cur); return TK_NE; }
        "<="  { *loc = span(p, p->tok, p->cur); return TK_LE; }
        ">="  { *loc = span(p, p->tok, p->cur); return TK_GE; }
        "||"  { *loc = span(p, p->tok, p->cur); return TK_CONCAT; }
        "::"  { *loc = span(p, p->tok, p->cur); return TK_DCOLON; }
        "->"  { *loc = span(p, p->tok, p->cur); return TK_ARROW; }
        "=>"  { *loc = span(p, p->tok, p->cur); return TK_FAT_ARROW; }
        [=<>+\-*/%()[\],;.:~&|^!] {
            *loc = span(p, p->tok, p->cur);
            return p->tok[0];
        }

        * {
            bad_chars(p);
            continue;
        }
*/
    }
    // string literals end up here
    *loc = span(p, p->tok, p->cur);
    return TK_STRING;
}

/* ---------------------------------------------------------------- statements */

/* Words that start a statement a pipeline cannot hold; the value is the statement type
 * reported, NULL meaning the word itself. */
static const struct {
    const char *word;
    const char *what;
    bool        object;  // the type names the object too: "DROP TABLE"
} unsupported[] = {
    {"ADD", NULL, false},      {"ALTER", NULL, true},     {"ANALYZE", NULL, true},
    {"CACHE", NULL, true},     {"CALL", NULL, false},     {"CLEAR", NULL, false},
    {"COMMENT", NULL, true},   {"CONVERT", NULL, false},  {"COPY", NULL, false},
    {"DECLARE", NULL, false},  {"DELETE", NULL, false},   {"DESC", "DESCRIBE", true},
    {"DESCRIBE", NULL, true},  {"DROP", NULL, true},      {"EXECUTE", NULL, false},
    {"EXPLAIN", NULL, false},  {"FROM", "SELECT", false}, {"FSCK", NULL, false},
    {"GENERATE", NULL, false}, {"GRANT", NULL, false},    {"INSERT", NULL, false},
    {"LIST", NULL, false},     {"LOAD", NULL, false},     {"MERGE", NULL, false},
    {"MSCK", NULL, false},     {"OPTIMIZE", NULL, false}, {"REFRESH", NULL, true},
    {"REORG", NULL, false},    {"REPAIR", NULL, true},    {"REPLACE", NULL, false},
    {"RESET", NULL, false},    {"RESTORE", NULL, false},  {"REVOKE", NULL, false},
    {"SELECT", NULL, false},   {"SHOW", NULL, true},      {"SYNC", NULL, false},
    {"TABLE", "SELECT", false}, {"TRUNCATE", NULL, true}, {"UNCACHE", NULL, true},
    {"UNDROP", NULL, true},    {"UNSET", NULL, false},    {"UPDATE", NULL, false},
    {"VACUUM", NULL, false},   {"VALUES", "SELECT", false}, {"WITH", "SELECT", false},
};

/* Words between a verb and its object ("CREATE OR REPLACE TEMPORARY ...") and the
 * objects of statements a pipeline cannot hold. */
static const char *const modifiers[] = {"OR", "REPLACE", "GLOBAL", "TEMPORARY", "TEMP",
                                        "EXTERNAL", "MATERIALIZED", "STREAMING", "LIVE",
                                        "INCREMENTAL", "PRIVATE"};
static const char *const objects[] = {
    "TABLE",  "VIEW",     "FUNCTION",  "SCHEMA",   "DATABASE", "CATALOG",    "VOLUME",
    "CONNECTION", "SHARE", "RECIPIENT", "PROVIDER", "INDEX",   "ROLE",       "USER",
    "GROUP",  "LOCATION", "CREDENTIAL", "MACRO",   "SERVER",   "MODEL",      "TABLES",
    "VIEWS",  "FUNCTIONS", "SCHEMAS",  "DATABASES", "CATALOGS", "COLUMNS",   "PARTITIONS",
    "BLOOMFILTER", "ON",  "LAZY",      "PIPELINE", "FLOW",
};

static bool in_list(const char *s, uint32_t n, const char *const *list, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (word_cmp(s, n, list[i]) == 0) return true;
    return false;
}

/* The next token as a word (an identifier not in backquotes, or a keyword), looked at
 * without consuming it; false when it is something else. */
static bool peek_word(SqlParser *p, SqlTok *w) {
    const unsigned char *save = p->cur;
    bool quiet = p->quiet;
    p->quiet = true;
    SrcLoc l;
    int k = scan(p, w, &l);
    p->quiet = quiet;
    p->cur = save;
    return k != 0 && k != TK_STRING && k != TK_NUMBER && k != TK_INTEGER && k != TK_BINARY &&
           k >= 256 && !w->quoted;
}

static void skip_word(SqlParser *p) {
    SqlTok w;
    SrcLoc l;
    bool quiet = p->quiet;
    p->quiet = true;
    scan(p, &w, &l);
    p->quiet = quiet;
}

/* Append the upper-cased word to the statement type. */
static void add_word(StrBuf *b, SqlTok w) {
    sb_putc(b, ' ');
    for (uint32_t i = 0; i < w.n; i++) sb_putc(b, (char)upper((unsigned char)w.s[i]));
}

/* Words that make a CREATE one of DLT's own forms (handled by the grammar). */
static const char *const dlt_words[] = {"STREAMING", "LIVE", "MATERIALIZED", "INCREMENTAL",
                                        "PRIVATE", "VIEW", "FLOW"};

/* "CREATE OR REPLACE TABLE", "DROP MATERIALIZED VIEW": the verb, its modifiers and its
 * object. For CREATE (is_create), NULL unless this is a CREATE a pipeline cannot hold:
 * DLT's own forms and misspellings of them go to the grammar. */
static const char *statement_type(SqlParser *p, const char *verb, bool is_create) {
    const unsigned char *save = p->cur;
    size_t nm = sizeof modifiers / sizeof modifiers[0], no = sizeof objects / sizeof objects[0];
    size_t nd = sizeof dlt_words / sizeof dlt_words[0];
    StrBuf b = {0};
    sb_puts(&b, verb);
    SqlTok w;
    bool found = !is_create;
    while (peek_word(p, &w)) {
        if (is_create && !found && in_list(w.s, w.n, dlt_words, nd)) break;
        if (is_create && !found && word_cmp(w.s, w.n, "OR") == 0) {
            add_word(&b, w);
            skip_word(p);
            if (!peek_word(p, &w) || word_cmp(w.s, w.n, "REPLACE") != 0) break;
            found = true;  // CREATE OR REPLACE ...: not a pipeline statement
        } else if (in_list(w.s, w.n, objects, no)) {
            add_word(&b, w);
            found = true;
            break;
        } else if (!in_list(w.s, w.n, modifiers, nm)) {
            break;
        }
        add_word(&b, w);
        skip_word(p);
    }
    p->cur = save;
    char *what = found ? arena_strdup(p->arena, sb_cstr(&b)) : NULL;
    sb_free(&b);
    return what;
}

/* The statement type when the first token of a statement starts one a pipeline cannot
 * hold, else NULL. */
static const char *unsupported_type(SqlParser *p, int k, const SqlTok *t) {
    if (k == '(') return "SELECT";
    if (k < 256 || k == TK_STRING || k == TK_NUMBER || k == TK_INTEGER || t->quoted)
        return NULL;
    if (word_cmp(t->s, t->n, "CREATE") == 0) return statement_type(p, "CREATE", true);
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        if (word_cmp(t->s, t->n, unsupported[i].word) != 0) continue;
        const char *what = unsupported[i].what ? unsupported[i].what : unsupported[i].word;
        return unsupported[i].object ? statement_type(p, what, false) : what;
    }
    return NULL;
}

/* Skip to the ';' ending the statement (not consuming it): one UNSUPPORTED token. */
static int skip_statement(SqlParser *p, const char *what, SqlTok *t, SrcLoc *loc) {
    SrcLoc first = *loc, last = *loc;
    for (;;) {
        const unsigned char *save = p->cur;
        SqlTok tt;
        SrcLoc l;
        p->skipping = true;
        int k = scan(p, &tt, &l);
        p->skipping = false;
        if (k == ';' || k == 0) {
            if (k == ';') p->cur = save;  // the ';' ends the statement as usual
            break;
        }
        last = l;
    }
    memset(t, 0, sizeof *t);
    t->s = what;
    t->n = (uint32_t)strlen(what);
    *loc = src_span(first, last);
    return TK_UNSUPPORTED;
}

/* The raw text after SET up to the ';' (strings and comments respected), trimmed.
 * False when there is none. */
static bool set_raw(SqlParser *p, SqlTok *t, SrcLoc *loc) {
    const unsigned char *c = p->cur, *lim = p->lim, *first = NULL, *end = NULL;
    while (c < lim && *c != ';') {
        const unsigned char *s = c;
        if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f' || *c == '\v') {
            c++;
            continue;
        }
        if (c[0] == '-' && c + 1 < lim && c[1] == '-') {
            while (c < lim && *c != '\n') c++;
            continue;
        }
        if (c[0] == '/' && c + 1 < lim && c[1] == '*') {
            const unsigned char *e = comment_end(c + 2, lim);
            if (!e) sql_error(p, span(p, c, c + 2), "unterminated comment");
            c = e ? e : lim;
            continue;
        }
        if (*c == '\'' || *c == '"' || *c == '`') {
            unsigned char q = *c++;
            while (c < lim && *c != q) c += (*c == '\\' && q != '`' && c + 1 < lim) ? 2 : 1;
            if (c >= lim) sql_error(p, span(p, s, s + 1), "unterminated string literal");
            else c++;
        } else {
            c++;
        }
        if (!first) first = s;
        end = c;
    }
    p->cur = c;
    if (!first) return false;
    memset(t, 0, sizeof *t);
    t->s = (const char *)first;
    t->n = (uint32_t)(end - first);
    *loc = span(p, first, end);
    return true;
}

int sql_lex(union SQL_YYSTYPE *val, SrcLoc *loc, SqlParser *p) {
    SqlTok *t = &val->tok;
    if (p->nerrors >= SQL_MAX_ERRORS) {  // give up on this buffer
        memset(t, 0, sizeof *t);
        *loc = (SrcLoc){p->file, p->last_end, 0};
        return 0;
    }
    if (p->set_pending) {
        p->set_pending = false;
        if (set_raw(p, t, loc)) {
            p->last_end = loc->off + loc->len;
            return TK_SET_RAW;
        }
    }
    int k = scan(p, t, loc);
    if (k == TK_IGNORE || k == TK_RESPECT) {  // IGNORE NULLS: one token, so that the
        const unsigned char *save = p->cur;    // grammar can tell it from IGNORE NULL UPDATES
        SqlTok t2;
        SrcLoc l2;
        bool quiet = p->quiet;
        p->quiet = true;
        int k2 = scan(p, &t2, &l2);
        p->quiet = quiet;
        if (k2 == TK_NULLS) {
            *loc = src_span(*loc, l2);
            k = k == TK_IGNORE ? TK_IGNORE_NULLS : TK_RESPECT_NULLS;
        } else {
            p->cur = save;
        }
    }
    if (p->at_stmt_start && k != ';' && k != 0) {
        p->at_stmt_start = false;
        if (k == TK_SET) {
            p->set_pending = true;
            return k;
        }
        const char *what = unsupported_type(p, k, t);
        if (what) return skip_statement(p, what, t, loc);
    }
    if (k == ';') p->at_stmt_start = true;
    if (k != 0) p->last_end = loc->off + loc->len;
    return k;
}
