/* The Python partial evaluator's interpreter core: values, scopes, statements and
 * expressions (see pyeval.h). The API modules (pyeval_builtins.c, pyeval_dlt.c,
 * pyeval_spark.c, pyeval_column.c) give meaning to names like dlt, spark and F. */
#include "pyeval_internal.h"

#include "str.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 200, MAX_STEPS = 2000000 };

/* ---- values ---------------------------------------------------------------- */

Value *pv_new(Eval *ev, VKind k, SrcLoc at) {
    Value *v = arena_alloc(ev->a, sizeof *v);
    v->kind = k;
    v->at = at;
    return v;
}

Value *pv_int(Eval *ev, int64_t i, SrcLoc at) {
    Value *v = pv_new(ev, V_INT, at);
    v->u.i = i;
    return v;
}

Value *pv_float(Eval *ev, double f, SrcLoc at) {
    Value *v = pv_new(ev, V_FLOAT, at);
    v->u.f = f;
    return v;
}

Value *pv_bool(Eval *ev, bool b) { return b ? ev->true_ : ev->false_; }

Value *pv_str(Eval *ev, const char *s, uint32_t len, SrcLoc at) {
    Value *v = pv_new(ev, V_STR, at);
    v->u.str.s = arena_strndup(ev->a, s, len);
    v->u.str.len = len;
    return v;
}

Value *pv_cstr(Eval *ev, const char *s, SrcLoc at) { return pv_str(ev, s, (uint32_t)strlen(s), at); }

Value *pv_seq(Eval *ev, VKind k, SrcLoc at) { return pv_new(ev, k, at); }

void pv_seq_push(Eval *ev, Value *seq, Value *x) {
    if (seq->kind == V_SET)
        for (uint32_t i = 0; i < seq->u.seq.n; i++)
            if (pv_equal(seq->u.seq.items[i], x)) return;
    if (seq->u.seq.n == seq->u.seq.cap) {
        uint32_t cap = seq->u.seq.cap ? seq->u.seq.cap * 2 : 4;
        seq->u.seq.items = arena_realloc(ev->a, seq->u.seq.items,
                                         seq->u.seq.cap * sizeof(Value *), cap * sizeof(Value *));
        seq->u.seq.cap = cap;
    }
    seq->u.seq.items[seq->u.seq.n++] = x;
}

Value *pv_dict(Eval *ev, SrcLoc at) { return pv_new(ev, V_DICT, at); }

Value *pv_dict_get(Value *d, Value *k) {
    for (uint32_t i = 0; i < d->u.dict.n; i++)
        if (pv_equal(d->u.dict.keys[i], k)) return d->u.dict.vals[i];
    return NULL;
}

void pv_dict_set(Eval *ev, Value *d, Value *k, Value *v) {
    for (uint32_t i = 0; i < d->u.dict.n; i++)
        if (pv_equal(d->u.dict.keys[i], k)) {
            d->u.dict.vals[i] = v;
            return;
        }
    if (d->u.dict.n == d->u.dict.cap) {
        uint32_t cap = d->u.dict.cap ? d->u.dict.cap * 2 : 4;
        size_t old = d->u.dict.cap * sizeof(Value *), nw = cap * sizeof(Value *);
        d->u.dict.keys = arena_realloc(ev->a, d->u.dict.keys, old, nw);
        d->u.dict.vals = arena_realloc(ev->a, d->u.dict.vals, old, nw);
        d->u.dict.cap = cap;
    }
    d->u.dict.keys[d->u.dict.n] = k;
    d->u.dict.vals[d->u.dict.n++] = v;
}

Value *pv_builtin(Eval *ev, const char *name, BuiltinFn fn, Value *self, SrcLoc at) {
    Value *v = pv_new(ev, V_BUILTIN, at);
    v->u.bi.fn = fn;
    v->u.bi.self = self;
    v->u.bi.name = name;
    return v;
}

Value *pv_ns(Eval *ev, const char *name, SrcLoc at) {
    Value *v = pv_new(ev, V_NS, at);
    v->u.ns.name = name;
    return v;
}

Value *pv_opaque(Eval *ev, const char *reason, SrcLoc at) {
    Value *v = pv_new(ev, V_OPAQUE, at);
    v->u.op.reason = reason;
    return v;
}

Value *pv_df(Eval *ev, IrRel *rel, SrcLoc at) {
    Value *v = pv_new(ev, V_DF, at);
    v->u.df.rel = rel;
    return v;
}

Value *pv_col(Eval *ev, IrExpr *e, SrcLoc at) {
    Value *v = pv_new(ev, V_COL, at);
    v->u.col.e = e;
    v->u.col.nulls_first = -1;
    return v;
}

bool pv_truthy(const Value *v) {
    switch (v->kind) {
    case V_NONE: return false;
    case V_BOOL: return v->u.b;
    case V_INT: return v->u.i != 0;
    case V_FLOAT: return v->u.f != 0;
    case V_STR: return v->u.str.len != 0;
    case V_LIST: case V_TUPLE: case V_SET: return v->u.seq.n != 0;
    case V_DICT: return v->u.dict.n != 0;
    default: return true;
    }
}

static bool is_num(const Value *v) { return v->kind == V_INT || v->kind == V_FLOAT || v->kind == V_BOOL; }
static double num_f(const Value *v) {
    return v->kind == V_FLOAT ? v->u.f : v->kind == V_INT ? (double)v->u.i : (double)v->u.b;
}
static int64_t num_i(const Value *v) { return v->kind == V_INT ? v->u.i : (int64_t)v->u.b; }

bool pv_equal(const Value *a, const Value *b) {
    if (a == b) return true;
    if (is_num(a) && is_num(b)) return num_f(a) == num_f(b);
    if (a->kind != b->kind) {
        bool seqs = (a->kind == V_LIST || a->kind == V_TUPLE) && a->kind == b->kind;
        if (!seqs) return false;
    }
    switch (a->kind) {
    case V_NONE: return true;
    case V_STR: return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
    case V_LIST: case V_TUPLE: case V_SET:
        if (a->u.seq.n != b->u.seq.n) return false;
        for (uint32_t i = 0; i < a->u.seq.n; i++)
            if (!pv_equal(a->u.seq.items[i], b->u.seq.items[i])) return false;
        return true;
    case V_DICT:
        if (a->u.dict.n != b->u.dict.n) return false;
        for (uint32_t i = 0; i < a->u.dict.n; i++) {
            Value *o = pv_dict_get((Value *)b, a->u.dict.keys[i]);
            if (!o || !pv_equal(o, a->u.dict.vals[i])) return false;
        }
        return true;
    default: return false;
    }
}

bool pv_is_str(const Value *v, const char *s) {
    return v && v->kind == V_STR && strlen(s) == v->u.str.len && !memcmp(v->u.str.s, s, v->u.str.len);
}

const char *pv_kind_name(const Value *v) {
    static const char *const names[] = {
        [V_NONE] = "NoneType", [V_BOOL] = "bool", [V_INT] = "int", [V_FLOAT] = "float",
        [V_STR] = "str", [V_LIST] = "list", [V_TUPLE] = "tuple", [V_SET] = "set",
        [V_DICT] = "dict", [V_FUNC] = "function", [V_BUILTIN] = "builtin_function",
        [V_NS] = "module", [V_DF] = "DataFrame", [V_COL] = "Column", [V_READER] = "DataFrameReader",
        [V_WINDOW] = "WindowSpec", [V_TYPE] = "DataType", [V_GROUPED] = "GroupedData",
        [V_OPAQUE] = "object",
    };
    return names[v->kind];
}

