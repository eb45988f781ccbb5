/* Hash kernels (runtime/fn_hash.c): digests against FIPS/RFC vectors and Spark's
 * documented examples; hash() against Spark's Murmur3 values; uuid() shape. */
#include "hash_algos.h"
#include "test_fn_util.h"

static void digests(void) {
    CHECK_STR(EV("md5", "string", "string:Spark"), "8cde774d6f7333752ed72cacddb05126");
    CHECK_STR(EV("md5", "string", "string:"), "d41d8cd98f00b204e9800998ecf8427e");
    CHECK_STR(EV("sha1", "string", "string:Spark"), "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
    CHECK_STR(EV("sha2", "string", "string:Spark", "int:256"),
              "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
    CHECK_STR(EV("sha2", "string", "string:Spark", "int:0"),
              "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
    CHECK_STR(EV("sha2", "string", "string:abc", "int:224"),
              "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    CHECK_STR(EV("sha2", "string", "string:abc", "int:384"),
              "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
              "8086072ba1e7cc2358baeca134c825a7");
    CHECK_STR(EV("sha2", "string", "string:abc", "int:512"),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    // 56 bytes: the length no longer fits in the first padded block
    CHECK_STR(EV("sha2", "string",
                 "string:abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "int:256"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK_STR(EV("sha2", "string", "string:abc", "int:100"), "NULL");
    CHECK_STR(EV("crc32", "bigint", "string:Spark"), "1557323817");
    CHECK_STR(EV("md5", "string", "null:string"), "NULL");
}

static void murmur3(void) {
    CHECK_STR(EV("hash", "int", "int:1"), "-559580957");
    CHECK_STR(EV("hash", "int", "string:ABC"), "-757602832");
    CHECK_STR(EV("hash", "int", "string:ABC", "string:DEF"), "599895104");
    char one[32];
    snprintf(one, sizeof one, "%s", EV("hash", "int", "int:1"));
    CHECK_STR(EV("hash", "int", "int:1", "null:string"), one);  // NULLs are skipped
    CHECK_STR(EV("hash", "int", "null:int"), "42");
    CHECK(strcmp(EV("hash", "int", "bigint:1"), one) != 0);     // long hashes differently
    char pz[32];
    snprintf(pz, sizeof pz, "%s", EV("hash", "int", "double:0.0"));
    CHECK_STR(EV("hash", "int", "double:-0.0"), pz);
}

static void xxhash(void) {
    CHECK(xxhash64((const uint8_t *)"", 0, 0) == 0xEF46DB3751D8E999ull);  // reference vector
    CHECK_STR(EV("xxhash64", "bigint", "string:ABC"), "4105715581806190027");
    CHECK_STR(EV("xxhash64", "bigint", "string:ABC", "string:DEF"), "3233247871021311208");
    CHECK_STR(EV("xxhash64", "bigint", "null:int"), "42");
    char one[32];
    snprintf(one, sizeof one, "%s", EV("xxhash64", "bigint", "int:1"));
    CHECK_STR(EV("xxhash64", "bigint", "null:string", "int:1"), one);
    // a long input goes through the 32-byte stripes
    char longer[32];
    snprintf(longer, sizeof longer, "%s",
             EV("xxhash64", "bigint", "string:abcdefghijklmnopqrstuvwxyz0123456789"));
    CHECK(strcmp(longer, EV("xxhash64", "bigint", "string:abcdefghijklmnopqrstuvwxyz012345678")));
}

static void uuids(void) {
    char a[64];
    snprintf(a, sizeof a, "%s", EV0("uuid", "string"));
    CHECK(strlen(a) == 36 && a[8] == '-' && a[13] == '-' && a[14] == '4' && a[18] == '-');
    CHECK(strchr("89ab", a[19]) != NULL);
    CHECK(strcmp(a, EV0("uuid", "string")) != 0);
}

int main(void) {
    RUN(digests);
    RUN(murmur3);
    RUN(xxhash);
    RUN(uuids);
    arena_free_all(&t_heap);
    return test_summary();
}
