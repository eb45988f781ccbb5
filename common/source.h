/* Source texts and locations. Every token, AST, IR and plan node records a SrcLoc:
 * a buffer index, a byte offset and a length. Line and column are worked out only
 * when printing. A buffer may be derived from another (a notebook cell with its
 * "# MAGIC " prefixes removed, a JSON-decoded .ipynb cell, a statement after
 * ${key} substitution): its `map` sends each byte back to the original file, so
 * diagnostics always point into the file the user wrote. */
#ifndef SLUICE_SOURCE_H
#define SLUICE_SOURCE_H

#include <stdint.h>
#include <stddef.h>

typedef struct {
    uint32_t file;  // index into the SourceSet; 0 = no file
    uint32_t off;   // byte offset of the first byte
    uint32_t len;   // bytes covered; 0 = a point
} SrcLoc;

#define SRC_NONE ((SrcLoc){0, 0, 0})  // nodes the compiler made up
SrcLoc src_span(SrcLoc first, SrcLoc last);  // first through the end of last

typedef struct {
    char       *path;    // as given by the user (malloc'd)
    char       *text;    // NUL-terminated (malloc'd)
    uint32_t    len;
    uint32_t    parent;  // buffer `map` points into; 0 = this is an original file
    uint32_t   *map;     // len+1 entries: offset in parent of each byte (NULL when original)
    uint32_t   *lines;   // start offset of each line, computed on first use
    uint32_t    nlines;
} SourceBuf;

typedef struct {
    SourceBuf *bufs;  // bufs[0] is the unused "no file" entry
    uint32_t   n, cap;
} SourceSet;

void     src_init(SourceSet *s);
void     src_free(SourceSet *s);
/* Add an original file's text (takes ownership of text). Returns its index. */
uint32_t src_add(SourceSet *s, const char *path, char *text, uint32_t len);
/* Add a derived buffer: text (owned) whose byte i came from parent offset map[i]
 * (owned; len+1 entries, the last one for the end position). */
uint32_t src_add_derived(SourceSet *s, uint32_t parent, char *text, uint32_t len, uint32_t *map);
const SourceBuf *src_buf(const SourceSet *s, uint32_t file);

/* Resolve a location to the original file: buffer index, byte offsets of the
 * first byte and of the end. */
void src_resolve(const SourceSet *s, SrcLoc at, uint32_t *file, uint32_t *off, uint32_t *end);
/* 1-based line and column (columns count UTF-8 code points) of an original offset. */
void src_line_col(const SourceSet *s, uint32_t file, uint32_t off, uint32_t *line, uint32_t *col);
/* Text of the whole line containing off (not NUL-terminated). */
const char *src_line_text(const SourceSet *s, uint32_t file, uint32_t off, uint32_t *len);

/* Building a derived buffer piece by piece: each appended byte records the offset
 * it came from in the parent buffer. */
typedef struct {
    char     *text;
    uint32_t *map;
    uint32_t  len, cap;
    uint32_t  end_off;  // parent offset of the end position (after the last byte)
} SrcBuilder;

void     sb_src_add(SrcBuilder *b, const char *s, uint32_t n, uint32_t parent_off);  // contiguous
void     sb_src_byte(SrcBuilder *b, char c, uint32_t parent_off);
/* Add the builder as a derived buffer of parent (takes its memory). */
uint32_t sb_src_finish(SrcBuilder *b, SourceSet *s, uint32_t parent);

#endif