static void repr_into(Eval *ev, StrBuf *b, const Value *v, bool repr) {
    switch (v->kind) {
    case V_NONE: sb_puts(b, "None"); break;
    case V_BOOL: sb_puts(b, v->u.b ? "True" : "False"); break;
    case V_INT: sb_printf(b, "%lld", (long long)v->u.i); break;
    case V_FLOAT: {
        char tmp[64];
        if (isinf(v->u.f)) snprintf(tmp, sizeof tmp, v->u.f > 0 ? "inf" : "-inf");
        else if (isnan(v->u.f)) snprintf(tmp, sizeof tmp, "nan");
        else {
            snprintf(tmp, sizeof tmp, "%.17g", v->u.f);
            for (int prec = 1; prec <= 17; prec++) {  // shortest text that round-trips
                snprintf(tmp, sizeof tmp, "%.*g", prec, v->u.f);
                if (strtod(tmp, NULL) == v->u.f) break;
            }
            if (!strpbrk(tmp, ".eni")) strcat(tmp, ".0");
        }
        sb_puts(b, tmp);
        break;
    }
    case V_STR:
        if (!repr) {
            sb_put(b, v->u.str.s, v->u.str.len);
            break;
        }
        sb_putc(b, '\'');
        for (uint32_t i = 0; i < v->u.str.len; i++) {
            char c = v->u.str.s[i];
            if (c == '\'' || c == '\\') sb_putc(b, '\\');
            if (c == '\n') sb_puts(b, "\\n");
            else sb_putc(b, c);
        }
        sb_putc(b, '\'');
        break;
    case V_LIST: case V_TUPLE: case V_SET: {
        const char *open = v->kind == V_LIST ? "[" : v->kind == V_TUPLE ? "(" : "{";
        const char *close = v->kind == V_LIST ? "]" : v->kind == V_TUPLE ? ")" : "}";
        sb_puts(b, open);
        for (uint32_t i = 0; i < v->u.seq.n; i++) {
            if (i) sb_puts(b, ", ");
            repr_into(ev, b, v->u.seq.items[i], true);
        }
        if (v->kind == V_TUPLE && v->u.seq.n == 1) sb_putc(b, ',');
        sb_puts(b, close);
        break;
    }
    case V_DICT:
        sb_putc(b, '{');
        for (uint32_t i = 0; i < v->u.dict.n; i++) {
            if (i) sb_puts(b, ", ");
            repr_into(ev, b, v->u.dict.keys[i], true);
            sb_puts(b, ": ");
            repr_into(ev, b, v->u.dict.vals[i], true);
        }
        sb_putc(b, '}');
        break;
    case V_COL:
        sb_puts(b, "Column<'");
        if (v->u.col.e) ir_dump_expr(v->u.col.e, b);
        sb_puts(b, "'>");
        break;
    default: sb_printf(b, "<%s>", pv_kind_name(v)); break;
    }
}

const char *pv_to_str(Eval *ev, const Value *v, bool repr) {
    if (v->kind == V_STR && !repr) return v->u.str.s;
    StrBuf b = {0};
    repr_into(ev, &b, v, repr);
    char *s = arena_strndup(ev->a, sb_cstr(&b), b.len);
    sb_free(&b);
    return s;
}

bool pv_iter(Eval *ev, Value *v, Value ***items, uint32_t *n) {
    switch (v->kind) {
    case V_LIST: case V_TUPLE: case V_SET:
        *items = v->u.seq.items;
        *n = v->u.seq.n;
        return true;
    case V_DICT:
        *items = v->u.dict.keys;
        *n = v->u.dict.n;
        return true;
    case V_STR: {
        Value *l = pv_seq(ev, V_LIST, v->at);
        for (uint32_t i = 0; i < v->u.str.len;) {
            uint32_t k = 1;
            while (i + k < v->u.str.len && ((unsigned char)v->u.str.s[i + k] & 0xC0) == 0x80) k++;
            pv_seq_push(ev, l, pv_str(ev, v->u.str.s + i, k, v->at));
            i += k;
        }
        *items = l->u.seq.items;
        *n = l->u.seq.n;
        return true;
    }
    default: return false;
    }
}

/* ---- exceptions ------------------------------------------------------------ */

Value *pv_raise(Eval *ev, SrcLoc at, const char *type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = arena_alloc(ev->a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ev->exc_type = type;
    ev->exc_msg = msg;
    ev->exc_at = at;
    ev->exc_reported = false;
    return NULL;
}

Value *pv_fail(Eval *ev, SrcLoc at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = arena_alloc(ev->a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    diag_error(ev->d, at, "%s", msg);
    ev->exc_type = "CompileError";
    ev->exc_msg = msg;
    ev->exc_at = at;
    ev->exc_reported = true;
    return NULL;
}

/* ---- arguments ----------------------------------------------------------------- */

Value *args_get(Args *a, uint32_t pos, const char *kw) {
    if (pos < a->npos) return a->pos[pos];
    for (uint32_t i = 0; kw && i < a->nkw; i++)
        if (!strcmp(a->kwn[i], kw)) return a->kwv[i];
    return NULL;
}

bool args_str(Eval *ev, Args *a, uint32_t pos, const char *kw, const char **out) {
    Value *v = args_get(a, pos, kw);
    if (!v || v->kind != V_STR) {
        if (v) pv_raise(ev, v->at, "TypeError", "expected a string, got %s", pv_kind_name(v));
        return false;
    }
    *out = v->u.str.s;
    return true;
}

/* ---- scopes ----------------------------------------------------------------------- */

static Scope *scope_new(Eval *ev, Scope *parent) {
    Scope *s = arena_alloc(ev->a, sizeof *s);
    hm_init(&s->vars, false);
    hm_init(&s->globals_decl, false);
    s->parent = parent;
    return s;
}

/* Every scope is remembered in ev->scopes so its hash maps are freed at the end. */
static Scope *scope_make(Eval *ev, Scope *parent) {
    Scope *s = scope_new(ev, parent);
    ScopeList *l = arena_alloc(ev->a, sizeof *l);
    l->s = s;
    l->next = ev->scopes;
    ev->scopes = l;
    return s;
}

static Value *scope_lookup(Scope *s, const char *name) {
    for (; s; s = s->parent) {
        Value *v = hm_get(&s->vars, name);
        if (v) return v;
    }
    return NULL;
}

static void scope_assign(Eval *ev, Scope *s, const char *name, Value *v) {
    if (hm_has(&s->globals_decl, name)) s = ev->globals;
    hm_put(&s->vars, arena_strdup(ev->a, name), v);
}

/* ---- evaluation -------------------------------------------------------------------- */

typedef struct {
    Eval  *ev;
    Scope *scope;
} Ctx;

static Value *eval(Ctx *c, const PyExpr *e);
static Flow   exec_block(Ctx *c, const PyStmtList *body);
static Value *star_lookup(Ctx *c, const char *name, SrcLoc at);

static Value *num_binop(Eval *ev, PyOp op, Value *l, Value *r, SrcLoc at) {
    bool fl = l->kind == V_FLOAT || r->kind == V_FLOAT || op == PY_OP_DIV;
    if (!fl) {
        int64_t x = num_i(l), y = num_i(r), z;
        switch (op) {
        case PY_OP_ADD: if (__builtin_add_overflow(x, y, &z)) goto as_float; return pv_int(ev, z, at);
        case PY_OP_SUB: if (__builtin_sub_overflow(x, y, &z)) goto as_float; return pv_int(ev, z, at);
        case PY_OP_MUL: if (__builtin_mul_overflow(x, y, &z)) goto as_float; return pv_int(ev, z, at);
        case PY_OP_FLOORDIV: case PY_OP_MOD: {
            if (y == 0) return pv_raise(ev, at, "ZeroDivisionError", "integer division or modulo by zero");
            if (x == INT64_MIN && y == -1) goto as_float;
            int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) q--, m += y;
            return pv_int(ev, op == PY_OP_MOD ? m : q, at);
        }
        case PY_OP_POW: {
            if (y < 0) goto as_float;
            int64_t res = 1;
            for (int64_t k = 0; k < y; k++)
                if (__builtin_mul_overflow(res, x, &res)) goto as_float;
            return pv_int(ev, res, at);
        }
        case PY_OP_BITAND: return pv_int(ev, x & y, at);
        case PY_OP_BITOR: return pv_int(ev, x | y, at);
        case PY_OP_BITXOR: return pv_int(ev, x ^ y, at);
        case PY_OP_LSHIFT: return pv_int(ev, y >= 0 && y < 63 ? x << y : 0, at);
        case PY_OP_RSHIFT: return pv_int(ev, y >= 0 && y < 64 ? x >> y : (x < 0 ? -1 : 0), at);
        default: break;
        }
    }
as_float:;
    double x = num_f(l), y = num_f(r);
    switch (op) {
    case PY_OP_ADD: return pv_float(ev, x + y, at);
    case PY_OP_SUB: return pv_float(ev, x - y, at);
    case PY_OP_MUL: return pv_float(ev, x * y, at);
    case PY_OP_DIV:
        if (y == 0) return pv_raise(ev, at, "ZeroDivisionError", "division by zero");
        return pv_float(ev, x / y, at);
    case PY_OP_FLOORDIV:
        if (y == 0) return pv_raise(ev, at, "ZeroDivisionError", "division by zero");
        return pv_float(ev, floor(x / y), at);
    case PY_OP_MOD:
        if (y == 0) return pv_raise(ev, at, "ZeroDivisionError", "modulo by zero");
        return pv_float(ev, x - floor(x / y) * y, at);
    case PY_OP_POW: return pv_float(ev, pow(x, y), at);
    default: return pv_raise(ev, at, "TypeError", "unsupported operand types for %s", py_op_text(op));
    }
}

static Value *str_percent(Eval *ev, Value *fmt, Value *args, SrcLoc at);

static Value *binop(Eval *ev, PyOp op, Value *l, Value *r, SrcLoc at) {
    if (l->kind == V_COL || r->kind == V_COL) return col_binop(ev, op, l, r, at);
    if (l->kind == V_OPAQUE) return l;
    if (r->kind == V_OPAQUE) return r;
    if (is_num(l) && is_num(r)) return num_binop(ev, op, l, r, at);
    if (op == PY_OP_ADD && l->kind == V_STR && r->kind == V_STR) {
        char *s = arena_alloc(ev->a, l->u.str.len + r->u.str.len + 1);
        memcpy(s, l->u.str.s, l->u.str.len);
        memcpy(s + l->u.str.len, r->u.str.s, r->u.str.len);
        Value *v = pv_new(ev, V_STR, at);
        v->u.str.s = s;
        v->u.str.len = l->u.str.len + r->u.str.len;
        return v;
    }
    if (op == PY_OP_ADD && l->kind == r->kind && (l->kind == V_LIST || l->kind == V_TUPLE)) {
        Value *v = pv_seq(ev, l->kind, at);
        for (uint32_t i = 0; i < l->u.seq.n; i++) pv_seq_push(ev, v, l->u.seq.items[i]);
        for (uint32_t i = 0; i < r->u.seq.n; i++) pv_seq_push(ev, v, r->u.seq.items[i]);
        return v;
    }
    if (op == PY_OP_MUL && (l->kind == V_STR || l->kind == V_LIST) && r->kind == V_INT) {
        if (l->kind == V_STR) {
            StrBuf b = {0};
            for (int64_t i = 0; i < r->u.i && i < 100000; i++) sb_put(&b, l->u.str.s, l->u.str.len);
            Value *v = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, at);
            sb_free(&b);
            return v;
        }
        Value *v = pv_seq(ev, V_LIST, at);
        for (int64_t i = 0; i < r->u.i && i < 100000; i++)
            for (uint32_t k = 0; k < l->u.seq.n; k++) pv_seq_push(ev, v, l->u.seq.items[k]);
        return v;
    }
    if (op == PY_OP_MOD && l->kind == V_STR) return str_percent(ev, l, r, at);
    if (op == PY_OP_BITOR && l->kind == V_DICT && r->kind == V_DICT) {
        Value *v = pv_dict(ev, at);
        for (uint32_t i = 0; i < l->u.dict.n; i++) pv_dict_set(ev, v, l->u.dict.keys[i], l->u.dict.vals[i]);
        for (uint32_t i = 0; i < r->u.dict.n; i++) pv_dict_set(ev, v, r->u.dict.keys[i], r->u.dict.vals[i]);
        return v;
    }
    if (l->kind == V_NS || r->kind == V_NS || l->kind == V_DF || r->kind == V_DF)
        return pv_opaque(ev, arena_printf(ev->a, "operator '%s' on %s", py_op_text(op),
                                          pv_kind_name(l)), at);
    return pv_raise(ev, at, "TypeError", "unsupported operand type(s) for %s: '%s' and '%s'",
                    py_op_text(op), pv_kind_name(l), pv_kind_name(r));
}

