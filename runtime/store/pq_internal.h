/* Internal interface shared by the Parquet reader and writer files (pq_*.c,
 * parquet_read.c, parquet_write.c): decoded footer structures, the column
 * cursor that walks a chunk's pages, and the encoding helpers. The Delta
 * checkpoint reader may build on PqColCursor for columns with max rep <= 1. */
#ifndef SLUICE_PQ_INTERNAL_H
#define SLUICE_PQ_INTERNAL_H

#include "parquet.h"
#include "str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {                 // Parquet physical types
    PT_BOOLEAN = 0,    // bit-packed
    PT_INT32 = 1,      // 4 bytes LE
    PT_INT64 = 2,      // 8 bytes LE
    PT_INT96 = 3,      // 12 bytes: nanos of day, Julian day
    PT_FLOAT = 4,      // 4 bytes
    PT_DOUBLE = 5,     // 8 bytes
    PT_BYTE_ARRAY = 6, // u32 length + bytes
    PT_FLBA = 7,       // fixed length byte array
};

enum {                              // Parquet encodings
    PE_PLAIN = 0,                   // values as they are
    PE_PLAIN_DICTIONARY = 2,        // legacy name for RLE_DICTIONARY
    PE_RLE = 3,                     // hybrid runs (levels, booleans)
    PE_BIT_PACKED = 4,              // legacy levels, MSB-first
    PE_DELTA_BINARY_PACKED = 5,     // ints
    PE_DELTA_LENGTH_BYTE_ARRAY = 6, // lengths then bytes
    PE_DELTA_BYTE_ARRAY = 7,        // prefix/suffix
    PE_RLE_DICTIONARY = 8,          // dictionary indices
    PE_BYTE_STREAM_SPLIT = 9,       // byte planes
};

enum { // ConvertedType
    CT_NONE = -1,
    CT_UTF8 = 0,
    CT_MAP = 1,
    CT_MAP_KEY_VALUE = 2,
    CT_LIST = 3,
    CT_ENUM = 4,
    CT_DECIMAL = 5,
    CT_DATE = 6,
    CT_TIME_MILLIS = 7,
    CT_TIME_MICROS = 8,
    CT_TIMESTAMP_MILLIS = 9,
    CT_TIMESTAMP_MICROS = 10,
    CT_UINT_8 = 11,
    CT_UINT_16 = 12,
    CT_UINT_32 = 13,
    CT_UINT_64 = 14,
    CT_INT_8 = 15,
    CT_INT_16 = 16,
    CT_INT_32 = 17,
    CT_INT_64 = 18,
    CT_JSON = 19,
    CT_BSON = 20,
    CT_INTERVAL = 21,
};

enum { // LogicalType union members
    LT_NONE = 0,
    LT_STRING = 1,
    LT_MAP = 2,
    LT_LIST = 3,
    LT_ENUM = 4,
    LT_DECIMAL = 5,
    LT_DATE = 6,
    LT_TIME = 7,
    LT_TIMESTAMP = 8,
    LT_INTEGER = 10,
    LT_UNKNOWN = 11,
    LT_JSON = 12,
    LT_BSON = 13,
    LT_UUID = 14,
    LT_FLOAT16 = 15,
};

enum { PQ_UNIT_MILLIS = 1, PQ_UNIT_MICROS = 2, PQ_UNIT_NANOS = 3 }; // TimeUnit members

typedef struct {
    const uint8_t *p;
    uint32_t len;
    bool set;
} PqBytes;

typedef struct {
    const char *name;
    int32_t phys; // -1: group
    int32_t type_length;
    int32_t repetition;   // 0 REQUIRED, 1 OPTIONAL, 2 REPEATED, -1 absent
    int32_t num_children; // -1: leaf
    int32_t converted;    // CT_*
    int32_t scale, precision;
    int32_t logical; // LT_*
    int32_t lt_bits, lt_unit, lt_scale, lt_precision;
    bool lt_signed, lt_utc;
} PqSchemaElem;

typedef struct {
    int32_t phys, codec;
    int64_t num_values, total_uncompressed, total_compressed;
    int64_t data_page_offset, dict_page_offset; // dict: -1 when absent
    bool external;                              // file_path set: data in another file
    bool has_meta;
    bool has_null_count;
    int64_t null_count;
    PqBytes min, max, min_value, max_value;
} PqChunkMeta;

