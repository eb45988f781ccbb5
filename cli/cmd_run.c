/* sluice run PLAN.json | SOURCES... | --settings F [--storage DIR] [--full-refresh]
 * [--full-refresh-tables a,b] [--refresh a,b] [--continuous] [--development|--production]
 * [--conf K=V] [--mount P=DIR]: one pipeline update. Sources are compiled first (the
 * same plan `sluice compile` writes); a plan file runs as it is. */
#include "cli.h"

#include "args.h"
#include "pipeline.h"
#include "planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void split_list(const char *v, const char ***out, uint32_t *n) {
    char *copy = xstrdup(v), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ') t++;
        if (!*t) continue;
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = xstrdup(t);
    }
    free(copy);
}

int cmd_run(int argc, char **argv) {
    RunOptions ro = {.continuous = -1, .development = -1, .progress = true};
    char **pass = xcalloc((size_t)argc + 1, sizeof *pass);  // arguments for the compiler
    int npass = 0, status = 0;
    const char *plan_file = NULL;
    pass[npass++] = "run";
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (!strcmp(argv[i], "--full-refresh")) ro.full_refresh = true;
        else if (!strcmp(argv[i], "--continuous")) ro.continuous = 1;
        else if (!strcmp(argv[i], "--development")) ro.development = 1;
        else if (!strcmp(argv[i], "--production")) ro.development = 0;
        else if (args_option(argc, argv, &i, "--full-refresh-tables", &v)) {
            if (v) split_list(v, &ro.full_refresh_tables, &ro.nfull_refresh_tables);
            else status = 2;
        } else if (args_option(argc, argv, &i, "--refresh", &v)) {
            if (v) split_list(v, &ro.refresh, &ro.nrefresh);
            else status = 2;
        } else if (args_option(argc, argv, &i, "--storage", &v)) {
            if (v) ro.storage = v;
            else status = 2;
        } else if (str_ends_with(argv[i], ".json") && argv[i][0] != '-' &&
                   (i == 0 || strcmp(argv[i - 1], "--settings"))) {
            plan_file = argv[i];
        } else
            pass[npass++] = argv[i];
    }
    cJSON *plan = NULL;
    if (status == 0 && plan_file && npass == 1) {
        char *err = NULL;
        plan = plan_read(plan_file, &err);
        if (!plan) {
            fprintf(stderr, "sluice run: %s\n", err);
            status = 2;
        }
        free(err);
    } else if (status == 0) {
        if (plan_file) pass[npass++] = (char *)plan_file;
        status = cli_compile_plan(npass, pass, ro.storage, &plan);
    }
    if (status == 0) status = pipeline_run(plan, &ro);
    cJSON_Delete(plan);
    for (uint32_t i = 0; i < ro.nrefresh; i++) free((char *)ro.refresh[i]);
    for (uint32_t i = 0; i < ro.nfull_refresh_tables; i++) free((char *)ro.full_refresh_tables[i]);
    free(ro.refresh);
    free(ro.full_refresh_tables);
    free(pass);
    return status;
}