/* "%s-%d" % (a, b) */
static Value *str_percent(Eval *ev, Value *fmt, Value *args, SrcLoc at) {
    Value **items = &args;
    uint32_t n = 1, k = 0;
    if (args->kind == V_TUPLE) items = args->u.seq.items, n = args->u.seq.n;
    StrBuf b = {0};
    const char *s = fmt->u.str.s;
    for (uint32_t i = 0; i < fmt->u.str.len; i++) {
        if (s[i] != '%' || i + 1 >= fmt->u.str.len) {
            sb_putc(&b, s[i]);
            continue;
        }
        uint32_t j = i + 1;
        char spec[32] = "%";
        int sl = 1;
        while (j < fmt->u.str.len && strchr("-+ 0#.0123456789", s[j]) && sl < 30) spec[sl++] = s[j++];
        if (j >= fmt->u.str.len) break;
        char conv = s[j];
        i = j;
        if (conv == '%') {
            sb_putc(&b, '%');
            continue;
        }
        if (k >= n) {
            sb_free(&b);
            return pv_raise(ev, at, "TypeError", "not enough arguments for format string");
        }
        Value *v = items[k++];
        if (conv == 'd' || conv == 'i') {
            spec[sl++] = 'l', spec[sl++] = 'l', spec[sl++] = 'd', spec[sl] = 0;
            sb_printf(&b, spec, (long long)(v->kind == V_FLOAT ? (int64_t)v->u.f : num_i(v)));
        } else if (strchr("feEgG", conv)) {
            spec[sl++] = conv, spec[sl] = 0;
            sb_printf(&b, spec, is_num(v) ? num_f(v) : 0.0);
        } else {
            spec[sl++] = 's', spec[sl] = 0;
            sb_printf(&b, spec, pv_to_str(ev, v, conv == 'r'));
        }
    }
    Value *r = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, at);
    sb_free(&b);
    return r;
}

static int cmp_values(Eval *ev, const Value *a, const Value *b, bool *ok) {
    *ok = true;
    if (is_num(a) && is_num(b)) {
        double x = num_f(a), y = num_f(b);
        return x < y ? -1 : x > y;
    }
    if (a->kind == V_STR && b->kind == V_STR) {
        uint32_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
        int c = memcmp(a->u.str.s, b->u.str.s, n);
        return c ? (c < 0 ? -1 : 1) : (a->u.str.len > b->u.str.len) - (a->u.str.len < b->u.str.len);
    }
    if ((a->kind == V_LIST || a->kind == V_TUPLE) && a->kind == b->kind) {
        for (uint32_t i = 0; i < a->u.seq.n && i < b->u.seq.n; i++) {
            int c = cmp_values(ev, a->u.seq.items[i], b->u.seq.items[i], ok);
            if (!*ok || c) return c;
        }
        return (a->u.seq.n > b->u.seq.n) - (a->u.seq.n < b->u.seq.n);
    }
    *ok = false;
    return 0;
}

int pv_compare(Eval *ev, const Value *a, const Value *b, bool *ok) { return cmp_values(ev, a, b, ok); }

static Value *contains(Eval *ev, Value *container, Value *x, SrcLoc at) {
    if (container->kind == V_STR && x->kind == V_STR) {
        if (!x->u.str.len) return pv_bool(ev, true);
        return pv_bool(ev, memmem(container->u.str.s, container->u.str.len, x->u.str.s,
                                  x->u.str.len) != NULL);
    }
    if (container->kind == V_DICT) return pv_bool(ev, pv_dict_get(container, x) != NULL);
    Value **items;
    uint32_t n;
    if (!pv_iter(ev, container, &items, &n))
        return pv_raise(ev, at, "TypeError", "argument of type '%s' is not iterable",
                        pv_kind_name(container));
    for (uint32_t i = 0; i < n; i++)
        if (pv_equal(items[i], x)) return pv_bool(ev, true);
    return pv_bool(ev, false);
}

static Value *compare(Eval *ev, PyOp op, Value *l, Value *r, SrcLoc at) {
    if ((l->kind == V_COL || r->kind == V_COL) && op != PY_OP_IN && op != PY_OP_NOTIN &&
        op != PY_OP_IS && op != PY_OP_ISNOT)
        return col_binop(ev, op, l, r, at);
    switch (op) {
    case PY_OP_EQ: return pv_bool(ev, pv_equal(l, r));
    case PY_OP_NE: return pv_bool(ev, !pv_equal(l, r));
    case PY_OP_IS: return pv_bool(ev, l == r || (l->kind == V_NONE && r->kind == V_NONE) ||
                                          (l->kind == V_BOOL && r->kind == V_BOOL && l->u.b == r->u.b));
    case PY_OP_ISNOT: return pv_bool(ev, !(l == r || (l->kind == V_NONE && r->kind == V_NONE) ||
                                            (l->kind == V_BOOL && r->kind == V_BOOL && l->u.b == r->u.b)));
    case PY_OP_IN: return contains(ev, r, l, at);
    case PY_OP_NOTIN: {
        Value *v = contains(ev, r, l, at);
        return v ? pv_bool(ev, !v->u.b) : NULL;
    }
    default: {
        bool ok;
        int c = cmp_values(ev, l, r, &ok);
        if (!ok)
            return pv_raise(ev, at, "TypeError", "'%s' not supported between '%s' and '%s'",
                            py_op_text(op), pv_kind_name(l), pv_kind_name(r));
        return pv_bool(ev, op == PY_OP_LT ? c < 0 : op == PY_OP_LE ? c <= 0 : op == PY_OP_GT ? c > 0 : c >= 0);
    }
    }
}

