/* Helpers shared by the scalar kernels: output strings in the call's heap, query
 * errors, UTF-8 character counting (see fn_util.h). */
#include "fn_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fn_error(FnCtx *cx, const char *fmt, ...) {
    if (cx->err) return;
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cx->err = strdup(buf);
}

char *fn_alloc(FnCtx *cx, size_t len) {
    char *p = arena_try_alloc(cx->heap, len ? len : 1);
    if (!p) fn_error(cx, "out of memory");
    return p;
}

void fn_put_str(FnCtx *cx, Vec *out, uint32_t i, const char *s, size_t len) {
    char *p = fn_alloc(cx, len);
    if (!p) { vec_set_null(out, i); return; }
    if (len) memcpy(p, s, len);
    FN_OUT(out, Str)[i] = (Str){(uint32_t)len, p};
}

int64_t fn_utf8_count(Str s) {
    int64_t n = 0;
    for (uint32_t i = 0; i < s.len; n++) i += (uint32_t)fn_utf8_len((unsigned char)s.ptr[i]);
    return n;
}

uint32_t fn_utf8_offset(Str s, int64_t k) {
    uint32_t i = 0;
    for (; i < s.len && k > 0; k--) i += (uint32_t)fn_utf8_len((unsigned char)s.ptr[i]);
    return i < s.len ? i : s.len;
}
