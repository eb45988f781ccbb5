/* sluice query [--storage DIR | --settings F] [--format table|csv|json] [--conf K=V] "SQL":
 * ad-hoc SQL over the tables of a store (`schema.table` or a bare name in the target
 * schema, `VERSION AS OF n`) and over files (parquet.`path`, read_files(...)). The
 * query is compiled as a temporary view by the planner, so it gets the same checks
 * and located errors as a pipeline, then run by the runtime's executor. */
#include "cli.h"

#include "args.h"
#include "frontend.h"
#include "ir.h"
#include "pipeline.h"
#include "planner.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const VIEW = "__sluice_query";

/* With only --storage: the schema folder under tables/ when there is exactly one. */
static const char *guess_schema(Settings *s, const char *storage) {
    char *dir = NULL;
    if (asprintf(&dir, "%s/tables", storage) < 0) return "default";
    DIR *d = opendir(dir);
    free(dir);
    const char *found = NULL;
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') found = n++ ? NULL : arena_strdup(&s->arena, e->d_name);
    if (d) closedir(d);
    return n == 1 && found ? found : "default";
}

int cmd_query(int argc, char **argv) {
    const char *storage = NULL, *settings = NULL, *format = "table", *sql = NULL;
    Frontend fe;
    frontend_init(&fe);
    Settings s;
    settings_init(&s);
    int status = 0;
    for (int i = 1; i < argc && !status; i++) {
        const char *v;
        if (args_option(argc, argv, &i, "--storage", &v)) storage = v;
        else if (args_option(argc, argv, &i, "--settings", &v)) settings = v;
        else if (args_option(argc, argv, &i, "--format", &v)) format = v;
        else if (args_option(argc, argv, &i, "--conf", &v)) {
            const char *eq = v ? strchr(v, '=') : NULL;
            if (!eq) status = 2;
            else {
                char *k = strndup(v, (size_t)(eq - v));
                settings_set_conf(&s, k, eq + 1);
                free(k);
            }
            continue;
        } else if (argv[i][0] == '-' || sql) {
            status = 2;
            continue;
        } else {
            sql = argv[i];
            continue;
        }
        if (!v) status = 2;
    }
    if (status || !sql || (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))) {
        fputs("usage: sluice query [--storage DIR | --settings F] [--format table|csv|json] \"SQL\"\n", stderr);
        status = 2;
    }
    if (!status && settings && !settings_load(&s, settings, &fe.src, &fe.diags)) status = 2;
    if (!status && !storage) storage = s.storage;
    if (!status && !storage) {
        fputs("sluice query: no store: pass --storage DIR or --settings FILE\n", stderr);
        status = 2;
    }
    if (!status && !s.schema) s.schema = guess_schema(&s, storage);
    for (uint32_t i = 0; i < s.nconf; i++) frontend_set_conf(&fe, s.conf[i].key, s.conf[i].value);
    cJSON *plan = NULL;
    if (!status) {
        uint32_t qbuf = src_add(&fe.src, "<query>", xstrdup(sql), (uint32_t)strlen(sql));
        SrcBuilder b = {0};
        const char *prefix = "CREATE TEMPORARY VIEW __sluice_query AS ";
        for (const char *p = prefix; *p; p++) sb_src_byte(&b, *p, 0);
        sb_src_add(&b, sql, (uint32_t)strlen(sql), 0);
        uint32_t buf = sb_src_finish(&b, &fe.src, qbuf);
        SqlScript *script = sql_parse(&fe.arena, &fe.src, buf, &fe.diags);
        IrPipeline ir;
        ir_init(&ir, &fe.arena);
        IrSqlFileState st = {.allow_time_travel = true};
        if (script && !diag_errors(&fe.diags)) ir_lower_sql_script(&ir, script, &fe.src, &st, &fe.diags);
        if (!diag_errors(&fe.diags)) {
            PlanOptions po = {.settings = &s, .sample_files = true, .validate = true, .storage = storage};
            plan = plan_build(&ir, &fe.src, &po, &fe.diags);
        }
        if (!plan || diag_errors(&fe.diags)) {
            diag_print(&fe.diags, &fe.src, stderr);
            status = 2;
        }
        ir_free(&ir);
    } else
        diag_print(&fe.diags, &fe.src, stderr);
    if (!status) {
        char *err = NULL;
        if (pipeline_query(plan, VIEW, storage, format, &err)) {
            fprintf(stderr, "sluice query: %s\n", err ? err : "failed");
            status = 1;
        }
        free(err);
    }
    cJSON_Delete(plan);
    settings_free(&s);
    frontend_free(&fe);
    return status;
}
