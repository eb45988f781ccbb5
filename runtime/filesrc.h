/* File sources: the one source operator behind read_files, cloud_files, json.`path`,
 * spark.read...: list files (file, directory or glob), infer a schema the way Spark
 * does (planner, at compile time, sampling local files) and read JSON, CSV, text and
 * Parquet files into column batches (runtime). No globals: two threads may read at once.
 * Errors are malloc'd messages "path:line: error: ..." (caller frees). */
#ifndef SLUICE_FILESRC_H
#define SLUICE_FILESRC_H

#include "batch.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- Options: a small key/value list; keys compare case-insensitively and a lookup
 * of "k" also finds "cloudFiles.k". Values are copied (caller frees with filesrc_opts_free).
 * Keys read: header, sep/delimiter, quote, escape, comment, nullValue, emptyValue,
 * inferSchema, inferColumnTypes, multiLine, mode, columnNameOfCorruptRecord,
 * rescuedDataColumn, primitivesAsString, allowComments, dateFormat, timestampFormat,
 * ignoreLeadingWhiteSpace, ignoreTrailingWhiteSpace, encoding/charset, pathGlobFilter,
 * schema, schemaHints, samplingBytes (inference budget per file, default 64 MiB),
 * samplingRatio (share of records inference reads, evenly spread), prefersDecimal (JSON
 * fractions infer as decimal), wholetext (text: one row per file), basePath. */
typedef struct {
    char *key, *val;
} SrcOpt;

typedef struct {
    SrcOpt  *items;
    uint32_t n, cap;
} SrcOpts;

void        filesrc_opts_set(SrcOpts *o, const char *key, const char *val);  // replaces
const char *filesrc_opts_get(const SrcOpts *o, const char *key);             // NULL if absent
bool        filesrc_opts_bool(const SrcOpts *o, const char *key, bool dflt); // "true"/"false"
void        filesrc_opts_free(SrcOpts *o);

typedef enum {
    SRC_JSON,     // newline-delimited JSON, or multiLine
    SRC_CSV,      // RFC 4180 with Spark's options
    SRC_TEXT,     // one STRING column `value` per line
    SRC_PARQUET,  // through parquet.h
    SRC_UNKNOWN,  // not a supported format
} SrcFormat;

SrcFormat   filesrc_format_parse(const char *name);        // "json", "CSV", ...; case-insensitive
SrcFormat   filesrc_format_from_path(const char *path);    // by extension (.json, .jsonl, .csv...)
const char *filesrc_format_name(SrcFormat f);

/* Parse a DDL column list "id BIGINT, name STRING NOT NULL, `a b` decimal(9,2)" into out
 * (initialised here). Nested types are not supported yet. 0 ok, -1 with *err. */
int filesrc_parse_ddl(const char *ddl, Schema *out, char **err);

/* ---- Listing. A path is a file, a directory (recursive; names starting with '.' or '_'
 * skipped, as Spark/Hadoop do) or a glob (* ? [..] [!..] {a,b} and ** for any depth).
 * pathGlobFilter (a glob on the file name) narrows the result. Sorted by path.
 * Partition discovery: under a listed directory (or a glob's fixed prefix, or the
 * basePath option), directories named `k=v` give every file below them a column k;
 * src_infer appends those columns after the data columns (types inferred from the
 * values like Spark: int, bigint, double, date, timestamp, else string;
 * __HIVE_DEFAULT_PARTITION__ is NULL) and readers fill them from the file's path. */
typedef struct {
    char    *path;      // malloc'd
    int64_t  size;      // bytes
    int64_t  mtime_us;  // modification time, microseconds since the epoch
    uint32_t base_len;  // bytes of path that are the listed root (0: none); the `k=v`
                        // directories after it are Hive-style partition values
} SrcFile;

typedef struct {
    SrcFile *items;
    uint32_t n;
} SrcFileList;

/* 0 ok (a path matching no file is an error: "path does not exist: ..."), -1 with *err. */
int  filesrc_list(const char *path, const SrcOpts *opts, SrcFileList *out, char **err);
void filesrc_list_free(SrcFileList *l);
bool filesrc_glob_match(const char *pat, const char *name);  // '/' matched only by **

