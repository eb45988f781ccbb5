/* GROUP BY GROUPING SETS / ROLLUP / CUBE (and WITH ROLLUP / WITH CUBE), as Spark plans
 * them: the input gains one column per grouping expression, an expand relation repeats
 * every row once per grouping set with the absent keys NULL and a grouping id, and a
 * plain aggregate groups by those columns and the id. Aggregate arguments keep reading
 * the original columns, so SUM(a) of a rolled-up a still sums a. grouping(x) and
 * grouping_id() read the id. */
#include "plan_int.h"

#include "funcs.h"

#include <stdio.h>
#include <string.h>

enum { GS_MAX_KEYS = 32, GS_MAX_SETS = 4096 };

static bool is_gs_call(const IrExpr *e, const char *name) {
    return e && e->kind == EX_CALL && !e->over && e->name && str_ieq(e->name, name);
}

static bool is_gs_item(const IrExpr *e) {
    return is_gs_call(e, "rollup") || is_gs_call(e, "cube") || is_gs_call(e, "grouping sets");
}

bool gsets_used(const IrRel *r) {
    if (r->kind != REL_AGGREGATE) return false;
    for (uint32_t i = 0; i < r->nkeys; i++)
        if (is_gs_item(r->keys[i])) return true;
    return false;
}

/* Structural equality of two expressions, for matching select items to grouping keys
 * (conservative: anything unusual is unequal). */
static bool same_expr(const IrExpr *a, const IrExpr *b) {
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind || a->nargs != b->nargs) return false;
    switch (a->kind) {
    case EX_COL:
        return str_ieq(a->name, b->name) &&
               (!a->qual || !b->qual || str_ieq(a->qual, b->qual));
    case EX_LIT:
    case EX_INTERVAL:
        return type_eq(a->type, b->type) &&
               (a->text && b->text ? !strcmp(a->text, b->text) : a->text == b->text);
    case EX_CALL:
        if (!str_ieq(a->name, b->name) || a->distinct != b->distinct || a->over || b->over ||
            a->filter || b->filter || a->is_count_star != b->is_count_star)
            return false;
        break;
    case EX_CAST:
        if (!type_eq(a->type, b->type) || a->is_try != b->is_try) return false;
        break;
    default: return false;
    }
    for (uint32_t i = 0; i < a->nargs; i++)
        if (!same_expr(a->args[i], b->args[i])) return false;
    return true;
}

typedef struct {
    Planner *P;
    IrExpr *keys[GS_MAX_KEYS];
    uint32_t nkeys;
    bool ok;
} Gs;

static int key_index(Gs *g, IrExpr *k) {
    for (uint32_t i = 0; i < g->nkeys; i++)
        if (same_expr(g->keys[i], k)) return (int)i;
    if (g->nkeys == GS_MAX_KEYS) {
        diag_error(g->P->d, k->loc, "too many grouping expressions (at most %d)", GS_MAX_KEYS);
        g->ok = false;
        return 0;
    }
    g->keys[g->nkeys] = k;
    return (int)g->nkeys++;
}

/* The keys of one set as a bit mask over g->keys; (a, b) is a row constructor. */
static uint64_t set_mask(Gs *g, IrExpr *e) {
    uint64_t m = 0;
    if (is_gs_call(e, "struct") && e->nargs > 1) {
        for (uint32_t i = 0; i < e->nargs; i++) m |= 1ull << key_index(g, e->args[i]);
        return m;
    }
    return 1ull << key_index(g, e);
}

