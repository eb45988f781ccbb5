/* SQL data types, shared by the planner (schemas in the plan) and the runtime
 * (vectors, Parquet, the Delta schema). Names follow Spark: the SQL spelling
 * ("bigint", "decimal(10,2)") and the Delta/StructType JSON spelling ("long"). */
#ifndef SLUICE_TYPES_H
#define SLUICE_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    TY_NULL,       // the type of a bare NULL literal ("void")
    TY_BOOLEAN,    // uint8_t 0/1
    TY_TINYINT,    // int8_t
    TY_SMALLINT,   // int16_t
    TY_INT,        // int32_t
    TY_BIGINT,     // int64_t
    TY_FLOAT,      // float
    TY_DOUBLE,     // double
    TY_DECIMAL,    // __int128 unscaled value, precision <= 38
    TY_STRING,     // Str (UTF-8)
    TY_BINARY,     // Str (bytes)
    TY_DATE,       // int32_t days since 1970-01-01
    TY_TIMESTAMP,  // int64_t microseconds since the epoch, UTC
    TY_ARRAY,      // nested: element type in Type.nested (later issue)
    TY_MAP,        // nested: key and value types
    TY_STRUCT,     // nested: fields
    TY_INTERVAL,   // int64_t microseconds (calendar months kept apart in IntervalVal)
    TY_COUNT_
} TypeId;

typedef struct TypeNested TypeNested;

typedef struct {
    TypeId      id;
    uint8_t     precision;  // DECIMAL only
    uint8_t     scale;      // DECIMAL only
    const TypeNested *nested;  // ARRAY/MAP/STRUCT only; NULL otherwise
} Type;

typedef struct {
    const char *name;
    Type        type;
    bool        nullable;
} TypeField;

struct TypeNested {
    Type       elem;        // ARRAY element, MAP key
    Type       value;       // MAP value
    TypeField *fields;      // STRUCT fields
    uint32_t   nfields;
};

#define TYPE(t) ((Type){.id = (t)})
static inline Type type_decimal(int p, int s) {
    return (Type){.id = TY_DECIMAL, .precision = (uint8_t)p, .scale = (uint8_t)s};
}

bool        type_eq(Type a, Type b);
bool        type_is_integral(TypeId t);   // TINYINT..BIGINT
bool        type_is_numeric(TypeId t);    // integral, FLOAT, DOUBLE, DECIMAL
const char *type_id_name(TypeId t);       // SQL spelling without parameters: "bigint"
/* SQL spelling with parameters into buf: "decimal(10,2)", "array<int>". */
const char *type_sql_name(Type t, char *buf, int cap);
/* Delta / Spark StructType JSON primitive spelling: "long", "integer", "decimal(10,2)";
 * NULL for nested types (they are JSON objects). */
const char *type_delta_name(Type t, char *buf, int cap);
/* Parse a primitive type name in either spelling ("BIGINT", "long", "decimal(9, 2)",
 * "varchar(10)"); false when it is not one. Case-insensitive. */
bool        type_parse_primitive(const char *s, Type *out);
/* Parse "array<T>" / "map<K,V>" (SQL spellings of type_sql_name, nesting allowed);
 * false when s is not one. The nested part is interned: it lives for the process. */
bool        type_parse_nested(const char *s, Type *out);
int         type_fixed_width(TypeId t);   // bytes per value in a vector

#endif
