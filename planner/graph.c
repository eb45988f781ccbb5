/* `sluice graph`: the dataset graph of a plan as Graphviz dot, Mermaid, or one
 * self-contained HTML page with an inline SVG laid out by Sluice: layers are the
 * dependency levels, one barycenter pass orders each layer to reduce crossings. */
#include "planner.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name, *kind;
    int         layer;
    double      pos;
    int         index;  // position in the plan's datasets
} GNode;

static const char *gs(const cJSON *j, const char *k) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, k));
    return s ? s : "";
}

static int find(GNode *n, int cnt, const char *name) {
    for (int i = 0; i < cnt; i++)
        if (!strcmp(n[i].name, name)) return i;
    return -1;
}

static void xml(StrBuf *b, const char *s) {
    for (; *s; s++) {
        if (*s == '<') sb_puts(b, "&lt;");
        else if (*s == '>') sb_puts(b, "&gt;");
        else if (*s == '&') sb_puts(b, "&amp;");
        else if (*s == '"') sb_puts(b, "&quot;");
        else sb_putc(b, *s);
    }
}

static int cmp_pos(const void *a, const void *b) {
    const GNode *x = *(GNode *const *)a, *y = *(GNode *const *)b;
    if (x->layer != y->layer) return x->layer - y->layer;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return strcmp(x->name, y->name);
}

bool plan_graph(const cJSON *plan, const char *format, StrBuf *b) {
    const cJSON *dss = cJSON_GetObjectItemCaseSensitive(plan, "datasets"), *ds, *r;
    int n = cJSON_GetArraySize(dss), i = 0;
    GNode *nodes = xcalloc((size_t)n + 1, sizeof *nodes);
    cJSON_ArrayForEach(ds, dss) {
        nodes[i] = (GNode){gs(ds, "name"), gs(ds, "kind"), 0, 0, i};
        i++;
    }
    /* layers: longest path from a source (plan datasets are acyclic) */
    for (int pass = 0; pass < n; pass++) {
        bool changed = false;
        i = 0;
        cJSON_ArrayForEach(ds, dss) {
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ds, "reads")) {
                int k = find(nodes, n, r->valuestring);
                if (k >= 0 && nodes[k].layer + 1 > nodes[i].layer) {
                    nodes[i].layer = nodes[k].layer + 1;
                    changed = true;
                }
            }
            i++;
        }
        if (!changed) break;
    }
    if (!strcmp(format, "dot")) {
        sb_puts(b, "digraph pipeline {\n  rankdir=LR;\n");
        for (i = 0; i < n; i++) sb_printf(b, "  \"%s\" [label=\"%s\\n%s\"];\n", nodes[i].name, nodes[i].name, nodes[i].kind);
        cJSON_ArrayForEach(ds, dss) cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ds, "reads"))
            sb_printf(b, "  \"%s\" -> \"%s\";\n", r->valuestring, gs(ds, "name"));
        sb_puts(b, "}\n");
    } else if (!strcmp(format, "mermaid")) {
        sb_puts(b, "graph LR\n");
        for (i = 0; i < n; i++) sb_printf(b, "  n%d[\"%s<br/>%s\"]\n", i, nodes[i].name, nodes[i].kind);
        i = 0;
        cJSON_ArrayForEach(ds, dss) {
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ds, "reads")) {
                int k = find(nodes, n, r->valuestring);
                if (k >= 0) sb_printf(b, "  n%d --> n%d\n", k, i);
            }
            i++;
        }
    } else if (!strcmp(format, "html")) {
        /* initial order: by name; one barycenter pass over the readers' sources */
        GNode **ord = xcalloc((size_t)n + 1, sizeof *ord);
        for (i = 0; i < n; i++) ord[i] = &nodes[i], nodes[i].pos = 0;
        qsort(ord, (size_t)n, sizeof *ord, cmp_pos);
        for (i = 0; i < n; i++) ord[i]->pos = i;
        i = 0;
        cJSON_ArrayForEach(ds, dss) {
            double sum = 0;
            int cnt = 0;
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ds, "reads")) {
                int k = find(nodes, n, r->valuestring);
                if (k >= 0) sum += nodes[k].pos, cnt++;
            }
            if (cnt) nodes[i].pos = sum / cnt;
            i++;
        }
        qsort(ord, (size_t)n, sizeof *ord, cmp_pos);
        int maxl = 0, row = 0, lastl = -1, maxrow = 0;
        for (i = 0; i < n; i++) {
            if (ord[i]->layer != lastl) row = 0, lastl = ord[i]->layer;
            ord[i]->pos = row++;
            if (row > maxrow) maxrow = row;
            if (ord[i]->layer > maxl) maxl = ord[i]->layer;
        }
        int W = 40 + (maxl + 1) * 220, H = 40 + (maxrow ? maxrow : 1) * 80;
        sb_puts(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pipeline graph</title>"
                   "<style>body{font-family:sans-serif}rect{fill:#eef;stroke:#446}"
                   "text{font-size:12px}</style></head><body>\n");
        sb_printf(b, "<h1>%s</h1>\n", gs(cJSON_GetObjectItemCaseSensitive(plan, "pipeline"), "name"));
        sb_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n", W, H);
        i = 0;
        cJSON_ArrayForEach(ds, dss) {
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ds, "reads")) {
                int k = find(nodes, n, r->valuestring);
                if (k < 0) continue;
                sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                          20 + nodes[k].layer * 220 + 180, 20 + (int)nodes[k].pos * 80 + 25,
                          20 + nodes[i].layer * 220, 20 + (int)nodes[i].pos * 80 + 25);
            }
            i++;
        }
        for (i = 0; i < n; i++) {
            int x = 20 + nodes[i].layer * 220, y = 20 + (int)nodes[i].pos * 80;
            sb_puts(b, "<g class=\"node\" data-name=\"");
            xml(b, nodes[i].name);
            const cJSON *lu = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(dss, nodes[i].index), "last_update");
            const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(lu, "status"));
            const char *fill = !st ? "#eef" : !strcmp(st, "COMPLETED") ? "#e6f4e6"
                             : !strcmp(st, "FAILED") ? "#f8e0e0" : "#f4f0dc";
            sb_printf(b, "\"><rect x=\"%d\" y=\"%d\" width=\"180\" height=\"%d\" rx=\"6\" style=\"fill:%s\"/>",
                      x, y, st ? 64 : 50, fill);
            sb_printf(b, "<text x=\"%d\" y=\"%d\">", x + 8, y + 20);
            xml(b, nodes[i].name);
            sb_printf(b, "</text><text x=\"%d\" y=\"%d\">", x + 8, y + 38);
            xml(b, nodes[i].kind);
            if (st) {  // the last update's metrics (sluice graph reads the event log)
                const cJSON *rows = cJSON_GetObjectItemCaseSensitive(lu, "rows");
                sb_printf(b, "</text><text class=\"metrics\" x=\"%d\" y=\"%d\">", x + 8, y + 56);
                xml(b, st);
                if (cJSON_IsNumber(rows)) sb_printf(b, ", %.0f rows", rows->valuedouble);
            }
            sb_puts(b, "</text></g>\n");
        }
        sb_puts(b, "</svg>\n</body></html>\n");
        free(ord);
    } else {
        free(nodes);
        return false;
    }
    free(nodes);
    return true;
}
