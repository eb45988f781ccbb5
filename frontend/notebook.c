/* Reading library files into cells (see notebook.h). Databricks source notebooks
 * are split at "COMMAND ----------" lines and MAGIC prefixes are removed; .ipynb
 * files are decoded with cJSON while a small scanner finds where each source
 * string sits in the file, so cells map back to exact offsets. */
#include "notebook.h"

#include "str.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Lang notebook_lang_of_path(const char *path) {
    if (str_ends_with(path, ".sql") || str_ends_with(path, ".SQL")) return LANG_SQL;
    if (str_ends_with(path, ".py") || str_ends_with(path, ".PY")) return LANG_PYTHON;
    return LANG_NONE;
}

static const char *lang_name(Lang l) {
    return l == LANG_SQL ? "SQL" : l == LANG_PYTHON ? "Python" : "other";
}

typedef VEC(Cell) CellVec;

/* A line of the original text: [start, end) without the newline. */
typedef struct {
    uint32_t start, end;
} Line;

static bool line_is(const char *t, Line l, const char *want) {
    uint32_t n = (uint32_t)strlen(want);
    uint32_t e = l.end;
    while (e > l.start && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
    return e - l.start == n && memcmp(t + l.start, want, n) == 0;
}

static bool line_blank(const char *t, Line l) {
    for (uint32_t i = l.start; i < l.end; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') return false;
    return true;
}

static bool has_prefix(const char *t, Line l, const char *p) {
    size_t n = strlen(p);
    return l.end - l.start >= n && memcmp(t + l.start, p, n) == 0;
}

static Lang magic_lang(const char *word) {
    if (!strcmp(word, "%sql")) return LANG_SQL;
    if (!strcmp(word, "%python")) return LANG_PYTHON;
    if (!strcmp(word, "%md") || !strcmp(word, "%md-sandbox")) return LANG_NONE;
    return LANG_OTHER;
}

/* Classify a cell whose body (after prefix removal) is in bld; report skips. */
static void finish_cell(SourceSet *src, Diags *d, Arena *a, Notebook *nb, CellVec *cells,
                        SrcBuilder *bld, SrcLoc at) {
    Cell c = {.lang = nb->lang, .at = at};
    /* A leading %word line makes it a magic cell. */
    uint32_t i = 0;
    while (i < bld->len && (bld->text[i] == ' ' || bld->text[i] == '\t')) i++;
    if (i < bld->len && bld->text[i] == '%') {
        uint32_t j = i;
        while (j < bld->len && bld->text[j] != ' ' && bld->text[j] != '\n' &&
               bld->text[j] != '\r' && bld->text[j] != '\t')
            j++;
        c.magic = arena_strndup(a, bld->text + i, j - i);
        c.at = (SrcLoc){nb->file, bld->map[i], j - i};
        c.lang = magic_lang(c.magic);
        /* Blank out the magic word so the body keeps its offsets. */
        for (uint32_t k = i; k < j; k++) bld->text[k] = ' ';
    }
    c.buf = sb_src_finish(bld, src, nb->file);
    c.is_pipeline = c.lang == nb->lang;
    if (c.magic && !c.is_pipeline) {
        if (!strcmp(c.magic, "%run"))
            diag_warning(d, c.at, "%%run is not followed: what the notebook it runs defines does "
                                  "not exist in this pipeline");
        else if (!strcmp(c.magic, "%pip"))
            diag_warning(d, c.at, "%%pip cells are not run: install the packages yourself; the "
                                  "cell was skipped");
        else if (c.lang != LANG_NONE)
            diag_warning(d, c.at, "magic command '%s' is not supported in a %s pipeline "
                                  "notebook; the cell was skipped", c.magic, lang_name(nb->lang));
    }
    VEC_PUSH(*cells, c);
}

static void store_cells(Arena *a, Notebook *nb, CellVec *cells) {
    nb->cells = arena_alloc(a, (cells->len ? cells->len : 1) * sizeof *nb->cells);
    if (cells->len) memcpy(nb->cells, cells->items, cells->len * sizeof *cells->items);
    nb->ncells = (uint32_t)cells->len;
    free(cells->items);
}

static void read_source_notebook(SourceSet *src, Diags *d, Arena *a, Notebook *nb) {
    const SourceBuf *b = src_buf(src, nb->file);
    const char *t = b->text;
    const char *cmt = nb->lang == LANG_SQL ? "--" : "#";
    char sep[32], magic[32], title[32];
    snprintf(sep, sizeof sep, "%s COMMAND ----------", cmt);
    snprintf(magic, sizeof magic, "%s MAGIC", cmt);
    snprintf(title, sizeof title, "%s DBTITLE", cmt);
    VEC(Line) lines = {0};
    for (uint32_t s = 0; s <= b->len;) {
        uint32_t e = s;
        while (e < b->len && t[e] != '\n') e++;
        VEC_PUSH(lines, ((Line){s, e}));
        if (e >= b->len) break;
        s = e + 1;
    }
    CellVec cells = {0};
    size_t i = nb->is_notebook ? 1 : 0;  // skip the header line
    while (i < lines.len) {
        size_t j = i;
        while (j < lines.len && !line_is(t, lines.items[j], sep)) j++;
        size_t lo = i, hi = j;  // lines of this cell
        while (lo < hi && line_blank(t, lines.items[lo])) lo++;
        while (hi > lo && line_blank(t, lines.items[hi - 1])) hi--;
        if (lo < hi && has_prefix(t, lines.items[lo], title)) lo++;
        bool is_magic = lo < hi;
        for (size_t k = lo; k < hi && is_magic; k++)
            if (!line_blank(t, lines.items[k]) && !has_prefix(t, lines.items[k], magic))
                is_magic = false;
        SrcBuilder bld = {0};
        for (size_t k = lo; k < hi; k++) {
            Line l = lines.items[k];
            uint32_t s = l.start;
            if (is_magic && has_prefix(t, l, magic)) {
                s += (uint32_t)strlen(magic);
                if (s < l.end && t[s] == ' ') s++;
            }
            sb_src_add(&bld, t + s, l.end - s, s);
            if (k + 1 < hi) sb_src_byte(&bld, '\n', l.end);
        }
        if (lo < hi) {
            SrcLoc at = {nb->file, lines.items[lo].start, 0};
            finish_cell(src, d, a, nb, &cells, &bld, at);
        } else {
            free(bld.text);
            free(bld.map);
        }
        i = j + 1;
    }
    store_cells(a, nb, &cells);
    free(lines.items);
}

/* ---- .ipynb ---------------------------------------------------------------- */

/* A minimal JSON scanner over the raw text, used only to find where each cell's
 * "source" strings are; cJSON has already validated the document. */
typedef struct {
    const char *t;
    uint32_t    n, i;
    int         depth;
} Js;

static void js_ws(Js *j) {
    while (j->i < j->n && (j->t[j->i] == ' ' || j->t[j->i] == '\n' || j->t[j->i] == '\r' ||
                           j->t[j->i] == '\t'))
        j->i++;
}

static bool js_skip(Js *j);

static bool js_skip_string(Js *j) {
    if (j->i >= j->n || j->t[j->i] != '"') return false;
    for (j->i++; j->i < j->n; j->i++) {
        if (j->t[j->i] == '\\') j->i++;
        else if (j->t[j->i] == '"') {
            j->i++;
            return true;
        }
    }
    return false;
}

static bool js_skip(Js *j) {
    js_ws(j);
    if (j->i >= j->n || ++j->depth > 200) return false;
    char c = j->t[j->i];
    bool ok = true;
    if (c == '"') ok = js_skip_string(j);
    else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->i++;
        js_ws(j);
        if (j->i < j->n && j->t[j->i] == close) j->i++;
        else
            for (;;) {
                if (c == '{') {
                    js_ws(j);
                    if (!js_skip_string(j)) return false;
                    js_ws(j);
                    if (j->i >= j->n || j->t[j->i++] != ':') return false;
                }
                if (!js_skip(j)) return false;
                js_ws(j);
                if (j->i >= j->n) return false;
                if (j->t[j->i] == ',') { j->i++; continue; }
                if (j->t[j->i] == close) { j->i++; break; }
                return false;
            }
    } else
        while (j->i < j->n && !strchr(",]} \n\r\t", j->t[j->i])) j->i++;
    j->depth--;
    return ok;
}

static int hex4(const char *p) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

/* Decode the JSON string at j->i into bld, mapping each byte to its raw offset. */
static bool js_decode_string(Js *j, SrcBuilder *bld) {
    if (j->i >= j->n || j->t[j->i] != '"') return false;
    j->i++;
    while (j->i < j->n && j->t[j->i] != '"') {
        uint32_t at = j->i;
        char c = j->t[j->i++];
        if (c != '\\') {
            sb_src_byte(bld, c, at);
            continue;
        }
        if (j->i >= j->n) return false;
        char e = j->t[j->i++];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (simple && e) {
            static const char out[] = "\"\\/\b\f\n\r\t";
            sb_src_byte(bld, out[simple - "\"\\/bfnrt"], at);
            continue;
        }
        if (e != 'u' || j->i + 4 > j->n) return false;
        int cp = hex4(j->t + j->i);
        if (cp < 0) return false;
        j->i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && j->i + 6 <= j->n && j->t[j->i] == '\\' &&
            j->t[j->i + 1] == 'u') {
            int lo = hex4(j->t + j->i + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                j->i += 6;
            }
        }
        char u[4];
        int nu;
        if (cp < 0x80) u[0] = (char)cp, nu = 1;
        else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 63)), nu = 2;
        else if (cp < 0x10000)
            u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 63)),
            u[2] = (char)(0x80 | (cp & 63)), nu = 3;
        else
            u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 63)),
            u[2] = (char)(0x80 | (cp >> 6 & 63)), u[3] = (char)(0x80 | (cp & 63)), nu = 4;
        for (int k = 0; k < nu; k++) sb_src_byte(bld, u[k], at);
    }
    if (j->i >= j->n) return false;
    j->i++;
    return true;
}

