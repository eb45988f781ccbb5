/* Python builtins and the methods of str, list, tuple, set and dict, as far as
 * pipeline notebooks use them to compute names, paths and column lists. */
#include "pyeval_internal.h"

#include "str.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SELF_STR(self) ((self)->u.str)

static Value *need(Eval *ev, Args *a, uint32_t min, uint32_t max, const char *fn) {
    if (a->npos < min || a->npos > max)
        return pv_raise(ev, a->at, "TypeError", "%s() takes %u to %u arguments (%u given)", fn, min,
                        max, a->npos);
    return ev->none;
}

static Value *b_len(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 1, "len")) return NULL;
    Value *x = a->pos[0];
    switch (x->kind) {
    case V_STR: {
        int64_t n = 0;
        for (uint32_t i = 0; i < x->u.str.len; i++) n += ((unsigned char)x->u.str.s[i] & 0xC0) != 0x80;
        return pv_int(ev, n, a->at);
    }
    case V_LIST: case V_TUPLE: case V_SET: return pv_int(ev, x->u.seq.n, a->at);
    case V_DICT: return pv_int(ev, x->u.dict.n, a->at);
    case V_OPAQUE: return x;
    default: return pv_raise(ev, a->at, "TypeError", "object of type '%s' has no len()", pv_kind_name(x));
    }
}

static Value *b_range(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 3, "range")) return NULL;
    for (uint32_t i = 0; i < a->npos; i++)
        if (a->pos[i]->kind != V_INT) return pv_raise(ev, a->at, "TypeError", "range() needs integers");
    int64_t lo = 0, hi, st = 1;
    if (a->npos == 1) hi = a->pos[0]->u.i;
    else lo = a->pos[0]->u.i, hi = a->pos[1]->u.i;
    if (a->npos == 3) st = a->pos[2]->u.i;
    if (st == 0) return pv_raise(ev, a->at, "ValueError", "range() arg 3 must not be zero");
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (int64_t i = lo; (st > 0 ? i < hi : i > hi) && l->u.seq.n < 1000000; i += st)
        pv_seq_push(ev, l, pv_int(ev, i, a->at));
    return l;
}

static Value *b_enumerate(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **items;
    uint32_t n;
    Value *start = args_get(a, 1, "start");
    if (!a->npos || !pv_iter(ev, a->pos[0], &items, &n))
        return a->npos && a->pos[0]->kind == V_OPAQUE ? a->pos[0]
                                                      : pv_raise(ev, a->at, "TypeError", "enumerate() needs an iterable");
    Value *l = pv_seq(ev, V_LIST, a->at);
    int64_t k = start && start->kind == V_INT ? start->u.i : 0;
    for (uint32_t i = 0; i < n; i++) {
        Value *t = pv_seq(ev, V_TUPLE, a->at);
        pv_seq_push(ev, t, pv_int(ev, k + i, a->at));
        pv_seq_push(ev, t, items[i]);
        pv_seq_push(ev, l, t);
    }
    return l;
}

static Value *b_zip(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **its[8];
    uint32_t ns[8], n = UINT32_MAX;
    if (a->npos > 8) return pv_raise(ev, a->at, "TypeError", "zip() of more than 8 iterables");
    for (uint32_t i = 0; i < a->npos; i++) {
        if (!pv_iter(ev, a->pos[i], &its[i], &ns[i]))
            return pv_raise(ev, a->at, "TypeError", "zip() argument is not iterable");
        if (ns[i] < n) n = ns[i];
    }
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (uint32_t k = 0; a->npos && k < n; k++) {
        Value *t = pv_seq(ev, V_TUPLE, a->at);
        for (uint32_t i = 0; i < a->npos; i++) pv_seq_push(ev, t, its[i][k]);
        pv_seq_push(ev, l, t);
    }
    return l;
}

