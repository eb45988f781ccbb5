/* Nested columns in the writer: the leaves of an ARRAY (list.element, list.element...
 * for arrays of arrays) or MAP (key_value.key, key_value.value) column, and the
 * repetition / definition levels of each row (storage-format.md 5.2) with its element
 * values appended in order. */
#include "pq_internal.h"

#include <string.h>

int pq_list_depth(Type t) {
    int d = 0;
    while (t.id == TY_ARRAY && t.nested) t = t.nested->elem, d++;
    return d;
}

void pq_nested_wcols_init(PqWCol *leaves, const Column *col, int codec, uint32_t page_rows,
                          bool no_dict) {
    // levels: the column itself (when nullable), the repeated group, an optional element
    int d_elem = (col->nullable ? 1 : 0) + 1;
    const TypeNested *n = col->type.nested;
    int depth = pq_list_depth(col->type);
    if (depth > 1) { // array<array<...>>: each level adds a repeated group and an optional element
        Type leaf = col->type;
        while (leaf.id == TY_ARRAY) leaf = leaf.nested->elem;
        pq_wcol_init_nested(&leaves[0], leaf, (col->nullable ? 1 : 0) + 2 * depth, codec,
                            page_rows, no_dict);
        leaves[0].max_rep = depth;
        leaves[0].path[0] = col->name;
        for (int k = 0; k < depth; k++)
            leaves[0].path[1 + 2 * k] = "list", leaves[0].path[2 + 2 * k] = "element";
        leaves[0].npath = 1 + 2 * (uint32_t)depth;
        return;
    }
    if (col->type.id == TY_ARRAY) {
        pq_wcol_init_nested(&leaves[0], n->elem, d_elem + 1, codec, page_rows, no_dict);
        leaves[0].path[0] = col->name, leaves[0].path[1] = "list";
        leaves[0].path[2] = "element", leaves[0].npath = 3;
        return;
    }
    pq_wcol_init_nested(&leaves[0], n->elem, d_elem, codec, page_rows, no_dict); // required key
    pq_wcol_init_nested(&leaves[1], n->value, d_elem + 1, codec, page_rows, no_dict);
    for (int k = 0; k < 2; k++) {
        leaves[k].path[0] = col->name, leaves[k].path[1] = "key_value";
        leaves[k].path[2] = k ? "value" : "key", leaves[k].npath = 3;
    }
}

/* Levels of one row into leaf c at its page_levels: a NULL or empty list is one entry,
 * a list of len elements is len entries. */
static void row_levels(PqWCol *c, const Vec *child, bool null, VecList l, int d_null) {
    uint8_t *def = c->def + c->page_levels, *rep = c->rep + c->page_levels;
    if (null || l.len == 0) {
        def[0] = (uint8_t)(null ? 0 : d_null), rep[0] = 0;
        c->page_levels++;
        return;
    }
    uint8_t dmax = (uint8_t)c->max_def, dnull = (uint8_t)(d_null + 1);
    for (uint32_t j = 0; j < l.len; j++) {
        def[j] = vec_is_null(child, l.off + j) ? dnull : dmax;
        rep[j] = j ? 1 : 0;
    }
    c->page_levels += l.len;
}

static void emit(PqWCol *c, uint8_t rep, uint8_t def) {
    pq_wcol_reserve(c, 1);
    c->def[c->page_levels] = def;
    c->rep[c->page_levels++] = rep;
}

/* Dremel striping of slot i of v, a value at list depth `depth` (0: the column): rep is the
 * entry's repetition level, def the definition level reached above this value. */
static void stripe(PqWCol *c, const Vec *v, uint32_t i, int depth, int leaf_depth, uint8_t rep,
                   uint8_t def, bool optional) {
    if (optional) {
        if (vec_is_null(v, i)) {
            emit(c, rep, def);
            return;
        }
        def++;
    }
    if (depth == leaf_depth) {
        emit(c, rep, def);
        pq_wcol_append_values(c, v, i, 1);
        return;
    }
    VecList l = vec_lists(v)[i];
    if (l.len == 0) {
        emit(c, rep, def);
        return;
    }
    for (uint32_t e = 0; e < l.len; e++)
        stripe(c, v->child, l.off + e, depth + 1, leaf_depth, e ? (uint8_t)(depth + 1) : rep,
               (uint8_t)(def + 1), true);
}

int pq_nested_append(PqWCol *leaves, const Vec *v, const uint16_t *rows, uint32_t from,
                     uint32_t n, int64_t *nulls) {
    uint32_t nl = vec_nchild(v);
    int depth = pq_list_depth(v->type);
    if (depth > 1) {
        bool optional = leaves[0].max_def == 2 * depth + 1;
        for (uint32_t k = from; k < from + n; k++) {
            uint32_t i = v->is_const ? 0 : rows ? rows[k] : k;
            *nulls += vec_is_null(v, i);
            stripe(&leaves[0], v, i, 0, depth, 0, 0, optional);
        }
        leaves[0].page_rows += n;
        return 0;
    }
    const VecList *lists = vec_lists(v);
    int d_null = leaves[0].max_def - (v->type.id == TY_ARRAY ? 2 : 1); // def of an empty list
    uint64_t entries = 0;
    for (uint32_t k = from; k < from + n; k++) {
        uint32_t i = v->is_const ? 0 : rows ? rows[k] : k;
        uint32_t len = vec_is_null(v, i) ? 0 : lists[i].len;
        entries += len ? len : 1;
        if (nl == 2 && len && v->child[0].valid)
            for (uint32_t j = 0; j < len; j++)
                if (vec_is_null(&v->child[0], lists[i].off + j)) return -1;
    }
    if (entries > UINT32_MAX / 2) return -1;
    for (uint32_t c = 0; c < nl; c++) pq_wcol_reserve(&leaves[c], (uint32_t)entries);
    for (uint32_t k = from; k < from + n; k++) {
        uint32_t i = v->is_const ? 0 : rows ? rows[k] : k;
        bool null = vec_is_null(v, i);
        *nulls += null;
        VecList l = null ? (VecList){0, 0} : lists[i];
        for (uint32_t c = 0; c < nl; c++) {
            row_levels(&leaves[c], &v->child[c], null, l, d_null);
            if (l.len) pq_wcol_append_values(&leaves[c], &v->child[c], l.off, l.len);
        }
    }
    for (uint32_t c = 0; c < nl; c++) leaves[c].page_rows += n;
    return 0;
}