typedef struct {
    PqChunkMeta *cols;
    uint32_t ncols;
    int64_t num_rows;
} PqRowGroupMeta;

typedef struct {
    uint32_t elem; // index into schema
    int max_def, max_rep;
    const char *path; // dotted path below the root
} PqLeaf;

typedef struct {
    int32_t version;
    PqSchemaElem *schema;
    uint32_t nschema;
    int64_t num_rows;
    PqRowGroupMeta *rgs;
    uint32_t nrg;
    const char *created_by;
    bool encrypted;
    PqLeaf *leaves;
    uint32_t nleaves;
} PqFileMeta;

/* Footer: decode FileMetaData (binary fields point into buf, which must outlive
 * out; everything else lives in a). Computes the leaves. 0 ok, -1 with *err. */
int pq_meta_decode(const uint8_t *buf, size_t len, Arena *a, PqFileMeta *out, const char **err);

/* ---- RLE / bit-packed hybrid (pq_rle.c) ---- */
typedef struct {
    const uint8_t *p, *end;
    int width;
    uint32_t run_left; // values left in the current run
    bool run_rle;
    uint32_t rle_value;
    uint32_t bp_index; // next value within the bit-packed run
    const uint8_t *bp; // start of the bit-packed run data
    uint32_t bp_count; // values in the bit-packed run that are backed by bytes
} PqRle;

void pq_rle_init(PqRle *r, const uint8_t *p, size_t len, int width);
/* Decode n values into out (uint32). Returns the number decoded (< n: data ran out). */
uint32_t pq_rle_get(PqRle *r, uint32_t *out, uint32_t n);
/* Same into bytes (levels, booleans; width <= 8). */
uint32_t pq_rle_get8(PqRle *r, uint8_t *out, uint32_t n);
/* Old BIT_PACKED levels: MSB-first, n values of width w. Returns bytes used or -1. */
long pq_bitpacked_msb(const uint8_t *p, size_t len, int width, uint8_t *out, uint32_t n);
/* Unpack n (multiple of 8 not required) LSB-first values of width w (<= 64). */
void pq_unpack64(const uint8_t *p, int width, uint64_t *out, uint32_t n);
int pq_bit_width(uint64_t max_value);

/* Encoder for levels and dictionary indices: appends hybrid runs to buf. */
void pq_rle_encode(StrBuf *buf, const uint32_t *vals, uint32_t n, int width);
void pq_rle_encode8(StrBuf *buf, const uint8_t *vals, uint32_t n, int width);

/* ---- DELTA_* and BYTE_STREAM_SPLIT (pq_delta.c) ---- */
/* Decode up to cap values of a DELTA_BINARY_PACKED stream into out (int64, values
 * wrap to 32 bits when is32). *n_out: values produced (total_count); *used: bytes
 * consumed. 0 ok, -1 corrupt. out may be NULL to only measure. */
int pq_delta_decode(const uint8_t *p, size_t len, bool is32, int64_t *out, uint32_t cap,
                    uint32_t *n_out, size_t *used);

/* ---- the column cursor (pq_column.c) ----
 * Raw access to one column chunk, for any max level (Delta checkpoints use it):
 *   PqColCursor c = {0};  c.phys = ...; c.type_length, c.max_def, c.max_rep (from PqLeaf),
 *   c.codec, c.path, c.chunk / c.chunk_len (the chunk's bytes), c.num_values;
 *   pq_col_init(&c);
 *   while ((rc = pq_col_next_page(&c, &err)) == 1)
 *       page_n level entries in c.rep / c.def (NULL when that max level is 0); the
 *       entries with def == max_def have values, in order, in c.vals (physical form;
 *       pq_convert turns them into engine vectors).
 *   pq_col_free(&c);
 * Page buffers are reused: c.vals, c.rep and c.def are valid until the next page. */
typedef struct {
    uint32_t n;
    const uint8_t *fixed; // n values, phys width each (BOOLEAN: 1 byte 0/1)
    Str *strs;            // BYTE_ARRAY / FLBA values
    /* strs[i+1] starts str_gap bytes after strs[i] ends (PLAIN: 4, DELTA_LENGTH: 0),
     * so a run of values can be copied with one memcpy */
    bool str_contig;
    uint8_t str_gap;
} PqValues;