static Value *sorted_list(Eval *ev, Value *src, bool reverse, SrcLoc at) {
    Value **items;
    uint32_t n;
    if (!pv_iter(ev, src, &items, &n)) return pv_raise(ev, at, "TypeError", "sorted() needs an iterable");
    Value *l = pv_seq(ev, V_LIST, at);
    for (uint32_t i = 0; i < n; i++) pv_seq_push(ev, l, items[i]);
    for (uint32_t i = 1; i < l->u.seq.n; i++) {  // insertion sort: stable, and checks comparability
        bool ok = true;
        for (uint32_t j = i; j > 0; j--) {
            int c = pv_compare(ev, l->u.seq.items[j - 1], l->u.seq.items[j], &ok);
            if (!ok) return pv_raise(ev, at, "TypeError", "values cannot be compared for sorting");
            if (reverse ? c >= 0 : c <= 0) break;
            Value *t = l->u.seq.items[j];
            l->u.seq.items[j] = l->u.seq.items[j - 1];
            l->u.seq.items[j - 1] = t;
        }
    }
    return l;
}

static Value *b_sorted(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 1, "sorted")) return NULL;
    Value *rev = args_get(a, 99, "reverse");
    if (args_get(a, 99, "key")) return pv_opaque(ev, "sorted() with key=", a->at);
    return sorted_list(ev, a->pos[0], rev && pv_truthy(rev), a->at);
}

static Value *b_str(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!a->npos) return pv_cstr(ev, "", a->at);
    if (a->pos[0]->kind == V_OPAQUE) return a->pos[0];
    return pv_cstr(ev, pv_to_str(ev, a->pos[0], false), a->at);
}

static Value *b_repr(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 1, "repr")) return NULL;
    return pv_cstr(ev, pv_to_str(ev, a->pos[0], true), a->at);
}

static Value *b_int(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!a->npos) return pv_int(ev, 0, a->at);
    Value *x = a->pos[0];
    if (x->kind == V_INT) return x;
    if (x->kind == V_BOOL) return pv_int(ev, x->u.b, a->at);
    if (x->kind == V_FLOAT) return pv_int(ev, (int64_t)x->u.f, a->at);
    if (x->kind == V_STR) {
        char *end;
        long long v = strtoll(x->u.str.s, &end, 10);
        while (*end && isspace((unsigned char)*end)) end++;
        if (*end || end == x->u.str.s)
            return pv_raise(ev, a->at, "ValueError", "invalid literal for int(): '%s'", x->u.str.s);
        return pv_int(ev, v, a->at);
    }
    return x->kind == V_OPAQUE ? x : pv_raise(ev, a->at, "TypeError", "int() of %s", pv_kind_name(x));
}

static Value *b_float(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!a->npos) return pv_float(ev, 0, a->at);
    Value *x = a->pos[0];
    if (x->kind == V_FLOAT) return x;
    if (x->kind == V_INT) return pv_float(ev, (double)x->u.i, a->at);
    if (x->kind == V_STR) {
        char *end;
        double v = strtod(x->u.str.s, &end);
        if (*end || end == x->u.str.s)
            return pv_raise(ev, a->at, "ValueError", "could not convert string to float: '%s'", x->u.str.s);
        return pv_float(ev, v, a->at);
    }
    return x->kind == V_OPAQUE ? x : pv_raise(ev, a->at, "TypeError", "float() of %s", pv_kind_name(x));
}

static Value *b_bool(Eval *ev, Value *self, Args *a) {
    (void)self;
    return pv_bool(ev, a->npos && pv_truthy(a->pos[0]));
}

static Value *make_seq(Eval *ev, Args *a, VKind k) {
    Value *l = pv_seq(ev, k, a->at);
    if (!a->npos) return l;
    Value **items;
    uint32_t n;
    if (a->pos[0]->kind == V_OPAQUE) return a->pos[0];
    if (!pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "not iterable");
    for (uint32_t i = 0; i < n; i++) pv_seq_push(ev, l, items[i]);
    return l;
}

static Value *b_list(Eval *ev, Value *self, Args *a) { (void)self; return make_seq(ev, a, V_LIST); }
static Value *b_tuple(Eval *ev, Value *self, Args *a) { (void)self; return make_seq(ev, a, V_TUPLE); }
static Value *b_set(Eval *ev, Value *self, Args *a) { (void)self; return make_seq(ev, a, V_SET); }