static bool assign(Ctx *c, const PyExpr *target, Value *v);

static Value *subscript(Eval *ev, Value *obj, Value *key, SrcLoc at);

static Value *make_func(Ctx *c, const char *name, const PyParamList *params, const PyStmtList *body,
                        const PyExpr *lambda, SrcLoc at) {
    Eval *ev = c->ev;
    Value *f = pv_new(ev, V_FUNC, at);
    f->u.fn.name = name;
    f->u.fn.params = params;
    f->u.fn.body = body;
    f->u.fn.lambda = lambda;
    f->u.fn.closure = c->scope;
    f->u.fn.defaults = arena_alloc(ev->a, (params->n + 1) * sizeof(Value *));
    for (uint32_t i = 0; i < params->n; i++)
        if (params->items[i]->def) {
            Value *d = eval(c, params->items[i]->def);
            if (!d) return NULL;
            f->u.fn.defaults[i] = d;
        }
    return f;
}

static Value *call_user(Eval *ev, Value *f, Args *a) {
    if (++ev->depth > MAX_DEPTH) {
        ev->depth--;
        return pv_raise(ev, a->at, "RecursionError", "maximum recursion depth exceeded");
    }
    Ctx c = {ev, scope_make(ev, f->u.fn.closure)};
    const PyParamList *ps = f->u.fn.params;
    uint32_t next_pos = 0;
    Value *varargs = NULL, *kwargs = NULL;
    for (uint32_t i = 0; i < ps->n; i++) {
        const PyParam *p = ps->items[i];
        Value *v = NULL;
        if (p->kind == PY_P_VARARG) {
            varargs = pv_seq(ev, V_TUPLE, a->at);
            while (next_pos < a->npos) pv_seq_push(ev, varargs, a->pos[next_pos++]);
            v = varargs;
        } else if (p->kind == PY_P_KWARG) {
            kwargs = pv_dict(ev, a->at);
            v = kwargs;
        } else {
            if (p->kind != PY_P_KWONLY && next_pos < a->npos) v = a->pos[next_pos++];
            for (uint32_t k = 0; k < a->nkw && !v; k++)
                if (p->kind != PY_P_POSONLY && !strcmp(a->kwn[k], p->name)) v = a->kwv[k];
            if (!v) v = f->u.fn.defaults[i];
            if (!v) {
                ev->depth--;
                return pv_raise(ev, a->at, "TypeError", "%s() missing required argument '%s'",
                                f->u.fn.name ? f->u.fn.name : "<lambda>", p->name);
            }
        }
        hm_put(&c.scope->vars, p->name, v);
    }
    for (uint32_t k = 0; k < a->nkw; k++) {
        bool known = false;
        for (uint32_t i = 0; i < ps->n && !known; i++)
            known = ps->items[i]->kind != PY_P_VARARG && ps->items[i]->kind != PY_P_KWARG &&
                    !strcmp(ps->items[i]->name, a->kwn[k]);
        if (!known && kwargs) pv_dict_set(ev, kwargs, pv_cstr(ev, a->kwn[k], a->at), a->kwv[k]);
        else if (!known) {
            ev->depth--;
            return pv_raise(ev, a->at, "TypeError", "%s() got an unexpected keyword argument '%s'",
                            f->u.fn.name ? f->u.fn.name : "<lambda>", a->kwn[k]);
        }
    }
    if (next_pos < a->npos) {
        ev->depth--;
        return pv_raise(ev, a->at, "TypeError", "%s() takes %u positional arguments but %u were given",
                        f->u.fn.name ? f->u.fn.name : "<lambda>", next_pos, a->npos);
    }
    Value *result;
    if (f->u.fn.lambda) result = eval(&c, f->u.fn.lambda);
    else {
        Flow fl = exec_block(&c, f->u.fn.body);
        if (fl == F_RAISE) result = NULL;
        else if (fl == F_RETURN) result = ev->ret ? ev->ret : ev->none;
        else result = ev->none;
        ev->ret = NULL;
    }
    ev->depth--;
    return result;
}

Value *pv_call(Eval *ev, Value *f, Args *a) {
    switch (f->kind) {
    case V_BUILTIN: return f->u.bi.fn(ev, f->u.bi.self, a);
    case V_FUNC: return call_user(ev, f, a);
    case V_OPAQUE: return f;
    case V_NS:
        return pv_opaque(ev, arena_printf(ev->a, "call of '%s'", f->u.ns.name), a->at);
    default:
        return pv_raise(ev, a->at, "TypeError", "'%s' object is not callable", pv_kind_name(f));
    }
}

Value *pv_getattr(Eval *ev, Value *obj, const char *name, SrcLoc at) {
    Value *r = NULL;
    switch (obj->kind) {
    case V_STR: r = str_method(ev, obj, name, at); break;
    case V_LIST: case V_TUPLE: case V_SET: r = seq_method(ev, obj, name, at); break;
    case V_DICT: r = dict_method(ev, obj, name, at); break;
    case V_NS: r = ns_attr(ev, obj, name, at); break;
    case V_DF: r = df_attr(ev, obj, name, at); break;
    case V_COL: r = col_attr(ev, obj, name, at); break;
    case V_READER: r = reader_attr(ev, obj, name, at); break;
    case V_WINDOW: r = window_attr(ev, obj, name, at); break;
    case V_GROUPED: r = grouped_attr(ev, obj, name, at); break;
    case V_OPAQUE: return obj;
    case V_FUNC:
        if (!strcmp(name, "__name__")) return pv_cstr(ev, obj->u.fn.name ? obj->u.fn.name : "<lambda>", at);
        break;
    default: break;
    }
    if (r || ev->exc_type) return r;
    if (obj->kind == V_NS || obj->kind == V_DF || obj->kind == V_READER || obj->kind == V_GROUPED)
        return pv_opaque(ev, arena_printf(ev->a, "'%s.%s'", obj->kind == V_NS ? obj->u.ns.name
                                                              : pv_kind_name(obj), name), at);
    return pv_raise(ev, at, "AttributeError", "'%s' object has no attribute '%s'",
                    pv_kind_name(obj), name);
}

static Value *slice_seq(Eval *ev, Value *obj, Value *lo, Value *hi, Value *st, SrcLoc at) {
    int64_t n = obj->kind == V_STR ? obj->u.str.len : obj->u.seq.n;
    int64_t step = st && st->kind == V_INT ? st->u.i : 1;
    if (step == 0) return pv_raise(ev, at, "ValueError", "slice step cannot be zero");
    int64_t a = step > 0 ? 0 : n - 1, b = step > 0 ? n : -1;
    if (lo && lo->kind == V_INT) {
        a = lo->u.i < 0 ? lo->u.i + n : lo->u.i;
        if (a < 0) a = step > 0 ? 0 : -1;
        if (a > n) a = step > 0 ? n : n - 1;
        if (step < 0 && a >= n) a = n - 1;
    }
    if (hi && hi->kind == V_INT) {
        b = hi->u.i < 0 ? hi->u.i + n : hi->u.i;
        if (b < 0) b = step > 0 ? 0 : -1;
        if (b > n) b = n;
    }
    if (obj->kind == V_STR) {
        StrBuf sb = {0};
        for (int64_t i = a; step > 0 ? i < b : i > b; i += step) sb_putc(&sb, obj->u.str.s[i]);
        Value *v = pv_str(ev, sb_cstr(&sb), (uint32_t)sb.len, at);
        sb_free(&sb);
        return v;
    }
    Value *v = pv_seq(ev, obj->kind == V_TUPLE ? V_TUPLE : V_LIST, at);
    for (int64_t i = a; step > 0 ? i < b : i > b; i += step) pv_seq_push(ev, v, obj->u.seq.items[i]);
    return v;
}