typedef struct {
    /* set by the caller */
    int phys, type_length, max_def, max_rep, codec;
    const char *path;     // for messages
    const uint8_t *chunk; // the column chunk bytes (caller-owned)
    size_t chunk_len;
    int64_t num_values; // level entries in the chunk
    /* state */
    size_t pos;
    int64_t values_seen;
    PqValues dict;
    bool have_dict;
    uint32_t page_n, page_pos; // level entries in the page, next entry
    uint8_t *def, *rep;        // page_n entries, NULL when the max level is 0
    PqValues vals;             // non-null values of the page
    uint32_t val_pos;
    /* buffers */
    uint8_t *pagebuf, *dictbuf, *fixbuf, *levbuf, *dictfix;
    size_t pagecap, dictcap, fixcap, levcap, dictfixcap;
    Str *strbuf, *dictstrs;
    size_t strcap, dictstrcap;
    uint32_t *idxbuf;
    size_t idxcap;
    int64_t *i64buf;
    size_t i64cap;
    Arena scratch; // DELTA_BYTE_ARRAY values
    char errbuf[160];
} PqColCursor;

/* Start a cursor on a chunk: set the config fields above first, then call this. */
void pq_col_init(PqColCursor *c);
/* Load the next data page (reading a dictionary page first if one comes).
 * 1: a page is ready; 0: end of chunk; -1: error (*err points at c->errbuf). */
int pq_col_next_page(PqColCursor *c, const char **err);
void pq_col_free(PqColCursor *c);
int pq_phys_width(int phys, int type_length); // bytes per fixed value; 0 for BYTE_ARRAY

/* ---- value decoding (pq_values.c) ---- */
/* Decode n non-null values of one page in the given encoding into v. */
int pq_decode_values(PqColCursor *c, int encoding, const uint8_t *p, size_t len, uint32_t n,
                     PqValues *v);
/* PLAIN values; into_dict keeps them in the cursor's dictionary buffers. */
int pq_decode_plain(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n, PqValues *v,
                    bool into_dict);
void *pq_grow(void *buf, size_t *cap, size_t need); // xrealloc to at least need bytes
int pq_fail(PqColCursor *c, const char *fmt, ...)   // format c->errbuf, return -1
    __attribute__((format(printf, 2, 3)));

/* ---- types and conversion to engine vectors (pq_types.c) ---- */
typedef enum {
    CV_BOOL,      // BOOLEAN -> uint8
    CV_I32,       // INT32 -> int32 (INT, DATE)
    CV_I32_I8,    // INT32 -> int8
    CV_I32_I16,   // INT32 -> int16
    CV_U8,        // INT32 UINT_8 -> int16
    CV_U16,       // INT32 UINT_16 -> int32
    CV_U32,       // INT32 UINT_32 -> int64
    CV_I64,       // INT64 -> int64 (BIGINT, TIMESTAMP micros)
    CV_U64,       // INT64 UINT_64 -> int64, rejecting values >= 2^63
    CV_TS_MILLIS, // INT64 millis -> micros
    CV_TS_NANOS,  // INT64 nanos -> micros, floor division
    CV_INT96,     // INT96 -> micros
    CV_F32,       // FLOAT
    CV_F64,       // DOUBLE
    CV_DEC_I32,   // INT32 unscaled -> i128
    CV_DEC_I64,   // INT64 unscaled -> i128
    CV_DEC_BYTES, // FLBA / BYTE_ARRAY big-endian two's complement -> i128
    CV_STR,       // BYTE_ARRAY / FLBA -> Str (bytes copied into the batch heap)
} PqConv;

/* Engine type and conversion of a leaf; -1 with a message (unsupported type) in err. */
int pq_leaf_type(const PqSchemaElem *e, Type *type, PqConv *conv, char *err, size_t errcap);
/* Convert n values starting at v[from] into dst (engine layout, contiguous).
 * Strings are copied into b's heap. -1 when a value does not fit (UINT_64). */
