/* libFuzzer target for the SQL front end: parse arbitrary bytes as one SQL buffer,
 * dump the tree and format every diagnostic. Any crash, leak, hang or out-of-bounds
 * read is a bug; every error must carry a location inside the buffer.
 * Corpus: tests/fuzz/corpus/sql/ (crashers found are kept there as regressions). */
#include "sql.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (1u << 20)) return 0;
    SourceSet src;
    src_init(&src);
    Diags d;
    diag_init(&d);
    Arena a = {0};
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    uint32_t buf = src_add(&src, "fuzz.sql", text, (uint32_t)size);
    SqlScript *s = sql_parse(&a, &src, buf, &d);
    StrBuf out = {0};
    sql_ast_dump(s, &out);
    for (int i = 0; i < d.n; i++) {
        SrcLoc at = d.items[i].at;
        if (at.file != buf || at.off > size || at.off + at.len > size) abort();
        free(diag_format_one(&d.items[i], &src));
    }
    sb_free(&out);
    arena_free_all(&a);
    diag_free(&d);
    src_free(&src);
    return 0;
}