static Value *b_dict(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *d = pv_dict(ev, a->at);
    if (a->npos) {
        Value *src = a->pos[0];
        if (src->kind == V_DICT)
            for (uint32_t i = 0; i < src->u.dict.n; i++) pv_dict_set(ev, d, src->u.dict.keys[i], src->u.dict.vals[i]);
        else {
            Value **items;
            uint32_t n;
            if (!pv_iter(ev, src, &items, &n)) return pv_raise(ev, a->at, "TypeError", "dict() needs pairs");
            for (uint32_t i = 0; i < n; i++) {
                if ((items[i]->kind != V_TUPLE && items[i]->kind != V_LIST) || items[i]->u.seq.n != 2)
                    return pv_raise(ev, a->at, "ValueError", "dict() needs pairs");
                pv_dict_set(ev, d, items[i]->u.seq.items[0], items[i]->u.seq.items[1]);
            }
        }
    }
    for (uint32_t i = 0; i < a->nkw; i++) pv_dict_set(ev, d, pv_cstr(ev, a->kwn[i], a->at), a->kwv[i]);
    return d;
}

static Value *b_print(Eval *ev, Value *self, Args *a) {
    (void)self, (void)a;
    /* print() inside a query function that prints a DataFrame action is still a side
     * effect only through that action; print itself is ignored. */
    return ev->none;
}

static Value *minmax(Eval *ev, Args *a, bool is_max) {
    Value **items = a->pos;
    uint32_t n = a->npos;
    if (n == 1 && !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "not iterable");
    if (!n) return pv_raise(ev, a->at, "ValueError", "%s() arg is an empty sequence", is_max ? "max" : "min");
    Value *best = items[0];
    for (uint32_t i = 1; i < n; i++) {
        bool ok;
        int c = pv_compare(ev, items[i], best, &ok);
        if (!ok) return pv_raise(ev, a->at, "TypeError", "values cannot be compared");
        if (is_max ? c > 0 : c < 0) best = items[i];
    }
    return best;
}

static Value *b_min(Eval *ev, Value *self, Args *a) { (void)self; return minmax(ev, a, false); }
static Value *b_max(Eval *ev, Value *self, Args *a) { (void)self; return minmax(ev, a, true); }

static Value *b_sum(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **items;
    uint32_t n;
    if (!a->npos || !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "sum() needs an iterable");
    int64_t si = 0;
    double sf = 0;
    bool fl = false;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind == V_INT) si += items[i]->u.i, sf += (double)items[i]->u.i;
        else if (items[i]->kind == V_FLOAT) fl = true, sf += items[i]->u.f;
        else return pv_raise(ev, a->at, "TypeError", "sum() of non-numbers");
    }
    return fl ? pv_float(ev, sf, a->at) : pv_int(ev, si, a->at);
}

static Value *b_abs(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 1, "abs")) return NULL;
    Value *x = a->pos[0];
    if (x->kind == V_INT) return pv_int(ev, x->u.i < 0 ? -x->u.i : x->u.i, a->at);
    if (x->kind == V_FLOAT) return pv_float(ev, fabs(x->u.f), a->at);
    return pv_raise(ev, a->at, "TypeError", "bad operand for abs()");
}

static Value *b_round(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (!need(ev, a, 1, 2, "round")) return NULL;
    Value *x = a->pos[0];
    if (x->kind == V_INT) return x;
    if (x->kind != V_FLOAT) return pv_raise(ev, a->at, "TypeError", "round() of %s", pv_kind_name(x));
    if (a->npos == 1) return pv_int(ev, (int64_t)nearbyint(x->u.f), a->at);
    double m = pow(10, a->pos[1]->kind == V_INT ? (double)a->pos[1]->u.i : 0);
    return pv_float(ev, nearbyint(x->u.f * m) / m, a->at);
}

static Value *anyall(Eval *ev, Args *a, bool is_all) {
    Value **items;
    uint32_t n;
    if (!a->npos || !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "needs an iterable");
    for (uint32_t i = 0; i < n; i++)
        if (pv_truthy(items[i]) != is_all) return pv_bool(ev, !is_all);
    return pv_bool(ev, is_all);
}

