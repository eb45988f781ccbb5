/* Aggregate function states (op.h): resolving a name, folding rows (vectorised for
 * the common count/sum/min/max cases), merging partial states and producing Spark's
 * result: sum of integers is BIGINT (wraps unless ANSI), sum of DECIMAL(p,s) is
 * DECIMAL(min(38,p+10),s) and NULL on overflow, avg is DOUBLE or DECIMAL(p+4,s+4),
 * variance/stddev use Welford's update and are NULL (samp: also for one row). */
#include "op.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    AggKind kind;
} agg_names[] = {
    {"count", AGG_COUNT},
    {"sum", AGG_SUM},
    {"avg", AGG_AVG},
    {"mean", AGG_AVG},
    {"min", AGG_MIN},
    {"max", AGG_MAX},
    {"first", AGG_FIRST},
    {"first_value", AGG_FIRST},
    {"any_value", AGG_FIRST},
    {"last", AGG_LAST},
    {"last_value", AGG_LAST},
    {"count_if", AGG_COUNT_IF},
    {"stddev", AGG_STDDEV_SAMP},
    {"std", AGG_STDDEV_SAMP},
    {"stddev_samp", AGG_STDDEV_SAMP},
    {"stddev_pop", AGG_STDDEV_POP},
    {"variance", AGG_VAR_SAMP},
    {"var_samp", AGG_VAR_SAMP},
    {"var_pop", AGG_VAR_POP},
    {"max_by", AGG_MAX_BY},
    {"min_by", AGG_MIN_BY},
    {"bool_or", AGG_BOOL_OR},
    {"some", AGG_BOOL_OR},
    {"any", AGG_BOOL_OR},
    {"bool_and", AGG_BOOL_AND},
    {"every", AGG_BOOL_AND},
    {"approx_count_distinct", AGG_COUNT},
    {"collect_list", AGG_COLLECT_LIST},
    {"collect_set", AGG_COLLECT_SET},
};

/* The final value is written as the result type, so it must be the one the state
 * holds (a bad plan must not make agg_final write a string into an int column). */
static bool result_fits(const AggSpec *s) {
    TypeId r = s->type.id, a = s->arg_type.id;
    bool num = type_is_numeric(a) || a == TY_NULL;
    if (agg_collect_kind(s)) return !agg_collect_check(s); // collect_*, arrays (agg_collect.c)
    switch (s->kind) {
    case AGG_COUNT:
    case AGG_COUNT_IF: return type_is_integral(r);
    case AGG_SUM:
        if (!num) return false;
        if (a == TY_DECIMAL) return r == TY_DECIMAL;
        if (a == TY_FLOAT || a == TY_DOUBLE) return r == TY_DOUBLE || r == TY_FLOAT;
        return r == TY_BIGINT || r == TY_DOUBLE;
    case AGG_AVG: return num && (a == TY_DECIMAL ? r == TY_DECIMAL : r == TY_DOUBLE);
    case AGG_STDDEV_SAMP:
    case AGG_STDDEV_POP:
    case AGG_VAR_SAMP:
    case AGG_VAR_POP: return num && r == TY_DOUBLE;
    case AGG_BOOL_OR:
    case AGG_BOOL_AND: return r == TY_BOOLEAN && (a == TY_BOOLEAN || a == TY_NULL);
    default: // min max first last max_by min_by: the argument's own type
        return r == a && a != TY_ARRAY && a != TY_MAP && a != TY_STRUCT;
    }
}

bool agg_spec_init(AggSpec *s, const char *fn, const Type *arg_types, int nargs, Type result,
                   bool ignore_nulls, char **err) {
    memset(s, 0, sizeof *s);
    int k = -1;
    for (size_t i = 0; i < sizeof agg_names / sizeof agg_names[0]; i++)
        if (!strcmp(fn, agg_names[i].name)) k = (int)i;
    if (k < 0) {
        char m[200];
        snprintf(m, sizeof m, "aggregate function '%.80s' is not supported by the runtime", fn);
        *err = xstrdup(m);
        return false;
    }
    s->kind = agg_names[k].kind;
    s->nargs = nargs;
    s->type = result;
    s->ignore_nulls = ignore_nulls;
    s->count_star = s->kind == AGG_COUNT && nargs == 0;
    if (nargs > 0) s->arg_type = arg_types[0];
    if (nargs > 1) s->key_type = arg_types[1];
    bool need_two = s->kind == AGG_MAX_BY || s->kind == AGG_MIN_BY;
    if ((need_two && nargs != 2) || (!need_two && s->kind != AGG_COUNT && nargs != 1)) {
        char m[200];
        snprintf(m, sizeof m, "aggregate '%.80s' called with %d arguments", fn, nargs);
        *err = xstrdup(m);
        return false;
    }
    if (!result_fits(s)) {
        char m[200];
        snprintf(m, sizeof m, "plan: result type does not fit aggregate '%.80s'", fn);
        *err = xstrdup(m);
        return false;
    }
    return true;
}

