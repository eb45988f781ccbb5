/* Thrift compact protocol: the test vectors T1-T6 of storage-format.md section 9,
 * encoder round trips, skipping, and hardening against hostile input. */
#include "test.h"
#include "thrift.h"

#include <stdint.h>

static ThriftReader rd(const uint8_t *b, size_t n) {
    ThriftReader r;
    thrift_reader_init(&r, b, n);
    thrift_struct_begin(&r);
    return r;
}

static void test_t1_schema_element(void) {
    const uint8_t b[] = {0x15, 0x04, 0x25, 0x02, 0x18, 0x02, 0x69, 0x64, 0x00};
    ThriftReader r = rd(b, sizeof b);
    int id, t, seen = 0;
    while (thrift_field(&r, &id, &t)) {
        if (id == 1) {
            CHECK(thrift_i32(&r, t) == 2);
            seen++;
        } else if (id == 3) {
            CHECK(thrift_i32(&r, t) == 1);
            seen++;
        } else if (id == 4) {
            uint32_t n;
            const uint8_t *p = thrift_binary(&r, &n);
            CHECK(n == 2 && p[0] == 'i' && p[1] == 'd');
            seen++;
        }
    }
    CHECK(seen == 3 && !r.err && r.p == r.end);
}

static void test_t2_nested_timestamp(void) {
    const uint8_t b[] = {0x15, 0x04, 0x25, 0x02, 0x18, 0x02, 0x74, 0x73, 0x25, 0x14,
                         0x4C, 0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x00};
    ThriftReader r = rd(b, sizeof b);
    int id, t, conv = -1, member = -1, unit = -1;
    bool utc = false;
    while (thrift_field(&r, &id, &t)) {
        if (id == 6)
            conv = thrift_i32(&r, t);
        else if (id == 10) {
            thrift_struct_begin(&r);
            while (thrift_field(&r, &id, &t)) {
                member = id;
                thrift_struct_begin(&r);
                while (thrift_field(&r, &id, &t)) {
                    if (id == 1)
                        utc = thrift_bool(&r, t);
                    else if (id == 2) {
                        thrift_struct_begin(&r);
                        while (thrift_field(&r, &id, &t)) unit = id, thrift_skip(&r, t);
                    }
                }
            }
        } else
            thrift_skip(&r, t);
    }
    CHECK(conv == 10 && member == 8 && utc && unit == 2 && !r.err && r.p == r.end);
}

static void test_t3_t4_skip_all(void) {
    const uint8_t t3[] = {0x15, 0x02, 0x25, 0x02, 0x18, 0x03, 0x61, 0x6D, 0x74, 0x25, 0x0A, 0x15,
                          0x04, 0x15, 0x12, 0x2C, 0x5C, 0x15, 0x04, 0x15, 0x12, 0x00, 0x00, 0x00};
    ThriftReader r;
    thrift_reader_init(&r, t3, sizeof t3);
    thrift_skip(&r, TT_STRUCT);
    CHECK(!r.err && r.p == r.end);
    const uint8_t t4[] = {0x15, 0x02, 0x25, 0x00, 0x18, 0x01, 0x62, 0x25, 0x1E,
                          0x4C, 0xAC, 0x13, 0x08, 0x11, 0x00, 0x00, 0x00};
    r = rd(t4, sizeof t4);
    int id, t, bits = 0, conv = 0;
    while (thrift_field(&r, &id, &t)) {
        if (id == 6)
            conv = thrift_i32(&r, t);
        else if (id == 10) {
            thrift_struct_begin(&r);
            while (thrift_field(&r, &id, &t)) {
                CHECK(id == 10);
                thrift_struct_begin(&r);
                while (thrift_field(&r, &id, &t)) {
                    if (id == 1)
                        bits = t == TT_I8 ? (int)thrift_i64(&r, t) : -1;
                    else
                        CHECK(thrift_bool(&r, t));
                }
            }
        } else
            thrift_skip(&r, t);
    }
    CHECK(bits == 8 && conv == 15 && !r.err);
}

static void test_t5_long_form(void) {
    const uint8_t a[] = {0x05, 0x28, 0x05, 0x00};
    ThriftReader r = rd(a, sizeof a);
    int id, t;
    CHECK(thrift_field(&r, &id, &t) && id == 20 && thrift_i32(&r, t) == -3);
    CHECK(!thrift_field(&r, &id, &t) && !r.err);
    const uint8_t b[] = {0x15, 0x0E, 0x06, 0x50, 0xD8, 0x04, 0x00};
    r = rd(b, sizeof b);
    CHECK(thrift_field(&r, &id, &t) && id == 1 && thrift_i32(&r, t) == 7);
    CHECK(thrift_field(&r, &id, &t) && id == 40 && thrift_i64(&r, t) == 300);
    CHECK(!thrift_field(&r, &id, &t) && !r.err);
    // the encoder produces the same bytes
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 7);
    thrift_w_i64(&w, 40, 300);
    thrift_w_end(&w);
    CHECK(w.buf.len == sizeof b && memcmp(w.buf.ptr, b, sizeof b) == 0);
    thrift_writer_free(&w);
}

