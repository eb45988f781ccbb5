/* File listing for file sources: one file, a directory walked recursively, or a glob
 * (* ? [...] {a,b} **). Hidden entries ('.' or '_' prefixed, Hadoop's rule, which also
 * hides _delta_log and _SUCCESS) are skipped; results are sorted for determinism. */
#include "src_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef VEC(SrcFile) FileVec;

static bool match_class(const char **pp, char c) {
    const char *p = *pp + 1;
    bool neg = *p == '!' || *p == '^', hit = false;
    if (neg) p++;
    for (bool first = true; *p && (first || *p != ']'); first = false, p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            if ((unsigned char)c >= (unsigned char)p[0] && (unsigned char)c <= (unsigned char)p[2])
                hit = true;
            p += 2;
        } else if (*p == c) hit = true;
    }
    if (*p != ']') return false;  // unterminated: never matches
    *pp = p + 1;
    return hit != neg;
}

/* end of the {..} group starting at p, or NULL */
static const char *brace_end(const char *p) {
    int depth = 0;
    for (; *p; p++) {
        if (*p == '{') depth++;
        else if (*p == '}' && --depth == 0) return p;
    }
    return NULL;
}

static bool match(const char *p, const char *s, int depth) {
    if (depth > 64) return false;
    while (*p) {
        switch (*p) {
        case '*':
            if (p[1] == '*') {
                const char *rest = p + 2;
                if (*rest == '/') rest++;  // "**/" also matches no directory at all
                for (const char *t = s;; t++) {
                    if (match(rest, t, depth + 1)) return true;
                    if (!*t) return false;
                }
            }
            for (const char *t = s;; t++) {
                if (match(p + 1, t, depth + 1)) return true;
                if (!*t || *t == '/') return false;
            }
        case '?':
            if (!*s || *s == '/') return false;
            p++, s++;
            break;
        case '[':
            if (!*s || !match_class(&p, *s)) return false;
            s++;
            break;
        case '{': {
            const char *end = brace_end(p);
            if (!end) return false;
            // try each alternative followed by the rest of the pattern
            const char *alt = p + 1;
            int nest = 0;
            for (const char *q = alt; q <= end; q++) {
                if (*q == '{') nest++;
                else if (*q == '}' && nest > 0 && q != end) nest--;
                if (q == end || (*q == ',' && nest == 0)) {
                    size_t n1 = (size_t)(q - alt), n2 = strlen(end + 1);
                    char *pat = xmalloc(n1 + n2 + 1);
                    memcpy(pat, alt, n1);
                    memcpy(pat + n1, end + 1, n2 + 1);
                    bool ok = match(pat, s, depth + 1);
                    free(pat);
                    if (ok) return true;
                    alt = q + 1;
                }
            }
            return false;
        }
        case '\\':
            if (p[1]) p++;
            // fall through
        default:
            if (*p != *s) return false;
            p++, s++;
        }
    }
    return *s == 0;
}

bool filesrc_glob_match(const char *pat, const char *name) { return match(pat, name, 0); }

static bool is_hidden(const char *name) { return name[0] == '.' || name[0] == '_'; }

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void add_file(FileVec *v, const char *path, const struct stat *st, const char *filter,
                     size_t base_len) {
    if (filter && !filesrc_glob_match(filter, base_name(path))) return;
    SrcFile f = {xstrdup(path), (int64_t)st->st_size,
                 (int64_t)st->st_mtim.tv_sec * 1000000 + st->st_mtim.tv_nsec / 1000,
                 (uint32_t)base_len};
    VEC_PUSH(*v, f);
}

/* Walk dir; with pat, keep files whose path relative to root matches it. */
static void walk(FileVec *v, const char *dir, size_t root_len, const char *pat,
                 const char *filter, int depth, size_t base_len) {
    if (depth > 100) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (is_hidden(de->d_name)) continue;
        StrBuf p = {0};
        sb_printf(&p, "%s%s%s", dir, str_ends_with(dir, "/") ? "" : "/", de->d_name);
        struct stat st;
        if (stat(p.ptr, &st) == 0) {
            if (S_ISDIR(st.st_mode)) walk(v, p.ptr, root_len, pat, filter, depth + 1, base_len);
            else if (S_ISREG(st.st_mode) &&
                     (!pat || filesrc_glob_match(pat, p.ptr + root_len)))
                add_file(v, p.ptr, &st, filter, base_len);
        }
        sb_free(&p);
    }
    closedir(d);
}

static int cmp_file(const void *a, const void *b) {
    return strcmp(((const SrcFile *)a)->path, ((const SrcFile *)b)->path);
}

int filesrc_list(const char *path, const SrcOpts *opts, SrcFileList *out, char **err) {
    FileVec v = {0};
    const char *filter = filesrc_opts_get(opts, "pathGlobFilter");
    const char *g = strpbrk(path, "*?[{");
    if (g) {
        // root: the directories before the first component holding a glob character
        const char *slash = g;
        while (slash > path && slash[-1] != '/') slash--;
        char *root = slash > path ? xstrdup(path) : xstrdup(".");
        if (slash > path) root[slash - path] = 0;
        size_t root_len = slash > path ? (size_t)(slash - path) : 2;
        if (slash > path && root[root_len - 1] != '/') root_len++;
        walk(&v, root, root_len, slash, filter, 0, root_len);
        free(root);
    } else {
        struct stat st;
        size_t n = strlen(path);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(&v, path, 0, NULL, filter, 0, n + (n && path[n - 1] != '/'));
        else if (stat(path, &st) == 0) add_file(&v, path, &st, filter, 0);
        else {
            StrBuf m = {0};
            sb_printf(&m, "path does not exist: %s", path);
            *err = sb_take(&m);
            return -1;
        }
    }
    if (g && v.len == 0) {
        StrBuf m = {0};
        sb_printf(&m, "path does not exist: %s (no file matches the pattern)", path);
        *err = sb_take(&m);
        free(v.items);
        return -1;
    }
    const char *base = filesrc_opts_get(opts, "basePath");
    size_t bl = base ? strlen(base) : 0;
    for (size_t i = 0; bl && i < v.len; i++)  // an explicit root for partition discovery
        if (strncmp(v.items[i].path, base, bl) == 0)
            v.items[i].base_len =
                (uint32_t)(bl + (base[bl - 1] != '/' && v.items[i].path[bl] == '/'));
    if (v.len) qsort(v.items, v.len, sizeof *v.items, cmp_file);
    out->items = v.items;
    out->n = (uint32_t)v.len;
    return 0;
}

void filesrc_list_free(SrcFileList *l) {
    for (uint32_t i = 0; i < l->n; i++) free(l->items[i].path);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
