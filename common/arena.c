/* Arena allocator (see arena.h). Blocks grow geometrically; big requests get a
 * block of their own so a large allocation does not waste the current block. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t      cap;
    _Alignas(16) unsigned char data[];
};

static void default_oom(void) {
    fputs("sluice: out of memory\n", stderr);
    exit(2);
}

void (*arena_oom_hook)(void) = default_oom;

void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) arena_oom_hook();
    return p;
}

void *xcalloc(size_t n, size_t sz) {
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) arena_oom_hook();
    return p;
}

void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) arena_oom_hook();
    return q;
}

char *xstrdup(const char *s) {
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

void *arena_try_alloc(Arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->used + size > a->cap) {
        size_t cap = a->head ? a->head->cap * 2 : 4096;
        if (cap > (1u << 20)) cap = 1u << 20;
        if (cap < size) cap = size;
        ArenaBlock *b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

void *arena_alloc(Arena *a, size_t size) {
    void *p = arena_try_alloc(a, size);
    if (!p) arena_oom_hook();
    return p;
}

void *arena_realloc(Arena *a, void *p, size_t old, size_t size) {
    if (size <= old) return p;
    void *q = arena_alloc(a, size);
    if (p && old) memcpy(q, p, old);
    return q;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(Arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_reset(Arena *a) {
    if (!a->head) return;
    while (a->head->next) {  // free newer blocks, keep the oldest
        ArenaBlock *b = a->head;
        a->head = b->next;
        free(b);
    }
    a->used = 0;
    a->cap = a->head->cap;
}

void arena_free_all(Arena *a) {
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used = a->cap = 0;
}