static int64_t get_i(const Vec *v, uint32_t r) {
    r = v->is_const ? 0 : r;
    switch (v->type.id) {
    case TY_BOOLEAN: return ((const uint8_t *)v->data)[r];
    case TY_TINYINT: return ((const int8_t *)v->data)[r];
    case TY_SMALLINT: return ((const int16_t *)v->data)[r];
    case TY_INT:
    case TY_DATE: return ((const int32_t *)v->data)[r];
    default: return ((const int64_t *)v->data)[r];
    }
}

static double get_d(const Vec *v, uint32_t r) {
    uint32_t k = v->is_const ? 0 : r;
    switch (v->type.id) {
    case TY_FLOAT: return ((const float *)v->data)[k];
    case TY_DOUBLE: return ((const double *)v->data)[k];
    case TY_DECIMAL: {
        StrBuf b = {0};
        format_decimal(((const i128 *)v->data)[k], v->type.scale, &b);
        double d = strtod(sb_cstr(&b), NULL);
        sb_free(&b);
        return d;
    }
    default: return (double)get_i(v, r);
    }
}

static bool is_float(TypeId t) {
    return t == TY_FLOAT || t == TY_DOUBLE;
}

/* Store value of row r of v into a state slot (strings copied into a). */
static void put_val(const Vec *v, uint32_t r, void *slot, Arena *a) {
    Datum d = vec_get_datum(v, r);
    AggState *tmp = slot; // only the union member is written
    switch (v->type.id) {
    case TY_FLOAT:
    case TY_DOUBLE: tmp->v.d = d.v.d; break;
    case TY_DECIMAL: tmp->v.dec = d.v.dec; break;
    case TY_STRING:
    case TY_BINARY:
        tmp->v.s.len = d.v.s.len;
        tmp->v.s.ptr = arena_strndup(a, d.v.s.ptr ? d.v.s.ptr : "", d.v.s.len);
        break;
    default: tmp->v.i = d.v.i; break;
    }
}

/* Compare row r of v against a stored value of the same type. */
static int cmp_stored(const Vec *v, uint32_t r, const AggState *st, bool key) {
    Vec one = {.type = v->type,
               .data = (void *)(key ? (const void *)&st->k : (const void *)&st->v),
               .is_const = true};
    // stored slots hold int64 for all integral types: read v as int64 for the comparison
    switch (v->type.id) {
    case TY_BOOLEAN:
    case TY_TINYINT:
    case TY_SMALLINT:
    case TY_INT:
    case TY_DATE:
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_INTERVAL: {
        int64_t x = get_i(v, r), y = key ? st->k.i : st->v.i;
        return (x > y) - (x < y);
    }
    case TY_FLOAT:
    case TY_DOUBLE: {
        double x = get_d(v, r), y = key ? st->k.d : st->v.d;
        if (isnan(x)) return isnan(y) ? 0 : 1;
        if (isnan(y)) return -1;
        return (x > y) - (x < y);
    }
    default: one.type = v->type; return value_cmp(v, r, &one, 0);
    }
}

static void welford(AggState *st, double x) {
    st->n++;
    double d = x - st->mean;
    st->mean += d / (double)st->n;
    st->m2 += d * (x - st->mean);
}

