/* sluice compile | explain | validate | graph: read sources (or a settings file), lower
 * SQL and evaluate Python into the IR, plan, then write the plan file, print the
 * explain text, report the checks, or draw the dataset graph. Exit 0 / 2. */
#include "cli.h"

#include "args.h"
#include "frontend.h"
#include "ir.h"
#include "planner.h"
#include "pyeval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    CMD_COMPILE,   // compile
    CMD_EXPLAIN,   // explain
    CMD_VALIDATE,  // validate
    CMD_GRAPH,     // graph
} CmdKind;

typedef struct {
    const char  *out;       // -o
    const char  *format;    // graph --format
    const char  *settings;  // --settings
    const char  *storage;   // --storage
    bool         explain;   // compile --explain
    bool         dump_ir;   // compile --ir: print the IR (testdata/ir golden tests)
    char       **paths;
    uint32_t     npaths;
} Opts;

static bool parse_opts(CmdKind k, int argc, char **argv, Frontend *fe, Settings *s, Opts *o,
                       char ***conf, uint32_t *nconf) {
    bool ok = true;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (args_option(argc, argv, &i, "--conf", &v)) {
            *conf = xrealloc(*conf, (*nconf + 1) * sizeof **conf);
            (*conf)[(*nconf)++] = (char *)v;
        } else if (args_option(argc, argv, &i, "--mount", &v)) {
            const char *eq = v ? strchr(v, '=') : NULL;
            if (!eq) {
                fprintf(stderr, "sluice: --mount expects PREFIX=DIR\n");
                ok = false;
                continue;
            }
            char *pre = strndup(v, (size_t)(eq - v));
            settings_add_mount(s, pre, eq + 1);
            free(pre);
        } else if (args_option(argc, argv, &i, "--settings", &v)) {
            o->settings = v;
        } else if (args_option(argc, argv, &i, "--storage", &v)) {
            o->storage = v;
        } else if (args_option(argc, argv, &i, "--format", &v) && k == CMD_GRAPH) {
            o->format = v;
        } else if (args_option(argc, argv, &i, "-o", &v) && k == CMD_COMPILE) {
            o->out = v;
        } else if (!strcmp(argv[i], "--explain") && k == CMD_COMPILE) {
            o->explain = true;
        } else if (!strcmp(argv[i], "--ir") && k == CMD_COMPILE) {
            o->dump_ir = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "sluice %s: unknown option '%s'\n", argv[0], argv[i]);
            ok = false;
        } else {
            o->paths = xrealloc(o->paths, (o->npaths + 1) * sizeof *o->paths);
            o->paths[o->npaths++] = argv[i];
        }
    }
    (void)fe;
    return ok;
}

static void lower_all(Frontend *fe, IrPipeline *ir, Settings *s) {
    for (uint32_t i = 0; i < fe->nlibs; i++) {
        Library *lib = &fe->libs[i];
        IrSqlFileState st = {0};
        for (uint32_t k = 0; k < lib->nsql; k++)
            if (lib->sql[k]) ir_lower_sql_script(ir, lib->sql[k], &fe->src, &st, &fe->diags);
        if (lib->py) {
            const char **pre = xcalloc(s->nmounts + 1, sizeof *pre), **dirs = xcalloc(s->nmounts + 1, sizeof *dirs);
            for (uint32_t m = 0; m < s->nmounts; m++) pre[m] = s->mounts[m].key, dirs[m] = s->mounts[m].value;
            PyEvalOptions po = {.conf = &fe->conf,
                                .dialect_sdp = s->dialect && str_ieq(s->dialect, "sdp"),
                                .mount_prefixes = pre, .mount_dirs = dirs, .nmounts = s->nmounts,
                                .base_dir = s->settings_dir};
            pyeval_module(ir, &fe->src, lib->py, &po, &fe->diags);
            free(pre);
            free(dirs);
        }
    }
}

static int write_out(const char *path, const char *text) {
    if (!path || !strcmp(path, "-")) {
        fputs(text, stdout);
        return 0;
    }
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "sluice: cannot write '%s'\n", path);
        return 2;
    }
    return 0;
}

static int render(CmdKind k, const Opts *o, const cJSON *plan) {
    StrBuf b = {0};
    int status = 0;
    if (k == CMD_COMPILE && !o->explain) {
        char *t = plan_to_text(plan);
        status = write_out(o->out ? o->out : "plan.json", t);
        free(t);
    } else if (k == CMD_GRAPH) {
        cJSON *shown = cJSON_Duplicate(plan, 1);  // plus the last update's metrics, if any
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(plan, "pipeline"), "storage");
        graph_attach_metrics(shown, o->storage ? o->storage : cJSON_IsString(st) ? st->valuestring : NULL);
        if (!plan_graph(shown, o->format ? o->format : "dot", &b)) {
            fprintf(stderr, "sluice graph: unknown format '%s' (dot, mermaid or html)\n", o->format);
            status = 2;
        } else {
            status = write_out("-", sb_cstr(&b));
        }
        cJSON_Delete(shown);
    } else if (k != CMD_VALIDATE) {
        plan_explain(plan, &b);
        status = write_out("-", sb_cstr(&b));
    } else {
        fputs("pipeline is valid\n", stdout);
    }
    sb_free(&b);
    return status;
}