static Value *b_any(Eval *ev, Value *self, Args *a) { (void)self; return anyall(ev, a, false); }
static Value *b_all(Eval *ev, Value *self, Args *a) { (void)self; return anyall(ev, a, true); }

static Value *b_reversed(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **items;
    uint32_t n;
    if (!a->npos || !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "not iterable");
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (uint32_t i = n; i-- > 0;) pv_seq_push(ev, l, items[i]);
    return l;
}

static Value *b_map(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **items;
    uint32_t n;
    if (a->npos != 2 || !pv_iter(ev, a->pos[1], &items, &n)) return pv_raise(ev, a->at, "TypeError", "map() needs a function and an iterable");
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (uint32_t i = 0; i < n; i++) {
        Args ca = {.pos = &items[i], .npos = 1, .at = a->at};
        Value *r = pv_call(ev, a->pos[0], &ca);
        if (!r) return NULL;
        pv_seq_push(ev, l, r);
    }
    return l;
}

static Value *b_filter(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value **items;
    uint32_t n;
    if (a->npos != 2 || !pv_iter(ev, a->pos[1], &items, &n)) return pv_raise(ev, a->at, "TypeError", "filter() needs a function and an iterable");
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (uint32_t i = 0; i < n; i++) {
        Value *keep = items[i];
        if (a->pos[0]->kind != V_NONE) {
            Args ca = {.pos = &items[i], .npos = 1, .at = a->at};
            keep = pv_call(ev, a->pos[0], &ca);
            if (!keep) return NULL;
        }
        if (pv_truthy(keep)) pv_seq_push(ev, l, items[i]);
    }
    return l;
}

static Value *b_isinstance(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (a->npos != 2) return pv_raise(ev, a->at, "TypeError", "isinstance() takes 2 arguments");
    Value *t = a->pos[1];
    const char *name = t->kind == V_BUILTIN ? t->u.bi.name : NULL;
    if (!name) return pv_opaque(ev, "isinstance() with a type we do not model", a->at);
    const char *k = pv_kind_name(a->pos[0]);
    return pv_bool(ev, !strcmp(name, k) || (!strcmp(name, "int") && a->pos[0]->kind == V_BOOL));
}

static Value *b_noop(Eval *ev, Value *self, Args *a) {
    (void)self, (void)a;
    return ev->none;
}

static const struct {
    const char *name;
    BuiltinFn   fn;
} builtins[] = {
    {"len", b_len},       {"range", b_range},   {"enumerate", b_enumerate}, {"zip", b_zip},
    {"sorted", b_sorted}, {"str", b_str},       {"repr", b_repr},           {"int", b_int},
    {"float", b_float},   {"bool", b_bool},     {"list", b_list},           {"tuple", b_tuple},
    {"set", b_set},       {"frozenset", b_set}, {"dict", b_dict},           {"print", b_print},
    {"min", b_min},       {"max", b_max},       {"sum", b_sum},             {"abs", b_abs},
    {"round", b_round},   {"any", b_any},       {"all", b_all},             {"reversed", b_reversed},
    {"map", b_map},       {"filter", b_filter}, {"isinstance", b_isinstance},
    {"display", b_noop},  {"displayHTML", b_noop},
};

Value *builtins_lookup(Eval *ev, const char *name, SrcLoc at) {
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (!strcmp(builtins[i].name, name)) return pv_builtin(ev, builtins[i].name, builtins[i].fn, NULL, at);
    if (!strcmp(name, "spark") || !strcmp(name, "dbutils") || !strcmp(name, "sc") ||
        !strcmp(name, "sqlContext"))
        return pv_ns(ev, name, at);
    if (!strcmp(name, "True")) return ev->true_;
    if (!strcmp(name, "False")) return ev->false_;
    if (!strcmp(name, "None")) return ev->none;
    if (!strcmp(name, "__name__")) return pv_cstr(ev, "__main__", at);
    static const char *const exceptions[] = {"Exception", "ValueError", "KeyError", "TypeError",
                                             "RuntimeError", "IndexError", "NameError",
                                             "AttributeError", "NotImplementedError", "LookupError"};
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (!strcmp(name, exceptions[i])) return pv_builtin(ev, exceptions[i], b_noop, NULL, at);
    return NULL;
}

