/* Notebook and source-file reading: turns a library file (.sql, .py, Databricks
 * source notebook, .ipynb) into cells, each a derived source buffer whose bytes map
 * back to the original file, so every later diagnostic points at what the user wrote
 * (dlt-language.md section 1). */
#ifndef SLUICE_NOTEBOOK_H
#define SLUICE_NOTEBOOK_H

#include "arena.h"
#include "diag.h"
#include "source.h"

#include <stdbool.h>

typedef enum {
    LANG_NONE,    // markdown, raw and empty cells
    LANG_SQL,     // SQL
    LANG_PYTHON,  // Python
    LANG_OTHER,   // %sh, %fs, %scala, %r, %run, %pip ...
} Lang;

typedef struct {
    Lang        lang;         // language of the cell's text
    const char *magic;        // "%sql", "%md", ... (arena); NULL for a plain code cell
    uint32_t    buf;          // buffer with the cell body (magic prefixes and line removed)
    SrcLoc      at;           // where the cell starts in the original file
    bool        is_pipeline;  // in the notebook's own language: pipeline code
} Cell;

typedef struct {
    const char *path;       // arena
    uint32_t    file;       // original buffer
    Lang        lang;       // the library's language
    bool        is_notebook;
    Cell       *cells;      // arena
    uint32_t    ncells;
} Notebook;

/* Read path into src and split it into cells. Warnings for skipped magic cells and
 * errors for unreadable files or unsupported languages go to d. False on error. */
bool notebook_read(SourceSet *src, Diags *d, Arena *a, const char *path, Notebook *out);

/* Join the pipeline cells of a Python notebook into one module buffer (cells separated
 * by a newline), mapped back to the original. Returns the buffer index. */
uint32_t notebook_python_module(SourceSet *src, const Notebook *nb);

/* Language of a path by its extension; LANG_NONE for an unsupported one. */
Lang notebook_lang_of_path(const char *path);

#endif
