/* sluice parse [--conf K=V] SOURCES...: read notebooks/files and print their
 * syntax trees (the basis of the front end's golden tests). */
#include "cli.h"

#include "args.h"
#include "frontend.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_parse(int argc, char **argv) {
    Frontend fe;
    frontend_init(&fe);
    char **paths = NULL;
    uint32_t npaths = 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        const char *val;
        if (args_option(argc, argv, &i, "--conf", &val)) {
            if (!args_conf(&fe, val)) status = 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "sluice parse: unknown option '%s'\n", argv[i]);
            status = 2;
        } else
            frontend_expand_path(&fe, argv[i], &paths, &npaths);
    }
    if (npaths == 0 && status == 0 && diag_errors(&fe.diags) == 0) {
        fputs("usage: sluice parse [--conf KEY=VALUE] SOURCES...\n", stderr);
        status = 2;
    }
    StrBuf out = {0};
    for (uint32_t i = 0; i < npaths && status == 0; i++) {
        frontend_load(&fe, paths[i]);
        Library *lib = &fe.libs[fe.nlibs - 1];
        if (npaths > 1) sb_printf(&out, "== %s\n", paths[i]);
        for (uint32_t k = 0; k < lib->nsql; k++)
            if (lib->sql[k]) sql_ast_dump(lib->sql[k], &out);
        if (lib->py) py_ast_dump(lib->py, &out);
    }
    fwrite(sb_cstr(&out), 1, out.len, stdout);
    fflush(stdout);
    diag_print(&fe.diags, &fe.src, stderr);
    if (diag_errors(&fe.diags)) status = 2;
    sb_free(&out);
    for (uint32_t i = 0; i < npaths; i++) free(paths[i]);
    free(paths);
    frontend_free(&fe);
    return status;
}
