/* The Snappy codec (runtime/store/snap.c): a stream written by Google's libsnappy is
 * decoded byte for byte, each element kind decodes as the format says, round trips over
 * sizes around the block and margin edges, and malformed streams are refused. */
#include "snap.h"
#include "test.h"

#include <stdint.h>
#include <stdlib.h>

/* libsnappy 1.1.9's compression of ITEMS (copies with 1-byte offsets, a long overlapping
 * run of 'z' as 2-byte-offset copies). */
static const char ITEMS[] =
    "item-0,item-1000;item-1,item-1001;item-2,item-1000;item-0,item-1001;item-1,item-1000;"
    "item-2,item-1001;item-0,item-1000;item-1,item-1001;zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz!";
static const uint8_t ITEMS_SNAPPY[] =
    "\xef\x01\x18\x69\x74\x65\x6d\x2d\x30\x2c\x05\x07\x10\x31\x30\x30\x30\x3b\x09\x0a\x15\x11"
    "\x00\x31\x09\x11\x00\x32\x15\x11\x0d\x22\x19\x33\x0d\x22\x19\x33\x0d\x22\x19\x33\x0d\x22"
    "\x19\x33\x0d\x22\x19\x33\x08\x31\x3b\x7a\xfe\x01\x00\x92\x01\x00\x00\x21";

static void test_decodes_libsnappy_stream(void) {
    size_t n = sizeof ITEMS - 1, len = 0;
    CHECK(n == 239);
    CHECK(snap_uncompressed_length(ITEMS_SNAPPY, sizeof ITEMS_SNAPPY - 1, &len) == 0);
    CHECK(len == n);
    char out[239];
    CHECK(snap_decompress(ITEMS_SNAPPY, sizeof ITEMS_SNAPPY - 1, out, n) == 0);
    CHECK(memcmp(out, ITEMS, n) == 0);
    // the declared size is the only size accepted
    char big[240];
    CHECK(snap_decompress(ITEMS_SNAPPY, sizeof ITEMS_SNAPPY - 1, big, 240) == -1);
    CHECK(snap_decompress(ITEMS_SNAPPY, sizeof ITEMS_SNAPPY - 1, out, 238) == -1);
}

static void test_element_kinds(void) {
    char out[300];
    // literal "ab", copy-1 (len 4, off 2): "ababab"
    CHECK(snap_decompress("\x06\x04" "ab\x01\x02", 6, out, 6) == 0);
    CHECK(memcmp(out, "ababab", 6) == 0);
    // literal "x", copy-2 (len 10, off 1): an overlapping run
    CHECK(snap_decompress("\x0b\x00x\x26\x01\x00", 6, out, 11) == 0);
    CHECK(memcmp(out, "xxxxxxxxxxx", 11) == 0);
    // literal "abcdefgh", copy-4 (len 8, off 8)
    CHECK(snap_decompress("\x10\x1c" "abcdefgh\x1f\x08\x00\x00\x00", 15, out, 16) == 0);
    CHECK(memcmp(out, "abcdefghabcdefgh", 16) == 0);
    // a literal of 100 bytes: length - 1 in one extra byte (tag 60)
    uint8_t lit[103] = {100, 60 << 2, 99};
    for (int i = 0; i < 100; i++) lit[3 + i] = (uint8_t)('0' + i % 10);
    CHECK(snap_decompress(lit, sizeof lit, out, 100) == 0);
    CHECK(out[0] == '0' && out[99] == '9');
}

static void test_malformed(void) {
    char out[64];
    size_t len;
    CHECK(snap_uncompressed_length("", 0, &len) == -1);
    CHECK(snap_uncompressed_length("\x80\x80\x80\x80\x80\x01", 6, &len) == -1);  // > 5 bytes
    CHECK(snap_uncompressed_length("\xff\xff\xff\xff\x1f", 5, &len) == -1);      // > 2^32-1
    CHECK(snap_decompress("\x04\x00x\x01\x00", 5, out, 4) == -1);                // offset 0
    CHECK(snap_decompress("\x05\x00x\x01\x02", 5, out, 5) == -1);                // before start
    CHECK(snap_decompress("\x05\x10x", 3, out, 5) == -1);                        // literal cut
    CHECK(snap_decompress("\x02\x04xyz", 5, out, 2) == -1);                      // longer than said
    CHECK(snap_decompress("\x05\x00x", 3, out, 5) == -1);                        // shorter
    CHECK(snap_decompress("\x05\x00x\x02\x01", 5, out, 5) == -1);                // copy-2 cut
    CHECK(snap_decompress("\x05\x00x\xf0", 4, out, 5) == -1);                    // literal length cut
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(void) {
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

static void fill(uint8_t *p, size_t n, int kind) {
    for (size_t i = 0; i < n; i++)
        p[i] = kind == 0   ? (uint8_t)rnd()
               : kind == 1 ? (uint8_t)('a' + rnd() % 3)
               : kind == 2 ? 0
                           : (uint8_t)(i > 40 && rnd() % 4 ? p[i - 1 - rnd() % 40] : rnd() % 16);
}

static void test_round_trips(void) {
    static const size_t sizes[] = {0, 1, 4, 14, 15, 16, 17, 64, 65, 68, 1000, 65535, 65536,
                                   65537, 200003};
    for (int kind = 0; kind < 4; kind++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s], cap = snap_max_compressed_length(n), len = 0;
            uint8_t *in = malloc(n + 1), *c = malloc(cap), *out = malloc(n + 1);
            fill(in, n, kind);
            size_t cn = snap_compress(in, n, c, cap);
            CHECK(cn > 0 && cn <= cap);
            CHECK(snap_uncompressed_length(c, cn, &len) == 0 && len == n);
            CHECK(snap_decompress(c, cn, out, n) == 0);
            CHECK(memcmp(in, out, n) == 0);
            if (kind == 2 && n >= 1000) CHECK(cn < n / 16);  // runs: 3 bytes per 64
            if (kind == 0) CHECK(cn <= n + n / 6 + 32);
            // cut streams are refused, never overrun
            for (size_t cut = 0; cut < cn && cut < 64; cut++)
                CHECK(snap_decompress(c, cut, out, n) == -1 || (n == 0 && cut == 1));
            // bit flips: refused or decoded to n bytes, without reading out of bounds
            for (int f = 0; f < 100 && cn; f++) {
                uint8_t *x = malloc(cn);
                memcpy(x, c, cn);
                x[rnd() % cn] ^= (uint8_t)(1u << rnd() % 8);
                (void)snap_decompress(x, cn, out, n);
                free(x);
            }
            free(in), free(c), free(out);
        }
    uint8_t small[8];
    CHECK(snap_compress("abc", 3, small, sizeof small) == 0);  // capacity below the bound
}

int main(void) {
    RUN(test_decodes_libsnappy_stream);
    RUN(test_element_kinds);
    RUN(test_malformed);
    RUN(test_round_trips);
    return test_summary();
}
