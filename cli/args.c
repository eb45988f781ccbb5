/* Command-line helpers (see args.h). */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool args_option(int argc, char **argv, int *i, const char *name, const char **val) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return false;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
        return true;
    }
    if (argv[*i][n] != 0) return false;
    if (*i + 1 >= argc) {
        fprintf(stderr, "sluice: option '%s' needs a value\n", name);
        *val = NULL;
        return false;
    }
    *val = argv[++*i];
    return true;
}

bool args_conf(Frontend *fe, const char *kv) {
    const char *eq = kv ? strchr(kv, '=') : NULL;
    if (!eq || eq == kv) {
        fprintf(stderr, "sluice: --conf expects KEY=VALUE, got '%s'\n", kv ? kv : "");
        return false;
    }
    char *key = strndup(kv, (size_t)(eq - kv));
    frontend_set_conf(fe, key, eq + 1);
    free(key);
    return true;
}
