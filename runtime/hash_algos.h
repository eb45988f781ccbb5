/* Hash algorithms behind md5, sha1, sha2, hash and xxhash64 (runtime/fn_hash.c):
 * MD5, SHA-1, SHA-224/256/384/512 digests, Spark's Murmur3 x86_32 and XXH64 (both
 * use seed 42 and chain each argument's hash into the next as the seed). */
#ifndef SLUICE_HASH_ALGOS_H
#define SLUICE_HASH_ALGOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void hash_md5(const uint8_t *p, size_t n, uint8_t out[16]);
void hash_sha1(const uint8_t *p, size_t n, uint8_t out[20]);
void hash_sha224(const uint8_t *p, size_t n, uint8_t out[28]);
void hash_sha256(const uint8_t *p, size_t n, uint8_t out[32]);
void hash_sha384(const uint8_t *p, size_t n, uint8_t out[48]);
void hash_sha512(const uint8_t *p, size_t n, uint8_t out[64]);

uint32_t murmur3_int(uint32_t v, uint32_t seed);    // Murmur3_x86_32.hashInt
uint32_t murmur3_long(uint64_t v, uint32_t seed);   // hashLong
uint32_t murmur3_bytes(const uint8_t *p, size_t n, uint32_t seed);  // hashUnsafeBytes
uint64_t xxhash64(const uint8_t *p, size_t n, uint64_t seed);  // XXH64 (xxhash64(), seed 42)

#endif