void agg_step(const AggSpec *s, AggState *st, const Vec *args, uint32_t r, Arena *a) {
    if (s->count_star) {
        st->n++;
        return;
    }
    if (agg_collect_kind(s)) {
        agg_collect_step(s, st, args, r, a);
        return;
    }
    const Vec *x = &args[0];
    bool xnull = val_null(x, r);
    switch (s->kind) {
    case AGG_COUNT: { // count(a, b, ...): rows where every argument is non-NULL
        bool any_null = xnull;
        for (int k = 1; k < s->nargs && !any_null; k++) any_null = val_null(&args[k], r);
        st->n += !any_null;
        break;
    case AGG_COLLECT_LIST:
    case AGG_COLLECT_SET: break; // agg_collect.c, handled above
    }
    case AGG_COUNT_IF: st->n += !xnull && get_i(x, r) != 0; break;
    case AGG_SUM:
    case AGG_AVG:
        if (xnull) break;
        st->n++;
        st->has = true;
        if (x->type.id == TY_DECIMAL) {
            i128 v = ((const i128 *)x->data)[x->is_const ? 0 : r];
            if (__builtin_add_overflow(st->v.dec, v, &st->v.dec)) st->overflow = true;
        } else if (is_float(x->type.id) || s->kind == AGG_AVG || is_float(s->type.id)) {
            st->v.d += get_d(x, r);
        } else if (__builtin_add_overflow(st->v.i, get_i(x, r), &st->v.i)) {
            st->overflow = true; // wrapped (non-ANSI keeps the wrapped value)
        }
        break;
    case AGG_MIN:
    case AGG_MAX:
        if (xnull) break;
        if (!st->has || (s->kind == AGG_MIN ? cmp_stored(x, r, st, false) < 0
                                            : cmp_stored(x, r, st, false) > 0)) {
            put_val(x, r, st, a);
            st->has = true;
        }
        break;
    case AGG_FIRST:
        if (st->n || (xnull && s->ignore_nulls)) break;
        st->n = 1;
        st->has = !xnull;
        if (!xnull) put_val(x, r, st, a);
        break;
    case AGG_LAST:
        if (xnull && s->ignore_nulls) break;
        st->n = 1;
        st->has = !xnull;
        if (!xnull) put_val(x, r, st, a);
        break;
    case AGG_STDDEV_SAMP:
    case AGG_STDDEV_POP:
    case AGG_VAR_SAMP:
    case AGG_VAR_POP:
        if (!xnull) welford(st, get_d(x, r));
        break;
    case AGG_MAX_BY:
    case AGG_MIN_BY: {
        const Vec *k = &args[1];
        if (val_null(k, r)) break;
        int c = st->n ? cmp_stored(k, r, st, true) : 0;
        if (st->n && (s->kind == AGG_MAX_BY ? c <= 0 : c >= 0)) break;
        AggState tmp;
        put_val(k, r, &tmp, a);
        st->k = tmp.v;
        st->n = 1;
        st->has = !xnull;
        if (!xnull) put_val(x, r, st, a);
        break;
    }
    case AGG_BOOL_OR:
    case AGG_BOOL_AND:
        if (xnull) break;
        if (!st->has) st->v.i = s->kind == AGG_BOOL_AND;
        st->has = true;
        if (s->kind == AGG_BOOL_OR)
            st->v.i |= get_i(x, r) != 0;
        else
            st->v.i &= get_i(x, r) != 0;
        break;
    }
}

/* Hot loops without per-row dispatch for count and integral / double sums and averages:
 * one loop per (aggregate, argument type), NULLs and FILTER rows skipped through the
 * validity bitmap and mask, so no row goes through agg_step's switch. */
#define FOLD(T, BODY)                                                                              \
    do {                                                                                           \
        const T *d = x->data;                                                                      \
        const uint64_t *vb = x->valid;                                                             \
        if (!vb && !mask) {                                                                        \
            for (uint32_t i = 0; i < m; i++) {                                                     \
                AggState *st = &states[gids[i]];                                                   \
                BODY;                                                                              \
            }                                                                                      \
        } else {                                                                                   \
            for (uint32_t i = 0; i < m; i++) {                                                     \
                if ((mask && !mask[i]) || (vb && !(vb[i >> 6] >> (i & 63) & 1))) continue;        \
                AggState *st = &states[gids[i]];                                                   \
                BODY;                                                                              \
            }                                                                                      \
        }                                                                                          \
        return true;                                                                               \
    } while (0)

#define SUM_I(T) FOLD(T, st->overflow |= __builtin_add_overflow(st->v.i, (int64_t)d[i], &st->v.i); \
                      st->n++; st->has = true)
#define SUM_D(T) FOLD(T, st->v.d += (double)d[i]; st->n++; st->has = true)

/* Double order for min/max as cmp_stored has it: NaN above everything, -0.0 == 0.0. */
static inline bool d_lt(double x, double y) {
    return !isnan(x) && (isnan(y) || x < y);
}
static inline bool d_gt(double x, double y) {
    return isnan(x) ? !isnan(y) : !isnan(y) && x > y;
}

