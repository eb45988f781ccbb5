/* Ordering: a depth-first walk over "dataset reads dataset" edges finds cycles
 * (reported with every edge as a note) and yields a topological order; levels group
 * datasets that can run at once into stages, sorted by name inside a stage. Views are
 * computed inline by their readers, so they pass their level through and are not staged. */
#include "plan_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PDataset *ds;
    PRead    *via;  // the edge taken to reach the next dataset on the stack
} Frame;

static void report_cycle(Planner *P, Frame *stack, uint32_t top, uint32_t from) {
    PDataset *first = stack[from].ds;
    if (top - from == 1) {
        diag_error(P->d, stack[from].via->at, "dataset '%s' reads itself; cycles are not allowed",
                   first->name);
    } else if (top - from == 2) {
        diag_error(P->d, stack[from].via->at,
                   "datasets '%s' and '%s' depend on each other; cycles are not allowed",
                   first->name, stack[from + 1].ds->name);
    } else {
        StrBuf b = {0};
        for (uint32_t i = from; i < top; i++) sb_printf(&b, "'%s' -> ", stack[i].ds->name);
        sb_printf(&b, "'%s'", first->name);
        diag_error(P->d, stack[from].via->at, "circular dependency: %s; cycles are not allowed",
                   b.ptr);
        sb_free(&b);
    }
    for (uint32_t i = from; i < top; i++) {
        PDataset *next = i + 1 < top ? stack[i + 1].ds : first;
        stack[i].ds->in_cycle = true;
        if (i > from || top - from > 1)
            diag_note(P->d, stack[i].via->at, "'%s' reads '%s' here", stack[i].ds->name,
                      next->name);
    }
}

/* Edges point from a dataset to the datasets its flows read. Iterative DFS so a
 * 1,000-deep chain cannot overflow the C stack. */
static void visit(Planner *P, PDataset *root, Frame *stack, uint32_t *fi, uint32_t *ri) {
    uint32_t top = 0;
    fi[0] = ri[0] = 0;
    stack[top++] = (Frame){root, NULL};
    root->state = 1;
    while (top) {
        Frame *fr = &stack[top - 1];
        PDataset *ds = fr->ds;
        uint32_t *pf = &fi[top - 1], *pr = &ri[top - 1];
        PRead *edge = NULL;
        while (*pf < ds->nflows) {
            PFlow *f = ds->flows[*pf];
            if (*pr < f->nreads) {
                edge = &f->reads[(*pr)++];
                break;
            }
            (*pf)++;
            *pr = 0;
        }
        if (!edge) {
            ds->state = 2;
            P->order[P->norder++] = ds;
            top--;
            continue;
        }
        fr->via = edge;
        PDataset *next = edge->ds;
        if (next->state == 1) {
            uint32_t from = 0;
            while (stack[from].ds != next) from++;
            report_cycle(P, stack, top, from);
        } else if (next->state == 0) {
            next->state = 1;
            fi[top] = ri[top] = 0;
            stack[top++] = (Frame){next, NULL};
        }
    }
}

void order_datasets(Planner *P) {
    P->order = xcalloc(P->nds + 1, sizeof *P->order);
    Frame *stack = xcalloc(P->nds + 1, sizeof *stack);
    uint32_t *fi = xcalloc(P->nds + 1, sizeof *fi), *ri = xcalloc(P->nds + 1, sizeof *ri);
    for (uint32_t i = 0; i < P->nds; i++)
        if (P->ds[i]->state == 0) visit(P, P->ds[i], stack, fi, ri);
    free(stack);
    free(fi);
    free(ri);
    /* Levels in topological order: every dependency comes first. */
    for (uint32_t i = 0; i < P->norder; i++) {
        PDataset *ds = P->order[i];
        int lvl = 0;
        for (uint32_t k = 0; k < ds->nflows; k++)
            for (uint32_t r = 0; r < ds->flows[k]->nreads; r++) {
                PDataset *dep = ds->flows[k]->reads[r].ds;
                if (dep == ds) continue;
                int l = dep->level + (dep->kind == DS_VIEW ? 0 : 1);
                if (l > lvl) lvl = l;
            }
        ds->level = lvl;
    }
}

static int cmp_ds(const void *a, const void *b) {
    const PDataset *x = *(PDataset *const *)a, *y = *(PDataset *const *)b;
    if (x->level != y->level) return x->level - y->level;
    return strcmp(x->name, y->name);
}

cJSON *order_stages(Planner *P) {
    PDataset **v = xmalloc((P->nds + 1) * sizeof *v);
    uint32_t n = 0;
    for (uint32_t i = 0; i < P->nds; i++)
        if (P->ds[i]->kind != DS_VIEW) v[n++] = P->ds[i];
    qsort(v, n, sizeof *v, cmp_ds);
    cJSON *stages = cJSON_CreateArray();
    cJSON *cur = NULL;
    int lvl = -1;
    for (uint32_t i = 0; i < n; i++) {
        if (!cur || v[i]->level != lvl) {
            cur = cJSON_CreateArray();
            cJSON_AddItemToArray(stages, cur);
            lvl = v[i]->level;
        }
        cJSON_AddItemToArray(cur, cJSON_CreateString(v[i]->name));
    }
    free(v);
    return stages;
}
