/* Nested columns in the reader (storage-format.md 4.x, 5.2): recognises the LIST (3-level,
 * legacy 2-level, bare REPEATED; LISTs of LISTs) and MAP shapes of a file's top-level
 * fields, and rebuilds ARRAY / MAP vectors from the leaves' repetition and definition
 * levels, one record per row. Structs and maps inside lists are refused by name. */
#include "pq_internal.h"

#include <stdio.h>
#include <string.h>

static bool is_leaf(const PqSchemaElem *e) {
    return e->num_children < 0 || e->phys >= 0;
}

/* Schema elements in the subtree at i (the tree was validated by pq_meta_decode). */
static uint32_t subtree_size(const PqFileMeta *m, uint32_t i, int depth) {
    if (i >= m->nschema || depth > 64) return 1;
    const PqSchemaElem *e = &m->schema[i];
    if (is_leaf(e)) return 1;
    uint32_t n = 1;
    for (int32_t k = 0; k < e->num_children; k++) n += subtree_size(m, i + n, depth + 1);
    return n;
}

static int refuse(char *err, size_t cap, const char *name, const char *what) {
    snprintf(err, cap, "column '%s' %s; only flat, ARRAY and MAP columns of primitive types "
                       "are supported", name, what);
    return -1;
}

static bool is_list(const PqSchemaElem *e) {
    return !is_leaf(e) && (e->converted == CT_LIST || e->logical == LT_LIST);
}

/* A LIST-annotated group at top, down through LISTs of LISTs to the element leaf: the
 * definition levels of each list level. */
static int list_field(const PqFileMeta *m, uint32_t top, PqField *f, char *err, size_t cap) {
    const char *name = m->schema[top].name;
    int def = m->schema[top].repetition == 1 ? 1 : 0;
    for (uint32_t g = top;;) {
        const PqSchemaElem *e = &m->schema[g];
        if (f->depth == PQ_MAX_LIST_DEPTH)
            return refuse(err, cap, name, "nests arrays too deeply");
        f->lv_null[f->depth] = def, f->lv_elem[f->depth] = def + 1;
        f->depth++;
        if (e->num_children != 1 || g + 1 >= m->nschema || m->schema[g + 1].repetition != 2)
            return refuse(err, cap, name, "is a LIST without a single REPEATED child");
        const PqSchemaElem *r = &m->schema[g + 1];
        if (is_leaf(r)) break; // legacy 2-level: the repeated leaf is the (required) element
        char tuple[300];
        snprintf(tuple, sizeof tuple, "%s_tuple", e->name);
        if (r->num_children != 1 || !strcmp(r->name, "array") || !strcmp(r->name, tuple))
            return refuse(err, cap, name, "is an array of structs");
        if (g + 2 >= m->nschema || m->schema[g + 2].repetition == 2)
            return refuse(err, cap, name, "nests arrays, maps or structs in an array");
        const PqSchemaElem *el = &m->schema[g + 2];
        if (is_leaf(el)) break;
        if (!is_list(el)) return refuse(err, cap, name, "nests maps or structs in an array");
        def += 1 + (el->repetition == 1 ? 1 : 0);
        g += 2;
    }
    f->kind = PQF_LIST;
    return 0;
}

static int map_field(const PqFileMeta *m, uint32_t top, PqField *f, char *err, size_t cap) {
    const PqSchemaElem *e = &m->schema[top];
    if (e->num_children != 1 || top + 1 >= m->nschema || m->schema[top + 1].repetition != 2 ||
        is_leaf(&m->schema[top + 1]))
        return refuse(err, cap, e->name, "is a MAP without a REPEATED key_value group");
    if (m->schema[top + 1].num_children != 2 || top + 3 >= m->nschema)
        return refuse(err, cap, e->name, "is a MAP whose entries are not (key, value)");
    for (uint32_t k = top + 2; k <= top + 3; k++)
        if (!is_leaf(&m->schema[k]) || m->schema[k].repetition == 2)
            return refuse(err, cap, e->name, "nests arrays, maps or structs in a map");
    f->kind = PQF_MAP;
    return 0;
}