static bool js_key_is(Js *j, const char *key) {
    size_t n = strlen(key);
    return j->i + n + 2 <= j->n && j->t[j->i] == '"' && !memcmp(j->t + j->i + 1, key, n) &&
           j->t[j->i + 1 + n] == '"';
}

/* Position j inside object at j->i on the value of key; false if absent. */
static bool js_find_key(Js *j, const char *key) {
    js_ws(j);
    if (j->i >= j->n || j->t[j->i] != '{') return false;
    j->i++;
    for (;;) {
        js_ws(j);
        if (j->i >= j->n || j->t[j->i] == '}') return false;
        bool hit = js_key_is(j, key);
        if (!js_skip_string(j)) return false;
        js_ws(j);
        if (j->i >= j->n || j->t[j->i++] != ':') return false;
        js_ws(j);
        if (hit) return true;
        if (!js_skip(j)) return false;
        js_ws(j);
        if (j->i < j->n && j->t[j->i] == ',') j->i++;
    }
}

/* Decode the "source" value (string or list of strings) of the cell object at j->i. */
static bool js_cell_source(Js j, SrcBuilder *bld) {
    if (!js_find_key(&j, "source")) return false;
    if (j.i < j.n && j.t[j.i] == '"') return js_decode_string(&j, bld);
    if (j.i >= j.n || j.t[j.i] != '[') return false;
    j.i++;
    for (;;) {
        js_ws(&j);
        if (j.i < j.n && j.t[j.i] == ']') return true;
        if (!js_decode_string(&j, bld)) return false;
        js_ws(&j);
        if (j.i < j.n && j.t[j.i] == ',') j.i++;
    }
}

