/* Values of ARRAY and MAP vectors (the layout is in batch.h): copying one row's elements
 * into another nested vector, hashing, equality and ordering of whole arrays/maps, and
 * their text forms (Spark's CAST to STRING: [1, 2, null], {a -> 1}; JSON arrays/objects). */
#ifndef SLUICE_NESTED_H
#define SLUICE_NESTED_H

#include "batch.h"
#include "str.h"

/* Append the elements of row srow of src (const aware) to dst's children and point row drow
 * of dst at them; strings are copied into heap. The caller sets drow's validity. */
void nested_copy_row(Vec *dst, uint32_t drow, const Vec *src, uint32_t srow, Arena *heap);
/* Copy value si of s into slot di of d, a vector with room for cap values (a child vector:
 * cap is its parent's child_cap), NULL included; strings into heap, nested values deeply. */
void nested_copy_value(Vec *d, uint32_t cap, uint32_t di, const Vec *s, uint32_t si,
                       Arena *heap);
/* Hash, grouping equality (NULL elements equal) and order (element by element, NULL
 * elements first, then shorter first) of non-NULL rows. */
uint64_t nested_hash(const Vec *v, uint32_t row);
bool     nested_eq(const Vec *a, uint32_t i, const Vec *b, uint32_t j);
int      nested_cmp(const Vec *a, uint32_t i, const Vec *b, uint32_t j);
/* Text of a non-NULL row: Spark's CAST(... AS STRING), or JSON (arrays, objects with
 * the keys as strings). */
void nested_format(const Vec *v, uint32_t row, StrBuf *b);
void nested_format_json(const Vec *v, uint32_t row, StrBuf *b);
/* Room for n more elements at the end of v's children: returns the index of the first
 * (child_len grows by n). Callers write the elements, then set the row's VecList. */
uint32_t nested_push(Vec *v, uint32_t n);
/* Row r's list (const aware). */
static inline VecList nested_list(const Vec *v, uint32_t r) {
    return vec_lists(v)[v->is_const ? 0 : r];
}

#endif