int pq_fields(const PqFileMeta *m, PqField *fields, uint32_t *nfields, char *err, size_t cap) {
    uint32_t i = 1, leaf = 0, nf = 0;
    for (int32_t k = 0; k < m->schema[0].num_children && i < m->nschema; k++) {
        const PqSchemaElem *e = &m->schema[i];
        PqField *f = &fields[nf++];
        memset(f, 0, sizeof *f);
        uint32_t size = subtree_size(m, i, 0), nl = 0;
        while (leaf + nl < m->nleaves && m->leaves[leaf + nl].elem < i + size) nl++;
        f->elem = i;
        f->leaf = leaf;
        f->nleaves = nl;
        f->nullable = e->repetition == 1;
        if (e->repetition == 2 && !is_leaf(e))
            return refuse(err, cap, e->name, "is a REPEATED group (an array of structs)");
        int rc;
        if (is_leaf(e))
            f->kind = e->repetition == 2 ? PQF_LIST : PQF_FLAT, rc = 0, f->depth = 1;
        else if (e->converted == CT_LIST || e->logical == LT_LIST)
            rc = list_field(m, i, f, err, cap);
        else if (e->converted == CT_MAP || e->converted == CT_MAP_KEY_VALUE ||
                 e->logical == LT_MAP)
            rc = map_field(m, i, f, err, cap);
        else
            rc = refuse(err, cap, e->name, "is a struct (a group)");
        if (rc < 0) return -1;
        f->def_null = f->nullable ? 1 : 0;
        f->def_elem = f->def_null + 1;
        if (f->kind == PQF_MAP) f->depth = 1;
        f->lv_null[0] = f->def_null, f->lv_elem[0] = f->def_elem;
        if (f->kind != PQF_FLAT) {
            uint32_t want = f->kind == PQF_MAP ? 2 : 1;
            for (uint32_t j = 0; j < nl; j++)
                if (m->leaves[leaf + j].max_rep != f->depth ||
                    m->leaves[leaf + j].max_def < f->lv_elem[f->depth - 1])
                    nl = 0;
            if (nl != want) return refuse(err, cap, e->name, "has an unexpected level structure");
        }
        i += size;
        leaf += nl;
    }
    *nfields = nf;
    return 0;
}

/* ---- rebuilding vectors from levels ---- */

/* One leaf being read into a child vector: present values are converted in runs that
 * land in consecutive child slots. */
typedef struct {
    PqColCursor *c;
    PqConv cv;
    Vec *child;
    size_t width;
    uint32_t run_val, run_dst, run_n;
} Lane;

static int flush_run(Lane *l, Batch *b, char *err, size_t cap) {
    if (!l->run_n) return 0;
    void *dst = (char *)l->child->data + (size_t)l->run_dst * l->width;
    int rc = pq_convert(l->cv, &l->c->vals, l->run_val, l->run_n, dst, b);
    l->run_n = 0;
    if (rc < 0) {
        snprintf(err, cap, "column '%s': value out of range", l->c->path);
        return -1;
    }
    return 0;
}

/* Make sure the lane has a level entry to look at: 1 yes, 0 end of chunk, -1 error. */
static int lane_ready(Lane *l, Batch *b, char *err, size_t cap) {
    while (l->c->page_pos == l->c->page_n) {
        if (flush_run(l, b, err, cap) < 0) return -1;
        const char *msg;
        int rc = pq_col_next_page(l->c, &msg);
        if (rc < 0) {
            snprintf(err, cap, "%s", msg);
            return -1;
        }
        if (rc == 0) return 0;
        if (!l->c->rep || !l->c->def) {
            snprintf(err, cap, "column '%s': page without levels", l->c->path);
            return -1;
        }
    }
    return 1;
}