int pq_convert(PqConv cv, const PqValues *v, uint32_t from, uint32_t n, void *dst, Batch *b);
/* Decode one statistics value (PLAIN bytes, no length prefix) into a Datum. */
bool pq_stat_datum(PqConv cv, Type t, const PqBytes *raw, Datum *out);
int pq_datum_cmp(const Datum *a, const Datum *b);    // same engine type; <0, 0, >0
i128 pq_dec_from_be(const uint8_t *p, uint32_t len); // sign-extended big-endian

/* ---- nested columns: ARRAY and MAP of primitives (pq_nested_read.c) ---- */
typedef enum { PQF_FLAT, PQF_LIST, PQF_MAP } PqFieldKind;
enum { PQ_MAX_LIST_DEPTH = 8 }; // array<array<...>> levels read and written

/* One top-level field of a file and the leaves holding it. For LIST / MAP a record's
 * first level entry says what the row is: def < def_null a NULL list, def < def_elem
 * an empty one, else its first element (NULL when def < the leaf's max_def). */
typedef struct {
    PqFieldKind kind;
    uint32_t elem;          // schema element of the field
    uint32_t leaf, nleaves; // its leaves (MAP: keys, then values)
    int def_null, def_elem;
    bool nullable;
    /* LIST of LISTs (array<array<...>>): depth list levels; level j (0-based) is NULL
     * below lv_null[j] and empty below lv_elem[j] (level 0 is def_null / def_elem) */
    int depth;
    int lv_null[PQ_MAX_LIST_DEPTH], lv_elem[PQ_MAX_LIST_DEPTH];
} PqField;

/* The top-level fields of a file: flat leaves, LISTs (3-level, and legacy 2-level / bare
 * REPEATED primitives) and MAPs of primitives. fields has room for m->nschema entries.
 * -1 with a message naming the column for structs and deeper nesting. */
int pq_fields(const PqFileMeta *m, PqField *fields, uint32_t *nfields, char *err, size_t cap);
/* Fill rows [0, n) of the ARRAY / MAP vector v, reading exactly n records from cur[0]
 * (and the values from cur[1] for a MAP) with the leaves' conversions conv[]. Element
 * strings are copied into b's heap. 0 ok, -1 with a message in err. */
int pq_nested_fill(const PqField *f, PqColCursor *cur, const PqConv *conv, Vec *v, uint32_t n,
                   Batch *b, char *err, size_t cap);

/* ---- writer internals (pq_stats.c, pq_encode.c, pq_meta_write.c, parquet_write.c) ---- */
typedef struct {
    bool has; // a non-null value was seen
    bool nan; // a NaN was seen: no min/max
    int64_t nulls;
    int64_t imin, imax;
    double dmin, dmax;
    i128 qmin, qmax;
    char *smin, *smax; // malloc'd copies
    uint32_t lmin, lmax;
    size_t capmin, capmax;
} PqWStats;

/* Fold rows [from, from+n) of batch positions into s (rows[] maps to vector rows, or NULL). */
void pq_wstats_update(PqWStats *s, const Vec *v, const uint16_t *rows, uint32_t from, uint32_t n);
void pq_wstats_merge(PqWStats *into, const PqWStats *from, TypeId t);
void pq_wstats_reset(PqWStats *s); // keeps the buffers
void pq_wstats_free(PqWStats *s);
/* PLAIN bytes of min (which=0) or max (1) for the physical type; returns the length. */
uint32_t pq_wstats_bytes(const PqWStats *s, Type t, int which, uint8_t *buf16, const uint8_t **out);
Datum pq_wstats_datum(const PqWStats *s, Type t, int which);

/* Physical layout chosen for an engine type. */
typedef struct {
    int32_t phys, type_length, converted, logical; // LT_*; CT_NONE when none
    int32_t bits;                                  // INTEGER bit width
} PqWType;
void pq_wtype(Type t, PqWType *out);

typedef struct {
    int64_t data_off, dict_off; // dict_off -1: none
    int64_t usize, csize, num_values;
    uint32_t encodings; // bit e set: encoding e used
    PqWStats stats;
} PqWChunk;

typedef struct {
    PqWChunk *cols;
    int64_t num_rows, file_offset, total_usize, total_csize;
} PqWRowGroup;

