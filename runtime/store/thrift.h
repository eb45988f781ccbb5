/* Thrift compact protocol (storage-format.md section 2): a bounds-checked
 * decoder that skips unknown fields, and an encoder into a growable buffer.
 * Used for Parquet footers and page headers, and by the Delta checkpoint code. */
#ifndef SLUICE_THRIFT_H
#define SLUICE_THRIFT_H

#include "str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TT_STOP = 0,    // end of a struct
    TT_TRUE = 1,    // bool true (field) / bool (list element)
    TT_FALSE = 2,   // bool false (field)
    TT_I8 = 3,      // one raw byte
    TT_I16 = 4,     // zigzag varint
    TT_I32 = 5,     // zigzag varint; enums
    TT_I64 = 6,     // zigzag varint
    TT_DOUBLE = 7,  // 8 bytes LE
    TT_BINARY = 8,  // varint length + bytes
    TT_LIST = 9,    // header + elements
    TT_SET = 10,    // as LIST
    TT_MAP = 11,    // size, key/value types, pairs
    TT_STRUCT = 12, // fields then STOP
    TT_UUID = 13,   // 16 raw bytes
};

enum { THRIFT_MAX_DEPTH = 64 };

/* Decoder. Errors are sticky: after the first, every read returns 0 and err stays set. */
typedef struct {
    const uint8_t *p, *end;
    int16_t last_id[THRIFT_MAX_DEPTH]; // previous field id per open struct
    int depth;
    const char *err; // static message, NULL while fine
} ThriftReader;

void thrift_reader_init(ThriftReader *r, const void *buf, size_t len);
/* Enter a struct (call once before the first field of any struct, top level included). */
void thrift_struct_begin(ThriftReader *r);
/* Next field of the current struct: true with id and type set, false at STOP (struct left) or
 * error. */
bool thrift_field(ThriftReader *r, int *id, int *type);
int64_t thrift_i64(ThriftReader *r, int type); // I8/I16/I32/I64 of the given type
int32_t thrift_i32(ThriftReader *r, int type); // same, range-checked to int32
bool thrift_bool(ThriftReader *r, int type);   // field bools: value is the type code
double thrift_double(ThriftReader *r);
/* BINARY: pointer into the buffer and its length (bounds-checked). */
const uint8_t *thrift_binary(ThriftReader *r, uint32_t *len);
/* LIST/SET header: element type and count (count checked against the bytes left). */
uint32_t thrift_list(ThriftReader *r, int *elem_type);
void thrift_skip(ThriftReader *r, int type); // any value, recursively
/* Skip the rest of the current struct (after a field loop broke early). */
void thrift_skip_struct_rest(ThriftReader *r);
size_t thrift_consumed(const ThriftReader *r, const void *start);
uint64_t thrift_uvarint(ThriftReader *r); // raw ULEB128 (at most 10 bytes)

/* Encoder: fields must be written in ascending id order within each struct. */
typedef struct {
    StrBuf buf;
    int16_t last_id[THRIFT_MAX_DEPTH];
    int depth;
} ThriftWriter;

void thrift_writer_init(ThriftWriter *w);
void thrift_writer_free(ThriftWriter *w);
void thrift_w_field(ThriftWriter *w, int id, int type); // field header only
void thrift_w_i32(ThriftWriter *w, int id, int32_t v);
void thrift_w_i64(ThriftWriter *w, int id, int64_t v);
void thrift_w_i8(ThriftWriter *w, int id, int8_t v);
void thrift_w_bool(ThriftWriter *w, int id, bool v);
void thrift_w_binary(ThriftWriter *w, int id, const void *p, size_t n);
void thrift_w_struct(ThriftWriter *w, int id); // field header + enter struct
void thrift_w_list(ThriftWriter *w, int id, int elem_type, uint32_t n);
void thrift_w_list_struct(ThriftWriter *w); // enter a struct list element
void thrift_w_end(ThriftWriter *w);         // STOP + leave struct
/* Bare values (list elements). */
void thrift_w_varint(ThriftWriter *w, uint64_t v);
void thrift_w_zigzag(ThriftWriter *w, int64_t v);
void thrift_w_bytes(ThriftWriter *w, const void *p, size_t n); // varint length + bytes

#endif
