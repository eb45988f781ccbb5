/* Nested vector layout (runtime/batch.h): ARRAY and MAP columns of a batch, child storage
 * growth beyond BATCH_ROWS with contents and NULL bits kept, and reset emptying children. */
#include "batch.h"
#include "test.h"

static TypeNested int_elem = {.elem = {.id = TY_INT}};
static TypeNested str_int_map = {.elem = {.id = TY_STRING}, .value = {.id = TY_INT}};

static void array_column(void) {
    Type types[2] = {{.id = TY_BIGINT}, {.id = TY_ARRAY, .nested = &int_elem}};
    Batch *b = batch_new(types, 2);
    Vec *a = &b->cols[1];
    CHECK(a->child && a->child_len == 0 && a->child[0].type.id == TY_INT);
    CHECK(b->cols[0].child == NULL);
    // 3000 elements for row 0 (more than BATCH_ROWS), every 7th NULL
    vec_child_reserve(a, 3000);
    CHECK(a->child_cap >= 3000);
    int32_t *e = a->child[0].data;
    for (uint32_t i = 0; i < 3000; i++) {
        e[i] = (int32_t)i;
        if (i % 7 == 0) vec_set_null_n(&a->child[0], i, a->child_cap);
    }
    vec_lists(a)[0] = (VecList){0, 3000};
    a->child_len = 3000;
    vec_set_null(a, 1);
    vec_lists(a)[1] = (VecList){3000, 0};
    // growing keeps values and NULL bits; new slots are valid
    vec_child_reserve(a, 10000);
    e = a->child[0].data;
    CHECK(a->child_cap >= 10000);
    CHECK(e[2999] == 2999 && e[1234] == 1234);
    CHECK(vec_is_null(&a->child[0], 2996) && !vec_is_null(&a->child[0], 2997));
    CHECK(!vec_is_null(&a->child[0], 9999) && e[9999] == 0);
    CHECK(vec_is_null(a, 1) && !vec_is_null(a, 0));
    batch_reset(b);
    CHECK(a->child_len == 0 && a->child[0].valid == NULL && a->child_cap >= 10000);
    batch_free(b);
}

static void map_column(void) {
    Type t = {.id = TY_MAP, .nested = &str_int_map};
    Batch *b = batch_new(&t, 1);
    Vec *m = &b->cols[0];
    CHECK(vec_nchild(m) == 2);
    CHECK(m->child[0].type.id == TY_STRING && m->child[1].type.id == TY_INT);
    vec_child_reserve(m, 2);
    ((Str *)m->child[0].data)[0] = batch_str(b, "a", 1);
    ((int32_t *)m->child[1].data)[0] = 1;
    ((Str *)m->child[0].data)[1] = batch_str(b, "b", 1);
    vec_set_null_n(&m->child[1], 1, m->child_cap);
    m->child_len = 2;
    vec_lists(m)[0] = (VecList){0, 2};
    CHECK(vec_is_null(&m->child[1], 1) && !vec_is_null(&m->child[0], 1));
    vec_child_reserve(m, 500);
    CHECK(vec_is_null(&m->child[1], 1) && ((int32_t *)m->child[1].data)[0] == 1);
    CHECK(((Str *)m->child[0].data)[1].len == 1);
    batch_free(b);
}

static void nested_and_standalone(void) {
    TypeNested inner = {.elem = {.id = TY_STRING}};
    TypeNested outer = {.elem = {.id = TY_ARRAY, .nested = &inner}};
    Vec v;
    vec_alloc(&v, (Type){.id = TY_ARRAY, .nested = &outer}, 16);
    CHECK(v.child[0].type.id == TY_ARRAY && v.child[0].child != NULL);
    CHECK(v.child[0].child[0].type.id == TY_STRING);
    vec_child_reserve(&v, 100);
    vec_child_reserve(&v.child[0], 5000);
    CHECK(v.child[0].child_cap >= 5000);
    vec_child_clear(&v);
    CHECK(v.child_len == 0 && v.child[0].child_len == 0);
    vec_release(&v);
    Type plain = {.id = TY_ARRAY};  // no element description: a NULL-typed child
    vec_alloc(&v, plain, 4);
    CHECK(v.child[0].type.id == TY_NULL);
    vec_release(&v);
}

int main(void) {
    RUN(array_column);
    RUN(map_column);
    RUN(nested_and_standalone);
    return test_summary();
}
