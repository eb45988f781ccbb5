/* Normalised sort keys (op_sort*.c): all ORDER BY keys of a row encoded into one
 * fixed-width record whose memcmp order is the requested order (DuckDB's approach), with
 * the row id last so that equal keys keep input order. Strings contribute a fixed prefix;
 * on prefix ties the full values are found by row id through the caller's source, as are
 * the values of types without an encoding (nested), compared by value_cmp. */
#ifndef SLUICE_OP_SORT_KEY_H
#define SLUICE_OP_SORT_KEY_H

#include "batch.h"

#include <stdbool.h>
#include <stdint.h>

enum { SORT_STR_PREFIX = 12 }; // string bytes in the record (DuckDB's default), + a length byte
/* Row ids take 5 bytes (a trillion rows; fewer bytes to move in the sort). The largest
 * is kept for rows compared before they have an id: they lose ties to every row. */
enum { SORT_ID_BYTES = 5 };
#define SORT_ID_MAX ((1ull << (8 * SORT_ID_BYTES)) - 1)

typedef enum {
    SK_FIXED,   // the whole value is in the record
    SK_STRING,  // STRING / BINARY: prefix in the record, full value from the source
    SK_GENERIC, // no encoding: the value from the source, compared by value_cmp
} SortKeyKind;

typedef struct {
    SortKeyKind kind;
    Type type;
    bool desc, nulls_first;
    uint32_t off;   // the NULL-class byte; the value's bytes follow
    uint32_t width; // value bytes after the class byte
} SortKeyCol;

/* The vector and row holding key k of the row with this id (non-fixed keys only). */
typedef const Vec *(*SortKeySource)(void *ctx, int k, uint64_t id, uint32_t *row);

typedef struct {
    SortKeySource source; // set by the caller when a key is not fixed
    void *source_ctx;
    SortKeyCol *cols;
    int ncols;
    uint32_t id_off;    // the row id, SORT_ID_BYTES big-endian: the last ordered bytes
    uint32_t radix_end; // bytes [0, radix_end) order records by memcmp alone
    // Segments: runs of memcmp-ordered bytes, each ending after a non-fixed key's prefix
    // (seg_key: that key) or after the row id (seg_key -1, the last).
    uint32_t *seg_end;
    int *seg_key;
    int nseg;
    uint32_t width; // bytes per record (a multiple of 8)
} SortLayout;

/* The record layout for nkeys keys of the given types and directions. */
void sort_layout_init(SortLayout *l, const Type *types, const bool *desc, const bool *nulls_first,
                      int nkeys);
void sort_layout_free(SortLayout *l);
/* Whether a key of this type is stored in the record alone (no value kept elsewhere). */
bool sort_key_fixed(TypeId t);

/* Encode key k of rows rows[0..m) (NULL: 0..m-1) of v (dense or constant) into the
 * records at rec, rec + width, ...: its class byte and value bytes. */
void sort_encode(const SortLayout *l, int k, const Vec *v, const uint16_t *rows, uint32_t m,
                 uint8_t *rec);
void sort_set_id(const SortLayout *l, uint8_t *rec, uint64_t id); // above SORT_ID_MAX: the max
uint64_t sort_get_id(const SortLayout *l, const uint8_t *rec);

/* Order of two records: < 0, 0 (same id), > 0. */
int sort_cmp(const SortLayout *l, const uint8_t *a, const uint8_t *b);
/* Order of the full values of non-fixed key k of two records equal up to its prefix. */
int sort_cmp_key(const SortLayout *l, int k, const uint8_t *a, const uint8_t *b);
/* Sort n records in place (MSD radix on the memcmp bytes, comparisons for the rest). */
void sort_records(const SortLayout *l, uint8_t *rec, uint64_t n);

#endif