#define MINMAX_I(T)                                                                                \
    FOLD(T, if (!st->has || (mx ? d[i] > st->v.i : d[i] < st->v.i)) {                              \
        st->v.i = d[i];                                                                            \
        st->has = true;                                                                            \
    })

static bool update_fast(const AggSpec *s, AggState *states, const uint32_t *gids, const Vec *x,
                        uint32_t m, const uint8_t *mask) {
    if (x->is_const) return false;
    TypeId t = x->type.id;
    bool int_arg = t == TY_TINYINT || t == TY_SMALLINT || t == TY_INT || t == TY_BIGINT;
    if (s->kind == AGG_COUNT && s->nargs == 1) FOLD(uint8_t, (void)d; st->n++);
    if (s->kind == AGG_MIN || s->kind == AGG_MAX) {
        bool mx = s->kind == AGG_MAX;
        switch (t) {
        case TY_INT:
        case TY_DATE: MINMAX_I(int32_t);
        case TY_BIGINT:
        case TY_TIMESTAMP: MINMAX_I(int64_t);
        case TY_DOUBLE:
            FOLD(double, if (!st->has || (mx ? d_gt(d[i], st->v.d) : d_lt(d[i], st->v.d))) {
                st->v.d = d[i];
                st->has = true;
            });
        default: return false;
        }
    }
    if (s->kind != AGG_SUM && s->kind != AGG_AVG) return false;
    if (s->kind == AGG_SUM && int_arg && s->type.id == TY_BIGINT) {
        switch (t) {
        case TY_TINYINT: SUM_I(int8_t);
        case TY_SMALLINT: SUM_I(int16_t);
        case TY_INT: SUM_I(int32_t);
        default: SUM_I(int64_t);
        }
    }
    if (t == TY_DOUBLE) SUM_D(double);
    if (t == TY_FLOAT) SUM_D(float);
    if (s->kind == AGG_AVG && int_arg) {
        switch (t) {
        case TY_TINYINT: SUM_D(int8_t);
        case TY_SMALLINT: SUM_D(int16_t);
        case TY_INT: SUM_D(int32_t);
        default: SUM_D(int64_t);
        }
    }
    return false;
}

void agg_update(const AggSpec *s, AggState *states, const uint32_t *gids, const Vec *args,
                uint32_t m, const uint8_t *mask, Arena *a) {
    if (s->count_star) {
        if (mask) {
            for (uint32_t i = 0; i < m; i++) states[gids[i]].n += mask[i] != 0;
        } else {
            for (uint32_t i = 0; i < m; i++) states[gids[i]].n++;
        }
        return;
    }
    if (s->nargs >= 1 && update_fast(s, states, gids, &args[0], m, mask)) return;
    for (uint32_t i = 0; i < m; i++)
        if (!mask || mask[i]) agg_step(s, &states[gids[i]], args, i, a);
}

/* One group (no GROUP BY): the same folds with the state in registers, since a store and
 * reload of one address per row serialises the loop. The order of additions is unchanged,
 * so double sums are bit-identical to agg_update's. */
#define FOLD1(T, COUNTS, INIT, BODY, FINI)                                                         \
    do {                                                                                           \
        const T *d = x->data;                                                                      \
        const uint64_t *vb = x->valid;                                                             \
        int64_t cnt = 0;                                                                           \
        INIT;                                                                                      \
        if (!vb && !mask) {                                                                        \
            for (uint32_t i = 0; i < m; i++) {                                                     \
                BODY;                                                                              \
                cnt++;                                                                             \
            }                                                                                      \
        } else {                                                                                   \
            for (uint32_t i = 0; i < m; i++) {                                                     \
                if ((mask && !mask[i]) || (vb && !(vb[i >> 6] >> (i & 63) & 1))) continue;        \
                BODY;                                                                              \
                cnt++;                                                                             \
            }                                                                                      \
        }                                                                                          \
        FINI;                                                                                      \
        if (COUNTS) st->n += cnt;                                                                  \
        return true;                                                                               \
    } while (0)

#define SUM1_I(T)                                                                                  \
    FOLD1(T, true, int64_t acc = st->v.i; bool of = false,                                         \
          of |= __builtin_add_overflow(acc, (int64_t)d[i], &acc),                                  \
          st->v.i = acc; st->overflow |= of; st->has |= cnt > 0)
