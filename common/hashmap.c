/* Open-addressing hash map with linear probing (see hashmap.h). Deletion is not
 * needed by any caller: maps live as long as the structure they index. */
#include "hashmap.h"

#include "arena.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

uint64_t hash_bytes(const void *p, size_t n) {
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static uint64_t key_hash(const HashMap *m, const char *key) {
    if (!m->nocase) return hash_bytes(key, strlen(key));
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *s = (const unsigned char *)key; *s; s++)
        h = (h ^ (uint64_t)tolower(*s)) * 1099511628211ull;
    return h ^ (h >> 29);
}

static bool key_eq(const HashMap *m, const char *a, const char *b) {
    return m->nocase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

void hm_init(HashMap *m, bool nocase) {
    memset(m, 0, sizeof *m);
    m->nocase = nocase;
}

static HashEntry *find(const HashMap *m, const char *key, uint64_t h) {
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        HashEntry *e = &m->slots[i];
        if (!e->key || (e->hash == h && key_eq(m, e->key, key))) return e;
    }
}

void *hm_get(const HashMap *m, const char *key) {
    if (!m->cap) return NULL;
    HashEntry *e = find(m, key, key_hash(m, key));
    return e->key ? e->val : NULL;
}

bool hm_has(const HashMap *m, const char *key) {
    if (!m->cap) return false;
    return find(m, key, key_hash(m, key))->key != NULL;
}

static void grow(HashMap *m) {
    size_t old_cap = m->cap;
    HashEntry *old = m->slots;
    m->cap = old_cap ? old_cap * 2 : 16;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key) *find(m, old[i].key, old[i].hash) = old[i];
    free(old);
}

void hm_put(HashMap *m, const char *key, void *val) {
    if ((m->len + 1) * 4 > m->cap * 3) grow(m);
    uint64_t h = key_hash(m, key);
    HashEntry *e = find(m, key, h);
    if (!e->key) {
        e->key = key;
        e->hash = h;
        m->len++;
    }
    e->val = val;
}

void hm_free(HashMap *m) {
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}
