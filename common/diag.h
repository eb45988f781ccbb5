/* Diagnostics: errors, warnings and notes with a source location, collected
 * during a stage and printed together like a C compiler does:
 *   path:line:col: error: message
 *      12 | SELECT * FROM clickstream_rwa
 *         |               ^~~~~~~~~~~~~~~
 * Stages run to their end; the driver stops when diag_errors(d) > 0. */
#ifndef SLUICE_DIAG_H
#define SLUICE_DIAG_H

#include "source.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum {
    DIAG_ERROR,    // the input is wrong; exit status 2 at the end of the stage
    DIAG_WARNING,  // suspicious but accepted
    DIAG_NOTE,     // more detail for the previous error or warning
} DiagLevel;

typedef struct {
    DiagLevel level;
    SrcLoc    at;
    char     *msg;     // malloc'd
    int       parent;  // notes: index of the diagnostic they belong to; else -1
} Diag;

typedef struct {
    Diag *items;
    int   n, cap;
    int   nerrors, nwarnings;
    int   last;  // index of the last error/warning, for notes
} Diags;

void diag_init(Diags *d);
void diag_free(Diags *d);
void diag_error(Diags *d, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(Diags *d, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(Diags *d, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int  diag_errors(const Diags *d);
/* Print every diagnostic ordered by file and offset (notes stay after their parent). */
void diag_print(const Diags *d, const SourceSet *src, FILE *out);
/* One diagnostic as text, for tests and event-log messages: "path:line:col: error: msg". */
char *diag_format_one(const Diag *g, const SourceSet *src);  // caller frees

/* "did you mean" helper: the candidate closest to name within a small edit distance,
 * or NULL. Distance limit grows with the length of the name. */
const char *diag_suggest(const char *name, const char *const *cands, size_t n);

#endif