#define SUM1_D(T)                                                                                  \
    FOLD1(T, true, double acc = st->v.d, acc += (double)d[i], st->v.d = acc; st->has |= cnt > 0)

#define MINMAX1(T, V, BETTER)                                                                      \
    FOLD1(T, false, bool has = st->has; __typeof__(st->V) best = st->V,                            \
          if (!has || BETTER(d[i], best)) {                                                        \
              best = d[i];                                                                         \
              has = true;                                                                          \
          },                                                                                       \
          st->V = best; st->has = has)
#define I_LT(a, b) ((a) < (b))
#define I_GT(a, b) ((a) > (b))

static bool update_one_fast(const AggSpec *s, AggState *st, const Vec *x, uint32_t m,
                            const uint8_t *mask) {
    if (x->is_const) return false;
    TypeId t = x->type.id;
    bool int_arg = t == TY_TINYINT || t == TY_SMALLINT || t == TY_INT || t == TY_BIGINT;
    if (s->kind == AGG_COUNT && s->nargs == 1) FOLD1(uint8_t, true, (void)d, (void)0, (void)0);
    if (s->kind == AGG_MIN || s->kind == AGG_MAX) {
        bool mx = s->kind == AGG_MAX;
        switch (t) {
        case TY_INT:
        case TY_DATE:
            if (mx) MINMAX1(int32_t, v.i, I_GT);
            MINMAX1(int32_t, v.i, I_LT);
        case TY_BIGINT:
        case TY_TIMESTAMP:
            if (mx) MINMAX1(int64_t, v.i, I_GT);
            MINMAX1(int64_t, v.i, I_LT);
        case TY_DOUBLE:
            if (mx) MINMAX1(double, v.d, d_gt);
            MINMAX1(double, v.d, d_lt);
        default: return false;
        }
    }
    if (s->kind != AGG_SUM && s->kind != AGG_AVG) return false;
    if (s->kind == AGG_SUM && int_arg && s->type.id == TY_BIGINT) {
        switch (t) {
        case TY_TINYINT: SUM1_I(int8_t);
        case TY_SMALLINT: SUM1_I(int16_t);
        case TY_INT: SUM1_I(int32_t);
        default: SUM1_I(int64_t);
        }
    }
    if (t == TY_DOUBLE) SUM1_D(double);
    if (t == TY_FLOAT) SUM1_D(float);
    if (s->kind == AGG_AVG && int_arg) {
        switch (t) {
        case TY_TINYINT: SUM1_D(int8_t);
        case TY_SMALLINT: SUM1_D(int16_t);
        case TY_INT: SUM1_D(int32_t);
        default: SUM1_D(int64_t);
        }
    }
    return false;
}

void agg_update_one(const AggSpec *s, AggState *st, const Vec *args, uint32_t m,
                    const uint8_t *mask, Arena *a) {
    if (s->count_star) {
        if (!mask) {
            st->n += m;
        } else {
            for (uint32_t i = 0; i < m; i++) st->n += mask[i] != 0;
        }
        return;
    }
    if (s->nargs >= 1 && update_one_fast(s, st, &args[0], m, mask)) return;
    for (uint32_t i = 0; i < m; i++)
        if (!mask || mask[i]) agg_step(s, st, args, i, a);
}

static void copy_str_slot(AggState *dst, const AggState *src, const AggSpec *s, Arena *a) {
    *dst = *src;
    TypeId t = s->arg_type.id;
    if ((t == TY_STRING || t == TY_BINARY) && src->has)
        dst->v.s.ptr = arena_strndup(a, src->v.s.ptr, src->v.s.len);
    TypeId kt = s->key_type.id;
    if ((s->kind == AGG_MAX_BY || s->kind == AGG_MIN_BY) && (kt == TY_STRING || kt == TY_BINARY) &&
        src->n)
        dst->k.s.ptr = arena_strndup(a, src->k.s.ptr, src->k.s.len);
}

/* Comparing two stored values: wrap them as one-row vectors of the stored form. */
static int cmp_states(Type t, const void *x, const void *y) {
    switch (t.id) {
    case TY_FLOAT:
    case TY_DOUBLE: {
        double a = *(const double *)x, b = *(const double *)y;
        if (isnan(a)) return isnan(b) ? 0 : 1;
        if (isnan(b)) return -1;
        return (a > b) - (a < b);
    }
    case TY_DECIMAL:
    case TY_STRING:
    case TY_BINARY: {
        Vec va = {.type = t, .data = (void *)x, .is_const = true};
        Vec vb = {.type = t, .data = (void *)y, .is_const = true};
        return value_cmp(&va, 0, &vb, 0);
    }
    default: {
        int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
        return (a > b) - (a < b);
    }
    }
}

