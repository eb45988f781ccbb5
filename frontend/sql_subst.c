/* ${key} substitution (see sql_subst.h). A small scanner finds statement ends
 * (';' outside strings, backquotes and comments) and `SET k = v` statements;
 * references are replaced inside strings and identifiers too, as in DLT. */
#include "sql_subst.h"

#include "str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* End of the statement starting at i: index of its ';' or n. */
static uint32_t stmt_end(const char *t, uint32_t n, uint32_t i) {
    while (i < n) {
        char c = t[i];
        if (c == ';') return i;
        if (c == '\'' || c == '"' || c == '`') {
            for (i++; i < n && t[i] != c; i++)
                if (t[i] == '\\' && c != '`') i++;
            i++;
        } else if (c == '-' && i + 1 < n && t[i + 1] == '-') {
            while (i < n && t[i] != '\n') i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++) {}
            i += 2;
        } else
            i++;
    }
    return n;
}

static uint32_t skip_space_comments(const char *t, uint32_t n, uint32_t i) {
    for (;;) {
        while (i < n && isspace((unsigned char)t[i])) i++;
        if (i + 1 < n && t[i] == '-' && t[i + 1] == '-')
            while (i < n && t[i] != '\n') i++;
        else if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
            for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++) {}
            i = i + 2 < n ? i + 2 : n;
        } else
            return i;
    }
}

static char *trim_dup(Arena *a, const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n >= 2 && (s[0] == '\'' || s[0] == '"' || s[0] == '`') && s[n - 1] == s[0]) s++, n -= 2;
    return arena_strndup(a, s, n);
}

/* Record `SET key = value` from the substituted statement text. */
static void record_set(const char *s, size_t n, HashMap *sets, Arena *a) {
    const char *eq = memchr(s, '=', n);
    if (!eq) return;  // `SET key;` only displays
    char *key = trim_dup(a, s, (size_t)(eq - s));
    if (!*key) return;
    char *val = trim_dup(a, eq + 1, n - (size_t)(eq + 1 - s));
    hm_put(sets, key, val);
}

static const char *lookup(const char *key, const HashMap *conf, const HashMap *sets) {
    if (!strncmp(key, "spark:", 6)) key += 6;
    else if (!strncmp(key, "sparkconf:", 10)) key += 10;
    const char *v = hm_get(sets, key);
    return v ? v : conf ? hm_get(conf, key) : NULL;
}

uint32_t sql_substitute(SourceSet *src, uint32_t buf, const HashMap *conf, HashMap *sets,
                        Arena *a, Diags *d) {
    const SourceBuf *b = src_buf(src, buf);
    const char *t = b->text;
    uint32_t n = b->len;
    bool any = strstr(t, "${") != NULL;
    SrcBuilder out = {0};
    uint32_t i = 0;
    while (i < n) {
        uint32_t end = stmt_end(t, n, i);
        uint32_t stmt_start = out.len;
        uint32_t body = skip_space_comments(t, end, i);
        bool is_set = end - body > 3 && str_nieq(t + body, "set", 3) &&
                      isspace((unsigned char)t[body + 3]);
        for (uint32_t k = i; k < end; k++) {
            if (t[k] == '$' && k + 1 < end && t[k + 1] == '{') {
                const char *close = memchr(t + k + 2, '}', end - k - 2);
                if (close) {
                    uint32_t klen = (uint32_t)(close - (t + k + 2));
                    char *key = arena_strndup(a, t + k + 2, klen);
                    const char *v = lookup(key, conf, sets);
                    if (v) {
                        for (const char *p = v; *p; p++) sb_src_byte(&out, *p, k);
                    } else {
                        diag_error(d, (SrcLoc){buf, k, klen + 3},
                                   "unresolved configuration reference '${%s}': set it in the "
                                   "pipeline configuration or with SET earlier in this file",
                                   key);
                        sb_src_add(&out, t + k, klen + 3, k);
                    }
                    k += klen + 2;
                    continue;
                }
            }
            sb_src_byte(&out, t[k], k);
        }
        if (is_set) {
            uint32_t s0 = stmt_start;
            while (s0 < out.len && (isspace((unsigned char)out.text[s0]) ||
                                    out.map[s0] < body))
                s0++;
            record_set(out.text + s0 + 3, out.len - s0 - 3, sets, a);
        }
        if (end < n) sb_src_byte(&out, ';', end);
        i = end + 1;
    }
    if (!any) {
        free(out.text);
        free(out.map);
        return buf;
    }
    return sb_src_finish(&out, src, buf);
}
