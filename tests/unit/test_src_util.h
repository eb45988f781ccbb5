/* Helpers for the file-source tests: a scratch directory, writing files, and reading
 * a whole source into text ("a|b|NULL" per row) so tests can compare exact outputs. */
#ifndef SLUICE_TEST_SRC_UTIL_H
#define SLUICE_TEST_SRC_UTIL_H

#include "filesrc.h"
#include "str.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char t_dir[256];

static inline void tmp_init(void) {
    snprintf(t_dir, sizeof t_dir, "/tmp/sluice_src_XXXXXX");
    if (!mkdtemp(t_dir)) abort();
}

static inline void tmp_cleanup(void) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
}

/* Write data to t_dir/name (creating sub-directories); returns the path (static buffer). */
static inline const char *put_file_n(const char *name, const char *data, size_t n) {
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", t_dir, name);
    for (char *s = path + strlen(t_dir) + 1; (s = strchr(s, '/')); s++) {
        *s = 0;
        mkdir(path, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

static inline const char *put_file(const char *name, const char *data) {
    return put_file_n(name, data, strlen(data));
}

static inline void dump_value(StrBuf *sb, const Vec *v, uint32_t i) {
    if (vec_is_null(v, i)) {
        sb_puts(sb, "NULL");
        return;
    }
    switch (v->type.id) {
    case TY_BOOLEAN: sb_puts(sb, ((uint8_t *)v->data)[i] ? "true" : "false"); break;
    case TY_TINYINT: sb_printf(sb, "%d", ((int8_t *)v->data)[i]); break;
    case TY_SMALLINT: sb_printf(sb, "%d", ((int16_t *)v->data)[i]); break;
    case TY_INT: case TY_DATE: sb_printf(sb, "%d", ((int32_t *)v->data)[i]); break;
    case TY_BIGINT: case TY_TIMESTAMP:
        sb_printf(sb, "%" PRId64, ((int64_t *)v->data)[i]);
        break;
    case TY_FLOAT: sb_printf(sb, "%g", ((float *)v->data)[i]); break;
    case TY_DOUBLE: sb_printf(sb, "%.15g", ((double *)v->data)[i]); break;
    case TY_DECIMAL: {
        __int128 x = ((__int128 *)v->data)[i];
        char d[48];
        int k = 47;
        d[k] = 0;
        unsigned __int128 u = x < 0 ? -(unsigned __int128)x : (unsigned __int128)x;
        do d[--k] = (char)('0' + (int)(u % 10)), u /= 10;
        while (u);
        if (x < 0) d[--k] = '-';
        sb_puts(sb, d + k);
        break;
    }
    case TY_STRING: case TY_BINARY: {
        Str s = ((Str *)v->data)[i];
        sb_put(sb, s.ptr, s.len);
        break;
    }
    default: sb_puts(sb, "?");
    }
}

/* Read path with schema (and projection) into text; on error returns "ERR: msg". Caller frees. */
static inline char *read_proj(const char *path, SrcFormat fmt, const SrcOpts *o, const Schema *s,
                       const int *cols, uint32_t ncols, int64_t off, int64_t len) {
    struct stat st;
    stat(path, &st);
    SrcFile f = {(char *)path, (int64_t)st.st_size, 0, 0};
    char *err = NULL;
    StrBuf sb = {0};
    FileReader *r = filesrc_open_range(&f, off, len, fmt, o, s, cols, ncols, &err);
    if (!r) {
        sb_printf(&sb, "ERR: %s", err);
        free(err);
        return sb_take(&sb);
    }
    Batch *b = filesrc_batch_new(r);
    int rc;
    while ((rc = filesrc_next(r, b, &err)) > 0) {
        for (uint32_t i = 0; i < b->nrows; i++) {
            for (uint32_t c = 0; c < b->ncols; c++) {
                if (c) sb_putc(&sb, '|');
                dump_value(&sb, &b->cols[c], i);
            }
            sb_putc(&sb, '\n');
        }
    }
    if (rc < 0) {
        sb_printf(&sb, "ERR: %s", err);
        free(err);
    }
    batch_free(b);
    filesrc_close(r);
    return sb_take(&sb);
}

static inline char *read_all(const char *path, SrcFormat fmt, const SrcOpts *o, const Schema *s) {
    return read_proj(path, fmt, o, s, NULL, 0, 0, -1);
}

/* Schema as "name type, ..." text. Caller frees. */
static inline char *schema_text(const Schema *s) {
    StrBuf sb = {0};
    char buf[64];
    for (uint32_t i = 0; i < s->ncols; i++)
        sb_printf(&sb, "%s%s %s", i ? ", " : "", s->cols[i].name,
                  type_sql_name(s->cols[i].type, buf, sizeof buf));
    return sb_take(&sb);
}

/* Infer the schema of one path as text, or "ERR: msg". Caller frees. */
static inline char *infer_text(const char *path, SrcFormat fmt, const SrcOpts *o, char **nested) {
    SrcFileList l = {0};
    char *err = NULL;
    StrBuf sb = {0};
    if (filesrc_list(path, o, &l, &err) < 0) {
        sb_printf(&sb, "ERR: %s", err);
        free(err);
        return sb_take(&sb);
    }
    Schema s;
    if (filesrc_infer(&l, fmt, o, &s, nested, &err) < 0) {
        sb_printf(&sb, "ERR: %s", err);
        free(err);
    } else {
        char *t = schema_text(&s);
        sb_puts(&sb, t);
        free(t);
        schema_free(&s);
    }
    filesrc_list_free(&l);
    return sb_take(&sb);
}

#define CHECK_TAKE(expr, want)        \
    do {                              \
        char *got_ = (expr);          \
        CHECK_STR(got_, want);        \
        free(got_);                   \
    } while (0)

#endif