static Value *subscript(Eval *ev, Value *obj, Value *key, SrcLoc at) {
    if (obj->kind == V_DICT) {
        Value *v = pv_dict_get(obj, key);
        return v ? v : pv_raise(ev, at, "KeyError", "%s", pv_to_str(ev, key, true));
    }
    if (obj->kind == V_DF) {
        if (key->kind == V_STR) return pv_getattr(ev, obj, key->u.str.s, at);
        if (key->kind == V_COL) {  // df[cond] == df.filter(cond)
            Value *f = pv_getattr(ev, obj, "filter", at);
            Args a = {.pos = &key, .npos = 1, .at = at};
            return f ? pv_call(ev, f, &a) : NULL;
        }
    }
    if (obj->kind == V_COL) {
        IrExpr *k = to_lit_expr(ev, key, at);
        if (!k) return pv_raise(ev, at, "TypeError", "unsupported Column subscript");
        return pv_col(ev, ir_call2(ev->a, "subscript", obj->u.col.e, k, at), at);
    }
    if (obj->kind == V_OPAQUE) return obj;
    if ((obj->kind == V_LIST || obj->kind == V_TUPLE || obj->kind == V_STR) && key->kind == V_INT) {
        int64_t n = obj->kind == V_STR ? obj->u.str.len : obj->u.seq.n;
        int64_t i = key->u.i < 0 ? key->u.i + n : key->u.i;
        if (i < 0 || i >= n) return pv_raise(ev, at, "IndexError", "index out of range");
        return obj->kind == V_STR ? pv_str(ev, obj->u.str.s + i, 1, at) : obj->u.seq.items[i];
    }
    return pv_raise(ev, at, "TypeError", "'%s' object is not subscriptable", pv_kind_name(obj));
}

static Value *eval_fstring(Ctx *c, const PyExpr *e) {
    Eval *ev = c->ev;
    StrBuf b = {0};
    for (uint32_t i = 0; i < e->u.joined.n; i++) {
        const PyExpr *part = e->u.joined.items[i];
        if (part->kind == PY_E_CONST) {
            sb_put(&b, part->u.constant.s, part->u.constant.len);
            continue;
        }
        Value *v = eval(c, part->u.fvalue.value);
        if (!v) {
            sb_free(&b);
            return NULL;
        }
        const char *spec = NULL;
        if (part->u.fvalue.spec) {
            Value *sv = eval(c, part->u.fvalue.spec);
            if (!sv) {
                sb_free(&b);
                return NULL;
            }
            spec = pv_to_str(ev, sv, false);
        }
        if (spec && *spec && is_num(v)) {
            char fmt[40];
            size_t sl = strlen(spec);
            char conv = spec[sl - 1];
            if (sl < 30 && strchr("dfeEgGxXo%", conv)) {
                if (conv == 'd' || conv == 'x' || conv == 'X' || conv == 'o') {
                    snprintf(fmt, sizeof fmt, "%%%.*sll%c", (int)(sl - 1), spec, conv);
                    sb_printf(&b, fmt, (long long)num_i(v));
                } else if (conv == '%') {
                    snprintf(fmt, sizeof fmt, "%%%.*sf%%%%", (int)(sl - 1), spec);
                    sb_printf(&b, fmt, num_f(v) * 100);
                } else {
                    snprintf(fmt, sizeof fmt, "%%%.*s%c", (int)(sl - 1), spec, conv);
                    sb_printf(&b, fmt, num_f(v));
                }
                continue;
            }
        }
        sb_puts(&b, pv_to_str(ev, v, part->u.fvalue.conversion == 'r'));
    }
    Value *r = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, e->at);
    sb_free(&b);
    return r;
}

static bool build_args(Ctx *c, const PyExpr *e, Args *a) {
    Eval *ev = c->ev;
    memset(a, 0, sizeof *a);
    a->at = e->at;
    uint32_t cap = e->u.call.args.n + 8, kcap = e->u.call.keywords.n + 8;
    a->pos = arena_alloc(ev->a, cap * sizeof *a->pos);
    a->pos_at = arena_alloc(ev->a, cap * sizeof *a->pos_at);
    a->kwn = arena_alloc(ev->a, kcap * sizeof *a->kwn);
    a->kwv = arena_alloc(ev->a, kcap * sizeof *a->kwv);
    for (uint32_t i = 0; i < e->u.call.args.n; i++) {
        const PyExpr *x = e->u.call.args.items[i];
        if (x->kind == PY_E_STARRED) {
            Value *v = eval(c, x->u.value);
            Value **items;
            uint32_t n;
            if (!v) return false;
            if (!pv_iter(ev, v, &items, &n)) {
                pv_raise(ev, x->at, "TypeError", "argument after * must be iterable");
                return false;
            }
            a->pos = arena_realloc(ev->a, a->pos, cap * sizeof *a->pos, (cap + n) * sizeof *a->pos);
            a->pos_at = arena_realloc(ev->a, a->pos_at, cap * sizeof *a->pos_at, (cap + n) * sizeof *a->pos_at);
            cap += n;
            for (uint32_t k = 0; k < n; k++) a->pos_at[a->npos] = x->at, a->pos[a->npos++] = items[k];
            continue;
        }
        Value *v = eval(c, x);
        if (!v) return false;
        a->pos_at[a->npos] = x->at;
        a->pos[a->npos++] = v;
    }
    for (uint32_t i = 0; i < e->u.call.keywords.n; i++) {
        const PyKeyword *k = e->u.call.keywords.items[i];
        Value *v = eval(c, k->value);
        if (!v) return false;
        if (k->arg) {
            a->kwn[a->nkw] = k->arg;
            a->kwv[a->nkw++] = v;
            continue;
        }
        if (v->kind != V_DICT) {
            pv_raise(ev, k->at, "TypeError", "argument after ** must be a mapping");
            return false;
        }
        a->kwn = arena_realloc(ev->a, a->kwn, kcap * sizeof *a->kwn, (kcap + v->u.dict.n) * sizeof *a->kwn);
        a->kwv = arena_realloc(ev->a, a->kwv, kcap * sizeof *a->kwv, (kcap + v->u.dict.n) * sizeof *a->kwv);
        kcap += v->u.dict.n;
        for (uint32_t d = 0; d < v->u.dict.n; d++) {
            if (v->u.dict.keys[d]->kind != V_STR) continue;
            a->kwn[a->nkw] = v->u.dict.keys[d]->u.str.s;
            a->kwv[a->nkw++] = v->u.dict.vals[d];
        }
    }
    return true;
}

typedef struct {
    const PyCompList *gens;
    const PyExpr     *elt, *val;
    Value            *out;
} Comp;

static bool comp_loop(Ctx *c, Comp *cp, uint32_t g) {
    Eval *ev = c->ev;
    if (g == cp->gens->n) {
        Value *x = eval(c, cp->elt);
        if (!x) return false;
        if (cp->out->kind == V_DICT) {
            Value *y = eval(c, cp->val);
            if (!y) return false;
            pv_dict_set(ev, cp->out, x, y);
        } else
            pv_seq_push(ev, cp->out, x);
        return true;
    }
    const PyComp *gen = cp->gens->items[g];
    Value *it = eval(c, gen->iter);
    Value **items;
    uint32_t n;
    if (!it) return false;
    if (it->kind == V_OPAQUE) {
        cp->out = it;
        return true;
    }
    if (!pv_iter(ev, it, &items, &n)) {
        pv_raise(ev, gen->iter->at, "TypeError", "'%s' object is not iterable", pv_kind_name(it));
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!assign(c, gen->target, items[i])) return false;
        bool keep = true;
        for (uint32_t k = 0; k < gen->ifs.n && keep; k++) {
            Value *t = eval(c, gen->ifs.items[k]);
            if (!t) return false;
            keep = pv_truthy(t);
        }
        if (keep && !comp_loop(c, cp, g + 1)) return false;
        if (cp->out->kind == V_OPAQUE) return true;
    }
    return true;
}

static Value *eval_comp(Ctx *c, const PyExpr *e) {
    Eval *ev = c->ev;
    VKind k = e->kind == PY_E_SETCOMP ? V_SET : e->kind == PY_E_DICTCOMP ? V_DICT : V_LIST;
    Ctx inner = {ev, scope_make(ev, c->scope)};
    Comp cp = {&e->u.comp.gens, e->u.comp.elt, e->u.comp.value,
               k == V_DICT ? pv_dict(ev, e->at) : pv_seq(ev, k, e->at)};
    if (!comp_loop(&inner, &cp, 0)) return NULL;
    return cp.out;
}