static const char *ipynb_language(const cJSON *root) {
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(root, "metadata");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(md, "application/vnd.databricks.v1+notebook"), "language");
    if (!cJSON_IsString(v))
        v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(md, "language_info"),
                                             "name");
    if (!cJSON_IsString(v))
        v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(md, "kernelspec"),
                                             "language");
    return cJSON_IsString(v) ? v->valuestring : "python";
}

static bool read_ipynb(SourceSet *src, Diags *d, Arena *a, Notebook *nb) {
    const SourceBuf *b = src_buf(src, nb->file);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(b->text, b->len, &end, 0);
    if (!root || !cJSON_IsObject(root)) {
        uint32_t off = end && end >= b->text ? (uint32_t)(end - b->text) : 0;
        diag_error(d, (SrcLoc){nb->file, off, 1}, "invalid notebook: not a JSON object");
        cJSON_Delete(root);
        return false;
    }
    const char *lang = ipynb_language(root);
    if (str_ieq(lang, "sql")) nb->lang = LANG_SQL;
    else if (str_ieq(lang, "python")) nb->lang = LANG_PYTHON;
    else {
        diag_error(d, (SrcLoc){nb->file, 0, 0}, "unsupported library language '%s'", lang);
        cJSON_Delete(root);
        return false;
    }
    const cJSON *jcells = cJSON_GetObjectItemCaseSensitive(root, "cells");
    if (!cJSON_IsArray(jcells)) {
        diag_error(d, (SrcLoc){nb->file, 0, 0}, "invalid notebook: no \"cells\" array");
        cJSON_Delete(root);
        return false;
    }
    Js j = {b->text, b->len, 0, 0};
    bool have_pos = js_find_key(&j, "cells") && j.i < j.n && j.t[j.i] == '[';
    if (have_pos) j.i++;
    CellVec cells = {0};
    const cJSON *jc;
    cJSON_ArrayForEach(jc, jcells) {
        js_ws(&j);
        uint32_t cell_off = have_pos ? j.i : 0;
        SrcBuilder bld = {0};
        bool ok = have_pos && js_cell_source(j, &bld);
        if (have_pos) {
            have_pos = js_skip(&j);
            js_ws(&j);
            if (have_pos && j.i < j.n && j.t[j.i] == ',') j.i++;
        }
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(jc, "cell_type");
        bool is_code = cJSON_IsString(type) && !strcmp(type->valuestring, "code");
        if (!ok) {  // positions unknown: decode with cJSON and point at the cell
            free(bld.text), free(bld.map);
            bld = (SrcBuilder){0};
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(jc, "source"), *e;
            if (cJSON_IsString(s))
                for (const char *p = s->valuestring; *p; p++) sb_src_byte(&bld, *p, cell_off);
            if (cJSON_IsArray(s)) {
                cJSON_ArrayForEach(e, s) {
                    if (!cJSON_IsString(e)) continue;
                    for (const char *p = e->valuestring; *p; p++) sb_src_byte(&bld, *p, cell_off);
                }
            }
        }
        if (!is_code) {
            free(bld.text), free(bld.map);
            continue;
        }
        finish_cell(src, d, a, nb, &cells, &bld, (SrcLoc){nb->file, cell_off, 0});
    }
    store_cells(a, nb, &cells);
    cJSON_Delete(root);
    return true;
}

