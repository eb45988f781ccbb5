/* fn_impl_lookup (fn.h): collects the kernel tables of every fn_*.c family into one
 * hash map, built once (thread-safe) on first use. Operators (fn_core.c) come first so
 * a family table cannot shadow them. */
#include "fn.h"
#include "fn_tables.h"

#include "hashmap.h"

#include <pthread.h>
#include <stddef.h>

extern const FnImpl fn_core_impls[]; // runtime/fn_core.c
extern const FnImpl fn_cast_impls[]; // runtime/fn_core_cast.c

static HashMap registry;
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

static void add_table(const FnImpl *t) {
    if (!t) return;
    for (; t->name; t++)
        if (!hm_has(&registry, t->name)) hm_put(&registry, t->name, (void *)t);
}

static void build(void) {
    hm_init(&registry, true);
    const FnImpl *tables[] = {fn_core_impls, fn_cast_impls, fn_string_impls, fn_math_impls,
                              fn_date_impls, fn_hash_impls, fn_regex_impls,  fn_misc_impls,
                              fn_array_impls};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) add_table(tables[i]);
}

const FnImpl *fn_impl_lookup(const char *name) {
    pthread_once(&registry_once, build);
    return name ? hm_get(&registry, name) : NULL;
}