static Value *eval(Ctx *c, const PyExpr *e) {
    Eval *ev = c->ev;
    switch (e->kind) {
    case PY_E_CONST: {
        const PyConst *k = &e->u.constant;
        switch (k->kind) {
        case PY_C_STR: {
            Value *v = pv_str(ev, k->s, k->len, e->at);
            v->exact = true;
            return v;
        }
        case PY_C_INT:
            if (k->fits_i64) return pv_int(ev, k->i, e->at);
            return pv_float(ev, strtod(k->s, NULL), e->at);
        case PY_C_FLOAT: return pv_float(ev, k->f, e->at);
        case PY_C_TRUE: return ev->true_;
        case PY_C_FALSE: return ev->false_;
        case PY_C_NONE: return ev->none;
        default: return pv_opaque(ev, "bytes/complex/ellipsis literal", e->at);
        }
    }
    case PY_E_JOINED: return eval_fstring(c, e);
    case PY_E_NAME: {
        Value *v = scope_lookup(c->scope, e->u.name);
        if (!v) v = star_lookup(c, e->u.name, e->at);
        if (!v) v = builtins_lookup(ev, e->u.name, e->at);
        if (!v) return pv_raise(ev, e->at, "NameError", "name '%s' is not defined", e->u.name);
        return v;
    }
    case PY_E_ATTR: {
        Value *o = eval(c, e->u.attr.value);
        return o ? pv_getattr(ev, o, e->u.attr.attr, e->at) : NULL;
    }
    case PY_E_SUBSCRIPT: {
        Value *o = eval(c, e->u.subscript.value);
        if (!o) return NULL;
        const PyExpr *s = e->u.subscript.slice;
        if (s->kind == PY_E_SLICE) {
            Value *lo = s->u.slice.lower ? eval(c, s->u.slice.lower) : NULL;
            Value *hi = s->u.slice.upper ? eval(c, s->u.slice.upper) : NULL;
            Value *st = s->u.slice.step ? eval(c, s->u.slice.step) : NULL;
            if (ev->exc_type) return NULL;
            if (o->kind == V_STR || o->kind == V_LIST || o->kind == V_TUPLE)
                return slice_seq(ev, o, lo, hi, st, e->at);
            return o->kind == V_OPAQUE ? o : pv_raise(ev, e->at, "TypeError", "cannot slice '%s'", pv_kind_name(o));
        }
        Value *k = eval(c, s);
        return k ? subscript(ev, o, k, e->at) : NULL;
    }
    case PY_E_CALL: {
        Value *f = eval(c, e->u.call.func);
        if (!f) return NULL;
        Args a;
        if (!build_args(c, e, &a)) return NULL;
        return pv_call(ev, f, &a);
    }
    case PY_E_BINOP: {
        Value *l = eval(c, e->u.binop.left);
        Value *r = l ? eval(c, e->u.binop.right) : NULL;
        return r ? binop(ev, e->u.binop.op, l, r, e->at) : NULL;
    }
    case PY_E_UNARY: {
        Value *x = eval(c, e->u.unary.operand);
        if (!x) return NULL;
        if (x->kind == V_COL) return col_unary(ev, e->u.unary.op, x, e->at);
        switch (e->u.unary.op) {
        case PY_OP_NOT: return pv_bool(ev, !pv_truthy(x));
        case PY_OP_USUB:
            if (x->kind == V_INT) return pv_int(ev, -x->u.i, e->at);
            if (x->kind == V_FLOAT) return pv_float(ev, -x->u.f, e->at);
            break;
        case PY_OP_UADD: if (is_num(x)) return x; break;
        case PY_OP_INVERT: if (x->kind == V_INT) return pv_int(ev, ~x->u.i, e->at); break;
        default: break;
        }
        if (x->kind == V_OPAQUE) return x;
        return pv_raise(ev, e->at, "TypeError", "bad operand type for unary %s: '%s'",
                        py_op_text(e->u.unary.op), pv_kind_name(x));
    }
    case PY_E_BOOLOP: {
        Value *v = NULL;
        for (uint32_t i = 0; i < e->u.boolop.values.n; i++) {
            v = eval(c, e->u.boolop.values.items[i]);
            if (!v) return NULL;
            if (v->kind == V_COL)
                return pv_raise(ev, e->at, "ValueError",
                                "cannot convert a Column to bool: use '&' for 'and', '|' for 'or', "
                                "'~' for 'not' when building DataFrame boolean expressions");
            bool t = pv_truthy(v);
            if (e->u.boolop.op == PY_OP_AND ? !t : t) return v;
        }
        return v;
    }
    case PY_E_COMPARE: {
        Value *l = eval(c, e->u.compare.left);
        if (!l) return NULL;
        Value *res = ev->true_;
        for (uint32_t i = 0; i < e->u.compare.comparators.n; i++) {
            Value *r = eval(c, e->u.compare.comparators.items[i]);
            if (!r) return NULL;
            Value *t = compare(ev, e->u.compare.ops[i], l, r, e->at);
            if (!t) return NULL;
            if (t->kind == V_COL) {
                if (e->u.compare.comparators.n > 1)
                    return pv_raise(ev, e->at, "ValueError", "chained comparisons of Columns are not supported");
                return t;
            }
            if (!pv_truthy(t)) return t;
            res = t;
            l = r;
        }
        return res;
    }
    case PY_E_IFEXP: {
        Value *t = eval(c, e->u.ifexp.test);
        if (!t) return NULL;
        if (t->kind == V_COL)
            return pv_raise(ev, e->at, "ValueError", "cannot use a Column as a condition: use F.when");
        return eval(c, pv_truthy(t) ? e->u.ifexp.body : e->u.ifexp.orelse);
    }
    case PY_E_LIST: case PY_E_TUPLE: case PY_E_SET: {
        Value *v = pv_seq(ev, e->kind == PY_E_LIST ? V_LIST : e->kind == PY_E_TUPLE ? V_TUPLE : V_SET, e->at);
        for (uint32_t i = 0; i < e->u.elts.n; i++) {
            const PyExpr *x = e->u.elts.items[i];
            if (x->kind == PY_E_STARRED) {
                Value *s = eval(c, x->u.value);
                Value **items;
                uint32_t n;
                if (!s) return NULL;
                if (!pv_iter(ev, s, &items, &n)) return pv_raise(ev, x->at, "TypeError", "not iterable");
                for (uint32_t k = 0; k < n; k++) pv_seq_push(ev, v, items[k]);
                continue;
            }
            Value *y = eval(c, x);
            if (!y) return NULL;
            pv_seq_push(ev, v, y);
        }
        return v;
    }
    case PY_E_DICT: {
        Value *d = pv_dict(ev, e->at);
        for (uint32_t i = 0; i < e->u.dict.values.n; i++) {
            Value *v = eval(c, e->u.dict.values.items[i]);
            if (!v) return NULL;
            if (!e->u.dict.keys.items[i]) {
                if (v->kind != V_DICT) return pv_raise(ev, e->at, "TypeError", "** needs a mapping");
                for (uint32_t k = 0; k < v->u.dict.n; k++) pv_dict_set(ev, d, v->u.dict.keys[k], v->u.dict.vals[k]);
                continue;
            }
            Value *k = eval(c, e->u.dict.keys.items[i]);
            if (!k) return NULL;
            pv_dict_set(ev, d, k, v);
        }
        return d;
    }
    case PY_E_LISTCOMP: case PY_E_SETCOMP: case PY_E_DICTCOMP: case PY_E_GENEXP:
        return eval_comp(c, e);
    case PY_E_LAMBDA: return make_func(c, NULL, &e->u.lambda.params, NULL, e->u.lambda.body, e->at);
    case PY_E_NAMED: {
        Value *v = eval(c, e->u.named.value);
        if (v && !assign(c, e->u.named.target, v)) return NULL;
        return v;
    }
    case PY_E_STARRED: return pv_raise(ev, e->at, "SyntaxError", "can't use starred expression here");
    case PY_E_SLICE: return pv_raise(ev, e->at, "SyntaxError", "slice outside a subscript");
    default:
        return pv_opaque(ev, arena_printf(ev->a, "Python expression not evaluated at compile time"), e->at);
    }
}

