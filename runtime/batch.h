/* Column batches: the unit of data between every runtime component. Up to
 * BATCH_ROWS rows; one typed vector per column with a validity bitmap; strings
 * as (length, pointer) into the batch's heap; an optional selection vector that
 * a filter narrows instead of copying rows (as DuckDB does).
 * Ownership: a batch returned by a producer is borrowed until the producer's
 * next call; copy what you keep. */
#ifndef SLUICE_BATCH_H
#define SLUICE_BATCH_H

#include "arena.h"
#include "types.h"

#include <stdbool.h>
#include <stdint.h>

enum { BATCH_ROWS = 2048 };  // DuckDB's STANDARD_VECTOR_SIZE

typedef struct {
    uint32_t    len;
    const char *ptr;  // into a batch heap or other storage that outlives the batch
} Str;

typedef __int128 i128;

/* One row of an ARRAY or MAP vector: its elements are child rows [off, off + len). */
typedef struct {
    uint32_t off, len;
} VecList;

/* ARRAY and MAP vectors: data holds one VecList per row; a NULL array is a cleared valid bit
 * (its VecList is {off, 0}). The elements live in child vectors, ordinary Vecs of the element
 * type whose data and valid bitmap are sized for child_cap rows (which may exceed BATCH_ROWS);
 * their strings live in the batch heap. ARRAY: child is the element vector; MAP: child points
 * to two Vecs, keys (child[0]) and values (child[1]). Elements may nest the same way. */
typedef struct Vec {
    Type        type;
    void       *data;   // BATCH_ROWS values of type (see TypeId comments for C types)
    uint64_t   *valid;  // bit i set: row i is not NULL; NULL pointer: no NULLs
    bool        is_const;  // all rows equal row 0 (a literal operand)
    struct Vec *child;  // ARRAY / MAP only (see above); NULL otherwise
    uint32_t    child_len, child_cap;  // elements used / allocated in the child vector(s)
} Vec;

typedef struct {
    const char *name;  // column name as the user spelled it (owned by the schema's arena)
    Type        type;
    bool        nullable;
} Column;

typedef struct {
    Column  *cols;
    uint32_t ncols;
    Arena    arena;  // names and nested types
} Schema;

typedef struct {
    uint32_t  ncols, nrows;  // nrows <= BATCH_ROWS
    uint16_t *sel;           // live rows, or NULL meaning 0..nrows-1
    uint32_t  nsel;
    Vec      *cols;
    Arena     heap;          // string bytes; reset on refill
} Batch;

/* One scalar value: literals, statistics bounds, predicate operands. */
typedef struct {
    Type type;
    bool is_null;
    union {
        int64_t i;    // BOOLEAN, integral types, DATE, TIMESTAMP, INTERVAL
        double  d;    // FLOAT, DOUBLE
        i128    dec;  // DECIMAL unscaled
        Str     s;    // STRING, BINARY (storage owned by whoever made the Datum)
    } v;
} Datum;

/* Vector access. */
static inline bool vec_is_null(const Vec *v, uint32_t i) {
    return v->valid && !(v->valid[i >> 6] >> (i & 63) & 1);
}
void vec_set_null(Vec *v, uint32_t i);   // allocates the bitmap on first NULL
void vec_set_valid(Vec *v, uint32_t i);
/* vec_set_null for a vector of cap rows (a child vector: cap is its parent's child_cap). */
void vec_set_null_n(Vec *v, uint32_t i, uint32_t cap);
static inline bool type_is_nested(TypeId t) { return t == TY_ARRAY || t == TY_MAP; }
static inline VecList *vec_lists(const Vec *v) { return (VecList *)v->data; }
/* Number of child vectors of a nested vector: 1 for ARRAY, 2 for MAP, else 0. */
static inline uint32_t vec_nchild(const Vec *v) {
    return v->type.id == TY_ARRAY ? 1 : v->type.id == TY_MAP ? 2 : 0;
}
/* Allocate a vector of type t with room for cap rows (data zeroed, no NULLs), and for
 * ARRAY/MAP its child vector(s) (empty); vec_release frees what it allocated. */
void vec_alloc(Vec *v, Type t, uint32_t cap);
void vec_release(Vec *v);
/* The empty child vector(s) of an ARRAY/MAP vector whose data is allocated elsewhere (an
 * arena); vec_free_children frees them. No-ops for other types. */
void vec_alloc_children(Vec *v);
void vec_free_children(Vec *v);
/* Grow the child storage of an ARRAY/MAP vector to at least n elements, keeping contents
 * (new element slots are valid). */
void vec_child_reserve(Vec *v, uint32_t n);
/* Empty a nested vector's children (child_len 0, child bitmaps dropped), recursively. */
void vec_child_clear(Vec *v);
static inline uint32_t batch_live(const Batch *b) { return b->sel ? b->nsel : b->nrows; }
static inline uint32_t batch_row(const Batch *b, uint32_t k) { return b->sel ? b->sel[k] : k; }

/* Batches: allocate with the column types of a schema; reset before refilling. */
Batch *batch_new(const Type *types, uint32_t ncols);   // caller frees with batch_free
void   batch_reset(Batch *b);                          // nrows 0, no sel, all valid, heap reset
void   batch_free(Batch *b);
/* Copy bytes into the batch heap; the Str stays valid until batch_reset. */
Str    batch_str(Batch *b, const char *s, uint32_t len);

/* Schemas. */
void    schema_init(Schema *s);
Column *schema_add(Schema *s, const char *name, Type type, bool nullable);
int     schema_find(const Schema *s, const char *name);  // case-insensitive; -1 if absent
void    schema_free(Schema *s);
void    schema_copy(Schema *dst, const Schema *src);

#endif
