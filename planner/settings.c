/* Pipeline settings (design.md section 2): the Databricks pipeline JSON plus Sluice's
 * `mounts` and `smtp`. Unknown keys are accepted; library and storage paths resolve
 * against the settings file's folder; mounts map notebook paths to local folders. */
#include "planner.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void settings_init(Settings *s) {
    memset(s, 0, sizeof *s);
    s->development = true;
    s->edition = "ADVANCED";
    s->dialect = "dlt";
    char buf[PATH_MAX];
    /* Under the test runner (SLUICE_TEST=1) paths stay relative, so golden outputs do
     * not depend on where the repository is checked out. */
    s->is_test = getenv("SLUICE_TEST") != NULL;
    s->settings_dir = arena_strdup(&s->arena, s->is_test || !getcwd(buf, sizeof buf) ? "." : buf);
}

void settings_free(Settings *s) {
    free(s->libraries);
    cJSON_Delete(s->notifications);
    cJSON_Delete(s->smtp);
    arena_free_all(&s->arena);
}

void settings_set_conf(Settings *s, const char *key, const char *value) {
    for (uint32_t i = 0; i < s->nconf; i++)
        if (!strcmp(s->conf[i].key, key)) {
            s->conf[i].value = arena_strdup(&s->arena, value);
            return;
        }
    ir_kv_add(&s->arena, &s->conf, &s->nconf, key, value);
}

static const char *abs_path(Settings *s, const char *p) {
    if (!p || p[0] == '/') return p ? arena_strdup(&s->arena, p) : NULL;
    if (!strcmp(s->settings_dir, ".")) return arena_strdup(&s->arena, p);
    return arena_printf(&s->arena, "%s/%s", s->settings_dir, p);
}

void settings_add_mount(Settings *s, const char *prefix, const char *dir) {
    ir_kv_add(&s->arena, &s->mounts, &s->nmounts, prefix, abs_path(s, dir));
}

const char *settings_map_path(Settings *s, const char *path) {
    if (!strncmp(path, "dbfs:", 5)) path += 5;
    size_t best = 0;
    const IrKV *m = NULL;
    for (uint32_t i = 0; i < s->nmounts; i++) {
        size_t n = strlen(s->mounts[i].key);
        if (n > best && !strncmp(path, s->mounts[i].key, n) &&
            (path[n] == 0 || path[n] == '/' || s->mounts[i].key[n - 1] == '/')) {
            best = n;
            m = &s->mounts[i];
        }
    }
    if (m) return arena_printf(&s->arena, "%s%s", m->value, path + best);
    if (strstr(path, "://")) return arena_strdup(&s->arena, path);
    return abs_path(s, path);
}

static bool str_field(cJSON *j, const char *k, const char **out, Settings *s) {
    cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
    if (!v) return true;
    if (!cJSON_IsString(v)) return false;
    *out = arena_strdup(&s->arena, v->valuestring);
    return true;
}

static void add_lib(Settings *s, const char *p) {
    s->libraries = xrealloc(s->libraries, (s->nlibs + 1) * sizeof *s->libraries);
    s->libraries[s->nlibs++] = p;
}

static const char *notebook_path(Settings *s, const char *p) {
    const char *a = abs_path(s, p);
    if (access(a, F_OK) == 0) return a;
    static const char *exts[] = {".py", ".sql", ".ipynb"};
    for (int i = 0; i < 3; i++) {
        const char *c = arena_printf(&s->arena, "%s%s", a, exts[i]);
        if (access(c, F_OK) == 0) return c;
    }
    return a;
}

bool settings_load(Settings *s, const char *path, SourceSet *src, Diags *d) {
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(d, SRC_NONE, "cannot read settings '%s'", path);
        return false;
    }
    uint32_t file = src_add(src, path, text, (uint32_t)len);
    SrcLoc at = {file, 0, 0};
    cJSON *j = cJSON_ParseWithLength(src_buf(src, file)->text, len);
    if (!cJSON_IsObject(j)) {
        diag_error(d, at, "settings file is not a JSON object");
        cJSON_Delete(j);
        return false;
    }
    char buf[PATH_MAX];
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    const char *base = slash ? (dir[0] ? dir : "/") : ".";
    if (s->is_test) s->settings_dir = arena_strdup(&s->arena, base);
    else if (realpath(base, buf)) s->settings_dir = arena_strdup(&s->arena, buf);
    free(dir);
    bool ok = str_field(j, "name", &s->name, s) && str_field(j, "catalog", &s->catalog, s) &&
              str_field(j, "edition", &s->edition, s) && str_field(j, "dialect", &s->dialect, s);
    const char *schema = NULL, *target = NULL, *storage = NULL;
    ok = ok && str_field(j, "schema", &schema, s) && str_field(j, "target", &target, s) &&
         str_field(j, "storage", &storage, s);
    if (!ok) diag_error(d, at, "settings: name, catalog, schema, target, storage and edition must be strings");
    if (schema && target) diag_error(d, at, "settings: 'target' and 'schema' cannot both be set");
    s->schema = schema ? schema : target;
    s->uses_target = target != NULL;
    if (storage) s->storage = abs_path(s, storage);
    if (s->edition) {
        char *e = arena_strdup(&s->arena, s->edition);
        for (char *p = e; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        s->edition = e;
        if (strcmp(e, "CORE") && strcmp(e, "PRO") && strcmp(e, "ADVANCED"))
            diag_error(d, at, "settings: edition must be CORE, PRO or ADVANCED, not '%s'", e);
    }
    cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "development")) && cJSON_IsBool(v))
        s->development = cJSON_IsTrue(v);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "continuous")) && cJSON_IsBool(v))
        s->continuous = cJSON_IsTrue(v);
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "configuration"))
        if (cJSON_IsString(c)) settings_set_conf(s, c->string, c->valuestring);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "mounts"))
        if (cJSON_IsString(c)) settings_add_mount(s, c->string, c->valuestring);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "notifications"))) s->notifications = cJSON_Duplicate(v, 1);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "smtp"))) s->smtp = cJSON_Duplicate(v, 1);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "libraries")) {
        cJSON *nb = cJSON_GetObjectItemCaseSensitive(c, "notebook");
        cJSON *fl = cJSON_GetObjectItemCaseSensitive(c, "file");
        cJSON *gl = cJSON_GetObjectItemCaseSensitive(c, "glob");
        const char *p = NULL;
        if (nb && cJSON_IsString(cJSON_GetObjectItem(nb, "path")))
            add_lib(s, notebook_path(s, cJSON_GetObjectItem(nb, "path")->valuestring));
        else if (fl && cJSON_IsString(cJSON_GetObjectItem(fl, "path")))
            add_lib(s, abs_path(s, cJSON_GetObjectItem(fl, "path")->valuestring));
        else if (gl && cJSON_IsString(cJSON_GetObjectItem(gl, "include"))) {
            // A glob "dir/**" names the folder; the front end searches it recursively.
            p = cJSON_GetObjectItem(gl, "include")->valuestring;
            char *t = arena_strdup(&s->arena, p);
            char *star = strchr(t, '*');
            if (star) *star = 0;
            size_t n = strlen(t);
            while (n > 1 && t[n - 1] == '/') t[--n] = 0;
            add_lib(s, abs_path(s, n ? t : "."));
        } else
            diag_error(d, at, "settings: each library needs notebook.path, file.path or glob.include");
    }
    if (s->nlibs == 0) diag_error(d, at, "settings: 'libraries' lists no source files");
    cJSON_Delete(j);
    return diag_errors(d) == 0;
}
