/* Spark's implicit type coercion (non-ANSI, Spark 3.x): the common type of two types
 * (TypeCoercion.findWiderTypeForTwo and findCommonTypeForBinaryComparison), the
 * decimal result rules of arithmetic (DecimalPrecision), and which casts are legal
 * (Cast.canCast / Cast.canUpCast). Used by func_check and by the planner directly. */
#include "funcs.h"

#include <pthread.h>
#include <stdlib.h>

/* Position in Spark's numericPrecedence (byte < short < int < long < float < double). */
static int num_rank(TypeId t) {
    switch (t) {
    case TY_TINYINT: return 1;
    case TY_SMALLINT: return 2;
    case TY_INT: return 3;
    case TY_BIGINT: return 4;
    case TY_FLOAT: return 5;
    case TY_DOUBLE: return 6;
    default: return 0;
    }
}

static bool is_atomic(TypeId t) {
    return t != TY_ARRAY && t != TY_MAP && t != TY_STRUCT && t != TY_NULL && t < TY_COUNT_;
}

/* DecimalType.forType: the decimal that holds every value of an integral type. */
Type type_decimal_for(Type t) {
    switch (t.id) {
    case TY_TINYINT: return type_decimal(3, 0);
    case TY_SMALLINT: return type_decimal(5, 0);
    case TY_INT: return type_decimal(10, 0);
    case TY_BIGINT: return type_decimal(20, 0);
    case TY_FLOAT: return type_decimal(14, 7);
    case TY_DOUBLE: return type_decimal(30, 15);
    default: return t;
    }
}

/* DecimalType.bounded: cap precision and scale at 38. */
static Type dec_bounded(int p, int s) {
    if (p > 38) p = 38;
    if (s > 38) s = 38;
    if (p < 1) p = 1;
    if (s > p) s = p;
    return type_decimal(p, s);
}

/* DecimalType.adjustPrecisionScale: when the exact result needs more than 38 digits,
 * keep the integral digits and give up scale, but never below min(scale, 6). */
Type type_decimal_adjust(int p, int s) {
    if (p <= 38) return type_decimal(p < 1 ? 1 : p, s);
    int int_digits = p - s;
    int min_scale = s < 6 ? s : 6;
    int adj = 38 - int_digits;
    if (adj < min_scale) adj = min_scale;
    return type_decimal(38, adj);
}

static Type dec_wider(Type a, Type b) {
    int s = a.scale > b.scale ? a.scale : b.scale;
    int ra = a.precision - a.scale, rb = b.precision - b.scale;
    int range = ra > rb ? ra : rb;
    return dec_bounded(range + s, s);
}

/* findTightestCommonType: same type, NULL, numeric widening, date with timestamp. */
static bool tightest(Type a, Type b, Type *out) {
    if (type_eq(a, b)) { *out = a; return true; }
    if (a.id == TY_NULL) { *out = b; return true; }
    if (b.id == TY_NULL) { *out = a; return true; }
    int ra = num_rank(a.id), rb = num_rank(b.id);
    if (ra && rb) { *out = ra > rb ? a : b; return true; }
    if ((a.id == TY_DATE && b.id == TY_TIMESTAMP) || (a.id == TY_TIMESTAMP && b.id == TY_DATE)) {
        *out = TYPE(TY_TIMESTAMP);
        return true;
    }
    return false;
}

/* findWiderTypeForDecimal: decimal with integral widens the decimal; with a
 * floating type the result is double. */
static bool wider_decimal(Type a, Type b, Type *out) {
    if (a.id != TY_DECIMAL && b.id != TY_DECIMAL) return false;
    if (a.id == TY_DECIMAL && b.id == TY_DECIMAL) { *out = dec_wider(a, b); return true; }
    Type d = a.id == TY_DECIMAL ? a : b, o = a.id == TY_DECIMAL ? b : a;
    if (type_is_integral(o.id)) { *out = dec_wider(d, type_decimal_for(o)); return true; }
    if (o.id == TY_FLOAT || o.id == TY_DOUBLE) { *out = TYPE(TY_DOUBLE); return true; }
    return false;
}

