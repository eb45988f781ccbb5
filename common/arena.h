/* Arena allocator: bump allocation from chunked blocks, freed all at once.
 * Compiler memory (tokens, AST, IR) lives in an arena owned by one compilation;
 * the runtime uses arena_try_alloc so an allocation failure becomes a status. */
#ifndef SLUICE_ARENA_H
#define SLUICE_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct {
    ArenaBlock *head;  // current block; older blocks follow ->next
    size_t      used;  // bytes used in head
    size_t      cap;   // bytes available in head
} Arena;

void *arena_alloc(Arena *a, size_t size);      // zeroed, 16-aligned; exits through the OOM hook
void *arena_try_alloc(Arena *a, size_t size);  // same, but NULL when out of memory
void *arena_realloc(Arena *a, void *p, size_t old, size_t size);  // grow a copy
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  arena_reset(Arena *a);     // keep the first block, drop the contents
void  arena_free_all(Arena *a);  // release every block; the arena is empty and reusable

/* Called when arena_alloc (or xmalloc) cannot get memory; cli/ sets it to report and exit 2. */
extern void (*arena_oom_hook)(void);

void *xmalloc(size_t n);            // malloc or the OOM hook
void *xcalloc(size_t n, size_t sz); // calloc or the OOM hook
void *xrealloc(void *p, size_t n);  // realloc or the OOM hook
char *xstrdup(const char *s);

/* Growable array of T in malloc'd memory: VEC(T) v = {0}; VEC_PUSH(v, x); free(v.items). */
#define VEC(T) struct { T *items; size_t len, cap; }
#define VEC_PUSH(v, x)                                                              \
    do {                                                                            \
        if ((v).len == (v).cap) {                                                   \
            (v).cap = (v).cap ? (v).cap * 2 : 8;                                    \
            (v).items = xrealloc((v).items, (v).cap * sizeof *(v).items);           \
        }                                                                           \
        (v).items[(v).len++] = (x);                                                 \
    } while (0)

#endif