/* ---- str methods ------------------------------------------------------------------ */

static Value *s_case(Eval *ev, Value *self, Args *a, int mode) {  // 0 lower 1 upper 2 title 3 capitalize
    char *s = arena_strndup(ev->a, SELF_STR(self).s, SELF_STR(self).len);
    bool start = true;
    for (uint32_t i = 0; i < SELF_STR(self).len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (mode == 0) s[i] = (char)tolower(ch);
        else if (mode == 1) s[i] = (char)toupper(ch);
        else if (mode == 2) s[i] = (char)(start ? toupper(ch) : tolower(ch)), start = !isalpha(ch);
        else s[i] = (char)(i == 0 ? toupper(ch) : tolower(ch));
    }
    Value *v = pv_new(ev, V_STR, a->at);
    v->u.str.s = s;
    v->u.str.len = SELF_STR(self).len;
    return v;
}

static Value *s_lower(Eval *ev, Value *self, Args *a) { return s_case(ev, self, a, 0); }
static Value *s_upper(Eval *ev, Value *self, Args *a) { return s_case(ev, self, a, 1); }
static Value *s_title(Eval *ev, Value *self, Args *a) { return s_case(ev, self, a, 2); }
static Value *s_capitalize(Eval *ev, Value *self, Args *a) { return s_case(ev, self, a, 3); }

static Value *s_strip_impl(Eval *ev, Value *self, Args *a, bool left, bool right) {
    const char *chars = " \t\n\r\f\v";
    if (a->npos && a->pos[0]->kind == V_STR) chars = a->pos[0]->u.str.s;
    const char *s = SELF_STR(self).s;
    uint32_t lo = 0, hi = SELF_STR(self).len;
    while (left && lo < hi && strchr(chars, s[lo])) lo++;
    while (right && hi > lo && strchr(chars, s[hi - 1])) hi--;
    return pv_str(ev, s + lo, hi - lo, a->at);
}

static Value *s_strip(Eval *ev, Value *self, Args *a) { return s_strip_impl(ev, self, a, true, true); }
static Value *s_lstrip(Eval *ev, Value *self, Args *a) { return s_strip_impl(ev, self, a, true, false); }
static Value *s_rstrip(Eval *ev, Value *self, Args *a) { return s_strip_impl(ev, self, a, false, true); }

static Value *s_replace(Eval *ev, Value *self, Args *a) {
    if (a->npos < 2 || a->pos[0]->kind != V_STR || a->pos[1]->kind != V_STR)
        return pv_raise(ev, a->at, "TypeError", "replace() needs two strings");
    const char *s = SELF_STR(self).s, *old = a->pos[0]->u.str.s, *nw = a->pos[1]->u.str.s;
    uint32_t n = SELF_STR(self).len, on = a->pos[0]->u.str.len;
    StrBuf b = {0};
    for (uint32_t i = 0; i < n;) {
        if (on && i + on <= n && !memcmp(s + i, old, on)) {
            sb_puts(&b, nw);
            i += on;
        } else
            sb_putc(&b, s[i++]);
    }
    Value *v = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, a->at);
    sb_free(&b);
    return v;
}

