/* The planner: pipeline settings, and the IR -> plan step (resolve names across
 * files and languages, bind and type every query, infer schemas, check the DLT rules,
 * order datasets into stages), the plan file (docs/plan-format.md) as cJSON, its
 * reader, and the human views of a plan (explain text, dot/mermaid/html graph). */
#ifndef SLUICE_PLANNER_H
#define SLUICE_PLANNER_H

#include "arena.h"
#include "diag.h"
#include "ir.h"
#include "source.h"
#include "str.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Pipeline settings (design.md section 2, dlt-language.md 4.9). */
typedef struct {
    Arena        arena;        // every string below
    const char  *name;         // "pipeline" when absent
    const char  *catalog;      // or NULL
    const char  *schema;       // `schema` or `target`; NULL when neither
    bool         uses_target;  // D1 `target` given
    const char  *storage;      // absolute, or NULL
    const char  *settings_dir; // absolute folder of the settings file (or cwd)
    bool         development;  // default true
    bool         continuous;   // default false
    const char  *edition;      // CORE, PRO, ADVANCED (upper case); default ADVANCED
    const char  *dialect;      // "dlt" (default) or "sdp"
    IrKV        *conf;         // configuration, in file order
    uint32_t     nconf;
    IrKV        *mounts;       // prefix -> absolute dir
    uint32_t     nmounts;
    const char **libraries;    // library paths, resolved against settings_dir
    uint32_t     nlibs;
    cJSON       *notifications;  // owned copy or NULL
    cJSON       *smtp;           // owned copy or NULL
    bool         is_test;        // SLUICE_TEST set: keep paths relative (golden tests)
} Settings;

void settings_init(Settings *s);  // defaults, settings_dir = cwd
void settings_free(Settings *s);
/* Read a pipeline.json. Errors (unreadable, not JSON, wrong types, no libraries,
 * target + schema) go to d located at the file. */
bool settings_load(Settings *s, const char *path, SourceSet *src, Diags *d);
void settings_set_conf(Settings *s, const char *key, const char *value);   // replaces
void settings_add_mount(Settings *s, const char *prefix, const char *dir);
/* Map a user path through the mounts (and dbfs:/ prefix); relative local paths are
 * resolved against settings_dir. Arena string. */
const char *settings_map_path(Settings *s, const char *path);

typedef struct {
    Settings   *settings;
    bool        sample_files;  // infer file input schemas from local files (compile)
    bool        validate;      // also: file inputs must exist, external tables must exist
    const char *storage;       // validate: store root for external tables (or settings)
} PlanOptions;

/* Build the plan from the IR. Every problem goes to d (errors and warnings, located);
 * returns the plan (caller frees with cJSON_Delete) or NULL when there were errors. */
cJSON *plan_build(const IrPipeline *ir, const SourceSet *src, const PlanOptions *o, Diags *d);
/* The plan file's text: deterministic, ends with a newline. Caller frees. */
char  *plan_to_text(const cJSON *plan);
/* Read and check a plan file: format "sluice-plan" and a known version. NULL with a
 * message in *err (malloc'd) otherwise. */
cJSON *plan_read(const char *path, char **err);

/* Human-readable plan (stages, datasets, logical plans, what a run does). */
void plan_explain(const cJSON *plan, StrBuf *out);
/* The dataset graph as "dot", "mermaid" or "html" (self-contained page, inline SVG).
 * False for an unknown format. */
bool plan_graph(const cJSON *plan, const char *format, StrBuf *out);

#endif