static const TypeNested *nested_array(Type elem);
static const TypeNested *nested_map(Type k, Type v);

bool type_common(Type a, Type b, Type *out) {
    if (tightest(a, b, out) || wider_decimal(a, b, out)) return true;
    // stringPromotion: string with any atomic type but binary and boolean is a string
    if (a.id == TY_STRING && is_atomic(b.id) && b.id != TY_BINARY && b.id != TY_BOOLEAN) {
        *out = a;
        return true;
    }
    if (b.id == TY_STRING && is_atomic(a.id) && a.id != TY_BINARY && a.id != TY_BOOLEAN) {
        *out = b;
        return true;
    }
    if (a.id == TY_ARRAY && b.id == TY_ARRAY && a.nested && b.nested) {
        Type e;
        if (!type_common(a.nested->elem, b.nested->elem, &e)) return false;
        *out = (Type){.id = TY_ARRAY, .nested = nested_array(e)};
        return true;
    }
    if (a.id == TY_MAP && b.id == TY_MAP && a.nested && b.nested) {
        Type k, v;
        if (!type_common(a.nested->elem, b.nested->elem, &k) ||
            !type_common(a.nested->value, b.nested->value, &v))
            return false;
        *out = (Type){.id = TY_MAP, .nested = nested_map(k, v)};
        return true;
    }
    return false;
}

/* Comparisons follow findCommonTypeForBinaryComparison, which differs from
 * type_common: '1' = 1 compares as int (the string is cast to the other side's
 * type; an unparsable string becomes NULL), a string with a decimal compares as
 * double, and a string with a date or timestamp compares as date/timestamp
 * (spark.sql.legacy.castDatetimeToString is false). */
bool type_common_cmp(Type a, Type b, Type *out) {
    if (tightest(a, b, out) || wider_decimal(a, b, out)) return true;
    if (a.id == TY_STRING && b.id == TY_DECIMAL) { *out = TYPE(TY_DOUBLE); return true; }
    if (b.id == TY_STRING && a.id == TY_DECIMAL) { *out = TYPE(TY_DOUBLE); return true; }
    if (a.id == TY_STRING && is_atomic(b.id)) { *out = b; return true; }
    if (b.id == TY_STRING && is_atomic(a.id)) { *out = a; return true; }
    return type_common(a, b, out);
}

/* Result type of decimal arithmetic (DecimalPrecision with allowPrecisionLoss).
 * op: '+', '-', '*', '/', '%'. Both operands must already be decimals. */
Type type_decimal_arith(char op, Type a, Type b) {
    int p1 = a.precision, s1 = a.scale, p2 = b.precision, s2 = b.scale;
    int smax = s1 > s2 ? s1 : s2;
    int r1 = p1 - s1, r2 = p2 - s2;
    switch (op) {
    case '+': case '-': return type_decimal_adjust((r1 > r2 ? r1 : r2) + smax + 1, smax);
    case '*': return type_decimal_adjust(p1 + p2 + 1, s1 + s2);
    case '/': {
        int s = s1 + p2 + 1 > 6 ? s1 + p2 + 1 : 6;
        return type_decimal_adjust(p1 - s1 + s2 + s, s);
    }
    default: return type_decimal_adjust((r1 < r2 ? r1 : r2) + smax, smax);
    }
}

static bool nested_cast(Type from, Type to, bool (*f)(Type, Type)) {
    if (!from.nested || !to.nested) return from.nested == to.nested;
    if (from.id == TY_ARRAY) return f(from.nested->elem, to.nested->elem);
    if (from.id == TY_MAP)
        return f(from.nested->elem, to.nested->elem) && f(from.nested->value, to.nested->value);
    if (from.nested->nfields != to.nested->nfields) return false;
    for (uint32_t i = 0; i < from.nested->nfields; i++)
        if (!f(from.nested->fields[i].type, to.nested->fields[i].type)) return false;
    return true;
}

/* Cast.canCast (non-ANSI): everything atomic goes to and from string; numbers,
 * booleans, dates and timestamps convert among themselves (a date to a number is
 * legal and yields NULL); a number never becomes a date. */