static bool assign(Ctx *c, const PyExpr *target, Value *v) {
    Eval *ev = c->ev;
    switch (target->kind) {
    case PY_E_NAME: scope_assign(ev, c->scope, target->u.name, v); return true;
    case PY_E_TUPLE: case PY_E_LIST: {
        Value **items;
        uint32_t n;
        if (v->kind == V_OPAQUE) {
            for (uint32_t i = 0; i < target->u.elts.n; i++)
                if (!assign(c, target->u.elts.items[i], v)) return false;
            return true;
        }
        if (!pv_iter(ev, v, &items, &n)) {
            pv_raise(ev, target->at, "TypeError", "cannot unpack non-iterable %s", pv_kind_name(v));
            return false;
        }
        uint32_t nt = target->u.elts.n, star = nt;
        for (uint32_t i = 0; i < nt; i++)
            if (target->u.elts.items[i]->kind == PY_E_STARRED) star = i;
        if (star == nt ? n != nt : n < nt - 1) {
            pv_raise(ev, target->at, "ValueError", "cannot unpack %u values into %u targets", n, nt);
            return false;
        }
        uint32_t k = 0;
        for (uint32_t i = 0; i < nt; i++) {
            if (i == star) {
                Value *rest = pv_seq(ev, V_LIST, target->at);
                for (uint32_t m = 0; m < n - (nt - 1); m++) pv_seq_push(ev, rest, items[k++]);
                if (!assign(c, target->u.elts.items[i]->u.value, rest)) return false;
            } else if (!assign(c, target->u.elts.items[i], items[k++]))
                return false;
        }
        return true;
    }
    case PY_E_SUBSCRIPT: {
        Value *o = eval(c, target->u.subscript.value);
        Value *k = o ? eval(c, target->u.subscript.slice) : NULL;
        if (!k) return false;
        if (o->kind == V_DICT) pv_dict_set(ev, o, k, v);
        else if (o->kind == V_LIST && k->kind == V_INT) {
            int64_t i = k->u.i < 0 ? k->u.i + o->u.seq.n : k->u.i;
            if (i < 0 || i >= (int64_t)o->u.seq.n) {
                pv_raise(ev, target->at, "IndexError", "list assignment index out of range");
                return false;
            }
            o->u.seq.items[i] = v;
        }
        return true;  // other containers: ignored (nothing a pipeline depends on)
    }
    case PY_E_ATTR: {
        Value *o = eval(c, target->u.attr.value);
        return o != NULL;  // attribute stores on objects are not modelled
    }
    case PY_E_STARRED: return assign(c, target->u.value, v);
    default:
        pv_raise(ev, target->at, "SyntaxError", "cannot assign to this expression");
        return false;
    }
}

static Flow exec_stmt(Ctx *c, const PyStmt *s);

static Flow exec_block(Ctx *c, const PyStmtList *body) {
    for (uint32_t i = 0; i < body->n; i++) {
        Flow f = exec_stmt(c, body->items[i]);
        if (f != F_NORMAL) return f;
    }
    return F_NORMAL;
}

static Flow do_import(Ctx *c, const PyStmt *s) {
    Eval *ev = c->ev;
    if (s->kind == PY_S_IMPORT) {
        for (uint32_t i = 0; i < s->u.names.n; i++) {
            const PyAlias *al = s->u.names.items[i];
            Value *m = module_import(ev, al->name, al->at);
            if (!m) m = pv_opaque(ev, arena_printf(ev->a, "module '%s'", al->name), al->at);
            if (al->asname) scope_assign(ev, c->scope, al->asname, m);
            else {  // `import a.b` binds `a`
                const char *dot = strchr(al->name, '.');
                if (dot) {
                    char *top = arena_strndup(ev->a, al->name, (size_t)(dot - al->name));
                    Value *tm = module_import(ev, top, al->at);
                    scope_assign(ev, c->scope, top, tm ? tm : pv_opaque(ev, top, al->at));
                } else
                    scope_assign(ev, c->scope, al->name, m);
            }
        }
        return F_NORMAL;
    }
    const char *mod = s->u.importfrom.module ? s->u.importfrom.module : "";
    Value *m = s->u.importfrom.level ? NULL : module_import(ev, mod, s->at);
    for (uint32_t i = 0; i < s->u.importfrom.names.n; i++) {
        const PyAlias *al = s->u.importfrom.names.items[i];
        if (!strcmp(al->name, "*")) {
            if (m && m->kind == V_NS) {
                /* `from pyspark.sql.functions import *` and friends: names resolve
                 * through the namespace on lookup. */
                char *key = arena_printf(ev->a, "__star_%s", m->u.ns.name);
                scope_assign(ev, c->scope, key, m);
            }
            continue;
        }
        Value *v = NULL;
        if (m) {
            char *sub = arena_printf(ev->a, "%s.%s", mod, al->name);
            v = module_import(ev, sub, al->at);
            if (!v && m->kind == V_NS) v = ns_attr(ev, m, al->name, al->at);
        }
        if (!v) v = pv_opaque(ev, arena_printf(ev->a, "'%s' from module '%s'", al->name, mod), al->at);
        scope_assign(ev, c->scope, al->asname ? al->asname : al->name, v);
    }
    return F_NORMAL;
}

/* Names bound by `from X import *` resolve through the recorded namespaces. */
static Value *star_lookup(Ctx *c, const char *name, SrcLoc at) {
    Eval *ev = c->ev;
    for (Scope *s = c->scope; s; s = s->parent)
        for (size_t i = 0; i < s->vars.cap; i++) {
            const char *k = s->vars.slots[i].key;
            if (!k || strncmp(k, "__star_", 7)) continue;
            Value *m = s->vars.slots[i].val;
            Value *v = ns_attr(ev, m, name, at);
            if (v && v->kind != V_OPAQUE) return v;
            ev->exc_type = NULL;
        }
    return NULL;
}

static Flow exec_for(Ctx *c, const PyStmt *s) {
    Eval *ev = c->ev;
    Value *it = eval(c, s->u.for_.iter);
    if (!it) return F_RAISE;
    if (it->kind == V_OPAQUE) return F_NORMAL;  // a loop over something unknown registers nothing we can see
    Value **items;
    uint32_t n;
    if (!pv_iter(ev, it, &items, &n)) {
        pv_raise(ev, s->u.for_.iter->at, "TypeError", "'%s' object is not iterable", pv_kind_name(it));
        return F_RAISE;
    }
    Value **snapshot = arena_alloc(ev->a, (n + 1) * sizeof *snapshot);
    if (n) memcpy(snapshot, items, n * sizeof *items);
    for (uint32_t i = 0; i < n; i++) {
        if (!assign(c, s->u.for_.target, snapshot[i])) return F_RAISE;
        Flow f = exec_block(c, &s->u.for_.body);
        if (f == F_BREAK) return F_NORMAL;
        if (f == F_RETURN || f == F_RAISE) return f;
    }
    return exec_block(c, &s->u.for_.orelse);
}

static Flow exec_while(Ctx *c, const PyStmt *s) {
    for (int iter = 0;; iter++) {
        Value *t = eval(c, s->u.while_.test);
        if (!t) return F_RAISE;
        if (t->kind == V_OPAQUE || iter > 100000) return F_NORMAL;
        if (!pv_truthy(t)) return exec_block(c, &s->u.while_.orelse);
        Flow f = exec_block(c, &s->u.while_.body);
        if (f == F_BREAK) return F_NORMAL;
        if (f == F_RETURN || f == F_RAISE) return f;
    }
}

static bool handler_matches(Ctx *c, const PyHandler *h) {
    Eval *ev = c->ev;
    if (!h->type) return true;
    if (ev->exc_reported) return false;  // compile errors are not Python exceptions
    const char *want[8];
    int n = 0;
    if (h->type->kind == PY_E_NAME) want[n++] = h->type->u.name;
    else if (h->type->kind == PY_E_TUPLE)
        for (uint32_t i = 0; i < h->type->u.elts.n && n < 8; i++)
            if (h->type->u.elts.items[i]->kind == PY_E_NAME) want[n++] = h->type->u.elts.items[i]->u.name;
    for (int i = 0; i < n; i++) {
        if (!strcmp(want[i], "Exception") || !strcmp(want[i], "BaseException")) return true;
        if (!strcmp(want[i], ev->exc_type)) return true;
        /* spark.conf.get raises a Java NoSuchElementException wrapped as Py4JJavaError. */
        if (!strcmp(ev->exc_type, "ConfigNotFound") &&
            (!strcmp(want[i], "Py4JJavaError") || !strcmp(want[i], "AnalysisException") ||
             !strcmp(want[i], "KeyError") || !strcmp(want[i], "SparkNoSuchElementException")))
            return true;
        if (!strcmp(want[i], "LookupError") && (!strcmp(ev->exc_type, "KeyError") || !strcmp(ev->exc_type, "IndexError")))
            return true;
    }
    return false;
}

