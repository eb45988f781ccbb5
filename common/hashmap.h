/* String-keyed hash map (open addressing). Keys are borrowed: the caller keeps
 * them alive (usually in an arena). Case-insensitive maps serve SQL names. */
#ifndef SLUICE_HASHMAP_H
#define SLUICE_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *key;  // NULL: empty slot
    void       *val;
    uint64_t    hash;
} HashEntry;

typedef struct {
    HashEntry *slots;
    size_t     cap;     // power of two, or 0
    size_t     len;
    bool       nocase;  // compare and hash keys ignoring ASCII case
} HashMap;

void  hm_init(HashMap *m, bool nocase);
void *hm_get(const HashMap *m, const char *key);            // NULL when absent
bool  hm_has(const HashMap *m, const char *key);
void  hm_put(HashMap *m, const char *key, void *val);       // insert or replace
void  hm_free(HashMap *m);
/* Iterate: for (size_t i = 0; i < m.cap; i++) if (m.slots[i].key) ... (unordered). */

uint64_t hash_bytes(const void *p, size_t n);  // FNV-1a style, good enough for names

#endif