/* Consume the current entry; slot is its child slot, or UINT32_MAX when it has none. */
static int lane_take(Lane *l, uint32_t slot, uint32_t child_cap, Batch *b, char *err,
                     size_t cap) {
    PqColCursor *c = l->c;
    uint8_t def = c->def[c->page_pos++];
    if (slot == UINT32_MAX) return 0;
    if (def == c->max_def) {
        if (c->val_pos >= c->vals.n) {
            snprintf(err, cap, "column '%s': fewer values than levels", c->path);
            return -1;
        }
        if (l->run_n && l->run_dst + l->run_n == slot) {
            l->run_n++;
        } else {
            if (flush_run(l, b, err, cap) < 0) return -1;
            l->run_val = c->val_pos, l->run_dst = slot, l->run_n = 1;
        }
        c->val_pos++;
        return 0;
    }
    if (flush_run(l, b, err, cap) < 0) return -1;
    memset((char *)l->child->data + (size_t)slot * l->width, 0, l->width);
    vec_set_null_n(l->child, slot, child_cap);
    return 0;
}

static int check_levels(const PqColCursor *c, char *err, size_t cap) {
    uint8_t rep = c->rep[c->page_pos], def = c->def[c->page_pos];
    if (rep > c->max_rep || def > c->max_def) {
        snprintf(err, cap, "column '%s': level out of range (rep %u, def %u)", c->path, rep, def);
        return -1;
    }
    return 0;
}

/* array<array<...>>: the vectors of each list level, vec[0] the column and vec[depth] the
 * elements. An entry with repetition level r continues the list at level r (0: a new row)
 * and opens new lists below it until its definition level says NULL, empty or a value. */
static int deep_fill(const PqField *f, PqColCursor *c, PqConv cv, Vec *v, uint32_t n,
                     Batch *b, char *err, size_t cap) {
    int depth = f->depth;
    Vec *vec[PQ_MAX_LIST_DEPTH + 1];
    vec[0] = v;
    for (int j = 1; j <= depth; j++) {
        vec[j] = vec[j - 1]->child;
        if (!vec[j] || (j < depth && vec[j]->type.id != TY_ARRAY)) {
            snprintf(err, cap, "column '%s': output vector is not nested deeply enough", c->path);
            return -1;
        }
    }
    for (int j = 0; j < depth; j++) vec_child_clear(vec[j]); // clears below too
    Lane lane = {.c = c, .cv = cv, .child = vec[depth],
                 .width = (size_t)type_fixed_width(vec[depth]->type.id)};
    uint32_t slot[PQ_MAX_LIST_DEPTH + 1]; // slot[j]: current value slot in vec[j]
    bool open[PQ_MAX_LIST_DEPTH + 1] = {false};
    uint32_t row = 0;
    for (;;) {
        int rc = lane_ready(&lane, b, err, cap);
        if (rc < 0) return -1;
        if (rc == 0) break;
        if (check_levels(c, err, cap) < 0) return -1;
        int r = c->rep[c->page_pos], d = c->def[c->page_pos];
        if (r == 0) {
            if (row == n) break; // the next record belongs to the next batch
            slot[0] = row++;
        } else if (!open[r] || d < f->lv_elem[r - 1]) {
            snprintf(err, cap, "column '%s': a repeated level continues no list", c->path);
            return -1;
        }
        bool value = false;
        for (int j = r ? r : 1; j <= depth; j++) { // list level j lives in vec[j - 1]
            Vec *lv = vec[j - 1];
            VecList *lists = vec_lists(lv);
            if (j > r) { // a new list in slot[j - 1]
                uint32_t s0 = slot[j - 1];
                lists[s0] = (VecList){lv->child_len, 0};
                for (int k = j; k <= depth; k++) open[k] = false; // deeper lists start anew
                if (d < f->lv_null[j - 1]) {
                    if (j == 1)
                        vec_set_null(lv, s0);
                    else
                        vec_set_null_n(lv, s0, vec[j - 2]->child_cap);
                    break;
                }
                if (d < f->lv_elem[j - 1]) break;
                open[j] = true;
            }
            if (lv->child_len == UINT32_MAX) {
                snprintf(err, cap, "column '%s': too many elements in one batch", c->path);
                return -1;
            }
            if (lv->child_len >= lv->child_cap) {
                if (j == depth && flush_run(&lane, b, err, cap) < 0) return -1;
                vec_child_reserve(lv, lv->child_len + 1 + (c->page_n - c->page_pos));
            }
            slot[j] = lv->child_len++;
            lists[slot[j - 1]].len++;
            value = j == depth;
        }
        if (lane_take(&lane, value ? slot[depth] : UINT32_MAX, vec[depth - 1]->child_cap, b, err,
                      cap) < 0)
            return -1;
    }
    if (flush_run(&lane, b, err, cap) < 0) return -1;
    if (row < n) {
        snprintf(err, cap, "column '%s' has fewer records than rows", c->path);
        return -1;
    }
    return 0;
}