static Flow exec_try(Ctx *c, const PyStmt *s) {
    Eval *ev = c->ev;
    Flow f = exec_block(c, &s->u.try_.body);
    if (f == F_RAISE) {
        for (uint32_t i = 0; i < s->u.try_.handlers.n; i++) {
            const PyHandler *h = s->u.try_.handlers.items[i];
            if (!handler_matches(c, h)) continue;
            if (h->name) scope_assign(ev, c->scope, h->name, pv_cstr(ev, ev->exc_msg ? ev->exc_msg : "", h->at));
            ev->exc_type = NULL;
            f = exec_block(c, &h->body);
            break;
        }
    } else if (f == F_NORMAL)
        f = exec_block(c, &s->u.try_.orelse);
    if (s->u.try_.finalbody.n) {
        const char *t = ev->exc_type, *m = ev->exc_msg;
        SrcLoc at = ev->exc_at;
        bool rep = ev->exc_reported;
        Value *ret = ev->ret;
        ev->exc_type = NULL;
        Flow g = exec_block(c, &s->u.try_.finalbody);
        if (g != F_NORMAL) return g;
        ev->exc_type = t, ev->exc_msg = m, ev->exc_at = at, ev->exc_reported = rep, ev->ret = ret;
    }
    return f;
}

static Flow exec_stmt(Ctx *c, const PyStmt *s) {
    Eval *ev = c->ev;
    if (++ev->steps > MAX_STEPS) {
        pv_fail(ev, s->at, "the Python code runs too long to evaluate at compile time");
        return F_RAISE;
    }
    switch (s->kind) {
    case PY_S_EXPR: {
        Value *v = eval(c, s->u.value);
        return v ? F_NORMAL : F_RAISE;
    }
    case PY_S_ASSIGN: {
        Value *v = eval(c, s->u.assign.value);
        if (!v) return F_RAISE;
        for (uint32_t i = 0; i < s->u.assign.targets.n; i++)
            if (!assign(c, s->u.assign.targets.items[i], v)) return F_RAISE;
        return F_NORMAL;
    }
    case PY_S_AUGASSIGN: {
        Value *cur = eval(c, s->u.augassign.target);
        Value *v = cur ? eval(c, s->u.augassign.value) : NULL;
        Value *r = v ? binop(ev, s->u.augassign.op, cur, v, s->at) : NULL;
        if (r && (cur->kind == V_LIST) && s->u.augassign.op == PY_OP_ADD) {  // list += extends in place
            cur->u.seq.n = 0;
            for (uint32_t i = 0; i < r->u.seq.n; i++) pv_seq_push(ev, cur, r->u.seq.items[i]);
            return F_NORMAL;
        }
        return r && assign(c, s->u.augassign.target, r) ? F_NORMAL : F_RAISE;
    }
    case PY_S_ANNASSIGN:
        if (!s->u.annassign.value) return F_NORMAL;
        {
            Value *v = eval(c, s->u.annassign.value);
            return v && assign(c, s->u.annassign.target, v) ? F_NORMAL : F_RAISE;
        }
    case PY_S_FUNCDEF: {
        Value *f = make_func(c, s->u.funcdef.name, &s->u.funcdef.params, &s->u.funcdef.body, NULL, s->at);
        if (!f) return F_RAISE;
        for (uint32_t i = s->u.funcdef.decorators.n; i-- > 0;) {
            const PyExpr *de = s->u.funcdef.decorators.items[i];
            Value *dec = eval(c, de);
            if (!dec) return F_RAISE;
            f = dlt_apply_decorator(ev, dec, f, de->at);
            if (!f) return F_RAISE;
        }
        scope_assign(ev, c->scope, s->u.funcdef.name, f);
        return F_NORMAL;
    }
    case PY_S_CLASSDEF:
        scope_assign(ev, c->scope, s->u.classdef.name,
                     pv_opaque(ev, arena_printf(ev->a, "class '%s'", s->u.classdef.name), s->at));
        return F_NORMAL;
    case PY_S_RETURN:
        if (s->u.value) {
            ev->ret = eval(c, s->u.value);
            if (!ev->ret) return F_RAISE;
        } else
            ev->ret = ev->none;
        return F_RETURN;
    case PY_S_IF: {
        Value *t = eval(c, s->u.while_.test);
        if (!t) return F_RAISE;
        if (t->kind == V_COL) {
            pv_raise(ev, s->at, "ValueError", "cannot use a Column as an if condition");
            return F_RAISE;
        }
        if (t->kind == V_OPAQUE) return F_NORMAL;
        return exec_block(c, pv_truthy(t) ? &s->u.while_.body : &s->u.while_.orelse);
    }
    case PY_S_FOR: return exec_for(c, s);
    case PY_S_WHILE: return exec_while(c, s);
    case PY_S_BREAK: return F_BREAK;
    case PY_S_CONTINUE: return F_CONTINUE;
    case PY_S_PASS: return F_NORMAL;
    case PY_S_IMPORT: case PY_S_IMPORTFROM: return do_import(c, s);
    case PY_S_GLOBAL:
        for (uint32_t i = 0; i < s->u.ids.n; i++)
            hm_put(&c->scope->globals_decl, s->u.ids.items[i], (void *)1);
        return F_NORMAL;
    case PY_S_NONLOCAL: return F_NORMAL;
    case PY_S_TRY: return exec_try(c, s);
    case PY_S_RAISE: {
        const char *type = "Exception", *msg = "";
        if (s->u.raise.exc) {
            const PyExpr *x = s->u.raise.exc;
            const PyExpr *fn = x->kind == PY_E_CALL ? x->u.call.func : x;
            if (fn->kind == PY_E_NAME) type = fn->u.name;
            if (x->kind == PY_E_CALL && x->u.call.args.n) {
                Value *m = eval(c, x->u.call.args.items[0]);
                if (!m) return F_RAISE;
                msg = pv_to_str(ev, m, false);
            }
        }
        pv_raise(ev, s->at, type, "%s", msg);
        return F_RAISE;
    }
    case PY_S_ASSERT: {
        Value *t = eval(c, s->u.assert_.test);
        if (!t) return F_RAISE;
        if (t->kind != V_OPAQUE && !pv_truthy(t)) {
            pv_raise(ev, s->at, "AssertionError", "assertion failed");
            return F_RAISE;
        }
        return F_NORMAL;
    }
    case PY_S_WITH: return exec_block(c, &s->u.with.body);
    case PY_S_DELETE: return F_NORMAL;
    }
    return F_NORMAL;
}

/* ---- module entry ---------------------------------------------------------------- */

static void report_exception(Eval *ev) {
    if (!ev->exc_type || ev->exc_reported) return;
    if (!strcmp(ev->exc_type, "ConfigNotFound"))
        diag_error(ev->d, ev->exc_at, "%s", ev->exc_msg);
    else
        diag_error(ev->d, ev->exc_at, "%s: %s", ev->exc_type, ev->exc_msg);
    ev->exc_reported = true;
}

void pyeval_module(IrPipeline *p, SourceSet *src, const PyModule *m, const PyEvalOptions *opt,
                   Diags *d) {
    Eval ev = {.p = p, .src = src, .d = d, .a = p->arena, .opt = opt};
    ev.none = pv_new(&ev, V_NONE, SRC_NONE);
    ev.true_ = pv_new(&ev, V_BOOL, SRC_NONE);
    ev.true_->u.b = true;
    ev.false_ = pv_new(&ev, V_BOOL, SRC_NONE);
    ev.globals = scope_make(&ev, NULL);
    Ctx c = {&ev, ev.globals};
    bool aborted = false;
    for (uint32_t i = 0; i < m->body.n && !aborted; i++) {
        Flow f = exec_stmt(&c, m->body.items[i]);
        if (f != F_RAISE) continue;
        /* A Python exception ends the module as it would in Python; a compile error
         * already reported lets the evaluation go on, so one run shows them all. */
        aborted = !ev.exc_reported;
        report_exception(&ev);
        ev.exc_type = NULL;
    }
    if (!aborted) dlt_run_queries(&ev);
    for (ScopeList *l = ev.scopes; l; l = l->next) {
        hm_free(&l->s->vars);
        hm_free(&l->s->globals_decl);
    }
    free(ev.regs);
    free(ev.reads);
}
