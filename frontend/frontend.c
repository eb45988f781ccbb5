/* Front-end driver (see frontend.h). */
#include "frontend.h"

#include "sql_subst.h"
#include "str.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void frontend_init(Frontend *fe) {
    memset(fe, 0, sizeof *fe);
    src_init(&fe->src);
    diag_init(&fe->diags);
    hm_init(&fe->conf, false);
}

void frontend_free(Frontend *fe) {
    for (uint32_t i = 0; i < fe->nlibs; i++) {
        free(fe->libs[i].sql);
        free(fe->libs[i].sql_buf);
        hm_free(&fe->libs[i].sets);
    }
    free(fe->libs);
    hm_free(&fe->conf);
    diag_free(&fe->diags);
    src_free(&fe->src);
    arena_free_all(&fe->arena);
}

void frontend_set_conf(Frontend *fe, const char *key, const char *value) {
    hm_put(&fe->conf, arena_strdup(&fe->arena, key), arena_strdup(&fe->arena, value));
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push(char ***out, uint32_t *n, const char *s) {
    *out = xrealloc(*out, (*n + 1) * sizeof **out);
    (*out)[(*n)++] = xstrdup(s);
}

static void walk_dir(const char *dir, char ***out, uint32_t *n, int depth) {
    DIR *d = opendir(dir);
    if (!d || depth > 32) {
        if (d) closedir(d);
        return;
    }
    char **names = NULL;
    uint32_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        push(&names, &nn, e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str);
    for (uint32_t i = 0; i < nn; i++) {
        StrBuf p = {0};
        sb_printf(&p, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode)) walk_dir(p.ptr, out, n, depth + 1);
        else if (str_ends_with(p.ptr, ".sql") || str_ends_with(p.ptr, ".py") ||
                 str_ends_with(p.ptr, ".ipynb"))
            push(out, n, p.ptr);
        sb_free(&p);
        free(names[i]);
    }
    free(names);
}

bool frontend_expand_path(Frontend *fe, const char *path, char ***out, uint32_t *n) {
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(&fe->diags, SRC_NONE, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        push(out, n, path);
        return true;
    }
    size_t len = strlen(path);
    char *dir = xstrdup(path);
    while (len > 1 && dir[len - 1] == '/') dir[--len] = 0;
    walk_dir(dir, out, n, 0);
    free(dir);
    return true;
}

static void parse_sql(Frontend *fe, Library *lib) {
    hm_init(&lib->sets, true);
    lib->sql = xcalloc(lib->nb.ncells ? lib->nb.ncells : 1, sizeof *lib->sql);
    lib->sql_buf = xcalloc(lib->nb.ncells ? lib->nb.ncells : 1, sizeof *lib->sql_buf);
    for (uint32_t i = 0; i < lib->nb.ncells; i++) {
        const Cell *c = &lib->nb.cells[i];
        if (!c->is_pipeline) continue;
        uint32_t buf = sql_substitute(&fe->src, c->buf, &fe->conf, &lib->sets, &fe->arena,
                                      &fe->diags);
        lib->sql_buf[lib->nsql] = buf;
        lib->sql[lib->nsql++] = sql_parse(&fe->arena, &fe->src, buf, &fe->diags);
    }
}

void frontend_load(Frontend *fe, const char *path) {
    fe->libs = xrealloc(fe->libs, (fe->nlibs + 1) * sizeof *fe->libs);
    Library *lib = &fe->libs[fe->nlibs++];
    memset(lib, 0, sizeof *lib);
    if (!notebook_read(&fe->src, &fe->diags, &fe->arena, path, &lib->nb)) return;
    if (lib->nb.lang == LANG_SQL) parse_sql(fe, lib);
    else if (lib->nb.lang == LANG_PYTHON) {
        lib->py_buf = notebook_python_module(&fe->src, &lib->nb);
        lib->py = py_parse(&fe->arena, &fe->src, lib->py_buf, &fe->diags);
    }
}