void agg_merge(const AggSpec *s, AggState *dst, const AggState *src, Arena *a) {
    if (agg_collect_kind(s)) {
        agg_collect_merge(s, dst, src, a);
        return;
    }
    switch (s->kind) {
    case AGG_COUNT:
    case AGG_COUNT_IF: dst->n += src->n; break;
    case AGG_SUM:
    case AGG_AVG:
        if (!src->has) break;
        dst->n += src->n;
        dst->overflow |= src->overflow;
        if (s->arg_type.id == TY_DECIMAL) {
            if (__builtin_add_overflow(dst->v.dec, src->v.dec, &dst->v.dec)) dst->overflow = true;
        } else if (is_float(s->arg_type.id) || s->kind == AGG_AVG || is_float(s->type.id)) {
            dst->v.d += src->v.d;
        } else if (__builtin_add_overflow(dst->v.i, src->v.i, &dst->v.i)) {
            dst->overflow = true;
        }
        dst->has = true;
        break;
    case AGG_MIN:
    case AGG_MAX:
        if (!src->has) break;
        if (!dst->has || (s->kind == AGG_MIN ? cmp_states(s->arg_type, &src->v, &dst->v) < 0
                                             : cmp_states(s->arg_type, &src->v, &dst->v) > 0))
            copy_str_slot(dst, src, s, a);
        break;
    case AGG_FIRST:
        if (!dst->n && src->n) copy_str_slot(dst, src, s, a);
        break;
    case AGG_LAST:
        if (src->n) copy_str_slot(dst, src, s, a);
        break;
    case AGG_STDDEV_SAMP:
    case AGG_STDDEV_POP:
    case AGG_VAR_SAMP:
    case AGG_VAR_POP: {
        if (!src->n) break;
        if (!dst->n) {
            *dst = *src;
            break;
        }
        double n1 = (double)dst->n, n2 = (double)src->n, d = src->mean - dst->mean;
        dst->m2 += src->m2 + d * d * n1 * n2 / (n1 + n2);
        dst->mean += d * n2 / (n1 + n2);
        dst->n += src->n;
        break;
    case AGG_COLLECT_LIST:
    case AGG_COLLECT_SET: break; // agg_collect.c, handled above
    }
    case AGG_MAX_BY:
    case AGG_MIN_BY: {
        if (!src->n) break;
        int c = dst->n ? cmp_states(s->key_type, &src->k, &dst->k) : 1;
        if (!dst->n || (s->kind == AGG_MAX_BY ? c > 0 : c < 0)) copy_str_slot(dst, src, s, a);
        break;
    }
    case AGG_BOOL_OR:
    case AGG_BOOL_AND:
        if (!src->has) break;
        if (!dst->has)
            dst->v.i = src->v.i;
        else if (s->kind == AGG_BOOL_OR)
            dst->v.i |= src->v.i;
        else
            dst->v.i &= src->v.i;
        dst->has = true;
        break;
    }
}

static void put_int(Vec *v, uint32_t r, int64_t x) {
    switch (v->type.id) {
    case TY_BOOLEAN:
    case TY_TINYINT: ((int8_t *)v->data)[r] = (int8_t)x; break;
    case TY_SMALLINT: ((int16_t *)v->data)[r] = (int16_t)x; break;
    case TY_INT:
    case TY_DATE: ((int32_t *)v->data)[r] = (int32_t)x; break;
    case TY_FLOAT: ((float *)v->data)[r] = (float)x; break;
    case TY_DOUBLE: ((double *)v->data)[r] = (double)x; break;
    case TY_DECIMAL: ((i128 *)v->data)[r] = x; break;
    default: ((int64_t *)v->data)[r] = x; break;
    }
}

static void put_double(Vec *v, uint32_t r, double x) {
    if (v->type.id == TY_FLOAT)
        ((float *)v->data)[r] = (float)x;
    else
        ((double *)v->data)[r] = x;
}