static int run(CmdKind k, int argc, char **argv, const char *storage, cJSON **keep) {
    Frontend fe;
    frontend_init(&fe);
    Settings s;
    settings_init(&s);
    Opts o = {0};
    char **conf = NULL;
    uint32_t nconf = 0;
    int status = parse_opts(k, argc, argv, &fe, &s, &o, &conf, &nconf) ? 0 : 2;
    /* explain/graph of an existing plan file */
    if (status == 0 && (k == CMD_EXPLAIN || k == CMD_GRAPH) && o.npaths == 1 && !o.settings &&
        str_ends_with(o.paths[0], ".json")) {
        char *err = NULL;
        cJSON *plan = plan_read(o.paths[0], &err);
        if (!plan) {
            fprintf(stderr, "sluice %s: %s\n", argv[0], err);
            status = 2;
        } else {
            status = render(k, &o, plan);
        }
        free(err);
        cJSON_Delete(plan);
        goto done;
    }
    if (status == 0 && o.settings && !settings_load(&s, o.settings, &fe.src, &fe.diags)) status = 2;
    for (uint32_t i = 0; i < nconf && status == 0; i++) {
        const char *eq = strchr(conf[i], '=');
        if (!eq || eq == conf[i]) {
            fprintf(stderr, "sluice: --conf expects KEY=VALUE, got '%s'\n", conf[i]);
            status = 2;
            break;
        }
        char *key = strndup(conf[i], (size_t)(eq - conf[i]));
        settings_set_conf(&s, key, eq + 1);
        free(key);
    }
    for (uint32_t i = 0; i < s.nconf; i++) frontend_set_conf(&fe, s.conf[i].key, s.conf[i].value);
    if (status == 0 && o.npaths == 0 && s.nlibs == 0) {
        fprintf(stderr, "usage: sluice %s SOURCES...|--settings FILE [--conf K=V] [--mount P=DIR]%s\n",
                argv[0], k == CMD_COMPILE ? " [-o plan.json|-] [--explain]"
                         : k == CMD_GRAPH ? " [--format dot|mermaid|html]" : "");
        status = 2;
    }
    char **files = NULL;
    uint32_t nfiles = 0;
    for (uint32_t i = 0; i < s.nlibs && status == 0; i++) frontend_expand_path(&fe, s.libraries[i], &files, &nfiles);
    for (uint32_t i = 0; i < o.npaths && status == 0; i++) frontend_expand_path(&fe, o.paths[i], &files, &nfiles);
    for (uint32_t i = 0; i < nfiles && status == 0; i++) frontend_load(&fe, files[i]);
    if (status == 0) {
        IrPipeline ir;
        ir_init(&ir, &fe.arena);
        if (diag_errors(&fe.diags) == 0) lower_all(&fe, &ir, &s);
        cJSON *plan = NULL;
        if (o.dump_ir) {
            StrBuf b = {0};
            ir_dump(&ir, &b);
            fputs(sb_cstr(&b), stdout);
            sb_free(&b);
            diag_print(&fe.diags, &fe.src, stderr);
            status = diag_errors(&fe.diags) ? 2 : 0;
        } else if (diag_errors(&fe.diags) == 0) {
            PlanOptions po = {.settings = &s, .sample_files = true, .validate = k == CMD_VALIDATE,
                              .storage = o.storage ? o.storage : storage};
            plan = plan_build(&ir, &fe.src, &po, &fe.diags);
        }
        if (!o.dump_ir) diag_print(&fe.diags, &fe.src, stderr);
        if (o.dump_ir) ;
        else if (!plan || diag_errors(&fe.diags)) status = 2;
        else if (keep) *keep = plan, plan = NULL;
        else status = render(k, &o, plan);
        cJSON_Delete(plan);
        ir_free(&ir);
    } else {
        diag_print(&fe.diags, &fe.src, stderr);
    }
    for (uint32_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
done:
    free(conf);
    free(o.paths);
    settings_free(&s);
    frontend_free(&fe);
    return status;
}

int cmd_compile(int argc, char **argv) { return run(CMD_COMPILE, argc, argv, NULL, NULL); }
int cmd_explain(int argc, char **argv) { return run(CMD_EXPLAIN, argc, argv, NULL, NULL); }
int cmd_validate(int argc, char **argv) { return run(CMD_VALIDATE, argc, argv, NULL, NULL); }
int cmd_graph(int argc, char **argv) { return run(CMD_GRAPH, argc, argv, NULL, NULL); }

int cli_compile_plan(int argc, char **argv, const char *storage, cJSON **plan) {
    /* A run checks what validate checks; its --storage binds external tables now. */
    *plan = NULL;
    return run(CMD_VALIDATE, argc, argv, storage, plan);
}