static Value *s_split(Eval *ev, Value *self, Args *a) {
    Value *l = pv_seq(ev, V_LIST, a->at);
    const char *s = SELF_STR(self).s;
    uint32_t n = SELF_STR(self).len;
    Value *sep = args_get(a, 0, "sep");
    Value *maxs = args_get(a, 1, "maxsplit");
    int64_t max = maxs && maxs->kind == V_INT ? maxs->u.i : -1;
    if (!sep || sep->kind == V_NONE) {
        uint32_t i = 0;
        while (i < n) {
            while (i < n && isspace((unsigned char)s[i])) i++;
            if (i >= n) break;
            uint32_t j = i;
            if (max >= 0 && (int64_t)l->u.seq.n == max) j = n;
            else while (j < n && !isspace((unsigned char)s[j])) j++;
            pv_seq_push(ev, l, pv_str(ev, s + i, j - i, a->at));
            i = j;
        }
        return l;
    }
    if (sep->kind != V_STR || !sep->u.str.len) return pv_raise(ev, a->at, "ValueError", "empty separator");
    uint32_t start = 0;
    for (uint32_t i = 0; i + sep->u.str.len <= n;) {
        if ((max < 0 || (int64_t)l->u.seq.n < max) && !memcmp(s + i, sep->u.str.s, sep->u.str.len)) {
            pv_seq_push(ev, l, pv_str(ev, s + start, i - start, a->at));
            i += sep->u.str.len;
            start = i;
        } else
            i++;
    }
    pv_seq_push(ev, l, pv_str(ev, s + start, n - start, a->at));
    return l;
}

static Value *s_join(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    if (a->npos != 1 || !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "join() needs an iterable");
    StrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind != V_STR) {
            sb_free(&b);
            return pv_raise(ev, a->at, "TypeError", "sequence item %u: expected str instance, %s found", i, pv_kind_name(items[i]));
        }
        if (i) sb_put(&b, SELF_STR(self).s, SELF_STR(self).len);
        sb_put(&b, items[i]->u.str.s, items[i]->u.str.len);
    }
    Value *v = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, a->at);
    sb_free(&b);
    return v;
}

static Value *s_affix(Eval *ev, Value *self, Args *a, bool prefix) {
    Value *x = args_get(a, 0, NULL);
    if (!x) return pv_raise(ev, a->at, "TypeError", "needs an argument");
    Value **items = &x;
    uint32_t n = 1;
    if (x->kind == V_TUPLE) items = x->u.seq.items, n = x->u.seq.n;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "needs str");
        uint32_t m = items[i]->u.str.len;
        if (m > SELF_STR(self).len) continue;
        const char *at = prefix ? SELF_STR(self).s : SELF_STR(self).s + SELF_STR(self).len - m;
        if (!memcmp(at, items[i]->u.str.s, m)) return pv_bool(ev, true);
    }
    return pv_bool(ev, false);
}

static Value *s_startswith(Eval *ev, Value *self, Args *a) { return s_affix(ev, self, a, true); }
static Value *s_endswith(Eval *ev, Value *self, Args *a) { return s_affix(ev, self, a, false); }

static Value *s_find(Eval *ev, Value *self, Args *a) {
    if (!a->npos || a->pos[0]->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "find() needs str");
    const char *p = memmem(SELF_STR(self).s, SELF_STR(self).len, a->pos[0]->u.str.s, a->pos[0]->u.str.len);
    return pv_int(ev, p ? p - SELF_STR(self).s : -1, a->at);
}

static Value *s_format(Eval *ev, Value *self, Args *a) {
    const char *s = SELF_STR(self).s;
    uint32_t n = SELF_STR(self).len, auto_idx = 0;
    StrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') { sb_putc(&b, '{'); i++; continue; }
        if (s[i] == '}' && i + 1 < n && s[i + 1] == '}') { sb_putc(&b, '}'); i++; continue; }
        if (s[i] != '{') { sb_putc(&b, s[i]); continue; }
        uint32_t j = i + 1;
        while (j < n && s[j] != '}') j++;
        if (j >= n) {
            sb_free(&b);
            return pv_raise(ev, a->at, "ValueError", "single '{' encountered in format string");
        }
        char *field = arena_strndup(ev->a, s + i + 1, j - i - 1);
        char *colon = strchr(field, ':');
        char *bang = strchr(field, '!');
        if (colon) *colon = 0;
        if (bang) *bang = 0;
        Value *v = NULL;
        if (!*field) v = auto_idx < a->npos ? a->pos[auto_idx++] : NULL;
        else if (isdigit((unsigned char)*field)) {
            long k = strtol(field, NULL, 10);
            v = k >= 0 && (uint32_t)k < a->npos ? a->pos[k] : NULL;
        } else
            v = args_get(a, UINT32_MAX, field);
        if (!v) {
            sb_free(&b);
            return pv_raise(ev, a->at, "KeyError", "format field '%s' has no value", field);
        }
        sb_puts(&b, pv_to_str(ev, v, bang && bang[1] == 'r'));
        i = j;
    }
    Value *r = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, a->at);
    sb_free(&b);
    return r;
}