/* One column being written: the page in progress and the chunk's pages. */
typedef struct {
    Type type;
    PqWType pt;
    bool nullable;
    int width; // physical fixed width; 0 for BYTE_ARRAY
    int codec;
    uint32_t page_rows_max;
    /* levels: a flat column has max_def 0 or 1 and max_rep 0; the leaves of ARRAY / MAP
     * columns (nested) have max_rep 1, more level entries than rows, and no statistics */
    int max_def, max_rep;
    bool nested;
    const char *path[2 * PQ_MAX_LIST_DEPTH + 1]; // path_in_schema (names: the schema's)
    uint32_t npath;
    /* page in progress */
    uint8_t *def, *rep; // page_levels entries (rep: nested only); room for lev_cap
    uint32_t page_rows, page_vals, page_levels, lev_cap, idx_cap;
    StrBuf plain;  // PLAIN values (non-dictionary pages)
    uint32_t *idx; // dictionary indices (page_rows_max)
    /* dictionary */
    int dict_state; // 0 on, 1 off for the rest of the chunk, 2 never
    bool dict_used; // some page of the chunk uses it
    bool first_page;
    uint32_t *slots; // hash table of entry+1
    uint32_t nslots, ndict;
    StrBuf dict;        // PLAIN entries
    uint32_t *dict_off; // BYTE_ARRAY: offset of entry i's length prefix
    size_t dict_off_cap;
    /* chunk */
    StrBuf pages; // encoded data pages
    StrBuf scratch, comp;
    PqWChunk chunk;
    PqWStats page_stats;
    bool failed; // a page failed to compress
} PqWCol;

void pq_wcol_init(PqWCol *c, Type t, bool nullable, int codec, uint32_t page_rows, bool no_dict);
/* A leaf of an ARRAY / MAP column: element type t, levels up to max_def with max_rep 1. */
void pq_wcol_init_nested(PqWCol *c, Type t, int max_def, int codec, uint32_t page_rows,
                         bool no_dict);
/* Room for extra more level entries and values in the page in progress. */
void pq_wcol_reserve(PqWCol *c, uint32_t extra);
/* Append the non-NULL values among rows [from, from+n) of v (levels are the caller's). */
void pq_wcol_append_values(PqWCol *c, const Vec *v, uint32_t from, uint32_t n);
/* Append rows [from, from+n) (rows[] maps to vector rows, or NULL) of v; the page must have room.
 */
void pq_wcol_append(PqWCol *c, const Vec *v, const uint16_t *rows, uint32_t from, uint32_t n);
void pq_wcol_flush_page(PqWCol *c);
/* Dictionary page (if any) then data pages into out at file offset off; fills c->chunk
 * offsets, moves them to dst and resets the column for the next chunk. -1 when
 * compression failed. */
int pq_wcol_finish_chunk(PqWCol *c, StrBuf *out, int64_t off, PqWChunk *dst);
void pq_sb_reserve(StrBuf *b, size_t extra); // room for extra bytes without writing
size_t pq_wcol_page_bytes(const PqWCol *c);
void pq_wcol_free(PqWCol *c);

/* Footer: FileMetaData for the schema and row groups into buf; cols and each row group's
 * chunks are per leaf (nleaves, in schema order: an ARRAY has one, a MAP two). */
void pq_meta_encode(StrBuf *buf, const Schema *s, const PqWCol *cols, uint32_t nleaves,
                    const PqWRowGroup *rgs, uint32_t nrg, int64_t num_rows, int codec);

/* ---- nested columns in the writer (pq_nested_write.c) ---- */
/* Levels of ARRAY nesting in t (array<array<int>>: 2), 0 for other types. */
int pq_list_depth(Type t);
/* Leaf writers of an ARRAY / MAP column (1 or 2 at leaves), named for the footer. */
void pq_nested_wcols_init(PqWCol *leaves, const Column *col, int codec, uint32_t page_rows,
                          bool no_dict);
/* Append rows [from, from+n) (rows[] maps to vector rows, or NULL) of the ARRAY / MAP
 * vector v to its leaves: levels, then element values. Adds the NULL rows to *nulls.
 * -1 when a map key is NULL (Parquet map keys are required). */
int pq_nested_append(PqWCol *leaves, const Vec *v, const uint16_t *rows, uint32_t from,
                     uint32_t n, int64_t *nulls);

#endif