/* ---- entry points ------------------------------------------------------------ */

static bool first_line_is(const char *t, uint32_t n, const char *want) {
    uint32_t e = 0;
    while (e < n && t[e] != '\n') e++;
    return line_is(t, (Line){0, e}, want);
}

bool notebook_read(SourceSet *src, Diags *d, Arena *a, const char *path, Notebook *out) {
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(a, path);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(d, SRC_NONE, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    if (len >= UINT32_MAX / 2) {
        free(text);
        diag_error(d, SRC_NONE, "'%s' is too large for a source file", path);
        return false;
    }
    out->file = src_add(src, path, text, (uint32_t)len);
    if (str_ends_with(path, ".ipynb")) {
        out->is_notebook = true;
        return read_ipynb(src, d, a, out);
    }
    out->lang = notebook_lang_of_path(path);
    if (out->lang == LANG_NONE) {
        diag_error(d, (SrcLoc){out->file, 0, 0},
                   "unsupported library language: '%s' is not a .sql, .py or .ipynb file", path);
        return false;
    }
    if (memchr(text, 0, len)) {
        const char *z = memchr(text, 0, len);
        diag_error(d, (SrcLoc){out->file, (uint32_t)(z - text), 1},
                   "source file contains a NUL byte: is it a binary file?");
        return false;
    }
    const char *header = out->lang == LANG_SQL ? "-- Databricks notebook source"
                                               : "# Databricks notebook source";
    out->is_notebook = first_line_is(text, (uint32_t)len, header);
    if (out->is_notebook) {
        read_source_notebook(src, d, a, out);
        return true;
    }
    out->cells = arena_alloc(a, sizeof *out->cells);
    out->cells[0] = (Cell){.lang = out->lang, .buf = out->file, .at = {out->file, 0, 0},
                           .is_pipeline = true};
    out->ncells = 1;
    return true;
}

uint32_t notebook_python_module(SourceSet *src, const Notebook *nb) {
    uint32_t n = 0, only = 0;
    for (uint32_t i = 0; i < nb->ncells; i++)
        if (nb->cells[i].is_pipeline) n++, only = nb->cells[i].buf;
    if (n == 1) return only;
    SrcBuilder bld = {0};
    for (uint32_t i = 0; i < nb->ncells; i++) {
        if (!nb->cells[i].is_pipeline) continue;
        const SourceBuf *b = src_buf(src, nb->cells[i].buf);
        for (uint32_t k = 0; k < b->len; k++) {
            uint32_t f, o, e;
            src_resolve(src, (SrcLoc){nb->cells[i].buf, k, 0}, &f, &o, &e);
            sb_src_byte(&bld, b->text[k], o);
        }
        uint32_t f, o, e;
        src_resolve(src, (SrcLoc){nb->cells[i].buf, b->len, 0}, &f, &o, &e);
        sb_src_byte(&bld, '\n', o);
    }
    return sb_src_finish(&bld, src, nb->file);
}