/* The grouping sets of one GROUP BY item, as masks. */
static uint32_t item_sets(Gs *g, IrExpr *e, uint64_t *out, uint32_t cap) {
    uint32_t n = 0;
    if (is_gs_call(e, "rollup")) { // (a, b, c), (a, b), (a), ()
        uint64_t m = 0;
        uint64_t *prefix = arena_alloc(g->P->a, (e->nargs + 1) * sizeof *prefix);
        for (uint32_t i = 0; i < e->nargs; i++) prefix[i] = m |= set_mask(g, e->args[i]);
        for (uint32_t i = e->nargs; i-- > 0 && n < cap;) out[n++] = prefix[i];
        if (n < cap) out[n++] = 0;
    } else if (is_gs_call(e, "cube")) { // every subset, the full one first
        if (e->nargs > 12) {
            diag_error(g->P->d, e->loc, "CUBE of %u expressions is too large (at most 12)",
                       e->nargs);
            g->ok = false;
            return 0;
        }
        uint64_t *ms = arena_alloc(g->P->a, (e->nargs + 1) * sizeof *ms);
        for (uint32_t i = 0; i < e->nargs; i++) ms[i] = set_mask(g, e->args[i]);
        uint32_t all = (1u << e->nargs) - 1;
        for (uint32_t sub = all + 1; sub-- > 0 && n < cap;) {
            uint64_t m = 0;
            for (uint32_t i = 0; i < e->nargs; i++)
                if (sub >> (e->nargs - 1 - i) & 1) m |= ms[i];
            out[n++] = m;
        }
    } else if (is_gs_call(e, "grouping sets")) {
        for (uint32_t i = 0; i < e->nargs && n < cap; i++) {
            const IrExpr *s = e->args[i];
            uint64_t m = 0;
            for (uint32_t k = 0; k < s->nargs; k++) m |= set_mask(g, s->args[k]);
            out[n++] = m;
        }
    } else {
        out[n++] = 1ull << key_index(g, e);
    }
    return n;
}

static IrExpr *gid_col(Arena *a, SrcLoc loc) {
    return ir_col(a, NULL, "__gid", loc);
}

static IrExpr *key_col(Arena *a, uint32_t i, SrcLoc loc) {
    char name[24];
    snprintf(name, sizeof name, "__gk%u", i);
    return ir_col(a, NULL, arena_strdup(a, name), loc);
}

/* grouping(k): 1 when k is rolled up in this row's set. */
static IrExpr *grouping_bit(Gs *g, uint32_t i, SrcLoc loc) {
    Arena *a = g->P->a;
    IrExpr *shifted = ir_call2(a, "shiftright", gid_col(a, loc),
                               ir_lit_int(a, (int64_t)(g->nkeys - 1 - i), loc), loc);
    return ir_cast(a, ir_call2(a, "bitand", shifted, ir_lit_int(a, 1, loc), loc),
                   TYPE(TY_TINYINT), false, loc);
}

/* A copy of e reading the key columns and the grouping id; aggregate calls are kept as
 * they are (their arguments see the original rows). */
static IrExpr *rewrite(Gs *g, IrExpr *e) {
    if (!e || !g->ok) return e;
    Arena *a = g->P->a;
    if (is_gs_call(e, "grouping") || is_gs_call(e, "grouping_id")) {
        bool id = is_gs_call(e, "grouping_id");
        if (!id && e->nargs != 1) {
            diag_error(g->P->d, e->loc, "grouping() takes one grouping expression");
            g->ok = false;
            return e;
        }
        IrExpr *r = NULL;
        if (id && e->nargs == 0) return ir_alias(a, gid_col(a, e->loc), "grouping_id()", e->loc);
        for (uint32_t k = 0; k < e->nargs; k++) {
            int i = -1;
            for (uint32_t j = 0; j < g->nkeys; j++)
                if (same_expr(g->keys[j], e->args[k])) i = (int)j;
            if (i < 0) {
                diag_error(g->P->d, e->args[k]->loc, "'%s' is not a grouping expression",
                           e->args[k]->sql ? e->args[k]->sql : "argument");
                g->ok = false;
                return e;
            }
            IrExpr *bit = grouping_bit(g, (uint32_t)i, e->loc);
            if (!id) return bit;
            // grouping_id(a, b) = grouping(a) << 1 | grouping(b)
            IrExpr *wide = ir_cast(a, bit, TYPE(TY_BIGINT), false, e->loc);
            r = r ? ir_call2(a, "bitor",
                             ir_call2(a, "shiftleft", r, ir_lit_int(a, 1, e->loc), e->loc), wide,
                             e->loc)
                  : wide;
        }
        return r;
    }
    for (uint32_t i = 0; i < g->nkeys; i++)
        if (same_expr(g->keys[i], e)) return key_col(a, i, e->loc);
    if (e->kind == EX_CALL && !e->over && e->name) {
        const FuncInfo *f = func_lookup(e->name);
        if (f && f->kind == FN_AGG) return e;
    }
    if (e->kind == EX_SUBQUERY || e->nargs == 0) return e;
    IrExpr *c = arena_alloc(a, sizeof *c);
    *c = *e;
    c->args = arena_alloc(a, e->nargs * sizeof *c->args);
    for (uint32_t i = 0; i < e->nargs; i++) c->args[i] = rewrite(g, e->args[i]);
    return c;
}