/* ---- Inference (Spark rules; see src_infer.c). Samples up to samplingBytes of each file.
 * JSON: fields sorted by name; integer -> bigint, fraction/exponent -> double, bool,
 * string; null-only -> string; conflicts widen (bigint+double -> double, else string);
 * nested objects/arrays -> STRING holding the JSON text (listed in *nested, comma
 * separated, caller frees, NULL when none); PERMISSIVE adds columnNameOfCorruptRecord
 * when a malformed record was seen. CSV: CSVInferSchema order int, bigint, decimal,
 * double, date, timestamp, boolean, string when inferSchema (or inferColumnTypes=true);
 * else all STRING; names from the header (blank -> _cN, duplicates get their index
 * appended) or _c0, _c1, ... . inferColumnTypes=false (Auto Loader's default; the planner
 * sets it for cloud_files) makes every JSON/CSV column STRING. schemaHints (DDL)
 * overrides or adds columns. A rescuedDataColumn option appends that STRING column.
 * An explicit `schema` option (DDL) is returned as is (plus the rescued column).
 * Parquet: the first file's footer. Text: `value STRING`. An empty input is an error. */
int filesrc_infer(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts, Schema *out,
              char **nested, char **err);

/* ---- Readers. schema: the columns to read (from src_infer or declared); cols: the
 * projection (indexes into schema, ncols of them; NULL = all columns in order); the
 * batch given to filesrc_next must have the projected columns' types (use
 * filesrc_batch_new). A column named like rescuedDataColumn (default "_rescued_data")
 * collects, as a JSON object, fields that are not in the schema or did not fit their type,
 * plus "_file_path"; a STRING column named columnNameOfCorruptRecord (default
 * "_corrupt_record") receives the raw text of malformed records in PERMISSIVE mode.
 * A record that parses but has a value not fitting its column (and no rescued column)
 * is malformed too, with Spark 3's partial result: that value NULL, the others kept.
 * CSV fields map to the schema's columns by position (the special columns excepted);
 * an empty unquoted field is NULL, a quoted empty one is emptyValue, and a field equal
 * to nullValue is NULL. In FAILFAST mode the batch holding the bad record is not
 * returned. Strings are copied into the batch heap. Invalid UTF-8 bytes are kept as they
 * are (Spark would substitute U+FFFD); a lone \uD800-style escape becomes U+FFFD. JSON
 * objects/arrays read into a STRING column come out as compact JSON text. */
typedef struct FileReader FileReader;

FileReader *filesrc_open(const SrcFile *file, SrcFormat fmt, const SrcOpts *opts,
                           const Schema *schema, const int *cols, uint32_t ncols, char **err);
/* Read only the records that START in [offset, offset+length) of a line-delimited file
 * (JSON without multiLine, CSV without multiLine, text), so a big file can be split
 * into morsels read in parallel: together the ranges read every record exactly once.
 * Parquet: the row groups whose middle byte lies in the range (as Spark splits files).
 * Other formats/modes, and gzip files (*.gz, read decompressed): the range starting at 0
 * reads the whole file, others nothing. A UTF-8 byte order mark opening a file is skipped. */
FileReader *filesrc_open_range(const SrcFile *file, int64_t offset, int64_t length,
                                 SrcFormat fmt, const SrcOpts *opts, const Schema *schema,
                                 const int *cols, uint32_t ncols, char **err);
Batch     *filesrc_batch_new(const FileReader *r);  // caller frees with batch_free
/* Reset out and fill it with up to BATCH_ROWS rows: 1 rows produced, 0 end, -1 *err. */
int        filesrc_next(FileReader *r, Batch *out, char **err);
void       filesrc_close(FileReader *r);

/* Row-group pruning for Parquet (other formats ignore it): a conjunction of simple
 * predicates on schema columns; groups whose statistics exclude them are skipped (rows of
 * kept groups are NOT filtered). Call right after opening. 0 ok, -1 *err. */
typedef enum {
    FP_EQ,        // col = value
    FP_LT,        // col < value
    FP_LE,        // col <= value
    FP_GT,        // col > value
    FP_GE,        // col >= value
    FP_IS_NULL,   // col IS NULL
    FP_NOT_NULL,  // col IS NOT NULL
} FilePredOp;

typedef struct {
    int        col;    // index into the reader's schema
    FilePredOp op;
    Datum      value;  // ignored for IS NULL / IS NOT NULL
} FilePred;

int filesrc_prune(FileReader *r, const FilePred *preds, uint32_t npred, char **err);

/* The file being read, for the hidden _metadata column (file_path, file_name, file_size,
 * file_modification_time). Borrowed until filesrc_close. */
const SrcFile *filesrc_file(const FileReader *r);
const char    *filesrc_file_name(const FileReader *r);  // last path component

#endif