/* Stored value (in the argument's stored form) into the result column. */
static void put_stored(Batch *out, uint32_t col, uint32_t r, Type t, const AggState *st, bool key) {
    Vec *v = &out->cols[col];
    const void *p = key ? (const void *)&st->k : (const void *)&st->v;
    switch (t.id) {
    case TY_FLOAT:
    case TY_DOUBLE: put_double(v, r, *(const double *)p); break;
    case TY_DECIMAL: ((i128 *)v->data)[r] = *(const i128 *)p; break;
    case TY_STRING:
    case TY_BINARY: {
        Str s = *(const Str *)p;
        ((Str *)v->data)[r] = batch_str(out, s.ptr, s.len);
        break;
    }
    default: put_int(v, r, *(const int64_t *)p); break;
    }
}

static int sum_overflow(bool ansi, char **err) {
    if (!ansi) return 1;
    *err = xstrdup("[ARITHMETIC_OVERFLOW] sum overflow. If necessary set "
                   "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
    return -1;
}

int agg_final(const AggSpec *s, const AggState *st, Batch *out, uint32_t col, uint32_t r, bool ansi,
              char **err) {
    Vec *v = &out->cols[col];
    vec_set_valid(v, r);
    if (agg_collect_kind(s)) {
        agg_collect_final(s, st, out, col, r);
        return 0;
    }
    switch (s->kind) {
    case AGG_COUNT:
    case AGG_COUNT_IF: put_int(v, r, st->n); return 0;
    case AGG_SUM:
        if (!st->has) break;
        if (s->arg_type.id == TY_DECIMAL) {
            i128 x;
            if (st->overflow ||
                !dec_rescale(st->v.dec, s->arg_type.scale, s->type.scale, s->type.precision, &x)) {
                int rc = sum_overflow(ansi, err);
                if (rc < 0) return -1;
                break;
            }
            ((i128 *)v->data)[r] = x;
        } else if (is_float(s->type.id))
            put_double(v, r, st->v.d);
        else if (st->overflow && ansi)
            return sum_overflow(ansi, err);
        else
            put_int(v, r, st->v.i);
        return 0;
    case AGG_AVG:
        if (!st->has || !st->n) break;
        if (s->type.id == TY_DECIMAL) {
            // sum (scale s) / n at the result scale, HALF_UP, through long double when big
            int ds = s->type.scale - s->arg_type.scale;
            i128 num, q;
            if (!st->overflow && !__builtin_mul_overflow(st->v.dec, dec_pow10(ds + 1), &num)) {
                q = num / st->n;
                i128 last = q % 10;
                q /= 10;
                if (last >= 5)
                    q++;
                else if (last <= -5)
                    q--;
            } else {
                long double x = (long double)st->v.dec / (long double)st->n * powl(10, ds);
                if (!(fabsl(x) < 1e38L)) break; // NULL: beyond any decimal(38)
                q = (i128)roundl(x);
            }
            i128 lim = dec_pow10(s->type.precision);
            if (q >= lim || q <= -lim) break;
            ((i128 *)v->data)[r] = q;
        } else {
            put_double(v, r, st->v.d / (double)st->n);
        }
        return 0;
    case AGG_MIN:
    case AGG_MAX:
    case AGG_FIRST:
    case AGG_LAST:
    case AGG_MAX_BY:
    case AGG_MIN_BY:
        if (!st->has) break;
        put_stored(out, col, r, s->arg_type, st, false);
        return 0;
    case AGG_STDDEV_SAMP:
    case AGG_VAR_SAMP:
        if (st->n == 0) break;
        if (st->n == 1) { // Spark 3.x: NULL (legacy statisticalAggregate=false)
            break;
        }
        put_double(v, r,
                   s->kind == AGG_VAR_SAMP ? st->m2 / (double)(st->n - 1)
                                           : sqrt(st->m2 / (double)(st->n - 1)));
        return 0;
    case AGG_STDDEV_POP:
    case AGG_VAR_POP:
        if (st->n == 0) break;
        put_double(v, r,
                   s->kind == AGG_VAR_POP ? st->m2 / (double)st->n : sqrt(st->m2 / (double)st->n));
        return 0;
    case AGG_BOOL_OR:
    case AGG_BOOL_AND:
        if (!st->has) break;
        put_int(v, r, st->v.i != 0);
        return 0;
    case AGG_COLLECT_LIST:
    case AGG_COLLECT_SET: break; // agg_collect.c, handled above
    }
    vec_set_null(v, r);
    return 0;
}