IrRel *gsets_rewrite(Planner *P, IrRel *r) {
    Arena *a = P->a;
    Gs g = {.P = P, .ok = true};
    uint64_t *sets = arena_alloc(a, GS_MAX_SETS * sizeof *sets), *next;
    uint32_t nsets = 1;
    sets[0] = 0;
    uint64_t *item = arena_alloc(a, GS_MAX_SETS * sizeof *item);
    for (uint32_t k = 0; k < r->nkeys && g.ok; k++) { // the product of the items' sets
        uint32_t ni = item_sets(&g, r->keys[k], item, GS_MAX_SETS);
        if ((uint64_t)nsets * ni > GS_MAX_SETS) {
            diag_error(P->d, r->keys[k]->loc, "more than %d grouping sets", GS_MAX_SETS);
            return NULL;
        }
        next = arena_alloc(a, ((size_t)nsets * ni + 1) * sizeof *next);
        uint32_t n = 0;
        for (uint32_t i = 0; i < nsets; i++)
            for (uint32_t j = 0; j < ni; j++) next[n++] = sets[i] | item[j];
        sets = next, nsets = n;
    }
    if (!g.ok) return NULL;
    // input columns, then one column per grouping expression
    IrExpr **pitems = arena_alloc(a, (g.nkeys + 2) * sizeof *pitems);
    pitems[0] = ir_star(a, NULL, r->loc);
    const char **names = arena_alloc(a, (g.nkeys + 1) * sizeof *names);
    for (uint32_t i = 0; i < g.nkeys; i++) {
        names[i] = key_col(a, i, r->loc)->name;
        pitems[i + 1] = ir_alias(a, g.keys[i], names[i], g.keys[i]->loc);
    }
    IrRel *proj = ir_project(a, r->input, pitems, g.nkeys + 1, r->loc);
    IrRel *ex = arena_alloc(a, sizeof *ex);
    *ex = (IrRel){.kind = REL_EXPAND, .loc = r->loc, .input = proj, .names = names,
                  .nnames = g.nkeys, .version = -1, .limit = -1};
    ex->gsets = arena_alloc(a, (nsets + 1) * sizeof *ex->gsets);
    uint64_t full = g.nkeys == 64 ? ~0ull : (1ull << g.nkeys) - 1;
    for (uint32_t s = 0; s < nsets; s++) { // grouping id: bit set = key absent, key 0 highest
        uint64_t absent = ~sets[s] & full, id = 0;
        for (uint32_t i = 0; i < g.nkeys; i++)
            if (absent >> i & 1) id |= 1ull << (g.nkeys - 1 - i);
        ex->gsets[s] = (int64_t)id;
    }
    ex->ngsets = nsets;
    IrExpr **keys = arena_alloc(a, (g.nkeys + 2) * sizeof *keys);
    for (uint32_t i = 0; i < g.nkeys; i++) keys[i] = key_col(a, i, r->loc);
    keys[g.nkeys] = gid_col(a, r->loc);
    IrExpr **outs = arena_alloc(a, (r->nexprs + 1) * sizeof *outs);
    for (uint32_t i = 0; i < r->nexprs; i++) {
        IrExpr *o = r->exprs[i];
        if (o->kind == EX_ALIAS) {
            outs[i] = ir_alias(a, rewrite(&g, o->args[0]), o->name, o->loc);
        } else {
            IrExpr *x = rewrite(&g, o);
            outs[i] = x == o ? o : ir_alias(a, x, expr_display_name(a, o), o->loc);
        }
    }
    IrRel *agg = ir_aggregate(a, ex, keys, g.nkeys + 1, outs, r->nexprs, r->loc);
    agg->cond = rewrite(&g, r->cond);
    return g.ok ? agg : NULL;
}
