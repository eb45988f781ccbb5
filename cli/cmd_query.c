/* sluice query [--storage DIR] [--settings F] [--format table|csv|json] [--conf K=V]
 *              "SQL" | --file F.sql:
 * ad-hoc SQL over files (parquet.`path`, json.`path`, csv.`path`, read_files(...)), with
 * or without a store, and over the tables of a store (`schema.table` or a bare name in the
 * target schema, `VERSION AS OF n`). The query is compiled as a temporary view by the
 * planner, so it gets the same checks and located errors as a pipeline, then run by the
 * runtime's executor. */
#include "cli.h"

#include "args.h"
#include "frontend.h"
#include "ir.h"
#include "pipeline.h"
#include "planner.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const VIEW = "__sluice_query";

/* Every table a query names is external, so the planner's pipeline warning saying so
 * (printed with the errors of a failed query) is noise here: drop it and its notes. */
static void print_diags(const Diags *d, const SourceSet *src) {
    Diags kept;
    diag_init(&kept);
    bool dropping = false;
    for (int i = 0; i < d->n; i++) {
        const Diag *g = &d->items[i];
        if (g->level != DIAG_NOTE)
            dropping = g->level == DIAG_WARNING &&
                       strstr(g->msg, "reading it as an external table") != NULL;
        if (dropping) continue;
        if (g->level == DIAG_ERROR) diag_error(&kept, g->at, "%s", g->msg);
        else if (g->level == DIAG_WARNING) diag_warning(&kept, g->at, "%s", g->msg);
        else diag_note(&kept, g->at, "%s", g->msg);
    }
    diag_print(&kept, src, stderr);
    diag_free(&kept);
}

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
    const char *file = NULL, *sql_name = "<query>";
    char *file_text = NULL;
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
        else if (args_option(argc, argv, &i, "--file", &v) || args_option(argc, argv, &i, "-f", &v))
            file = v;
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
    bool bad_format = strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json");
    if (status || !sql == !file || bad_format) {
        fputs("usage: sluice query [--storage DIR] [--settings F] [--format table|csv|json] "
              "[--conf K=V] \"SQL\" | --file F.sql\n", stderr);
        status = 2;
    }
    if (!status && file) {
        size_t len = 0;
        if (!(file_text = read_file(file, &len)) || strlen(file_text) != len) {
            fprintf(stderr, "sluice query: cannot read '%s': %s\n", file,
                    file_text ? "it contains a NUL byte" : strerror(errno));
            status = 2;
        }
        sql = file_text;
        sql_name = file;
    }
    if (!status && settings && !settings_load(&s, settings, &fe.src, &fe.diags)) status = 2;
    if (!status && !storage) storage = s.storage;
    /* Without a store only files can be read: the planner reports a table by name, and
     * nothing is looked up or written in the current directory. */
    if (!status && !s.schema) s.schema = storage ? guess_schema(&s, storage) : "default";
    for (uint32_t i = 0; i < s.nconf; i++) frontend_set_conf(&fe, s.conf[i].key, s.conf[i].value);
    cJSON *plan = NULL;
    if (!status) {
        uint32_t qbuf = src_add(&fe.src, sql_name, xstrdup(sql), (uint32_t)strlen(sql));
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
            print_diags(&fe.diags, &fe.src);
            status = 2;
        }
        ir_free(&ir);
    } else
        print_diags(&fe.diags, &fe.src);
    if (!status) {
        char *err = NULL;
        if (pipeline_query(plan, VIEW, storage, format, &err)) {
            fprintf(stderr, "sluice query: %s\n", err ? err : "failed");
            status = 1;
        }
        free(err);
    }
    cJSON_Delete(plan);
    free(file_text);
    settings_free(&s);
    frontend_free(&fe);
    return status;
}
