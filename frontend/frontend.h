/* The front end as one step: read every library (notebooks, .sql, .py, .ipynb,
 * directories of them), split cells, substitute ${key} in SQL, and parse; the
 * parsed libraries and all diagnostics stay in the Frontend for the next stage. */
#ifndef SLUICE_FRONTEND_H
#define SLUICE_FRONTEND_H

#include "arena.h"
#include "diag.h"
#include "hashmap.h"
#include "notebook.h"
#include "py.h"
#include "source.h"
#include "sql.h"

typedef struct {
    Notebook    nb;
    SqlScript **sql;    // SQL libraries: one script per pipeline cell (NULL on failure)
    uint32_t   *sql_buf;  // the buffer each script was parsed from
    uint32_t    nsql;
    PyModule   *py;     // Python libraries: the module (NULL on failure)
    uint32_t    py_buf;
    HashMap     sets;   // SQL: values of SET statements, by key
} Library;

typedef struct {
    SourceSet src;
    Diags     diags;
    Arena     arena;   // ASTs and everything else of this compilation
    HashMap   conf;    // pipeline configuration: key -> value (arena strings)
    Library  *libs;    // malloc'd
    uint32_t  nlibs;
} Frontend;

void frontend_init(Frontend *fe);
void frontend_free(Frontend *fe);
void frontend_set_conf(Frontend *fe, const char *key, const char *value);
/* Expand path into library files: a file as is; a directory recursively, .sql .py
 * .ipynb files in sorted order. Appends malloc'd strings to *out. False when the path
 * does not exist (reported). */
bool frontend_expand_path(Frontend *fe, const char *path, char ***out, uint32_t *n);
/* Read and parse one library file. */
void frontend_load(Frontend *fe, const char *path);

#endif