static void test_t6_lists(void) {
    const uint8_t a[] = {0x28, 0x01, 0x61, 0x01, 0x62};
    ThriftReader r;
    thrift_reader_init(&r, a, sizeof a);
    int et;
    CHECK(thrift_list(&r, &et) == 2 && et == TT_BINARY);
    uint32_t n;
    CHECK(*thrift_binary(&r, &n) == 'a' && n == 1);
    CHECK(*thrift_binary(&r, &n) == 'b' && n == 1 && !r.err);
    uint8_t big[2 + 20];
    big[0] = 0xF5, big[1] = 0x14;
    for (int i = 0; i < 20; i++) big[2 + i] = (uint8_t)(2 * i); // zigzag i
    thrift_reader_init(&r, big, sizeof big);
    CHECK(thrift_list(&r, &et) == 20 && et == TT_I32);
    for (int i = 0; i < 20; i++) CHECK(thrift_i32(&r, TT_I32) == i);
    const uint8_t v2[] = {0x15, 0x0A, 0x15, 0x02, 0x15, 0x0A, 0x15,
                          0x00, 0x15, 0x02, 0x15, 0x00, 0x12, 0x00};
    r = rd(v2, sizeof v2);
    int id, t, vals[8] = {0};
    bool comp = true;
    while (thrift_field(&r, &id, &t)) {
        if (id == 7)
            comp = thrift_bool(&r, t);
        else if (id < 8)
            vals[id] = thrift_i32(&r, t);
    }
    CHECK(vals[1] == 5 && vals[2] == 1 && vals[3] == 5 && vals[4] == 0 && vals[5] == 1 &&
          vals[6] == 0 && !comp && !r.err);
}

static void test_varints_and_zigzag(void) {
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_varint(&w, 300);
    thrift_w_varint(&w, 50399);
    int64_t zs[] = {0, -1, 1, -2, 63, -64, 64, 300, -300};
    for (int i = 0; i < 9; i++) thrift_w_zigzag(&w, zs[i]);
    const uint8_t want[] = {0xAC, 0x02, 0xDF, 0x89, 0x03, 0x00, 0x01, 0x02, 0x03,
                            0x7E, 0x7F, 0x80, 0x01, 0xD8, 0x04, 0xD7, 0x04};
    CHECK(w.buf.len == sizeof want && memcmp(w.buf.ptr, want, sizeof want) == 0);
    thrift_writer_free(&w);
    const uint8_t too_long[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    ThriftReader r;
    thrift_reader_init(&r, too_long, sizeof too_long);
    thrift_uvarint(&r);
    CHECK(r.err != NULL);
}

static void test_skip_unknown_and_hostile(void) {
    // map<i32,binary> {1:"x"}, set, uuid, double, nested struct: all skipped
    const uint8_t b[] = {
        0x1B, 0x01, 0x58, 0x02, 0x01, 0x78, // field 1 map
        0x1A, 0x15, 0x02,                   // field 2 set<i32> [1]
        0x1D, 1,    2,    3,    4,    5,    6, 7, 8, 9, 10, 11,   12,
        13,   14,   15,   16,   0x17, 0,    0, 0, 0, 0, 0,  0xF0, 0x3F, // field 4 double 1.0
        0x1C, 0x11, 0x00,                                               // field 5 struct {1: true}
        0x15, 0x0E, 0x00};                                              // field 6 i32 7
    ThriftReader r = rd(b, sizeof b);
    int id, t, got = 0;
    while (thrift_field(&r, &id, &t)) {
        if (id == 6)
            got = thrift_i32(&r, t);
        else
            thrift_skip(&r, t);
    }
    CHECK(got == 7 && !r.err && r.p == r.end);
    // a list claiming a billion elements, a binary past the end, deep nesting
    const uint8_t l[] = {0x19, 0xF5, 0x80, 0x94, 0xEB, 0xDC, 0x03, 0x00};
    r = rd(l, sizeof l);
    while (thrift_field(&r, &id, &t)) thrift_skip(&r, t);
    CHECK(r.err != NULL);
    const uint8_t bin[] = {0x18, 0x7F, 0x61, 0x00};
    r = rd(bin, sizeof bin);
    while (thrift_field(&r, &id, &t)) thrift_skip(&r, t);
    CHECK(r.err != NULL);
    uint8_t deep[200];
    memset(deep, 0x1C, sizeof deep);
    r = rd(deep, sizeof deep);
    while (thrift_field(&r, &id, &t)) thrift_skip(&r, t);
    CHECK(r.err != NULL);
}

int main(void) {
    RUN(test_t1_schema_element);
    RUN(test_t2_nested_timestamp);
    RUN(test_t3_t4_skip_all);
    RUN(test_t5_long_form);
    RUN(test_t6_lists);
    RUN(test_varints_and_zigzag);
    RUN(test_skip_unknown_and_hostile);
    return test_summary();
}