int pq_nested_fill(const PqField *f, PqColCursor *cur, const PqConv *conv, Vec *v, uint32_t n,
                   Batch *b, char *err, size_t cap) {
    if (f->kind == PQF_LIST && f->depth > 1) return deep_fill(f, cur, conv[0], v, n, b, err, cap);
    uint32_t nl = f->kind == PQF_MAP ? 2 : 1;
    if (!v->child || vec_nchild(v) != nl) {
        snprintf(err, cap, "column '%s': output vector is not nested", cur[0].path);
        return -1;
    }
    vec_child_clear(v);
    Lane lanes[2];
    for (uint32_t k = 0; k < nl; k++)
        lanes[k] = (Lane){.c = &cur[k], .cv = conv[k], .child = &v->child[k],
                          .width = (size_t)type_fixed_width(v->child[k].type.id)};
    VecList *lists = vec_lists(v);
    uint32_t row = 0;
    bool open = false; // the current row's list can take more elements
    for (;;) {
        int rc = lane_ready(&lanes[0], b, err, cap);
        if (rc < 0) return -1;
        if (rc == 0) break;
        PqColCursor *c = lanes[0].c;
        if (check_levels(c, err, cap) < 0) return -1;
        uint8_t rep = c->rep[c->page_pos], def = c->def[c->page_pos];
        if (rep == 0) {
            if (row == n) break; // the next record belongs to the next batch
            lists[row] = (VecList){v->child_len, 0};
            open = def >= f->def_elem;
            if (def < f->def_null) vec_set_null(v, row);
            row++;
        } else if (!open || def < f->def_elem) {
            snprintf(err, cap, "column '%s': a repeated level continues no list", c->path);
            return -1;
        }
        uint32_t slot = UINT32_MAX;
        if (def >= f->def_elem) {
            if (v->child_len == UINT32_MAX) {
                snprintf(err, cap, "column '%s': too many elements in one batch", c->path);
                return -1;
            }
            if (v->child_len >= v->child_cap) {
                for (uint32_t k = 0; k < nl; k++)
                    if (flush_run(&lanes[k], b, err, cap) < 0) return -1;
                vec_child_reserve(v, v->child_len + 1 + (c->page_n - c->page_pos));
            }
            slot = v->child_len++;
            lists[row - 1].len++;
            if (nl == 2 && def < c->max_def) {
                snprintf(err, cap, "column '%s': a map key is NULL", c->path);
                return -1;
            }
        }
        if (nl == 2) { // the values leaf walks in step with the keys
            rc = lane_ready(&lanes[1], b, err, cap);
            if (rc <= 0) {
                if (rc == 0)
                    snprintf(err, cap, "column '%s': fewer level entries than its keys",
                             lanes[1].c->path);
                return -1;
            }
            PqColCursor *vc = lanes[1].c;
            if (check_levels(vc, err, cap) < 0) return -1;
            if (vc->rep[vc->page_pos] != rep || (vc->def[vc->page_pos] >= f->def_elem) !=
                                                    (slot != UINT32_MAX)) {
                snprintf(err, cap, "column '%s': levels disagree with the map keys", vc->path);
                return -1;
            }
            if (lane_take(&lanes[1], slot, v->child_cap, b, err, cap) < 0) return -1;
        }
        if (lane_take(&lanes[0], slot, v->child_cap, b, err, cap) < 0) return -1;
    }
    for (uint32_t k = 0; k < nl; k++)
        if (flush_run(&lanes[k], b, err, cap) < 0) return -1;
    if (row < n) {
        snprintf(err, cap, "column '%s' has fewer records than rows", cur[0].path);
        return -1;
    }
    return 0;
}
