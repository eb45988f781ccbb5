/* Internals shared by the file-source readers (src_*.c): parsed options, the buffered
 * input over a byte range of a file, text-to-value casts, and the reader object that
 * each format fills with its own next/close. Not part of the interface (see filesrc.h). */
#ifndef SLUICE_SRC_INTERNAL_H
#define SLUICE_SRC_INTERNAL_H

#include "filesrc.h"
#include "str.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    SM_PERMISSIVE,     // bad record -> NULLs (+ _corrupt_record raw text)
    SM_DROPMALFORMED,  // bad record dropped
    SM_FAILFAST,       // bad record -> error naming file and line
} SrcMode;

typedef struct {
    SrcMode     mode;
    bool        multiline, header, infer_schema, infer_types, prims_as_string;
    bool        allow_comments, trim_lead, trim_trail;
    bool        wholetext;  // text: the whole file is one row
    const char *sep;          // CSV separator (may be several bytes)
    uint32_t    sep_len;
    char        quote, escape, comment;  // 0: none
    const char *null_value, *empty_value;
    uint32_t    null_len, empty_len;
    bool        has_empty_value;  // emptyValue given explicitly
    const char *date_fmt, *ts_fmt;  // NULL: Spark's default ISO forms
    const char *corrupt_name, *rescued_name;
    int64_t     sample_bytes;
} SrcConf;

/* Strings in conf borrow from opts (or literals); opts must outlive conf. */
int src_conf_init(SrcConf *c, SrcFormat fmt, const SrcOpts *o, char **err);

/* Buffered reading of records that start in [start, stop) of one file. */
typedef struct {
    int     fd;
    char   *buf;
    size_t  cap, beg, end;  // unread bytes are buf[beg..end)
    int64_t pos;            // file offset of buf[beg]
    int64_t stop;           // records starting at or after this offset belong to the next range
    bool    eof;
    const char *path;       // borrowed, for messages
    void       *gz;         // gzFile when the file is gzip-compressed, else NULL
} SrcInput;

bool src_is_gzip(const char *path);  // by extension (.gz)

#define SRC_BOM "\xEF\xBB\xBF"  // UTF-8 byte order mark: skipped at the start of a file

int  src_in_open(SrcInput *in, const char *path, int64_t off, int64_t len, char **err);
/* Next line without its "\n" / "\r\n" (nor a byte order mark opening the file):
 * 1 got one, 0 end of range, -1 read error. */
int  src_in_line(SrcInput *in, const char **p, size_t *n, int64_t *off, char **err);
/* Read more bytes after the unread ones (which may move): 1 more, 0 end of file, -1 error. */
int  src_in_more(SrcInput *in, char **err);
void src_in_close(SrcInput *in);
int64_t src_line_of(const char *path, int64_t off);  // 1-based line holding byte off

/* Text to values (src_cast.c). All reject trailing garbage; false when it does not fit. */
bool src_parse_i64(const char *p, size_t n, int64_t *out);
bool src_parse_double(const char *p, size_t n, double *out);
bool src_parse_bool(const char *p, size_t n, bool *out);
bool src_parse_decimal(const char *p, size_t n, int prec, int scale, i128 *out);
/* Precision and scale a literal needs (integers bigger than bigint, CSV inference). */
bool src_decimal_shape(const char *p, size_t n, int *prec, int *scale);
bool src_parse_date(const char *p, size_t n, const char *fmt, int32_t *out);
bool src_parse_timestamp(const char *p, size_t n, const char *fmt, int64_t *out);
/* Store text into row `row` of v (type t), casting; strings copied into b's heap. */
bool src_store_text(Batch *b, Vec *v, uint32_t row, const char *p, size_t n, const SrcConf *c);

/* Hive-style partition values of a file (src_partition.c): the `k=v` directories
 * between its listing root and its name, values %-unescaped. */