static Value *s_isdigit(Eval *ev, Value *self, Args *a) {
    (void)a;
    bool all = SELF_STR(self).len > 0;
    for (uint32_t i = 0; i < SELF_STR(self).len; i++) all &= isdigit((unsigned char)SELF_STR(self).s[i]) != 0;
    return pv_bool(ev, all);
}

static const struct {
    const char *name;
    BuiltinFn   fn;
} str_methods[] = {
    {"lower", s_lower},   {"upper", s_upper},       {"title", s_title},
    {"capitalize", s_capitalize}, {"strip", s_strip}, {"lstrip", s_lstrip},
    {"rstrip", s_rstrip}, {"replace", s_replace},   {"split", s_split},
    {"join", s_join},     {"startswith", s_startswith}, {"endswith", s_endswith},
    {"find", s_find},     {"format", s_format},     {"isdigit", s_isdigit},
};

Value *str_method(Eval *ev, Value *self, const char *name, SrcLoc at) {
    for (size_t i = 0; i < sizeof str_methods / sizeof str_methods[0]; i++)
        if (!strcmp(str_methods[i].name, name)) return pv_builtin(ev, str_methods[i].name, str_methods[i].fn, self, at);
    return NULL;
}

/* ---- list / tuple / set methods ------------------------------------------------------ */

static Value *l_append(Eval *ev, Value *self, Args *a) {
    if (a->npos != 1) return pv_raise(ev, a->at, "TypeError", "append() takes one argument");
    pv_seq_push(ev, self, a->pos[0]);
    return ev->none;
}

static Value *l_extend(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    if (a->npos != 1 || !pv_iter(ev, a->pos[0], &items, &n)) return pv_raise(ev, a->at, "TypeError", "extend() needs an iterable");
    for (uint32_t i = 0; i < n; i++) pv_seq_push(ev, self, items[i]);
    return ev->none;
}

static Value *l_index(Eval *ev, Value *self, Args *a) {
    for (uint32_t i = 0; a->npos && i < self->u.seq.n; i++)
        if (pv_equal(self->u.seq.items[i], a->pos[0])) return pv_int(ev, i, a->at);
    return pv_raise(ev, a->at, "ValueError", "value is not in list");
}

static Value *l_copy(Eval *ev, Value *self, Args *a) {
    Value *l = pv_seq(ev, self->kind, a->at);
    for (uint32_t i = 0; i < self->u.seq.n; i++) pv_seq_push(ev, l, self->u.seq.items[i]);
    return l;
}

static Value *l_sort(Eval *ev, Value *self, Args *a) {
    Value *rev = args_get(a, 99, "reverse");
    Value *s = sorted_list(ev, self, rev && pv_truthy(rev), a->at);
    if (!s) return NULL;
    if (s->u.seq.n) memcpy(self->u.seq.items, s->u.seq.items, s->u.seq.n * sizeof *s->u.seq.items);
    return ev->none;
}

static Value *l_pop(Eval *ev, Value *self, Args *a) {
    if (!self->u.seq.n) return pv_raise(ev, a->at, "IndexError", "pop from empty list");
    int64_t i = a->npos && a->pos[0]->kind == V_INT ? a->pos[0]->u.i : -1;
    if (i < 0) i += self->u.seq.n;
    if (i < 0 || i >= (int64_t)self->u.seq.n) return pv_raise(ev, a->at, "IndexError", "pop index out of range");
    Value *v = self->u.seq.items[i];
    memmove(self->u.seq.items + i, self->u.seq.items + i + 1, (self->u.seq.n - i - 1) * sizeof(Value *));
    self->u.seq.n--;
    return v;
}

static Value *l_add(Eval *ev, Value *self, Args *a) { return l_append(ev, self, a); }

