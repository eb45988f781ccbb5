/* Hive-style partition discovery for file sources: directories named `k=v` between the
 * listed root and a file give it partition columns (Spark's PartitioningUtils). The
 * values are parsed from the path; src_infer types them and readers fill them. */
#include "src_internal.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Spark escapes path characters as %XX in partition directory names. */
static char *unescape(const char *s, size_t n) {
    char *out = xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = 0;
    return out;
}

void src_parts_of(const SrcFile *f, SrcParts *out) {
    out->items = NULL;
    out->n = 0;
    size_t len = strlen(f->path);
    if (f->base_len == 0 || f->base_len > len) return;
    const char *s = f->path + f->base_len;
    for (const char *slash; (slash = strchr(s, '/')); s = slash + 1) {
        const char *eq = memchr(s, '=', (size_t)(slash - s));
        if (!eq || eq == s) continue;
        char *name = unescape(s, (size_t)(eq - s));
        bool dup = false;
        for (uint32_t i = 0; i < out->n && !dup; i++) dup = str_ieq(out->items[i].name, name);
        if (dup) {  // the deepest directory wins, as its rows sit below it
            free(name);
            continue;
        }
        out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
        char *val = unescape(eq + 1, (size_t)(slash - eq - 1));
        if (strcmp(val, "__HIVE_DEFAULT_PARTITION__") == 0) {
            free(val);
            val = NULL;
        }
        out->items[out->n++] = (SrcPart){name, val};
    }
}

void src_parts_free(SrcParts *p) {
    for (uint32_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
    p->items = NULL;
    p->n = 0;
}

bool src_is_part_col(const FileReader *r, int col) {
    for (uint32_t i = 0; i < r->parts.n; i++)
        if (r->part_col[i] == col) return true;
    return false;
}

void src_parts_fill(FileReader *r, Batch *b) {
    for (uint32_t i = 0; i < r->parts.n; i++) {
        int c = r->part_col[i];
        if (c < 0 || r->outpos[c] < 0) continue;
        Vec *v = &b->cols[r->outpos[c]];
        const char *val = r->parts.items[i].value;
        if (val && v->type.id == TY_STRING) {  // one copy shared by every row
            Str s = batch_str(b, val, (uint32_t)strlen(val));
            for (uint32_t row = 0; row < b->nrows; row++) ((Str *)v->data)[row] = s;
            for (uint32_t row = 0; v->valid && row < b->nrows; row++) vec_set_valid(v, row);
            continue;
        }
        for (uint32_t row = 0; row < b->nrows; row++) {
            if (val && src_store_text(b, v, row, val, strlen(val), &r->conf)) vec_set_valid(v, row);
            else vec_set_null(v, row);
        }
    }
}
