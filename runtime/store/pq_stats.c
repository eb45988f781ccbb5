/* Writer statistics (storage-format.md 5.11): min, max and null count per page,
 * chunk and file, kept in engine form and turned into PLAIN bytes for the
 * footer or into Datums for Delta's add.stats. */
#include "pq_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pq_wstats_reset(PqWStats *s) {
    s->has = s->nan = false;
    s->nulls = 0;
    s->lmin = s->lmax = 0;
}

void pq_wstats_free(PqWStats *s) {
    free(s->smin);
    free(s->smax);
    memset(s, 0, sizeof *s);
}

static void set_str(char **buf, uint32_t *len, size_t *cap, const char *p, uint32_t n) {
    if (n + 1 > *cap) {
        *cap = n + 16;
        *buf = xrealloc(*buf, *cap);
    }
    if (n) memcpy(*buf, p, n);
    *len = n;
}

static int str_cmp(const char *a, uint32_t la, const char *b, uint32_t lb) {
    uint32_t n = la < lb ? la : lb;
    int c = n ? memcmp(a, b, n) : 0;
    return c ? c : (la > lb) - (la < lb);
}

static void upd_str(PqWStats *s, const Str *x) {
    if (!s->has || str_cmp(x->ptr, x->len, s->smin, s->lmin) < 0)
        set_str(&s->smin, &s->lmin, &s->capmin, x->ptr, x->len);
    if (!s->has || str_cmp(x->ptr, x->len, s->smax, s->lmax) > 0)
        set_str(&s->smax, &s->lmax, &s->capmax, x->ptr, x->len);
    s->has = true;
}

#define UPD_LOOP(T, MIN, MAX, NANCHK)                                                              \
    do {                                                                                           \
        const T *d = (const T *)v->data;                                                           \
        for (uint32_t k = from; k < from + n; k++) {                                               \
            uint32_t i = rows ? rows[k] : k;                                                       \
            if (v->valid && !(v->valid[i >> 6] >> (i & 63) & 1)) {                                 \
                s->nulls++;                                                                        \
                continue;                                                                          \
            }                                                                                      \
            T x = d[i];                                                                            \
            NANCHK;                                                                                \
            if (!s->has)                                                                           \
                s->MIN = s->MAX = x, s->has = true;                                                \
            else if (x < s->MIN)                                                                   \
                s->MIN = x;                                                                        \
            else if (x > s->MAX)                                                                   \
                s->MAX = x;                                                                        \
        }                                                                                          \
    } while (0)

void pq_wstats_update(PqWStats *s, const Vec *v, const uint16_t *rows, uint32_t from, uint32_t n) {
    switch (v->type.id) {
    case TY_BOOLEAN: UPD_LOOP(uint8_t, imin, imax, (void)0); break;
    case TY_TINYINT: UPD_LOOP(int8_t, imin, imax, (void)0); break;
    case TY_SMALLINT: UPD_LOOP(int16_t, imin, imax, (void)0); break;
    case TY_INT:
    case TY_DATE: UPD_LOOP(int32_t, imin, imax, (void)0); break;
    case TY_BIGINT:
    case TY_TIMESTAMP: UPD_LOOP(int64_t, imin, imax, (void)0); break;
    case TY_FLOAT:
        UPD_LOOP(
            float, dmin, dmax, if (isnan(x)) {
                s->nan = true;
                continue;
            });
        break;
    case TY_DOUBLE:
        UPD_LOOP(
            double, dmin, dmax, if (isnan(x)) {
                s->nan = true;
                continue;
            });
        break;
    case TY_DECIMAL: UPD_LOOP(i128, qmin, qmax, (void)0); break;
    case TY_STRING:
    case TY_BINARY: {
        const Str *d = v->data;
        for (uint32_t k = from; k < from + n; k++) {
            uint32_t i = rows ? rows[k] : k;
            if (vec_is_null(v, i))
                s->nulls++;
            else
                upd_str(s, &d[i]);
        }
        break;
    }
    default: break;
    }
}

void pq_wstats_merge(PqWStats *into, const PqWStats *from, TypeId t) {
    into->nulls += from->nulls;
    into->nan |= from->nan;
    if (!from->has) return;
    if (t == TY_STRING || t == TY_BINARY) {
        Str a = {from->lmin, from->smin}, b = {from->lmax, from->smax};
        upd_str(into, &a);
        upd_str(into, &b);
        return;
    }
    if (!into->has) {
        into->imin = from->imin, into->imax = from->imax;
        into->dmin = from->dmin, into->dmax = from->dmax;
        into->qmin = from->qmin, into->qmax = from->qmax;
        into->has = true;
        return;
    }
    if (from->imin < into->imin) into->imin = from->imin;
    if (from->imax > into->imax) into->imax = from->imax;
    if (from->dmin < into->dmin) into->dmin = from->dmin;
    if (from->dmax > into->dmax) into->dmax = from->dmax;
    if (from->qmin < into->qmin) into->qmin = from->qmin;
    if (from->qmax > into->qmax) into->qmax = from->qmax;
}

uint32_t pq_wstats_bytes(const PqWStats *s, Type t, int which, uint8_t *buf, const uint8_t **out) {
    *out = buf;
    int64_t i = which ? s->imax : s->imin;
    switch (t.id) {
    case TY_BOOLEAN: buf[0] = (uint8_t)i; return 1;
    case TY_TINYINT:
    case TY_SMALLINT:
    case TY_INT:
    case TY_DATE: {
        int32_t x = (int32_t)i;
        memcpy(buf, &x, 4);
        return 4;
    }
    case TY_BIGINT:
    case TY_TIMESTAMP: memcpy(buf, &i, 8); return 8;
    case TY_FLOAT: {
        float f = (float)(which ? s->dmax : s->dmin);
        memcpy(buf, &f, 4);
        return 4;
    }
    case TY_DOUBLE: {
        double d = which ? s->dmax : s->dmin;
        memcpy(buf, &d, 8);
        return 8;
    }
    case TY_DECIMAL: {
        i128 q = which ? s->qmax : s->qmin;
        PqWType pt;
        pq_wtype(t, &pt);
        if (pt.phys == PT_INT32) {
            int32_t x = (int32_t)q;
            memcpy(buf, &x, 4);
            return 4;
        }
        if (pt.phys == PT_INT64) {
            int64_t x = (int64_t)q;
            memcpy(buf, &x, 8);
            return 8;
        }
        for (int k = 0; k < pt.type_length; k++)
            buf[pt.type_length - 1 - k] = (uint8_t)((unsigned __int128)q >> (8 * k));
        return (uint32_t)pt.type_length;
    }
    case TY_STRING:
    case TY_BINARY:
        *out = (const uint8_t *)(which ? s->smax : s->smin);
        if (!*out) *out = buf;
        return which ? s->lmax : s->lmin;
    default: return 0;
    }
}

Datum pq_wstats_datum(const PqWStats *s, Type t, int which) {
    Datum d;
    memset(&d, 0, sizeof d);
    d.type = t;
    switch (t.id) {
    case TY_FLOAT:
    case TY_DOUBLE: d.v.d = which ? s->dmax : s->dmin; break;
    case TY_DECIMAL: d.v.dec = which ? s->qmax : s->qmin; break;
    case TY_STRING:
    case TY_BINARY:
        d.v.s =
            which ? (Str){s->lmax, s->smax ? s->smax : ""} : (Str){s->lmin, s->smin ? s->smin : ""};
        break;
    default: d.v.i = which ? s->imax : s->imin; break;
    }
    return d;
}