bool type_can_cast(Type from, Type to) {
    if (type_eq(from, to) || from.id == TY_NULL) return true;
    if (from.id == to.id && (from.id == TY_ARRAY || from.id == TY_MAP || from.id == TY_STRUCT))
        return nested_cast(from, to, type_can_cast);
    if (to.id == TY_STRING && (from.id == TY_ARRAY || from.id == TY_MAP)) return true;  // [1, 2]
    if (!is_atomic(from.id) || !is_atomic(to.id)) return false;
    if (from.id == TY_STRING || to.id == TY_STRING) return true;
    bool fnum = type_is_numeric(from.id) || from.id == TY_BOOLEAN;
    bool tnum = type_is_numeric(to.id) || to.id == TY_BOOLEAN;
    if (fnum && tnum) return true;
    switch (to.id) {
    case TY_TIMESTAMP: return fnum || from.id == TY_DATE;
    case TY_DATE: return from.id == TY_TIMESTAMP;
    case TY_BINARY: return type_is_integral(from.id);
    default: break;
    }
    if (tnum) return from.id == TY_DATE || from.id == TY_TIMESTAMP;
    return false;
}

static bool dec_holds(Type d, Type from) {
    Type f = from.id == TY_DECIMAL ? from : type_decimal_for(from);
    return d.scale >= f.scale && d.precision - d.scale >= f.precision - f.scale;
}

/* Cast.canUpCast: casts that never lose information (declared schemas, BY NAME). */
bool type_can_up_cast(Type from, Type to) {
    if (type_eq(from, to) || from.id == TY_NULL) return true;
    if (from.id == to.id && (from.id == TY_ARRAY || from.id == TY_MAP || from.id == TY_STRUCT))
        return nested_cast(from, to, type_can_up_cast);
    if (to.id == TY_DECIMAL && (type_is_integral(from.id) || from.id == TY_DECIMAL))
        return dec_holds(to, from);
    if (from.id == TY_DECIMAL && type_is_integral(to.id))
        return dec_holds(type_decimal_for(to), from);
    int rf = num_rank(from.id), rt = num_rank(to.id);
    if (rf && rt) return rf <= rt;
    if (from.id == TY_DATE && to.id == TY_TIMESTAMP) return true;
    if (to.id == TY_STRING) return is_atomic(from.id) && from.id != TY_BINARY;
    return false;
}

/* Nested result types (array<T>, map<K,V>) must outlive any one compilation, and
 * func_check has no arena: intern them in a process-wide list (never freed, so
 * always reachable and never a leak). */
typedef struct Interned {
    TypeNested       n;
    TypeId           kind;  // TY_ARRAY or TY_MAP: array<T> and map<T,void> must differ
    struct Interned *next;
} Interned;

static Interned       *interned;
static pthread_mutex_t intern_mu = PTHREAD_MUTEX_INITIALIZER;

static const TypeNested *intern(TypeId kind, Type elem, Type value) {
    pthread_mutex_lock(&intern_mu);
    Interned *it = interned;
    for (; it; it = it->next)
        if (it->kind == kind && type_eq(it->n.elem, elem) && type_eq(it->n.value, value)) break;
    if (!it) {
        it = calloc(1, sizeof *it);
        if (!it) { pthread_mutex_unlock(&intern_mu); return NULL; }
        it->kind = kind;
        it->n.elem = elem;
        it->n.value = value;
        it->next = interned;
        interned = it;
    }
    pthread_mutex_unlock(&intern_mu);
    return &it->n;
}

static const TypeNested *nested_array(Type elem) { return intern(TY_ARRAY, elem, TYPE(TY_NULL)); }
static const TypeNested *nested_map(Type k, Type v) { return intern(TY_MAP, k, v); }

Type type_array_of(Type elem) {
    return (Type){.id = TY_ARRAY, .nested = nested_array(elem)};
}

Type type_map_of(Type key, Type value) {
    return (Type){.id = TY_MAP, .nested = nested_map(key, value)};
}
