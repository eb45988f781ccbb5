/* The Python partial evaluator: runs a DLT Python module symbolically at compile
 * time (design.md section 4, dlt-language.md section 3.7). Phase 1 executes the module
 * top level, registering datasets and flows from decorators and dlt calls; phase 2
 * calls each query function to obtain its DataFrame as an unbound IR tree. What cannot
 * be followed becomes an opaque value; a dataset whose query is opaque stays in the IR
 * as REL_OPAQUE with the reads that could be seen. */
#ifndef SLUICE_PYEVAL_H
#define SLUICE_PYEVAL_H

#include "diag.h"
#include "hashmap.h"
#include "ir.h"
#include "py.h"
#include "source.h"

#include <stdbool.h>

typedef struct {
    const HashMap *conf;         // pipeline configuration: spark.conf.get
    bool           dialect_sdp;  // D3: @dp.table is streaming-only
    const char *const *mount_prefixes;  // dbutils.fs.ls / file paths through mounts
    const char *const *mount_dirs;
    uint32_t       nmounts;
    const char    *base_dir;     // relative local paths resolve here (NULL: cwd)
} PyEvalOptions;

/* Evaluate module m (parsed from buffer buf of src) into p. */
void pyeval_module(IrPipeline *p, SourceSet *src, const PyModule *m, const PyEvalOptions *opt,
                   Diags *d);

#endif