Value *seq_method(Eval *ev, Value *self, const char *name, SrcLoc at) {
    bool is_list = self->kind == V_LIST, is_set = self->kind == V_SET;
    if (is_list && !strcmp(name, "append")) return pv_builtin(ev, "append", l_append, self, at);
    if ((is_list || is_set) && !strcmp(name, is_set ? "update" : "extend")) return pv_builtin(ev, name, l_extend, self, at);
    if (is_set && !strcmp(name, "add")) return pv_builtin(ev, "add", l_add, self, at);
    if (is_list && !strcmp(name, "sort")) return pv_builtin(ev, "sort", l_sort, self, at);
    if (is_list && !strcmp(name, "pop")) return pv_builtin(ev, "pop", l_pop, self, at);
    if (!strcmp(name, "index")) return pv_builtin(ev, "index", l_index, self, at);
    if (!strcmp(name, "copy")) return pv_builtin(ev, "copy", l_copy, self, at);
    return NULL;
}

/* ---- dict methods ------------------------------------------------------------------- */

static Value *d_view(Eval *ev, Value *self, Args *a, int which) {  // 0 keys 1 values 2 items
    Value *l = pv_seq(ev, V_LIST, a->at);
    for (uint32_t i = 0; i < self->u.dict.n; i++) {
        if (which == 0) pv_seq_push(ev, l, self->u.dict.keys[i]);
        else if (which == 1) pv_seq_push(ev, l, self->u.dict.vals[i]);
        else {
            Value *t = pv_seq(ev, V_TUPLE, a->at);
            pv_seq_push(ev, t, self->u.dict.keys[i]);
            pv_seq_push(ev, t, self->u.dict.vals[i]);
            pv_seq_push(ev, l, t);
        }
    }
    return l;
}

static Value *d_keys(Eval *ev, Value *self, Args *a) { return d_view(ev, self, a, 0); }
static Value *d_values(Eval *ev, Value *self, Args *a) { return d_view(ev, self, a, 1); }
static Value *d_items(Eval *ev, Value *self, Args *a) { return d_view(ev, self, a, 2); }

static Value *d_get(Eval *ev, Value *self, Args *a) {
    if (!a->npos) return pv_raise(ev, a->at, "TypeError", "get() needs a key");
    Value *v = pv_dict_get(self, a->pos[0]);
    return v ? v : a->npos > 1 ? a->pos[1] : ev->none;
}

static Value *d_update(Eval *ev, Value *self, Args *a) {
    if (a->npos && a->pos[0]->kind == V_DICT)
        for (uint32_t i = 0; i < a->pos[0]->u.dict.n; i++)
            pv_dict_set(ev, self, a->pos[0]->u.dict.keys[i], a->pos[0]->u.dict.vals[i]);
    for (uint32_t i = 0; i < a->nkw; i++) pv_dict_set(ev, self, pv_cstr(ev, a->kwn[i], a->at), a->kwv[i]);
    return ev->none;
}

static Value *d_copy(Eval *ev, Value *self, Args *a) {
    Value *d = pv_dict(ev, a->at);
    for (uint32_t i = 0; i < self->u.dict.n; i++) pv_dict_set(ev, d, self->u.dict.keys[i], self->u.dict.vals[i]);
    return d;
}

static Value *d_setdefault(Eval *ev, Value *self, Args *a) {
    if (!a->npos) return pv_raise(ev, a->at, "TypeError", "setdefault() needs a key");
    Value *v = pv_dict_get(self, a->pos[0]);
    if (v) return v;
    v = a->npos > 1 ? a->pos[1] : ev->none;
    pv_dict_set(ev, self, a->pos[0], v);
    return v;
}

Value *dict_method(Eval *ev, Value *self, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        BuiltinFn   fn;
    } m[] = {{"keys", d_keys}, {"values", d_values}, {"items", d_items}, {"get", d_get},
             {"update", d_update}, {"copy", d_copy}, {"setdefault", d_setdefault}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(m[i].name, name)) return pv_builtin(ev, m[i].name, m[i].fn, self, at);
    return NULL;
}