typedef struct {
    char *name;
    char *value;  // NULL for __HIVE_DEFAULT_PARTITION__
} SrcPart;
typedef struct {
    SrcPart *items;
    uint32_t n;
} SrcParts;
struct FileReader {
    SrcFormat  fmt;
    SrcFile    file;     // path owned
    SrcConf    conf;
    SrcOpts    opts;     // private copy: conf borrows from it
    SrcInput   in;
    Schema     schema;   // copy of the requested schema
    int32_t   *outpos;   // per schema column: batch column, or -1 when not projected
    Type      *out_types;
    uint32_t   nout;
    int        corrupt_col, rescued_col;  // schema indexes, -1 when absent
    bool       empty;    // a range that owns no records (unsplittable file, offset > 0)
    SrcParts   parts;    // the file's partition values
    char      *heap_cur, *heap_end;  // string bytes carved from a block of the batch heap
    int32_t   *part_col; // per part: schema column it fills, or -1
    StrBuf     rescue;   // the current row's rescued fields: "k":v,"k2":v2
    StrBuf     scratch;  // per-record unescaping
    void      *impl;
    int      (*next)(FileReader *r, Batch *b, char **err);
    void     (*close)(FileReader *r);
};

/* A malformed record at file offset off (raw text p/n). Sets up row `row` per mode:
 * returns 1 keep the row (all NULL + corrupt text), 0 drop it, -1 *err (FAILFAST). */
int  src_bad_record(FileReader *r, Batch *b, uint32_t row, const char *p, size_t n,
                    int64_t off, const char *what, char **err);
/* A record whose values parsed but some did not fit (partial result): same returns;
 * permissive keeps the values read and fills the corrupt column. */
int  src_bad_values(FileReader *r, Batch *b, uint32_t row, const char *p, size_t n,
                    int64_t off, const char *what, char **err);
void src_rescue_add(FileReader *r, const char *key, size_t klen, const char *json, size_t n,
                    bool quote_value);
/* Ends a row: writes the rescued column (or NULL). */
void src_row_finish(FileReader *r, Batch *b, uint32_t row);
void src_set_null(Batch *b, int32_t outcol, uint32_t row);
/* Copy string bytes into the batch heap: carved from 64 KiB blocks, one allocation (and
 * no per-string alignment) for many small values. Valid until the batch is reset. */
static inline Str src_heap_str(FileReader *r, Batch *b, const char *p, size_t n) {
    if (n > UINT32_MAX) n = UINT32_MAX;
    if ((size_t)(r->heap_end - r->heap_cur) < n) {
        size_t cap = n > 65536 ? n : 65536;
        r->heap_cur = arena_alloc(&b->heap, cap);
        r->heap_end = r->heap_cur + cap;
    }
    char *s = r->heap_cur;
    if (n) memcpy(s, p, n);
    r->heap_cur += n;
    return (Str){(uint32_t)n, s};
}

void src_parts_of(const SrcFile *f, SrcParts *out);
void src_parts_free(SrcParts *p);
/* After a format filled b: the partition columns of the reader's file, on every row. */
void src_parts_fill(FileReader *r, Batch *b);
bool src_is_part_col(const FileReader *r, int col);

int  src_json_open(FileReader *r, char **err);
int  src_csv_open(FileReader *r, char **err);
int  src_text_open(FileReader *r, char **err);
/* Parquet: only the row groups whose middle lies in [offset, offset + length) (-1: all). */
int  src_parquet_open(FileReader *r, const int *cols, uint32_t ncols, int64_t offset,
                      int64_t length, char **err);

/* CSV record splitting, shared by the reader and inference: fields of one record in
 * p[0..n); *used gets the bytes consumed (including the line end). Returns the number
 * of fields, or -1 when the record is not complete before n (multiLine: need more). */
typedef struct {
    const char *p;        // the bytes (after src_csv_split returns)
    uint32_t    len;
    uint32_t    unesc_off;  // while splitting: offset in unesc when in_unesc
    bool        quoted, in_unesc;
} CsvField;
typedef struct {
    CsvField *f;
    uint32_t  n, cap;
    StrBuf    unesc;  // unescaped field bytes (fields point into it or into the input)
} CsvFields;
int  src_csv_split(const SrcConf *c, const char *p, size_t n, bool at_eof, CsvFields *out,
                   size_t *used);
void src_csv_fields_free(CsvFields *f);

/* JSON helpers shared with inference (src_json_scan.c). */
const char *src_json_ws(const char *p, const char *e, bool comments);
/* End of the value starting at p (after whitespace), NULL when malformed. */
const char *src_json_skip(const char *p, const char *e, bool comments, int depth);
/* Decode the string starting at p (at the opening quote) into sb; returns the byte after
 * the closing quote, or NULL when malformed. */
const char *src_json_string(const char *p, const char *e, StrBuf *sb);
/* Number token at p: end, and whether it has a fraction/exponent or is NaN/Infinity. */
const char *src_json_number(const char *p, const char *e, bool *is_float);

#endif
